//! Unix: the descriptor flags the kernel really holds, read back with our own `fcntl`.
#![cfg(unix)]

use std::ffi::c_int;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd};

use nonblocking::{TcpListener, TcpStream};

unsafe extern "C" {
    /// `int fcntl(int fd, int cmd, ...);`
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
}

const F_GETFD: c_int = 1;
const F_GETFL: c_int = 3;
const FD_CLOEXEC: c_int = 1;
#[cfg(target_os = "linux")]
const O_NONBLOCK: c_int = 0o4000;
#[cfg(not(target_os = "linux"))]
const O_NONBLOCK: c_int = 4;

/// `fcntl(fd, cmd)` for a command that takes no argument, failing the test on error.
fn fcntl_get(fd: BorrowedFd<'_>, cmd: c_int) -> c_int {
    // SAFETY: F_GETFD and F_GETFL take no argument and only read the flags of `fd`, which is
    // open for the call (borrowed).
    let flags = unsafe { fcntl(fd.as_raw_fd(), cmd) };
    assert!(
        flags >= 0,
        "fcntl({}, {cmd}): {}",
        fd.as_raw_fd(),
        std::io::Error::last_os_error()
    );
    flags
}

fn is_cloexec(fd: &impl AsFd) -> bool {
    fcntl_get(fd.as_fd(), F_GETFD) & FD_CLOEXEC != 0
}

fn is_nonblocking(fd: &impl AsFd) -> bool {
    fcntl_get(fd.as_fd(), F_GETFL) & O_NONBLOCK != 0
}

fn any_port() -> SocketAddrV4 {
    SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)
}

#[test]
fn every_socket_is_close_on_exec() {
    let listener = TcpListener::bind(any_port()).unwrap();
    let addr = listener.local_addr().unwrap();
    let client = TcpStream::connect(addr).unwrap();
    let in_background = TcpStream::connect_nonblocking(addr).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    assert!(is_cloexec(&listener), "listener");
    assert!(is_cloexec(&client), "connected stream");
    assert!(is_cloexec(&in_background), "non-blocking stream");
    assert!(is_cloexec(&accepted), "accepted stream");
}

#[test]
fn set_nonblocking_turns_o_nonblocking_on_and_off() {
    let listener = TcpListener::bind(any_port()).unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    assert!(!is_nonblocking(&client));
    client.set_nonblocking(true).unwrap();
    assert!(is_nonblocking(&client));
    client.set_nonblocking(false).unwrap();
    assert!(!is_nonblocking(&client));

    // An accepted stream is blocking even when the listener is not (macOS and FreeBSD's
    // plain `accept` would copy the listener's mode).
    listener.set_nonblocking(true).unwrap();
    assert!(is_nonblocking(&listener));
    let (accepted, _) = listener.accept().unwrap();
    assert!(!is_nonblocking(&accepted));
    assert!(is_nonblocking(
        &TcpStream::connect_nonblocking(listener.local_addr().unwrap()).unwrap()
    ));
}

// Close-on-exec, seen from a child program: `sh` can test whether a descriptor number is
// open in it (Linux's /proc/self/fd lists the open ones).
#[cfg(target_os = "linux")]
#[test]
fn a_child_program_does_not_inherit_the_sockets() {
    use std::os::fd::OwnedFd;

    fn open_in_child(fd: c_int) -> bool {
        std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(format!("test -e /proc/self/fd/{fd}"))
            .status()
            .expect("run /bin/sh")
            .success()
    }
    const F_DUPFD: c_int = 0;
    let listener = TcpListener::bind(any_port()).unwrap();
    assert!(!open_in_child(listener.as_raw_fd()));

    // The check can fail: a duplicate without close-on-exec (F_DUPFD clears it) is inherited.
    // SAFETY: F_DUPFD reads an int (the lowest number to use) and makes a new descriptor.
    let duplicate = unsafe { fcntl(listener.as_raw_fd(), F_DUPFD, 100) };
    assert!(duplicate >= 100, "{}", std::io::Error::last_os_error());
    // SAFETY: `duplicate` is a new descriptor that nothing else owns; OwnedFd closes it.
    let duplicate = unsafe { OwnedFd::from_raw_fd(duplicate) };
    assert!(open_in_child(duplicate.as_raw_fd()));
}

#[test]
fn raw_descriptors_move_in_and_out() {
    let listener = TcpListener::bind(any_port()).unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, _) = listener.accept().unwrap();

    // Out as a plain number (nothing closes it), then owned again.
    let fd = client.into_raw_fd();
    // SAFETY: `fd` came from `into_raw_fd` just above: open, and closed by nothing meanwhile.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    assert!(is_cloexec(&borrowed), "still open");
    // SAFETY: `fd` came from `into_raw_fd`, so it is open and owned by nobody.
    let client = unsafe { TcpStream::from_raw_fd(fd) };
    (&client).write_all(b"raw").unwrap();

    // Borrowed by std: a duplicate as a std stream reads the same connection.
    let mut std_stream = std::net::TcpStream::from(accepted.as_fd().try_clone_to_owned().unwrap());
    let mut buffer = [0u8; 3];
    std_stream.read_exact(&mut buffer).unwrap();
    assert_eq!(&buffer, b"raw");
}
