//! Addresses, both ways: std's `SocketAddrV4` into Winsock's `SOCKADDR_IN` and back, and the
//! two calls that ask for one.

use core::mem::{offset_of, size_of};
use std::io;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::windows::io::OwnedSocket;

use super::ws2_32::{self, AF_INET, SOCKET, check, raw, sockaddr};

/// `SOCKADDR_IN` from `<ws2def.h>`: like Linux's, no length byte.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
pub struct sockaddr_in {
    /// `AF_INET`, as an `ADDRESS_FAMILY` (`USHORT`).
    pub sin_family: u16,
    /// The port, big-endian.
    pub sin_port: u16,
    /// `IN_ADDR`: the address, big-endian (a union in C; we use its `S_addr` view).
    pub sin_addr: u32,
    /// Zero.
    pub sin_zero: [u8; 8],
}
const _: () = assert!(size_of::<sockaddr_in>() == 16);
const _: () = assert!(offset_of!(sockaddr_in, sin_family) == 0);
const _: () = assert!(offset_of!(sockaddr_in, sin_port) == 2);
const _: () = assert!(offset_of!(sockaddr_in, sin_addr) == 4);
const _: () = assert!(offset_of!(sockaddr_in, sin_zero) == 8);

impl From<SocketAddrV4> for sockaddr_in {
    /// The `SOCKADDR_IN` for `addr`: port and address in network byte order (big-endian).
    fn from(addr: SocketAddrV4) -> sockaddr_in {
        sockaddr_in {
            sin_family: AF_INET as u16,
            sin_port: addr.port().to_be(),
            sin_addr: u32::from(*addr.ip()).to_be(),
            sin_zero: [0; 8],
        }
    }
}

/// A `SOCKADDR_IN` Winsock wrote (`len` bytes of it), as std's address type.
pub fn socket_addr(raw: &sockaddr_in, len: i32) -> io::Result<SocketAddrV4> {
    if i32::from(raw.sin_family) != AF_INET || (len as usize) < size_of::<sockaddr_in>() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "Winsock returned an address that is not IPv4",
        ));
    }
    Ok(SocketAddrV4::new(
        Ipv4Addr::from(u32::from_be(raw.sin_addr)),
        u16::from_be(raw.sin_port),
    ))
}

/// `getsockname`: this end's address.
pub fn local_addr(socket: &OwnedSocket) -> io::Result<SocketAddrV4> {
    address_with(socket, ws2_32::getsockname)
}

/// `getpeername`: the other end's address.
pub fn peer_addr(socket: &OwnedSocket) -> io::Result<SocketAddrV4> {
    address_with(socket, ws2_32::getpeername)
}

fn address_with(
    socket: &OwnedSocket,
    call: unsafe extern "system" fn(SOCKET, *mut sockaddr, *mut i32) -> i32,
) -> io::Result<SocketAddrV4> {
    let mut addr = sockaddr_in::default();
    let mut len = size_of::<sockaddr_in>() as i32;
    // SAFETY: `getsockname` and `getpeername` write at most `len` bytes into `addr`, a live
    // `sockaddr_in` of exactly that size, and the address's real length into `len`.
    check(unsafe { call(raw(socket), (&raw mut addr).cast(), &raw mut len) })?;
    socket_addr(&addr, len)
}
