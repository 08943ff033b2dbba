//! The lesson's program, run as a reader runs it: its output, and its exit status (set by the
//! raw `exit_group` on Linux, 2 where the lesson does not apply).

use std::process::Output;

mod common;

fn run_lesson() -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_raw-syscall"))
        .output()
        .expect("run the lesson")
}

#[cfg(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn greets_then_decodes_ebadf_then_exits_0() {
    let output = run_lesson();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "stdout:\n{stdout}");
    assert!(
        stdout.contains("Hello from a raw write syscall"),
        "{stdout}"
    );
    assert!(
        stdout.contains("failed: EBADF: bad file descriptor"),
        "{stdout}"
    );
    // The last line is printed before the raw exit: nothing buffered may be lost.
    assert!(
        stdout.ends_with("`cargo run -p ffi-syscall`.\n"),
        "{stdout}"
    );
}

#[cfg(not(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
#[test]
fn says_what_it_needs_and_exits_2() {
    let output = run_lesson();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.contains("cargo run -p ffi-syscall"), "{stderr}");
}
