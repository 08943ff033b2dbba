//! Test support shared by every lesson's tests: run a lesson's own binary as a reader would.
//!
//! Later lessons include this file with `#[path = "../../01-raw-syscall/tests/common/mod.rs"]`
//! rather than copying it (test support cannot be a dependency of a `no_std` library).

use std::process::Command;

/// A command that runs `binary` (pass `env!("CARGO_BIN_EXE_<name>")`).
///
/// Under an emulator without binfmt support (qemu-user in the cross-platform stage) a child
/// binary must be started through the emulator too; the stage names it, with its arguments,
/// in `COURSE_RUNNER`.
pub fn lesson_command(binary: &str) -> Command {
    let runner = std::env::var("COURSE_RUNNER").unwrap_or_default();
    let mut words = runner.split_whitespace();
    match words.next() {
        Some(emulator) => {
            let mut command = Command::new(emulator);
            command.args(words).arg(binary);
            command
        }
        None => Command::new(binary),
    }
}
