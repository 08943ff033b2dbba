//! Proves the no-libc program is what it claims: built, it has no ELF interpreter and no
//! dynamic section (nothing is loaded but itself), and under `strace` it makes exactly two
//! syscalls: `write` and `exit_group`.
//!
//! It builds `no-libc/` with the same `cargo` that runs this test, so it runs where the test
//! runs natively (x86_64 Linux); the cross-platform stage builds and runs the aarch64 one.
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

#[path = "common/elf.rs"]
mod elf;

const HELLO: &str = "Hello from a program with no C library at all.\n";

/// Builds the program (release, as documented) once for all tests and returns its path.
fn build_no_libc() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(build)
}

fn build() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("no-libc/Cargo.toml");
    // Its own target folder: the test's own build folder is locked by the cargo running us.
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-libc");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--release", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target_dir)
        .status()
        .expect("run cargo");
    assert!(status.success(), "building {} failed", manifest.display());
    target_dir.join("release/no-libc-hello")
}

#[test]
fn it_prints_its_line_and_exits_0() {
    let binary = build_no_libc();
    let output = Command::new(binary)
        .output()
        .expect("run the no-libc program");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), HELLO);
    assert!(output.stderr.is_empty());
}

#[test]
fn it_has_no_interpreter_and_no_dynamic_section() {
    let elf = std::fs::read(build_no_libc()).expect("read the binary");
    elf::assert_static_without_loader(&elf);
}

#[test]
fn strace_sees_exactly_write_then_exit_group() {
    let binary = build_no_libc();
    if Command::new("strace").arg("-V").output().is_err() {
        let why = "strace is not installed (apt-get install strace)";
        assert!(std::env::var_os("COURSE_REQUIRE_TOOLS").is_none(), "{why}");
        eprintln!("SKIPPED strace_sees_exactly_write_then_exit_group: {why}");
        return;
    }
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-libc.strace");
    let status = Command::new("strace")
        .arg("-o")
        .arg(&log)
        .arg(binary)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run strace");
    assert!(status.success());
    let trace = std::fs::read_to_string(&log).expect("read the strace log");
    // Each line is `name(args) = result`; the first is strace's own execve of the program.
    let calls: Vec<&str> = trace
        .lines()
        .filter_map(|line| line.split_once('(').map(|(name, _)| name))
        .collect();
    assert_eq!(calls, ["execve", "write", "exit_group"], "trace:\n{trace}");
    assert!(
        trace.contains(&format!("= {}", HELLO.len())),
        "trace:\n{trace}"
    );
}
