//! Unix: writing to a closed connection is an error, not a `SIGPIPE`.
//!
//! Rust programs (test binaries too) start with `SIGPIPE` ignored, which would hide a missing
//! `MSG_NOSIGNAL` / `SO_NOSIGPIPE`. This test puts back the default action, which kills the
//! process, so it runs alone in its own test binary.
#![cfg(unix)]

use std::ffi::c_int;
use std::io::{ErrorKind, Write};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::time::{Duration, Instant};

use nonblocking::{TcpListener, TcpStream};

unsafe extern "C" {
    /// `sighandler_t signal(int signum, sighandler_t handler);` (a handler is pointer-sized)
    fn signal(signum: c_int, handler: usize) -> usize;
}
/// `SIGPIPE` is 13 on Linux, macOS and FreeBSD.
const SIGPIPE: c_int = 13;
/// `SIG_DFL`: the default action, 0.
const SIG_DFL: usize = 0;

#[test]
fn a_write_to_a_closed_connection_returns_broken_pipe_with_sigpipe_at_its_default() {
    // SAFETY: `signal` only changes this process's action for SIGPIPE, to the default; no
    // handler code of ours is involved.
    unsafe { signal(SIGPIPE, SIG_DFL) };
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    drop(listener.accept().unwrap());

    // Write until the kernel knows the peer is gone; with a SIGPIPE the process would die here.
    let deadline = Instant::now() + Duration::from_secs(5);
    let error = loop {
        match (&client).write(b"x") {
            Ok(_) => std::thread::sleep(Duration::from_millis(1)),
            Err(error) => break error,
        }
        assert!(Instant::now() < deadline, "writes kept succeeding");
    };
    assert!(
        matches!(
            error.kind(),
            ErrorKind::BrokenPipe | ErrorKind::ConnectionReset
        ),
        "{error}"
    );
}
