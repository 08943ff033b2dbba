//! The lesson's program as a reader runs it: the demo, `serve`, bad arguments; and where
//! io_uring cannot run, the one sentence and status 2.

use std::process::Output;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;
#[path = "../../04-epoll/tests/printed/mod.rs"]
mod printed;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod uring;

fn run_lesson(args: &[&str]) -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_io-uring"))
        .args(args)
        .output()
        .expect("run the lesson")
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
#[test]
fn elsewhere_it_says_what_to_run_instead_and_exits_2() {
    let instead = if cfg!(windows) {
        "iocp"
    } else if cfg!(any(target_os = "macos", target_os = "freebsd")) {
        "kqueue"
    } else {
        "epoll"
    };
    printed::assert_one_sentence_and_status_2(&run_lesson(&[]), "needs Linux", instead);
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn the_five_answers_complete_shortest_delay_first_then_finished() {
    let output = run_lesson(&["--step", "50"]);
    if let Some(why) = uring::unavailable() {
        // What a reader without io_uring sees instead (qemu-user: this very branch).
        printed::assert_one_sentence_and_status_2(
            &output,
            "io_uring is not available here",
            "epoll",
        );
        let test = "the_five_answers_complete_shortest_delay_first_then_finished";
        uring::say_skipped(
            test,
            &format!("{why}; checked the one sentence and status 2"),
        );
        return;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("the kernel took 10 entries"), "{stdout}");
    let positions = printed::answer_positions(&stdout, "body ");
    assert!(
        positions.is_sorted(),
        "request-4 first, request-0 last: {stdout}"
    );
    assert_eq!(stdout.matches("SEND done").count(), 5, "{stdout}");
    assert_eq!(stdout.matches("RECV done, 0 bytes").count(), 5, "{stdout}");
    let finished = stdout.find("FINISHED").expect("a FINISHED line");
    assert!(finished > positions[4], "{stdout}");
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn serve_says_where_it_listens_and_what_it_runs_on() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    if !uring::or_skip("serve_says_where_it_listens_and_what_it_runs_on") {
        return;
    }
    let mut child = common::lesson_command(env!("CARGO_BIN_EXE_io-uring"))
        .args(["serve", "127.0.0.1:0", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let second = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let addr = first.strip_prefix("listening on ").expect(&first);
    assert!(addr.parse::<std::net::SocketAddrV4>().is_ok(), "{first}");
    assert!(
        second.starts_with("One thread, io_uring: a ring of "),
        "{second}"
    );
    assert!(second.contains("receive buffers of"), "{second}");
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn bad_arguments_get_a_clear_error_and_status_2() {
    // The command line is checked before io_uring is, so this runs everywhere.
    for (args, says) in [
        (&["--step", "soon"][..], "expected a whole number"),
        (&["serve", "not-an-address"], "is not an address"),
        (&["serve", "--header-timeout", "0"], "from 1 to"),
        (&["bogus"], "is not an address"),
        (&["--bogus"], "unexpected argument `--bogus`"),
    ] {
        let output = run_lesson(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(stderr.contains("usage: io-uring"), "{stderr}");
    }
    let help = run_lesson(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("io-uring serve [ADDR]"));
}
