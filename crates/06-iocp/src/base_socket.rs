//! The socket the AFD driver knows: the caller's socket, unless a layered service provider
//! wraps it.
//!
//! A layered service provider (LSP: an old firewall, proxy or parental-control hook) sits
//! between Winsock and the real provider, and may hand the program a socket of its own that
//! wraps the real one. AFD polls must name the real ("base") socket. `SIO_BASE_HANDLE` asks for
//! it, and providers are told never to intercept that ioctl; at least one (Komodia's redirector)
//! makes it fail anyway. mio then asks the three `SIO_BSP_HANDLE...` ioctls in turn, and so do
//! we, in mio's order (`src/sys/windows/selector.rs`, `get_base_socket`).

use std::io;
use std::mem::size_of;

use crate::sys::SOCKET;
use crate::sys::ws2_32::{
    SIO_BASE_HANDLE, SIO_BSP_HANDLE, SIO_BSP_HANDLE_POLL, SIO_BSP_HANDLE_SELECT, SOCKET_ERROR,
    WSAIoctl,
};

/// What to ask when `SIO_BASE_HANDLE` fails, in this order.
const FALLBACKS: [u32; 3] = [SIO_BSP_HANDLE_SELECT, SIO_BSP_HANDLE_POLL, SIO_BSP_HANDLE];

/// The base socket of `socket`: `SIO_BASE_HANDLE`'s answer, or the first fallback's answer
/// that is a *different* socket. A provider that breaks `SIO_BASE_HANDLE` is known to answer
/// `SIO_BSP_HANDLE_SELECT` with its own socket, which AFD cannot poll. If nothing works, the
/// error is `SIO_BASE_HANDLE`'s (for a closed socket or a non-socket, `WSAENOTSOCK`).
pub(crate) fn base_socket(socket: SOCKET) -> io::Result<SOCKET> {
    base_socket_by(socket, |code| ioctl(socket, code))
}

/// [`base_socket`]'s rule, with `ask` making the ioctl: separate so that a test can play a
/// layered provider.
fn base_socket_by(socket: SOCKET, ask: impl Fn(u32) -> io::Result<SOCKET>) -> io::Result<SOCKET> {
    let error = match ask(SIO_BASE_HANDLE) {
        Ok(base) => return Ok(base),
        Err(error) => error,
    };
    FALLBACKS
        .into_iter()
        .filter_map(|code| ask(code).ok())
        .find(|&base| base != socket)
        .ok_or(error)
}

/// One `WSAIoctl` that answers with a socket.
fn ioctl(socket: SOCKET, code: u32) -> io::Result<SOCKET> {
    let mut base: SOCKET = 0;
    let mut returned = 0u32;
    // SAFETY: each of these ioctls writes one SOCKET into `base` (a live local of that size)
    // and the byte count into `returned`; no overlapped request, so nothing happens after the
    // call returns. A bad `socket` makes the call fail; it is only a number here.
    let result = unsafe {
        WSAIoctl(
            socket,
            code,
            std::ptr::null_mut(),
            0,
            (&raw mut base).cast(),
            size_of::<SOCKET>() as u32,
            &raw mut returned,
            std::ptr::null_mut(),
            None,
        )
    };
    if result == SOCKET_ERROR {
        Err(crate::last_wsa_error())
    } else {
        Ok(base)
    }
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::os::windows::io::AsRawSocket;

    use super::*;

    /// `WSAENOTSOCK`: "not a socket".
    const WSAENOTSOCK: i32 = 10038;

    #[test]
    fn a_plain_socket_is_its_own_base() {
        // No layered provider here (Wine has none; a clean Windows neither).
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let socket = listener.as_raw_socket() as SOCKET;
        assert_eq!(ioctl(socket, SIO_BASE_HANDLE).unwrap(), socket);
        assert_eq!(base_socket(socket).unwrap(), socket);
    }

    #[test]
    fn a_non_socket_reports_sio_base_handles_error() {
        // `INVALID_SOCKET` (all ones) never names a socket. (A closed socket's number would
        // do too, but another test may be given the same number meanwhile.)
        let error = base_socket(SOCKET::MAX).unwrap_err();
        assert_eq!(error.raw_os_error(), Some(WSAENOTSOCK), "{error}");
    }

    /// A layered provider as Komodia's behaves: `SIO_BASE_HANDLE` fails, `SELECT` answers
    /// with the provider's own socket, `POLL` with the real one. (A made-up one: there is no
    /// provider to install here, and Wine 8 answers the three `SIO_BSP_HANDLE...` ioctls with
    /// `WSAEOPNOTSUPP`, so only the rule can be tested, not the real calls.)
    fn komodia(code: u32) -> io::Result<SOCKET> {
        match code {
            SIO_BASE_HANDLE => Err(io::Error::from_raw_os_error(WSAENOTSOCK)),
            SIO_BSP_HANDLE_SELECT => Ok(7),
            SIO_BSP_HANDLE_POLL => Ok(42),
            _ => panic!("asked {code:#x} after POLL answered"),
        }
    }

    #[test]
    fn under_a_layered_provider_the_first_different_answer_wins() {
        assert_eq!(base_socket_by(7, komodia).unwrap(), 42);
        // A provider that answers every fallback with itself gives SIO_BASE_HANDLE's error.
        let hides = |code| match code {
            SIO_BASE_HANDLE => Err(io::Error::from_raw_os_error(WSAENOTSOCK)),
            _ => Ok(7),
        };
        assert_eq!(
            base_socket_by(7, hides).unwrap_err().raw_os_error(),
            Some(WSAENOTSOCK)
        );
        // Without a provider, SIO_BASE_HANDLE's answer is taken and nothing else is asked.
        let plain = |code| match code {
            SIO_BASE_HANDLE => Ok(7),
            _ => panic!("asked {code:#x} after SIO_BASE_HANDLE answered"),
        };
        assert_eq!(base_socket_by(7, plain).unwrap(), 7);
    }
}
