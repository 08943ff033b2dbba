//! The lesson's program, run as a reader runs it: its output, and its exit status (set by the
//! raw `exit_group` on Linux, 2 where the lesson does not apply).

use std::process::{Command, Output};

/// Runs the lesson's binary. Under an emulator with no binfmt support (qemu-user in our
/// cross-platform stage) a child binary must be started through the emulator too: the stage
/// names it in `COURSE_RUNNER`.
fn run_lesson() -> Output {
    let binary = env!("CARGO_BIN_EXE_raw-syscall");
    let runner = std::env::var("COURSE_RUNNER").unwrap_or_default();
    let mut words = runner.split_whitespace();
    let mut command = match words.next() {
        Some(emulator) => {
            let mut command = Command::new(emulator);
            command.args(words).arg(binary);
            command
        }
        None => Command::new(binary),
    };
    command.output().expect("run the lesson's binary")
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
