//! The BSDs' `struct sockaddr_in`, the same on macOS and FreeBSD: it starts with a length
//! byte, and its family is one byte. Included by `macos.rs` and `freebsd.rs`.

use core::mem::{offset_of, size_of};
use std::net::SocketAddrV4;

use super::super::c::{AF_INET, in_addr};

/// `struct sockaddr_in` from `<netinet/in.h>`: an IPv4 address and port.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
pub struct sockaddr_in {
    /// The structure's own length, 16 (a BSD habit).
    pub sin_len: u8,
    /// `AF_INET` (`sa_family_t` is one byte on the BSDs).
    pub sin_family: u8,
    /// The port, big-endian.
    pub sin_port: u16,
    /// The address, big-endian.
    pub sin_addr: in_addr,
    /// Padding to the size of the generic `struct sockaddr`, zero.
    pub sin_zero: [u8; 8],
}
const _: () = assert!(size_of::<sockaddr_in>() == 16);
const _: () = assert!(offset_of!(sockaddr_in, sin_len) == 0);
const _: () = assert!(offset_of!(sockaddr_in, sin_family) == 1);
const _: () = assert!(offset_of!(sockaddr_in, sin_port) == 2);
const _: () = assert!(offset_of!(sockaddr_in, sin_addr) == 4);
const _: () = assert!(offset_of!(sockaddr_in, sin_zero) == 8);

impl From<SocketAddrV4> for sockaddr_in {
    /// The `sockaddr_in` for `addr`, port and address big-endian.
    fn from(addr: SocketAddrV4) -> sockaddr_in {
        sockaddr_in {
            sin_len: size_of::<sockaddr_in>() as u8,
            sin_family: AF_INET as u8,
            sin_port: addr.port().to_be(),
            sin_addr: in_addr::from(*addr.ip()),
            sin_zero: [0; 8],
        }
    }
}
