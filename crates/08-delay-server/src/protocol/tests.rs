//! The core on its own: bytes in, responses and deadlines out, with no socket and no clock
//! but the one the test moves.

use std::time::Duration;

use super::{Env, Expiry, Phase, Session};
use crate::config::{Config, LINGER_BYTES};
use crate::protocol::Cause;

const MS: Duration = Duration::from_millis(1);

/// A session and its environment, with the output the "kernel" has not taken yet.
struct Test {
    env: Env,
    session: Session,
    out: Vec<u8>,
}

impl Test {
    fn new() -> Test {
        Test::with(Config::default())
    }

    fn with(config: Config) -> Test {
        let env = Env::new(config);
        let session = Session::new(1, env.now);
        Test {
            env,
            session,
            out: Vec::new(),
        }
    }

    fn receive(&mut self, bytes: &str) -> Result<(), Cause> {
        self.session
            .receive(&mut self.env, &mut self.out, bytes.as_bytes())
    }

    fn later(&mut self, by: Duration) {
        self.env.now += by;
    }

    /// Formats what is due, "sends" all of it, and returns it as text.
    fn flush(&mut self) -> String {
        self.session.take_due(&mut self.env, &mut self.out);
        let text = String::from_utf8(std::mem::take(&mut self.out)).unwrap();
        self.session.sent(self.env.now, text.len());
        text
    }

    /// The bodies in `text`, in order.
    fn bodies(text: &str) -> Vec<&str> {
        text.split("HTTP/1.1 ")
            .skip(1)
            .map(|response| response.split("\r\n\r\n").nth(1).unwrap_or(""))
            .collect()
    }
}

fn get(delay: u64, message: &str) -> String {
    format!("GET /{delay}/{message} HTTP/1.1\r\nHost: x\r\n\r\n")
}

#[test]
fn a_request_without_delay_is_answered_at_once_and_counted() {
    let mut t = Test::new();
    t.receive(&get(0, "hello")).unwrap();
    let out = t.flush();
    assert!(out.starts_with("HTTP/1.1 200 OK\r\n"), "{out}");
    assert_eq!(Test::bodies(&out), ["hello"]);
    assert!(t.session.answered() && t.session.is_idle());
    assert_eq!((t.env.stats.requests, t.env.stats.responses), (1, 1));
}

#[test]
fn one_waiting_request_takes_room_for_one_and_a_second_grows_it() {
    // Ten thousand connections each waiting for one answer: 24 bytes each, not 96.
    let mut t = Test::new();
    t.receive(&get(10, "a")).unwrap();
    assert_eq!(t.session.queue.capacity(), 1);
    t.receive(&get(10, "b")).unwrap();
    assert!(t.session.queue.capacity() >= 2);
    t.later(10 * MS);
    assert_eq!(Test::bodies(&t.flush()), ["a", "b"]);
}

#[test]
fn pipelined_requests_are_answered_in_order_each_after_its_delay() {
    let mut t = Test::new();
    t.receive(&(get(30, "a") + &get(0, "b") + &get(10, "c")))
        .unwrap();
    assert_eq!(t.flush(), "", "b waits behind a");
    let start = t.env.now;
    assert_eq!(t.session.next_due(), Some(start + 30 * MS));
    t.later(30 * MS);
    // c was due at start + 10 ms, but waited behind a: all three go out together.
    assert_eq!(Test::bodies(&t.flush()), ["a", "b", "c"]);
    assert!(t.session.answered());
}

#[test]
fn a_request_cut_by_the_network_is_kept_until_it_is_whole() {
    let mut t = Test::new();
    let request = get(0, "split");
    let (head, tail) = request.split_at(10);
    t.receive(head).unwrap();
    assert_eq!(t.flush(), "");
    assert!(!t.session.is_idle(), "a head is under way");
    let header = t.session.header_deadline(&t.env.config);
    assert_eq!(header, Some(t.env.now + t.env.config.header_timeout));
    t.later(MS);
    t.receive(tail).unwrap();
    assert_eq!(Test::bodies(&t.flush()), ["split"]);
    assert_eq!(t.session.header_deadline(&t.env.config), None);
}

#[test]
fn held_bytes_are_parsed_with_the_next_ones() {
    let mut t = Test::new();
    let request = get(0, "held");
    let (head, tail) = request.split_at(5);
    assert!(t.session.hold(t.env.now, head.as_bytes()));
    assert_eq!(t.flush(), "");
    t.receive(tail).unwrap();
    assert_eq!(Test::bodies(&t.flush()), ["held"]);
    let big = vec![b'x'; nonblocking::http::MAX_HEAD_BYTES + 1];
    assert!(
        !t.session.hold(t.env.now, &big),
        "more than a head is never held"
    );
}

#[test]
fn connection_close_answers_then_lingers_only_if_needed() {
    let mut t = Test::new();
    let close = "GET /0/bye HTTP/1.1\r\nConnection: close\r\n\r\n";
    t.receive(&(close.to_string() + &get(0, "ignored")))
        .unwrap();
    assert_eq!(t.session.phase(), Phase::Closing { linger: false });
    assert!(!t.session.reading(), "nothing after it is read");
    assert_eq!(Test::bodies(&t.flush()), ["bye"]);
    assert_eq!(t.env.stats.requests, 1);
    t.session.start_linger(&t.env);
    assert!(t.session.lingering() && t.session.may_close_now());
    t.receive("more").unwrap();
    assert!(
        !t.session.may_close_now(),
        "the client sent more: wait for its end"
    );
    assert!(matches!(
        t.session.end_of_file(&mut t.env, &mut t.out),
        Err(Cause::BothClosed)
    ));
}

#[test]
fn lingering_gives_up_on_a_client_that_sends_too_much_or_too_long() {
    let mut t = Test::new();
    t.receive("BAD\r\n\r\n").unwrap();
    assert!(t.flush().starts_with("HTTP/1.1 400"));
    t.session.start_linger(&t.env);
    assert!(
        !t.session.may_close_now(),
        "after an error the client may still be sending"
    );
    let chunk = "x".repeat(LINGER_BYTES / 2 + 1);
    t.receive(&chunk).unwrap();
    assert!(matches!(t.receive(&chunk), Err(Cause::LingerOver)));
    let until = t.env.now + t.env.config.linger;
    assert_eq!(
        t.session.deadline(&t.env.config),
        Some((until, Expiry::Linger))
    );
    t.env.now = until;
    assert!(matches!(
        t.session.expire(&mut t.env),
        Err(Cause::LingerOver)
    ));
}

#[test]
fn a_bad_request_is_answered_after_the_good_ones_before_it() {
    let mut t = Test::new();
    t.receive(&(get(20, "first") + "NOT HTTP\r\n\r\n" + &get(0, "never")))
        .unwrap();
    assert_eq!(t.session.phase(), Phase::Closing { linger: true });
    t.later(20 * MS);
    let out = t.flush();
    assert_eq!(Test::bodies(&out)[0], "first");
    assert!(out.contains("HTTP/1.1 400"), "{out}");
    assert!(!out.contains("never"));
    assert_eq!((t.env.stats.requests, t.env.stats.errors), (1, 1));
}

#[test]
fn a_slow_head_is_answered_408_when_its_deadline_passes() {
    let mut t = Test::new();
    t.receive("GET /0/slo").unwrap();
    let (at, expiry) = t.session.deadline(&t.env.config).unwrap();
    assert_eq!(
        (at, expiry),
        (t.env.now + t.env.config.header_timeout, Expiry::Header)
    );
    t.env.now = at - MS;
    t.session.expire(&mut t.env).unwrap();
    assert_eq!(t.flush(), "", "not yet");
    t.env.now = at;
    t.session.expire(&mut t.env).unwrap();
    assert!(t.flush().starts_with("HTTP/1.1 408"));
    assert_eq!(t.session.phase(), Phase::Closing { linger: true });
}

#[test]
fn an_idle_connection_and_a_stalled_one_expire() {
    let mut t = Test::new();
    let idle = t.env.now + t.env.config.idle_timeout;
    assert_eq!(
        t.session.deadline(&t.env.config),
        Some((idle, Expiry::Idle))
    );
    t.env.now = idle;
    assert!(matches!(t.session.expire(&mut t.env), Err(Cause::Idle)));

    let mut t = Test::new();
    t.receive(&get(0, "unread")).unwrap();
    t.session.take_due(&mut t.env, &mut t.out);
    t.session.sent(t.env.now, 3); // the kernel took 3 bytes of it, then no more
    assert!(!t.session.answered());
    let stalled = t.env.now + t.env.config.idle_timeout;
    assert_eq!(
        t.session.deadline(&t.env.config),
        Some((stalled, Expiry::Stalled))
    );
    t.env.now = stalled;
    assert!(matches!(t.session.expire(&mut t.env), Err(Cause::Stalled)));
}

#[test]
fn end_of_file_after_whole_requests_closes_after_the_answers() {
    let mut t = Test::new();
    t.receive(&get(5, "last")).unwrap();
    t.session.end_of_file(&mut t.env, &mut t.out).unwrap();
    assert_eq!(t.session.phase(), Phase::ReadClosed);
    assert!(!t.session.reading());
    t.later(5 * MS);
    assert_eq!(Test::bodies(&t.flush()), ["last"]);
    assert!(t.session.answered());
}

#[test]
fn end_of_file_in_mid_request_is_a_400() {
    let mut t = Test::new();
    t.receive("GET /0/x HT").unwrap();
    t.session.end_of_file(&mut t.env, &mut t.out).unwrap();
    assert!(t.flush().starts_with("HTTP/1.1 400"));
    assert_eq!(t.session.phase(), Phase::Closing { linger: true });
}

#[test]
fn too_much_waiting_pauses_reading_and_draining_resumes_it() {
    let config = Config {
        max_queued: 4,
        ..Config::default()
    };
    let mut t = Test::with(config);
    let requests: String = (0..10).map(|i| get(10, &format!("r{i}"))).collect();
    t.receive(&requests).unwrap();
    assert!(!t.session.reading(), "paused at 4 queued");
    assert_eq!(t.env.stats.requests, 4);
    assert!(!t.session.can_resume(&t.env.config));
    // The end of file behind the kept requests waits for them.
    t.session.end_of_file(&mut t.env, &mut t.out).unwrap();
    assert_eq!(t.session.phase(), Phase::Open);
    t.later(10 * MS);
    assert_eq!(Test::bodies(&t.flush()).len(), 4);
    assert!(t.session.can_resume(&t.env.config));
    t.session.resume(&mut t.env, &mut t.out);
    assert_eq!(t.env.stats.requests, 8, "four more, then paused again");
    t.later(10 * MS);
    t.flush();
    t.session.resume(&mut t.env, &mut t.out);
    t.later(10 * MS);
    assert_eq!(Test::bodies(&t.flush()), ["r8", "r9"]);
    assert_eq!(
        t.session.phase(),
        Phase::ReadClosed,
        "then the end of file is judged"
    );
}

#[test]
fn unsent_bytes_count_against_the_buffer_limit() {
    let config = Config {
        max_buffered: 100,
        ..Config::default()
    };
    let mut t = Test::with(config);
    t.receive(&(get(0, "a").repeat(3))).unwrap();
    assert!(t.session.buffered() > 100, "{}", t.session.buffered());
    assert!(!t.session.reading(), "paused: nothing has been sent");
    let all = t.out.len();
    t.session.sent(t.env.now, all);
    t.out.clear();
    assert!(t.session.can_resume(&t.env.config));
}

#[test]
fn a_queue_that_never_empties_does_not_keep_every_message() {
    let mut t = Test::new();
    let message = "m".repeat(1000);
    t.receive(&get(1, &message)).unwrap();
    for _ in 0..1000 {
        // Always one request waiting behind the one answered.
        t.receive(&get(2, &message)).unwrap();
        t.later(MS);
        assert_eq!(Test::bodies(&t.flush()).len(), 1);
    }
    assert_eq!(t.session.queue.len(), 1);
    let kept = t.session.messages.len();
    assert!(kept <= 3 * message.len(), "{kept} bytes of messages kept");
}
