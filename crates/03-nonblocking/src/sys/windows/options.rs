//! Socket options and modes: `setsockopt`, `getsockopt` and `ioctlsocket(FIONBIO)`.

use std::io;
use std::os::windows::io::OwnedSocket;
use std::time::Duration;

use super::ws2_32::{self, FIONBIO, SO_ERROR, SO_RCVTIMEO, SOL_SOCKET, check, raw};

/// Nothing to do before `bind` here. Windows' `SO_REUSEADDR` is not Unix's: it would let this
/// socket bind a port another program is actively listening on. Windows has no `TIME_WAIT`
/// problem for listeners to begin with.
pub fn prepare_listener(_: &OwnedSocket) -> io::Result<()> {
    Ok(())
}

/// `ioctlsocket(FIONBIO)`: non-blocking mode on or off.
pub fn set_nonblocking(socket: &OwnedSocket, nonblocking: bool) -> io::Result<()> {
    let mut on = u32::from(nonblocking);
    // SAFETY: `FIONBIO` reads one `u_long` through the pointer, which points to `on`, a live
    // local. The socket is open: `socket` owns it.
    check(unsafe { ws2_32::ioctlsocket(raw(socket), FIONBIO, &raw mut on) })
}

/// `SO_RCVTIMEO`, which on Windows is a `DWORD` of milliseconds (0 = forever).
pub fn set_read_timeout(socket: &OwnedSocket, timeout: Option<Duration>) -> io::Result<()> {
    let millis: u32 = match timeout {
        None => 0,
        // Round up, so that a non-zero timeout never becomes 0 ("forever").
        Some(timeout) => {
            let millis = timeout.as_nanos().div_ceil(1_000_000);
            u32::try_from(millis).unwrap_or(u32::MAX).max(1)
        }
    };
    // SAFETY: `setsockopt` reads `size_of::<u32>()` bytes from `millis`, a live local.
    check(unsafe {
        ws2_32::setsockopt(
            raw(socket),
            SOL_SOCKET,
            SO_RCVTIMEO,
            (&raw const millis).cast(),
            size_of::<u32>() as i32,
        )
    })
}

/// `getsockopt(SO_ERROR)`: the pending error, which reading also clears.
pub fn take_error(socket: &OwnedSocket) -> io::Result<Option<io::Error>> {
    let mut value: i32 = 0;
    let mut len = size_of::<i32>() as i32;
    // SAFETY: `getsockopt` writes at most `len` bytes (one `int`) into `value`, a live local,
    // and the length it wrote into `len`, another.
    check(unsafe {
        ws2_32::getsockopt(
            raw(socket),
            SOL_SOCKET,
            SO_ERROR,
            (&raw mut value).cast(),
            &raw mut len,
        )
    })?;
    Ok((value != 0).then(|| io::Error::from_raw_os_error(value)))
}
