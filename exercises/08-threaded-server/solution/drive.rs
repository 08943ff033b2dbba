//! Worked solution: lesson 08's protocol core, driven by one blocking thread per connection.
//!
//! The core is the same object lesson 08 drives with readiness events and lesson 10 with
//! completions; only the loop around it changes. A blocking thread has exactly two ways to
//! wait, and both are used:
//!
//! - **for bytes**: `read`, which sleeps until the client sends, closes, or the read timeout
//!   passes. The timeout is what replaces lesson 08's timer heap: each connection has its own
//!   thread, so it needs only its own next deadline, which the session computes;
//! - **for the kernel to take our bytes**: `write_all`, which sleeps while the send buffer is
//!   full. That is also the weakness of this model: a client that stops reading holds its
//!   thread in `write_all` (lesson 03's sockets have no write timeout), where lesson 08's
//!   event loop would notice the stalled deadline.
//!
//! Everything else, the parsing, the order of pipelined answers, the delays, 408 for a slow
//! head, `Connection: close`, the linger before closing, is the core's, unchanged.

use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::time::Instant;

use delay_server::config::Config;
use delay_server::protocol::{Cause, Env, Phase, Session};
use nonblocking::TcpStream;

/// How much one `read` takes at most: lesson 08's size, so that a head too large is judged
/// as there.
const READ_SIZE: usize = 64 * 1024;

/// When `session` next needs attention if nothing arrives: the earlier of the front request's
/// due time and the connection's deadline; `None` if neither exists.
pub fn next_wake(session: &Session, config: &Config) -> Option<Instant> {
    // Two clocks: the answer at the front of the queue (its delay), and the connection's own
    // deadline (header, idle, stalled, linger). The earlier one decides how long to sleep.
    let due = session.next_due();
    let deadline = session.deadline(config).map(|(at, _expiry)| at);
    due.into_iter().chain(deadline).min()
}

/// Serves one connection until it closes, on the calling thread: reads with a timeout that
/// ends at `next_wake`, feeds the session, writes what it has due, and closes as its phase says.
pub fn serve_connection(stream: TcpStream, id: u64, config: Config) {
    // Each thread has its own `Env`: the limits, the clock of this turn, the counters. (Lesson
    // 08 shares one between all its connections, which live on one thread.)
    let mut env = Env::new(config);
    let mut session = Session::new(id, Instant::now());
    // The reason it ended (`Cause`) would go to a log; dropping `stream` closes the socket.
    let _why = drive(&stream, &mut env, &mut session);
}

/// The loop of one connection; returns why it closed.
fn drive(stream: &TcpStream, env: &mut Env, session: &mut Session) -> Cause {
    let mut out = Vec::new();
    let mut buffer = vec![0u8; READ_SIZE];
    loop {
        // Step 1: the clock, read once per turn, as the core expects.
        env.now = Instant::now();
        // Step 2: every answer that is due, front first, in one write. `write_all` blocks
        // until the kernel has taken all of it; then the core may forget it (`sent`).
        session.take_due(env, &mut out);
        if !out.is_empty() {
            if let Err(error) = (&*stream).write_all(&out) {
                return Cause::Failed(error);
            }
            session.sent(Instant::now(), out.len());
            out.clear();
        }
        // Step 3: a connection paused for backpressure reads again once it has drained (here
        // at once: `write_all` has just taken everything).
        if session.can_resume(&env.config) {
            session.resume(env, &mut out);
            continue; // the requests it kept may have answers due now
        }
        // Step 4: everything asked for is answered: end as the phase says.
        if session.answered() {
            match session.phase() {
                // `Connection: close`, or an error: shut down our side (the client reads end of
                // file after the last answer), then linger, reading and discarding what it
                // still sends until it closes too, so that closing does not reset the
                // connection under our last response.
                Phase::Closing { .. } => {
                    if let Err(error) = stream.shutdown(Shutdown::Write) {
                        return Cause::Failed(error);
                    }
                    session.start_linger(env);
                }
                // The client closed its side and has every answer.
                Phase::ReadClosed => return Cause::ClientClosed,
                Phase::Open | Phase::Lingering { .. } => {}
            }
        }
        // Step 5: when to wake up if the client sends nothing. Already past: act now.
        let wake = next_wake(session, &env.config);
        let now = Instant::now();
        if wake.is_some_and(|at| at <= now) {
            env.now = now;
            if let Err(cause) = session.expire(env) {
                return cause;
            }
            continue; // an answer due, or a 408 queued: send it (step 2)
        }
        // Step 6: wait. If the session wants bytes (or is lingering), in `read`, for at most the
        // time until `wake`; otherwise (a closing connection with answers still delayed) just
        // sleep until then: nothing the client sends matters now.
        let wants_bytes = session.reading() || session.lingering();
        if !wants_bytes {
            match wake {
                Some(at) => std::thread::sleep(at - now),
                None => return Cause::Answered, // nothing will ever be due: nothing left to do
            }
            continue;
        }
        // `None`: no deadline at all, so block until the client does something. A timeout
        // is never zero here (`wake` is in the future), which the socket would refuse.
        if let Err(error) = stream.set_read_timeout(wake.map(|at| at - now)) {
            return Cause::Failed(error);
        }
        let result = match (&*stream).read(&mut buffer) {
            // Step 7: end of file: the core decides (answer what is left, or a 400 for half a
            // request; while lingering it means both sides are closed).
            Ok(0) => {
                env.now = Instant::now();
                session.end_of_file(env, &mut out)
            }
            // Step 8: bytes: every whole request among them is parsed and answered or queued;
            // answers due at once are already in `out`, for step 2.
            Ok(received) => {
                env.now = Instant::now();
                session.receive(env, &mut out, &buffer[..received])
            }
            // Step 9: the read timeout passed (`WouldBlock` on Unix, `TimedOut` on Windows):
            // the wake-up time has come; loop round, where step 5 acts on it.
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Ok(())
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(error) => Err(Cause::Failed(error)),
        };
        if let Err(cause) = result {
            return cause;
        }
    }
}
