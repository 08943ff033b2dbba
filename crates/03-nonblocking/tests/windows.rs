//! Windows: the handle flags the kernel really holds, read back with our own declaration.
#![cfg(windows)]

use std::ffi::c_void;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::os::windows::io::{AsRawSocket, FromRawSocket, IntoRawSocket};

use nonblocking::{TcpListener, TcpStream};

#[link(name = "kernel32")]
unsafe extern "system" {
    /// `BOOL GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags);`
    fn GetHandleInformation(object: *mut c_void, flags: *mut u32) -> i32;
}
/// `HANDLE_FLAG_INHERIT`: child processes get a copy of the handle.
const HANDLE_FLAG_INHERIT: u32 = 1;

fn is_inheritable(socket: &impl AsRawSocket) -> bool {
    let mut flags = 0u32;
    // SAFETY: GetHandleInformation writes the handle's flags into `flags`, a live local.
    let ok = unsafe { GetHandleInformation(socket.as_raw_socket() as *mut c_void, &raw mut flags) };
    assert_ne!(ok, 0, "{}", std::io::Error::last_os_error());
    flags & HANDLE_FLAG_INHERIT != 0
}

#[test]
fn no_socket_is_inherited_by_child_processes() {
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    let client = TcpStream::connect(addr).unwrap();
    let in_background = TcpStream::connect_nonblocking(addr).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    assert!(!is_inheritable(&listener), "listener");
    assert!(!is_inheritable(&client), "connected stream");
    assert!(!is_inheritable(&in_background), "non-blocking stream");
    assert!(!is_inheritable(&accepted), "accepted stream");
}

#[test]
fn raw_sockets_move_in_and_out() {
    let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    let raw = client.into_raw_socket();
    // SAFETY: `raw` came from `into_raw_socket`, so it is open and owned by nobody.
    let client = unsafe { TcpStream::from_raw_socket(raw) };
    (&client).write_all(b"raw").unwrap();
    let mut buffer = [0u8; 3];
    (&accepted).read_exact(&mut buffer).unwrap();
    assert_eq!(&buffer, b"raw");
}
