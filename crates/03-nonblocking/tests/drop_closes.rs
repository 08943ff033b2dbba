//! Dropping a socket closes it: the descriptor (handle) number is invalid afterwards.
//!
//! Alone in its test binary on purpose: with other tests running on other threads, one of
//! them could open a new socket that reuses the number between the drop and the check.

use std::net::{Ipv4Addr, SocketAddrV4};

use nonblocking::{TcpListener, TcpStream};

#[cfg(unix)]
mod os {
    use std::ffi::c_int;
    use std::os::fd::AsRawFd;

    /// What the tests hold on to: the descriptor number.
    pub type Raw = c_int;

    unsafe extern "C" {
        /// `int fcntl(int fd, int cmd, ...);`
        fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    }
    const F_GETFD: c_int = 1;
    /// `EBADF`, 9 on Linux, macOS and FreeBSD.
    const EBADF: i32 = 9;

    pub fn raw(socket: &impl AsRawFd) -> Raw {
        socket.as_raw_fd()
    }

    /// Whether `fd` is open: `fcntl(F_GETFD)` fails with `EBADF` on a closed descriptor.
    pub fn is_open(fd: Raw) -> bool {
        // SAFETY: F_GETFD takes no argument and only reads the descriptor's flags; any
        // number is safe to ask about.
        if unsafe { fcntl(fd, F_GETFD) } >= 0 {
            return true;
        }
        let error = std::io::Error::last_os_error();
        assert_eq!(error.raw_os_error(), Some(EBADF), "{error}");
        false
    }
}

#[cfg(windows)]
mod os {
    use std::os::windows::io::AsRawSocket;

    /// What the tests hold on to: the socket handle.
    pub type Raw = usize;

    #[link(name = "ws2_32")]
    unsafe extern "system" {
        /// `int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen);`
        fn getsockopt(s: usize, level: i32, name: i32, value: *mut u8, len: *mut i32) -> i32;
        /// `int WSAGetLastError(void);`
        fn WSAGetLastError() -> i32;
    }
    const SOL_SOCKET: i32 = 0xffff;
    /// `SO_TYPE`: the socket's type, readable on any socket.
    const SO_TYPE: i32 = 0x1008;
    /// `WSAENOTSOCK`: "an operation was attempted on something that is not a socket".
    const WSAENOTSOCK: i32 = 10038;

    pub fn raw(socket: &impl AsRawSocket) -> Raw {
        socket.as_raw_socket() as Raw
    }

    /// Whether `socket` is open: asking a closed one for its type fails with `WSAENOTSOCK`.
    pub fn is_open(socket: Raw) -> bool {
        let mut value = 0i32;
        let mut len = 4i32;
        // SAFETY: getsockopt writes at most `len` (4) bytes into `value` and the length into
        // `len`, both live locals; any handle value is safe to ask about.
        let result = unsafe {
            getsockopt(
                socket,
                SOL_SOCKET,
                SO_TYPE,
                (&raw mut value).cast(),
                &raw mut len,
            )
        };
        if result == 0 {
            return true;
        }
        // SAFETY: WSAGetLastError takes nothing and reads this thread's last error.
        assert_eq!(unsafe { WSAGetLastError() }, WSAENOTSOCK);
        false
    }
}

#[test]
fn dropping_a_socket_closes_it() {
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    let numbers = [os::raw(&listener), os::raw(&client), os::raw(&accepted)];
    for number in numbers {
        assert!(os::is_open(number), "{number} is open before the drop");
    }
    drop((listener, client, accepted));
    for number in numbers {
        assert!(
            !os::is_open(number),
            "{number} is still open after the drop"
        );
    }
}
