//! The check of exercise `getrandom-asm`, run in debug and in release by
//! `cargo run -p course -- check getrandom-asm`.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use std::hint::black_box;

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

/// How many values the test keeps alive across each syscall: more than x86_64 has registers
/// to spare, so the optimiser must use every register it believes the syscall leaves alone.
const LIVE_VALUES: usize = 14;

/// One round of arithmetic that makes every value depend on the others and on `byte`.
#[inline(always)]
fn mix(mut state: [u64; LIVE_VALUES], byte: u64) -> [u64; LIVE_VALUES] {
    for i in 0..LIVE_VALUES {
        let next = state[(i + 1) % LIVE_VALUES];
        state[i] = state[i]
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(next ^ byte);
    }
    state
}

#[test]
fn values_kept_in_registers_survive_the_syscall() {
    // The same computation twice: once with a syscall between the rounds (its bytes ignored:
    // only its effect on registers matters), once without. If the syscall destroys a register
    // the asm! block did not declare, a value the optimiser kept there is lost.
    let start: [u64; LIVE_VALUES] = black_box(core::array::from_fn(|i| i as u64 * 0x0101_0101));
    let mut with_syscalls = start;
    let mut byte = [0u8; 1];
    for round in 0..1000u64 {
        let written = getrandom(&mut byte, 0);
        with_syscalls = mix(with_syscalls, round ^ u64::from(written == Ok(1)));
    }
    let mut expected = start;
    for round in 0..1000u64 {
        expected = mix(expected, round ^ black_box(1));
    }
    assert!(
        with_syscalls == expected,
        "values the compiler kept in registers were changed by the syscall: the asm! block \
         does not declare every register the instruction destroys (on x86_64, `syscall` \
         overwrites rcx and r11)"
    );
}
