//! The check of exercise `getrandom-asm`, run in debug and in release by
//! `cargo run -p course -- check getrandom-asm`.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use exercise_getrandom_asm::{GRND_NONBLOCK, getrandom};
use raw_syscall::Errno;

#[test]
fn it_fills_the_whole_buffer() {
    let mut bytes = [0u8; 256];
    let written = getrandom(&mut bytes, 0).expect("getrandom failed");
    assert_eq!(
        written, 256,
        "the kernel writes all of a buffer of up to 256 bytes"
    );
    // 256 zero bytes by chance: probability 2^-2048.
    assert!(
        bytes.iter().any(|&b| b != 0),
        "the buffer is still all zeros"
    );
}

#[test]
fn two_calls_give_different_bytes() {
    let (mut first, mut second) = ([0u8; 32], [0u8; 32]);
    getrandom(&mut first, 0).expect("getrandom failed");
    getrandom(&mut second, GRND_NONBLOCK).expect("getrandom with GRND_NONBLOCK failed");
    assert_ne!(first, second, "two calls returned the same 32 bytes");
}

#[test]
fn only_the_buffer_is_written() {
    // The kernel is given the slice's length, not more: the bytes around it stay as they were.
    let mut bytes = [0xAAu8; 64];
    getrandom(&mut bytes[16..48], 0).expect("getrandom failed");
    assert!(
        bytes[..16].iter().all(|&b| b == 0xAA),
        "bytes before the slice were written"
    );
    assert!(
        bytes[48..].iter().all(|&b| b == 0xAA),
        "bytes after the slice were written"
    );
}

#[test]
fn an_empty_buffer_is_zero_bytes() {
    assert_eq!(getrandom(&mut [], 0), Ok(0));
}

#[test]
fn unknown_flags_are_einval() {
    let mut bytes = [0u8; 8];
    assert_eq!(
        getrandom(&mut bytes, 0xFFFF_0000),
        Err(Errno::EINVAL),
        "flags the kernel does not know must come back as Err(EINVAL): decode -errno"
    );
}
