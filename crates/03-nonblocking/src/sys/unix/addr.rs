//! Addresses, both ways: std's `SocketAddrV4` into the OS's `sockaddr_in` (in the OS file,
//! whose layout differs) and back, and the two calls that ask for one.

use core::ffi::c_int;
use std::io;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::fd::{AsRawFd, OwnedFd};

use ffi_syscall::check_io;

use super::c::{self, AF_INET, sockaddr, socklen_t};
use super::os::sockaddr_in;

/// `getsockname`: this end's address.
pub fn local_addr(socket: &OwnedFd) -> io::Result<SocketAddrV4> {
    address_with(socket, c::getsockname)
}

/// `getpeername`: the other end's address.
pub fn peer_addr(socket: &OwnedFd) -> io::Result<SocketAddrV4> {
    address_with(socket, c::getpeername)
}

fn address_with(
    socket: &OwnedFd,
    call: unsafe extern "C" fn(c_int, *mut sockaddr, *mut socklen_t) -> c_int,
) -> io::Result<SocketAddrV4> {
    let mut raw = sockaddr_in::default();
    let mut len = size_of::<sockaddr_in>() as socklen_t;
    // SAFETY: `getsockname` and `getpeername` write at most `len` bytes into `raw`, a live
    // `sockaddr_in` of exactly that size, and the address's real length into `len`.
    let result = unsafe { call(socket.as_raw_fd(), (&raw mut raw).cast(), &raw mut len) };
    check_io(result)?;
    socket_addr(&raw, len)
}

/// A `sockaddr_in` the kernel wrote (`len` bytes of it), as std's address type.
pub fn socket_addr(raw: &sockaddr_in, len: socklen_t) -> io::Result<SocketAddrV4> {
    if c_int::from(raw.sin_family) != AF_INET || (len as usize) < size_of::<sockaddr_in>() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the kernel returned an address that is not IPv4",
        ));
    }
    Ok(SocketAddrV4::new(
        Ipv4Addr::from(u32::from_be(raw.sin_addr.s_addr)),
        u16::from_be(raw.sin_port),
    ))
}

#[cfg(test)]
mod tests {
    use core::mem::offset_of;

    use super::*;

    #[test]
    fn a_sockaddr_in_holds_port_and_address_big_endian() {
        let raw = sockaddr_in::from(SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 1), 0x1f90));
        // SAFETY: `sockaddr_in` is plain bytes (integers and arrays, no padding: checked by
        // the size assertions), so viewing it as a byte slice of its size is valid.
        let bytes: &[u8] = unsafe {
            core::slice::from_raw_parts((&raw const raw).cast::<u8>(), size_of::<sockaddr_in>())
        };
        let port = offset_of!(sockaddr_in, sin_port);
        let addr = offset_of!(sockaddr_in, sin_addr);
        assert_eq!(&bytes[port..port + 2], &[0x1f, 0x90]);
        assert_eq!(&bytes[addr..addr + 4], &[127, 0, 0, 1]);
        assert_eq!(socket_addr(&raw, 16).unwrap().to_string(), "127.0.0.1:8080");
    }
}
