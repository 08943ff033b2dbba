//! The lesson's program as a reader runs it: the three levels, and the bench mode.

use std::process::Output;

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;

fn run_lesson(args: &[&str]) -> Output {
    common::lesson_command(env!("CARGO_BIN_EXE_ffi-syscall"))
        .args(args)
        .output()
        .expect("run the lesson")
}

#[test]
fn each_level_writes_its_line_in_order() {
    // stdout is a pipe here: WriteFile must work on it too (WriteConsoleW would not).
    let output = run_lesson(&[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let ffi = stdout
        .find("> written by the C library call")
        .expect(&stdout);
    let std = stdout.find("> written by std").expect(&stdout);
    assert!(ffi < std, "{stdout}");
    if let Some(raw) = stdout.find("> written by the raw syscall") {
        assert!(raw < ffi, "{stdout}");
    } else {
        assert!(
            stdout.contains("1. Raw syscall (lesson 01): not on"),
            "{stdout}"
        );
    }
    let failure = if cfg!(windows) {
        "GetLastError() said ERROR_ACCESS_DENIED"
    } else {
        "said EBADF"
    };
    assert!(stdout.contains(failure), "{stdout}");
}

#[test]
fn bench_prints_a_row_per_level() {
    let output = run_lesson(&["bench", "--rounds", "3", "--calls", "1000"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for level in ["OS library by FFI", "std File::write"] {
        let row = stdout
            .lines()
            .find(|line| line.trim_start().starts_with(level))
            .expect(&stdout);
        let numbers: Vec<f64> = row[level.len() + 2..]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(numbers.len(), 2, "{row}");
        assert!(
            numbers[1] > 0.0 && numbers[1] <= numbers[0],
            "fastest <= median: {row}"
        );
    }
}

#[test]
fn bad_arguments_get_a_clear_error_and_status_2() {
    for args in [
        &["nonsense"][..],
        &["bench", "--rounds", "x"],
        &["bench", "--calls"],
        &["bench", "--rounds", "0"],
    ] {
        let output = run_lesson(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("usage: ffi-syscall"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
