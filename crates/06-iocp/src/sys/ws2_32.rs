//! `ws2_32.dll`: the overlapped socket calls that lesson 03's blocking sockets did not need.

use core::mem::{align_of, offset_of, size_of};

use super::kernel32::OVERLAPPED;
use super::{BOOL, SOCKET};

/// `WSABUF` from `<ws2def.h>`: one buffer of a (possibly scattered) receive or send.
///
/// For an overlapped call the array of these must stay valid until the request completes,
/// like the bytes it points to, so this lesson keeps it next to its `OVERLAPPED`.
#[repr(C)]
pub struct WSABUF {
    /// `ULONG len`: the buffer's length in bytes.
    pub len: u32,
    /// `CHAR *buf`: the buffer.
    pub buf: *mut u8,
}
const _: () = assert!(size_of::<WSABUF>() == 16);
const _: () = assert!(align_of::<WSABUF>() == 8);
const _: () = assert!(offset_of!(WSABUF, buf) == 8);

/// `LPWSAOVERLAPPED_COMPLETION_ROUTINE`: a function Windows would call on completion instead
/// of queueing a packet. Always `None` here: the completion port is told.
pub type LPWSAOVERLAPPED_COMPLETION_ROUTINE = Option<
    unsafe extern "system" fn(
        error: u32,
        transferred: u32,
        overlapped: *mut OVERLAPPED,
        flags: u32,
    ),
>;

/// `SOCKET_ERROR`: what a failed call returns.
pub const SOCKET_ERROR: i32 = -1;
/// `WSA_IO_PENDING` (= `ERROR_IO_PENDING`): "started; the completion will say how it ended".
pub const WSA_IO_PENDING: i32 = 997;

// Winsock's ioctl codes, from `<ws2def.h>` and `<mswsock.h>`: `_WSAIOR(x, y)` is
// `IOC_OUT | x | y`, with `IOC_OUT = 0x4000_0000` (the call writes an output buffer) and
// `IOC_WS2 = 0x0800_0000` (a code defined by Winsock 2 itself, not by a protocol or vendor).

/// `IOC_OUT`: the ioctl returns data in its output buffer.
const IOC_OUT: u32 = 0x4000_0000;
/// `IOC_WS2`: the code belongs to Winsock 2.
const IOC_WS2: u32 = 0x0800_0000;

/// `SIO_BASE_HANDLE` = `_WSAIOR(IOC_WS2, 34)` = `0x4800_0022`: asks for the socket beneath any
/// layered service providers, the one the AFD driver knows. Providers are told never to
/// intercept it; one known provider does anyway.
pub const SIO_BASE_HANDLE: u32 = IOC_OUT | IOC_WS2 | 34;
/// `SIO_BSP_HANDLE_SELECT` = `_WSAIOR(IOC_WS2, 28)` = `0x4800_001C`: the base provider's socket,
/// as `select` would name it to the provider beneath (the first fallback mio tries).
pub const SIO_BSP_HANDLE_SELECT: u32 = IOC_OUT | IOC_WS2 | 28;
/// `SIO_BSP_HANDLE_POLL` = `_WSAIOR(IOC_WS2, 29)` = `0x4800_001D`: the same, as `WSAPoll` would
/// name it (the fallback that works under the provider that breaks `SIO_BASE_HANDLE`).
pub const SIO_BSP_HANDLE_POLL: u32 = IOC_OUT | IOC_WS2 | 29;
/// `SIO_BSP_HANDLE` = `_WSAIOR(IOC_WS2, 27)` = `0x4800_001B`: the base provider's socket for
/// any other call (the last fallback).
pub const SIO_BSP_HANDLE: u32 = IOC_OUT | IOC_WS2 | 27;
const _: () = assert!(SIO_BASE_HANDLE == 0x4800_0022);
const _: () = assert!(SIO_BSP_HANDLE_SELECT == 0x4800_001C);
const _: () = assert!(SIO_BSP_HANDLE_POLL == 0x4800_001D);
const _: () = assert!(SIO_BSP_HANDLE == 0x4800_001B);

#[link(name = "ws2_32")]
unsafe extern "system" {
    /// `int WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD
    /// lpNumberOfBytesRecvd, LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
    /// LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);`
    pub fn WSARecv(
        s: SOCKET,
        buffers: *mut WSABUF,
        buffer_count: u32,
        received: *mut u32,
        flags: *mut u32,
        overlapped: *mut OVERLAPPED,
        routine: LPWSAOVERLAPPED_COMPLETION_ROUTINE,
    ) -> i32;

    /// `int WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD
    /// lpNumberOfBytesSent, DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
    /// LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);`
    pub fn WSASend(
        s: SOCKET,
        buffers: *mut WSABUF,
        buffer_count: u32,
        sent: *mut u32,
        flags: u32,
        overlapped: *mut OVERLAPPED,
        routine: LPWSAOVERLAPPED_COMPLETION_ROUTINE,
    ) -> i32;

    /// `BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD
    /// lpcbTransfer, BOOL fWait, LPDWORD lpdwFlags);`
    ///
    /// How a finished request ended: its byte count, or (`FALSE`) its `WSAE...` error.
    pub fn WSAGetOverlappedResult(
        s: SOCKET,
        overlapped: *mut OVERLAPPED,
        transferred: *mut u32,
        wait: BOOL,
        flags: *mut u32,
    ) -> BOOL;

    /// `int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
    /// LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED
    /// lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);`
    pub fn WSAIoctl(
        s: SOCKET,
        code: u32,
        in_buffer: *mut core::ffi::c_void,
        in_length: u32,
        out_buffer: *mut core::ffi::c_void,
        out_length: u32,
        returned: *mut u32,
        overlapped: *mut OVERLAPPED,
        routine: LPWSAOVERLAPPED_COMPLETION_ROUTINE,
    ) -> i32;

    /// `int WSAGetLastError(void);`
    pub fn WSAGetLastError() -> i32;
}
