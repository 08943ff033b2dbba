//! Windows: TCP sockets through Winsock 2 (`ws2_32.dll`), every function declared by hand.
//!
//! Winsock copied the Berkeley socket calls, so most of this file reads like the Unix one,
//! with these differences:
//!
//! - The library must be started once per process with `WSAStartup` before any other call.
//! - A socket is a `SOCKET` (a pointer-sized handle), not a small `int`; failure is
//!   `INVALID_SOCKET` or `SOCKET_ERROR` (-1), and the reason comes from `WSAGetLastError()`,
//!   as `WSAE...` codes (`WSAEWOULDBLOCK` = 10035 is Unix's `EAGAIN`).
//! - Sockets are made with `WSASocketW`, which takes flags: `WSA_FLAG_OVERLAPPED` (the socket
//!   can be used with I/O completion ports, lesson 06) and `WSA_FLAG_NO_HANDLE_INHERIT` (the
//!   Windows form of close-on-exec: child processes do not inherit it).
//! - Non-blocking mode is `ioctlsocket(FIONBIO)`; closing is `closesocket`, not `CloseHandle`.
//! - There is no `SIGPIPE` and no `EINTR` to deal with.

use core::ffi::{c_char, c_void};
use core::mem::{offset_of, size_of};
use std::io;
use std::net::{Ipv4Addr, Shutdown, SocketAddrV4};
use std::os::windows::io::{
    AsRawSocket, AsSocket, BorrowedSocket, FromRawSocket, IntoRawSocket, RawSocket,
};
use std::sync::OnceLock;
use std::time::Duration;

use crate::net::{TcpListener, TcpStream};

/// The name of `WSAEWOULDBLOCK`, for the lesson's output.
pub const WOULD_BLOCK_NAME: &str = "WSAEWOULDBLOCK";
/// Where `cpu_time` comes from, for the lesson's output.
pub const CPU_TIME_SOURCE: &str = "GetProcessTimes";

/// `SOCKET`: a `UINT_PTR` handle.
#[allow(clippy::upper_case_acronyms)]
type SOCKET = usize;
/// `HANDLE`: an opaque pointer-sized value naming a kernel object.
type Handle = *mut c_void;

/// `INVALID_SOCKET`, `(SOCKET)(~0)`: what `socket` and `accept` return on failure.
const INVALID_SOCKET: SOCKET = !0;
/// `SOCKET_ERROR`: what the other calls return on failure.
const SOCKET_ERROR: i32 = -1;
/// `AF_INET`, `SOCK_STREAM`, `IPPROTO_TCP`: an IPv4 TCP socket.
const AF_INET: i32 = 2;
const SOCK_STREAM: i32 = 1;
const IPPROTO_TCP: i32 = 6;
/// `WSASocketW` flags: usable with overlapped I/O (IOCP), and not inherited by children.
const WSA_FLAG_OVERLAPPED: u32 = 0x01;
const WSA_FLAG_NO_HANDLE_INHERIT: u32 = 0x80;
/// `SOL_SOCKET` and its options (the BSD values).
const SOL_SOCKET: i32 = 0xffff;
const SO_RCVTIMEO: i32 = 0x1006;
const SO_ERROR: i32 = 0x1007;
/// `FIONBIO` = `_IOW('f', 126, u_long)`, as the `long` that `ioctlsocket` takes.
const FIONBIO: i32 = 0x8004_667e_u32 as i32;
/// `shutdown`'s `how`.
const SD_RECEIVE: i32 = 0;
const SD_SEND: i32 = 1;
const SD_BOTH: i32 = 2;
/// `HANDLE_FLAG_INHERIT`: the one handle flag we change.
const HANDLE_FLAG_INHERIT: u32 = 0x1;
/// `WSAEINVAL`: what Windows 7 before SP1 says to `WSA_FLAG_NO_HANDLE_INHERIT`.
const WSAEINVAL: i32 = 10022;
/// Winsock 2.2, `MAKEWORD(2, 2)`: the version every Windows since 98 provides.
const WINSOCK_2_2: u16 = 0x0202;

/// `struct sockaddr`: "a socket address of some family"; only ever pointed at (see Unix).
#[allow(non_camel_case_types)]
#[repr(C)]
struct sockaddr {
    _opaque: [u8; 0],
}

/// `SOCKADDR_IN` from `<ws2def.h>`: like Linux's, no length byte.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Default)]
struct sockaddr_in {
    /// `AF_INET`, as an `ADDRESS_FAMILY` (`USHORT`).
    sin_family: u16,
    /// The port, big-endian.
    sin_port: u16,
    /// `IN_ADDR`: the address, big-endian (a union in C; we use its `S_addr` view).
    sin_addr: u32,
    /// Zero.
    sin_zero: [u8; 8],
}
const _: () = assert!(size_of::<sockaddr_in>() == 16);
const _: () = assert!(offset_of!(sockaddr_in, sin_family) == 0);
const _: () = assert!(offset_of!(sockaddr_in, sin_port) == 2);
const _: () = assert!(offset_of!(sockaddr_in, sin_addr) == 4);
const _: () = assert!(offset_of!(sockaddr_in, sin_zero) == 8);

/// `WSADATA` from `<winsock2.h>`, 64-bit layout (on 32-bit Windows the two strings come
/// first). `WSAStartup` fills it in; we read nothing from it.
#[allow(non_snake_case, clippy::upper_case_acronyms)]
#[repr(C)]
struct WSADATA {
    wVersion: u16,
    wHighVersion: u16,
    iMaxSockets: u16,
    iMaxUdpDg: u16,
    lpVendorInfo: *mut c_char,
    /// `WSADESCRIPTION_LEN + 1` = 257 bytes.
    szDescription: [u8; 257],
    /// `WSASYS_STATUS_LEN + 1` = 129 bytes.
    szSystemStatus: [u8; 129],
}
const _: () = assert!(size_of::<WSADATA>() == 408);
const _: () = assert!(offset_of!(WSADATA, iMaxSockets) == 4);
const _: () = assert!(offset_of!(WSADATA, lpVendorInfo) == 8);
const _: () = assert!(offset_of!(WSADATA, szDescription) == 16);
const _: () = assert!(offset_of!(WSADATA, szSystemStatus) == 273);

/// `FILETIME`: a count of 100-nanosecond intervals, split in two 32-bit halves.
#[allow(non_snake_case, clippy::upper_case_acronyms)]
#[repr(C)]
#[derive(Default)]
struct FILETIME {
    dwLowDateTime: u32,
    dwHighDateTime: u32,
}
const _: () = assert!(size_of::<FILETIME>() == 8);
const _: () = assert!(offset_of!(FILETIME, dwHighDateTime) == 4);

impl FILETIME {
    fn to_duration(&self) -> Duration {
        let ticks = (u64::from(self.dwHighDateTime) << 32) | u64::from(self.dwLowDateTime);
        Duration::from_nanos(ticks.saturating_mul(100))
    }
}

/// The functions of `ws2_32.dll`, from their documented prototypes.
#[allow(non_snake_case)]
mod ws2_32 {
    use super::{SOCKET, WSADATA, sockaddr};
    use core::ffi::c_void;

    #[link(name = "ws2_32")]
    unsafe extern "system" {
        /// `int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);`
        pub fn WSAStartup(version: u16, data: *mut WSADATA) -> i32;
        /// `int WSAGetLastError(void);`
        pub fn WSAGetLastError() -> i32;
        /// `SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info,
        /// GROUP g, DWORD dwFlags);`
        pub fn WSASocketW(
            af: i32,
            ty: i32,
            protocol: i32,
            info: *mut c_void,
            group: u32,
            flags: u32,
        ) -> SOCKET;
        /// `int bind(SOCKET s, const struct sockaddr *name, int namelen);`
        pub fn bind(s: SOCKET, name: *const sockaddr, len: i32) -> i32;
        /// `int listen(SOCKET s, int backlog);`
        pub fn listen(s: SOCKET, backlog: i32) -> i32;
        /// `SOCKET accept(SOCKET s, struct sockaddr *addr, int *addrlen);`
        pub fn accept(s: SOCKET, addr: *mut sockaddr, len: *mut i32) -> SOCKET;
        /// `int connect(SOCKET s, const struct sockaddr *name, int namelen);`
        pub fn connect(s: SOCKET, name: *const sockaddr, len: i32) -> i32;
        /// `int recv(SOCKET s, char *buf, int len, int flags);`
        pub fn recv(s: SOCKET, buf: *mut u8, len: i32, flags: i32) -> i32;
        /// `int send(SOCKET s, const char *buf, int len, int flags);`
        pub fn send(s: SOCKET, buf: *const u8, len: i32, flags: i32) -> i32;
        /// `int shutdown(SOCKET s, int how);`
        pub fn shutdown(s: SOCKET, how: i32) -> i32;
        /// `int closesocket(SOCKET s);`
        pub fn closesocket(s: SOCKET) -> i32;
        /// `int ioctlsocket(SOCKET s, long cmd, u_long *argp);` (`long` is 32-bit on Windows)
        pub fn ioctlsocket(s: SOCKET, cmd: i32, argp: *mut u32) -> i32;
        /// `int getsockname(SOCKET s, struct sockaddr *name, int *namelen);`
        pub fn getsockname(s: SOCKET, name: *mut sockaddr, len: *mut i32) -> i32;
        /// `int getpeername(SOCKET s, struct sockaddr *name, int *namelen);`
        pub fn getpeername(s: SOCKET, name: *mut sockaddr, len: *mut i32) -> i32;
        /// `int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen);`
        pub fn setsockopt(s: SOCKET, level: i32, name: i32, value: *const u8, len: i32) -> i32;
        /// `int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen);`
        pub fn getsockopt(s: SOCKET, level: i32, name: i32, value: *mut u8, len: *mut i32) -> i32;
    }
}

/// The functions of `kernel32.dll` this file needs.
#[allow(non_snake_case)]
mod kernel32 {
    use super::{FILETIME, Handle};

    #[link(name = "kernel32")]
    unsafe extern "system" {
        /// `BOOL SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags);`
        pub fn SetHandleInformation(object: Handle, mask: u32, flags: u32) -> i32;
        /// `HANDLE GetCurrentProcess(void);`: a pseudo-handle, never closed.
        pub fn GetCurrentProcess() -> Handle;
        /// `BOOL GetProcessTimes(HANDLE, LPFILETIME creation, LPFILETIME exit,
        /// LPFILETIME kernel, LPFILETIME user);`
        pub fn GetProcessTimes(
            process: Handle,
            creation: *mut FILETIME,
            exit: *mut FILETIME,
            kernel: *mut FILETIME,
            user: *mut FILETIME,
        ) -> i32;
    }
}

// --- errors and start-up -----------------------------------------------------------------

/// The calling thread's last Winsock error, as a `std::io::Error` (which knows the `WSAE...`
/// codes: 10035 has kind `WouldBlock`).
fn last_error() -> io::Error {
    // SAFETY: `WSAGetLastError` takes nothing and reads the calling thread's error slot.
    io::Error::from_raw_os_error(unsafe { ws2_32::WSAGetLastError() })
}

/// The last `kernel32` error (lesson 02's `GetLastError`), as a `std::io::Error`.
fn last_kernel32_error() -> io::Error {
    io::Error::from_raw_os_error(ffi_syscall::last_error().0 as i32)
}

/// Winsock's convention for most calls: `SOCKET_ERROR` means "failed, ask WSAGetLastError".
fn check(result: i32) -> io::Result<()> {
    if result == SOCKET_ERROR {
        Err(last_error())
    } else {
        Ok(())
    }
}

/// Starts Winsock once per process (std may have started it too: it counts the calls). It is
/// never stopped: the OS cleans up when the process exits, and stopping it while another
/// thread uses a socket would break that thread.
fn start_winsock() -> io::Result<()> {
    static STARTED: OnceLock<i32> = OnceLock::new();
    let result = *STARTED.get_or_init(|| {
        let mut data = WSADATA {
            wVersion: 0,
            wHighVersion: 0,
            iMaxSockets: 0,
            iMaxUdpDg: 0,
            lpVendorInfo: core::ptr::null_mut(),
            szDescription: [0; 257],
            szSystemStatus: [0; 129],
        };
        // SAFETY: `WSAStartup` writes one `WSADATA` into `data`, a live local of the layout
        // checked above, and keeps no pointer to it.
        unsafe { ws2_32::WSAStartup(WINSOCK_2_2, &raw mut data) }
    });
    // WSAStartup returns the error code itself (WSAGetLastError is not usable yet).
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(result))
    }
}

/// Clears `HANDLE_FLAG_INHERIT`, so child processes do not inherit the socket.
fn set_no_inherit(socket: SOCKET) -> io::Result<()> {
    // SAFETY: `SetHandleInformation` takes the handle value and two integers, and touches no
    // memory of ours; a socket is a kernel handle.
    let ok = unsafe { kernel32::SetHandleInformation(socket as Handle, HANDLE_FLAG_INHERIT, 0) };
    if ok == 0 {
        Err(last_kernel32_error())
    } else {
        Ok(())
    }
}

// --- the owned socket --------------------------------------------------------------------

/// An open socket that this program owns: closed exactly once, when dropped.
pub struct Socket {
    /// Invariant: an open socket that nothing else closes.
    raw: SOCKET,
}

impl Socket {
    /// Takes ownership of `raw`.
    ///
    /// # Safety
    ///
    /// `raw` must be an open socket that nothing else owns: this `Socket` closes it when
    /// dropped, and no other code may close it or use it after that.
    pub unsafe fn from_raw(raw: SOCKET) -> Socket {
        Socket { raw }
    }

    /// The handle, still owned by `self`.
    pub fn as_raw(&self) -> SOCKET {
        self.raw
    }

    /// Gives up ownership: the caller must close the socket.
    pub fn into_raw(self) -> SOCKET {
        let raw = self.raw;
        core::mem::forget(self); // no Drop, so no closesocket
        raw
    }

    /// A new IPv4 TCP socket, overlapped-capable and not inheritable, blocking or not.
    pub fn new_stream(nonblocking: bool) -> io::Result<Socket> {
        start_winsock()?;
        let create = |flags| {
            // SAFETY: `WSASocketW` takes integers and a null protocol-info pointer (which
            // means "from the first three arguments"), and touches no memory of ours.
            let raw = unsafe {
                ws2_32::WSASocketW(
                    AF_INET,
                    SOCK_STREAM,
                    IPPROTO_TCP,
                    core::ptr::null_mut(),
                    0,
                    flags,
                )
            };
            if raw == INVALID_SOCKET {
                Err(last_error())
            } else {
                // SAFETY: `raw` was just created and nothing else knows it.
                Ok(unsafe { Socket::from_raw(raw) })
            }
        };
        let socket = match create(WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT) {
            // Windows 7 before SP1 does not know the flag: create, then clear the flag.
            Err(error) if error.raw_os_error() == Some(WSAEINVAL) => {
                let socket = create(WSA_FLAG_OVERLAPPED)?;
                set_no_inherit(socket.raw)?;
                socket
            }
            result => result?,
        };
        if nonblocking {
            socket.set_nonblocking(true)?;
        }
        Ok(socket)
    }

    /// Nothing to do before `bind` here. Windows' `SO_REUSEADDR` is not Unix's: it would let
    /// this socket bind a port another program is actively listening on. Windows has no
    /// `TIME_WAIT` problem for listeners to begin with.
    pub fn prepare_listener(&self) -> io::Result<()> {
        Ok(())
    }

    /// `bind`.
    pub fn bind(&self, addr: SocketAddrV4) -> io::Result<()> {
        let raw = sockaddr_in_of(addr);
        // SAFETY: `bind` reads `size_of::<sockaddr_in>()` bytes from `raw`, a live local of
        // that type, and writes nothing of ours.
        check(unsafe {
            ws2_32::bind(
                self.raw,
                (&raw const raw).cast(),
                size_of::<sockaddr_in>() as i32,
            )
        })
    }

    /// `listen`.
    pub fn listen(&self, backlog: i32) -> io::Result<()> {
        // SAFETY: `listen` takes the handle and an integer and touches no memory of ours.
        check(unsafe { ws2_32::listen(self.raw, backlog) })
    }

    /// `accept`, then the new socket made non-inheritable, and blocking or not as asked
    /// (Windows copies the listener's non-blocking mode into it, so it is always set).
    pub fn accept(&self, nonblocking: bool) -> io::Result<(Socket, SocketAddrV4)> {
        let mut raw_addr = sockaddr_in::default();
        let mut len = size_of::<sockaddr_in>() as i32;
        // SAFETY: `accept` writes at most `len` bytes into `raw_addr`, a live `sockaddr_in` of
        // that size, and the address's real length into `len`, a live `i32`.
        let raw = unsafe { ws2_32::accept(self.raw, (&raw mut raw_addr).cast(), &raw mut len) };
        if raw == INVALID_SOCKET {
            return Err(last_error());
        }
        // SAFETY: `raw` was just created and nothing else knows it.
        let socket = unsafe { Socket::from_raw(raw) };
        set_no_inherit(socket.raw)?;
        socket.set_nonblocking(nonblocking)?;
        Ok((socket, socket_addr(&raw_addr, len)?))
    }

    /// One `connect` call.
    fn connect_once(&self, addr: SocketAddrV4) -> io::Result<()> {
        let raw = sockaddr_in_of(addr);
        // SAFETY: `connect` reads `size_of::<sockaddr_in>()` bytes from `raw`, a live local of
        // that type, and writes nothing of ours.
        check(unsafe {
            ws2_32::connect(
                self.raw,
                (&raw const raw).cast(),
                size_of::<sockaddr_in>() as i32,
            )
        })
    }

    /// `connect` on a blocking socket: returns when connected or refused.
    pub fn connect(&self, addr: SocketAddrV4) -> io::Result<()> {
        self.connect_once(addr)
    }

    /// `connect` on a non-blocking socket: `WSAEWOULDBLOCK` means "started", success.
    pub fn start_connect(&self, addr: SocketAddrV4) -> io::Result<()> {
        match self.connect_once(addr) {
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(()),
            result => result,
        }
    }

    /// `recv`: up to `buffer.len()` bytes (at most `i32::MAX`); `Ok(0)` is end of file.
    pub fn recv(&self, buffer: &mut [u8]) -> io::Result<usize> {
        let len = i32::try_from(buffer.len()).unwrap_or(i32::MAX);
        // SAFETY: `recv` writes at most `len` bytes into `buffer`, a live mutable slice at
        // least that long, and returns how many it wrote.
        let received = unsafe { ws2_32::recv(self.raw, buffer.as_mut_ptr(), len, 0) };
        usize::try_from(received).map_err(|_| last_error())
    }

    /// `send`: at most `i32::MAX` bytes at a time.
    pub fn send(&self, bytes: &[u8]) -> io::Result<usize> {
        let len = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
        // SAFETY: `send` reads at most `len` bytes from `bytes`, a live slice at least that
        // long, and writes nothing of ours.
        let sent = unsafe { ws2_32::send(self.raw, bytes.as_ptr(), len, 0) };
        usize::try_from(sent).map_err(|_| last_error())
    }

    /// `shutdown`.
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        let how = match how {
            Shutdown::Read => SD_RECEIVE,
            Shutdown::Write => SD_SEND,
            Shutdown::Both => SD_BOTH,
        };
        // SAFETY: `shutdown` takes the handle and an integer and touches no memory of ours.
        check(unsafe { ws2_32::shutdown(self.raw, how) })
    }

    /// `ioctlsocket(FIONBIO)`: non-blocking mode on or off.
    pub fn set_nonblocking(&self, nonblocking: bool) -> io::Result<()> {
        let mut on = u32::from(nonblocking);
        // SAFETY: `FIONBIO` reads one `u_long` through the pointer, which points to `on`, a
        // live local.
        check(unsafe { ws2_32::ioctlsocket(self.raw, FIONBIO, &raw mut on) })
    }

    /// `SO_RCVTIMEO`, which on Windows is a `DWORD` of milliseconds (0 = forever).
    pub fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
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
                self.raw,
                SOL_SOCKET,
                SO_RCVTIMEO,
                (&raw const millis).cast(),
                size_of::<u32>() as i32,
            )
        })
    }

    /// `getsockopt(SO_ERROR)`: the pending error, which reading also clears.
    pub fn take_error(&self) -> io::Result<Option<io::Error>> {
        let mut value: i32 = 0;
        let mut len = size_of::<i32>() as i32;
        // SAFETY: `getsockopt` writes at most `len` bytes (one `int`) into `value`, a live
        // local, and the length it wrote into `len`, another.
        check(unsafe {
            ws2_32::getsockopt(
                self.raw,
                SOL_SOCKET,
                SO_ERROR,
                (&raw mut value).cast(),
                &raw mut len,
            )
        })?;
        Ok((value != 0).then(|| io::Error::from_raw_os_error(value)))
    }

    /// `getsockname`: this end's address.
    pub fn local_addr(&self) -> io::Result<SocketAddrV4> {
        self.address_with(ws2_32::getsockname)
    }

    /// `getpeername`: the other end's address.
    pub fn peer_addr(&self) -> io::Result<SocketAddrV4> {
        self.address_with(ws2_32::getpeername)
    }

    fn address_with(
        &self,
        call: unsafe extern "system" fn(SOCKET, *mut sockaddr, *mut i32) -> i32,
    ) -> io::Result<SocketAddrV4> {
        let mut raw = sockaddr_in::default();
        let mut len = size_of::<sockaddr_in>() as i32;
        // SAFETY: `getsockname` and `getpeername` write at most `len` bytes into `raw`, a live
        // `sockaddr_in` of exactly that size, and the address's real length into `len`.
        check(unsafe { call(self.raw, (&raw mut raw).cast(), &raw mut len) })?;
        socket_addr(&raw, len)
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // Errors are ignored: there is nothing useful to do about them here.
        // SAFETY: `closesocket` takes the handle, which is open and owned by this value,
        // which is being dropped, so nothing uses it after this.
        unsafe { ws2_32::closesocket(self.raw) };
    }
}

/// The `SOCKADDR_IN` for `addr`: port and address in network byte order (big-endian).
fn sockaddr_in_of(addr: SocketAddrV4) -> sockaddr_in {
    sockaddr_in {
        sin_family: AF_INET as u16,
        sin_port: addr.port().to_be(),
        sin_addr: u32::from(*addr.ip()).to_be(),
        sin_zero: [0; 8],
    }
}

/// A `SOCKADDR_IN` Winsock wrote, as std's address type.
fn socket_addr(raw: &sockaddr_in, len: i32) -> io::Result<SocketAddrV4> {
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

// --- CPU time --------------------------------------------------------------------------

/// `GetProcessTimes`: kernel plus user CPU time of the whole process.
pub fn cpu_time() -> io::Result<Duration> {
    // When the process started and ended (unused), then the two counts we want.
    let [mut creation, mut exit, mut kernel, mut user]: [FILETIME; 4] = Default::default();
    // SAFETY: `GetCurrentProcess` takes nothing and returns a constant pseudo-handle.
    let process = unsafe { kernel32::GetCurrentProcess() };
    // SAFETY: `GetProcessTimes` writes one `FILETIME` through each of the four pointers, all
    // to live locals of the layout checked above.
    let ok = unsafe {
        kernel32::GetProcessTimes(
            process,
            &raw mut creation,
            &raw mut exit,
            &raw mut kernel,
            &raw mut user,
        )
    };
    if ok == 0 {
        return Err(last_kernel32_error());
    }
    Ok(kernel.to_duration() + user.to_duration())
}

// --- std's socket traits -----------------------------------------------------------------

/// `AsRawSocket`, `AsSocket`, `FromRawSocket` and `IntoRawSocket` for a type that wraps a
/// `Socket`. std's `RawSocket` is a `u64`; `SOCKET` is a `usize` of the same size here.
macro_rules! socket_traits {
    ($type:ident) => {
        impl AsRawSocket for $type {
            fn as_raw_socket(&self) -> RawSocket {
                self.socket.as_raw() as RawSocket
            }
        }

        impl AsSocket for $type {
            fn as_socket(&self) -> BorrowedSocket<'_> {
                // SAFETY: the socket stays open as long as `self` lives, and the borrow cannot
                // outlive `self`.
                unsafe { BorrowedSocket::borrow_raw(self.socket.as_raw() as RawSocket) }
            }
        }

        impl FromRawSocket for $type {
            /// Takes ownership of a socket, which must be an open IPv4 TCP socket that nothing
            /// else owns (the trait's contract). It is closed on drop.
            unsafe fn from_raw_socket(raw: RawSocket) -> $type {
                $type {
                    // SAFETY: the caller promises `raw` is an open socket nobody else owns.
                    socket: unsafe { Socket::from_raw(raw as SOCKET) },
                }
            }
        }

        impl IntoRawSocket for $type {
            fn into_raw_socket(self) -> RawSocket {
                self.socket.into_raw() as RawSocket
            }
        }
    };
}

socket_traits!(TcpListener);
socket_traits!(TcpStream);
