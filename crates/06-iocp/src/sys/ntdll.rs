//! `ntdll.dll`: the native API beneath kernel32, for the three calls that reach the AFD driver.
//!
//! These functions report an `NTSTATUS` instead of setting the thread's last error;
//! `RtlNtStatusToDosError` turns one into the Win32 error code `std::io::Error` understands.

use core::ffi::c_void;
use core::mem::{align_of, offset_of, size_of};

use super::HANDLE;

/// `NTSTATUS`: 0 and small positive values are success, negative values (top bit set) errors.
pub type NTSTATUS = i32;

/// `STATUS_SUCCESS`.
pub const STATUS_SUCCESS: NTSTATUS = 0;
/// `STATUS_PENDING`: the request was started and will complete later, through the port.
pub const STATUS_PENDING: NTSTATUS = 0x0000_0103;
/// `STATUS_CANCELLED`: how a cancelled request completes.
pub const STATUS_CANCELLED: NTSTATUS = 0xC000_0120_u32 as NTSTATUS;
/// `STATUS_NOT_FOUND`: what cancelling a request that has already completed says.
pub const STATUS_NOT_FOUND: NTSTATUS = 0xC000_0225_u32 as NTSTATUS;
/// `STATUS_HANDLES_CLOSED` (a warning, `ntstatus.h`): "Handles were closed". Wine ends a
/// request whose socket was closed with it, where Windows says `STATUS_CANCELLED`.
pub const STATUS_HANDLES_CLOSED: NTSTATUS = 0x8000_000A_u32 as NTSTATUS;

/// `SYNCHRONIZE`: the only access right the AFD helper handle needs.
pub const SYNCHRONIZE: u32 = 0x0010_0000;
/// `FILE_SHARE_READ`.
pub const FILE_SHARE_READ: u32 = 0x1;
/// `FILE_SHARE_WRITE`.
pub const FILE_SHARE_WRITE: u32 = 0x2;
/// `FILE_OPEN`: open an existing object, never create one.
pub const FILE_OPEN: u32 = 0x1;

/// `IO_STATUS_BLOCK` from `<wdm.h>`: where a native request's final status and byte count are
/// written when it completes.
///
/// In C the first field is a union of `NTSTATUS Status` and `PVOID Pointer`; only `Status` is
/// used, and the union's pointer size shows as the padding before `Information`. Like an
/// `OVERLAPPED`, it is written by the kernel when the request completes, so it must stay put
/// until then; `NtCancelIoFileEx` also uses its address to name the request.
#[repr(C)]
pub struct IO_STATUS_BLOCK {
    /// `NTSTATUS Status`.
    pub Status: NTSTATUS,
    /// `ULONG_PTR Information`: a byte count, or other request-specific information.
    pub Information: usize,
}
const _: () = assert!(size_of::<IO_STATUS_BLOCK>() == 16);
const _: () = assert!(align_of::<IO_STATUS_BLOCK>() == 8);
const _: () = assert!(offset_of!(IO_STATUS_BLOCK, Information) == 8);

impl IO_STATUS_BLOCK {
    /// Zero status, zero information.
    pub const fn zeroed() -> IO_STATUS_BLOCK {
        IO_STATUS_BLOCK {
            Status: 0,
            Information: 0,
        }
    }
}

/// `UNICODE_STRING` from `<ntdef.h>`: a counted UTF-16 string (not NUL-terminated).
#[repr(C)]
pub struct UNICODE_STRING {
    /// `USHORT Length`: in bytes, not characters.
    pub Length: u16,
    /// `USHORT MaximumLength`: the buffer's size in bytes.
    pub MaximumLength: u16,
    /// `PWSTR Buffer`.
    pub Buffer: *const u16,
}
const _: () = assert!(size_of::<UNICODE_STRING>() == 16);
const _: () = assert!(align_of::<UNICODE_STRING>() == 8);
const _: () = assert!(offset_of!(UNICODE_STRING, MaximumLength) == 2);
const _: () = assert!(offset_of!(UNICODE_STRING, Buffer) == 8);

/// `OBJECT_ATTRIBUTES` from `<ntdef.h>`: which kernel object `NtCreateFile` opens, by name.
#[repr(C)]
pub struct OBJECT_ATTRIBUTES {
    /// `ULONG Length`: the size of this structure.
    pub Length: u32,
    /// `HANDLE RootDirectory`: null for an absolute name.
    pub RootDirectory: HANDLE,
    /// `PUNICODE_STRING ObjectName`.
    pub ObjectName: *const UNICODE_STRING,
    /// `ULONG Attributes`: `OBJ_...` flags; none here.
    pub Attributes: u32,
    /// `PVOID SecurityDescriptor`: null, the default.
    pub SecurityDescriptor: *mut c_void,
    /// `PVOID SecurityQualityOfService`: null, the default.
    pub SecurityQualityOfService: *mut c_void,
}
const _: () = assert!(size_of::<OBJECT_ATTRIBUTES>() == 48);
const _: () = assert!(align_of::<OBJECT_ATTRIBUTES>() == 8);
const _: () = assert!(offset_of!(OBJECT_ATTRIBUTES, RootDirectory) == 8);
const _: () = assert!(offset_of!(OBJECT_ATTRIBUTES, ObjectName) == 16);
const _: () = assert!(offset_of!(OBJECT_ATTRIBUTES, Attributes) == 24);
const _: () = assert!(offset_of!(OBJECT_ATTRIBUTES, SecurityDescriptor) == 32);
const _: () = assert!(offset_of!(OBJECT_ATTRIBUTES, SecurityQualityOfService) == 40);

/// `PIO_APC_ROUTINE`: a function the kernel would queue to our thread on completion. Always
/// `None` here: the completion port is told instead.
pub type PIO_APC_ROUTINE = Option<
    unsafe extern "system" fn(context: *mut c_void, iosb: *mut IO_STATUS_BLOCK, reserved: u32),
>;

#[link(name = "ntdll")]
unsafe extern "system" {
    /// `NTSTATUS NtCreateFile(PHANDLE FileHandle, ACCESS_MASK DesiredAccess,
    /// POBJECT_ATTRIBUTES ObjectAttributes, PIO_STATUS_BLOCK IoStatusBlock, PLARGE_INTEGER
    /// AllocationSize, ULONG FileAttributes, ULONG ShareAccess, ULONG CreateDisposition, ULONG
    /// CreateOptions, PVOID EaBuffer, ULONG EaLength);`
    pub fn NtCreateFile(
        handle: *mut HANDLE,
        access: u32,
        attributes: *const OBJECT_ATTRIBUTES,
        iosb: *mut IO_STATUS_BLOCK,
        allocation_size: *const i64,
        file_attributes: u32,
        share: u32,
        disposition: u32,
        options: u32,
        ea_buffer: *mut c_void,
        ea_length: u32,
    ) -> NTSTATUS;

    /// `NTSTATUS NtDeviceIoControlFile(HANDLE FileHandle, HANDLE Event, PIO_APC_ROUTINE
    /// ApcRoutine, PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock, ULONG IoControlCode, PVOID
    /// InputBuffer, ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength);`
    ///
    /// On a handle joined to a completion port, `ApcContext` is what the completion packet
    /// carries as its `lpOverlapped`.
    pub fn NtDeviceIoControlFile(
        file: HANDLE,
        event: HANDLE,
        apc_routine: PIO_APC_ROUTINE,
        apc_context: *mut c_void,
        iosb: *mut IO_STATUS_BLOCK,
        code: u32,
        input: *mut c_void,
        input_length: u32,
        output: *mut c_void,
        output_length: u32,
    ) -> NTSTATUS;

    /// `NTSTATUS NtCancelIoFileEx(HANDLE FileHandle, PIO_STATUS_BLOCK IoRequestToCancel,
    /// PIO_STATUS_BLOCK IoStatusBlock);`
    ///
    /// Cancels the one request on `file` whose status block is `request`. The request still
    /// completes through the port (with `STATUS_CANCELLED`, or normally if it won the race).
    pub fn NtCancelIoFileEx(
        file: HANDLE,
        request: *mut IO_STATUS_BLOCK,
        iosb: *mut IO_STATUS_BLOCK,
    ) -> NTSTATUS;

    /// `ULONG RtlNtStatusToDosError(NTSTATUS Status);`
    pub fn RtlNtStatusToDosError(status: NTSTATUS) -> u32;
}
