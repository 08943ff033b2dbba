//! `WSAStartup`: Winsock must be started once per process before any other call.

use core::ffi::c_char;
use core::mem::{offset_of, size_of};
use std::io;
use std::sync::OnceLock;

/// Winsock 2.2, `MAKEWORD(2, 2)`: the version every Windows since 98 provides.
pub const WINSOCK_2_2: u16 = 0x0202;

/// `WSADATA` from `<winsock2.h>`, 64-bit layout (on 32-bit Windows the two strings come
/// first). `WSAStartup` fills it in; we read nothing from it.
#[allow(non_snake_case, clippy::upper_case_acronyms)]
#[repr(C)]
#[doc(hidden)] // for the facts check (scripts/facts.sh) only
pub struct WSADATA {
    pub wVersion: u16,
    pub wHighVersion: u16,
    pub iMaxSockets: u16,
    pub iMaxUdpDg: u16,
    pub lpVendorInfo: *mut c_char,
    /// `WSADESCRIPTION_LEN + 1` = 257 bytes.
    pub szDescription: [u8; 257],
    /// `WSASYS_STATUS_LEN + 1` = 129 bytes.
    pub szSystemStatus: [u8; 129],
}
const _: () = assert!(size_of::<WSADATA>() == 408);
const _: () = assert!(offset_of!(WSADATA, iMaxSockets) == 4);
const _: () = assert!(offset_of!(WSADATA, lpVendorInfo) == 8);
const _: () = assert!(offset_of!(WSADATA, szDescription) == 16);
const _: () = assert!(offset_of!(WSADATA, szSystemStatus) == 273);

#[link(name = "ws2_32")]
unsafe extern "system" {
    /// `int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);`
    fn WSAStartup(version: u16, data: *mut WSADATA) -> i32;
}

/// Starts Winsock once per process (std may have started it too: it counts the calls). It is
/// never stopped: the OS cleans up when the process exits, and stopping it while another
/// thread uses a socket would break that thread.
pub fn start_winsock() -> io::Result<()> {
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
        unsafe { WSAStartup(WINSOCK_2_2, &raw mut data) }
    });
    // WSAStartup returns the error code itself (WSAGetLastError is not usable yet).
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(result))
    }
}
