//! The check of exercise `getpid-asm`, run in debug and in release by
//! `cargo run -p course -- check getpid-asm`.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

use std::hint::black_box;

use exercise_getpid_asm::getpid;

#[test]
fn the_pid_is_the_one_std_reports() {
    assert_eq!(
        getpid(),
        std::process::id(),
        "getpid() returned something else than std::process::id()"
    );
}

#[test]
fn the_pid_is_the_same_on_every_call() {
    let first = getpid();
    for _ in 0..100 {
        let again = getpid();
        assert!(
            again == first,
            "getpid() gave {first}, then {again}; or a value kept in a register across the \
             syscall was changed under the compiler's feet (a missing clobber)"
        );
    }
}

/// How many values the test keeps alive across each syscall: more than x86_64 has registers
/// to spare, so the optimiser must use every register it believes the syscall leaves alone.
const LIVE_VALUES: usize = 14;

/// One round of arithmetic that makes every value depend on the others and on `pid`, so none
/// can be computed ahead or kept anywhere but in a register.
#[inline(always)]
fn mix(mut state: [u64; LIVE_VALUES], pid: u64) -> [u64; LIVE_VALUES] {
    for i in 0..LIVE_VALUES {
        let next = state[(i + 1) % LIVE_VALUES];
        state[i] = state[i]
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(next ^ pid);
    }
    state
}

#[test]
fn values_kept_in_registers_survive_the_syscall() {
    // The same computation twice: once with a real syscall between the rounds, once with the
    // pid passed in. If the syscall destroys a register the asm! block did not declare, a
    // value the optimiser kept there is lost, and the two results differ.
    let start: [u64; LIVE_VALUES] = black_box(core::array::from_fn(|i| i as u64 * 0x0101_0101));
    let mut with_syscalls = start;
    for _ in 0..1000 {
        with_syscalls = mix(with_syscalls, u64::from(getpid()));
    }
    let pid = black_box(u64::from(std::process::id()));
    let mut expected = start;
    for _ in 0..1000 {
        expected = mix(expected, pid);
    }
    assert!(
        with_syscalls == expected,
        "values the compiler kept in registers were changed by the syscall: the asm! block \
         does not declare every register the instruction destroys (on x86_64, `syscall` \
         overwrites rcx and r11)"
    );
}
