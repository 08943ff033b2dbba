//! `WriteFile` and `GetLastError`, against real handles (run under Wine in the cross stage).
#![cfg(windows)]

use std::os::windows::io::AsHandle;

use ffi_syscall::{WinError, write};

#[test]
fn bytes_written_to_a_file_come_back_exact() {
    let path = std::env::temp_dir().join(format!("ffi-syscall-test-{}.bin", std::process::id()));
    let file = std::fs::File::create(&path).expect("create a temp file");
    let sent: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let mut rest = &sent[..];
    while !rest.is_empty() {
        let taken = write(file.as_handle(), rest).expect("WriteFile");
        rest = &rest[taken..];
    }
    drop(file);
    let received = std::fs::read(&path).expect("read back");
    let _ = std::fs::remove_file(&path);
    assert_eq!(received, sent);
}

#[test]
fn a_file_opened_for_reading_is_access_denied() {
    let path = std::env::temp_dir().join(format!("ffi-syscall-ro-{}.txt", std::process::id()));
    std::fs::write(&path, b"read only").expect("create a temp file");
    let file = std::fs::File::open(&path).expect("open for reading");
    let result = write(file.as_handle(), b"x");
    drop(file);
    let _ = std::fs::remove_file(&path);
    assert_eq!(result, Err(WinError::ACCESS_DENIED));
}

#[test]
fn errors_print_their_name_and_meaning() {
    assert_eq!(
        WinError::INVALID_HANDLE.to_string(),
        "ERROR_INVALID_HANDLE: the handle is invalid"
    );
    assert_eq!(WinError(4242).to_string(), "Win32 error 4242");
}
