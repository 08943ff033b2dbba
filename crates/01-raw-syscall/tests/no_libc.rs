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

/// The ELF program header types in a 64-bit little-endian ELF file (read by hand: the
/// header layout is in `elf(5)`).
fn program_header_types(elf: &[u8]) -> Vec<u32> {
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(elf[4], 2, "not a 64-bit ELF");
    assert_eq!(elf[5], 1, "not little-endian");
    let u16_at = |at: usize| u16::from_le_bytes([elf[at], elf[at + 1]]) as usize;
    let phoff = u64::from_le_bytes(elf[0x20..0x28].try_into().unwrap()) as usize;
    let (phentsize, phnum) = (u16_at(0x36), u16_at(0x38));
    (0..phnum)
        .map(|i| {
            let at = phoff + i * phentsize;
            u32::from_le_bytes(elf[at..at + 4].try_into().unwrap())
        })
        .collect()
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
    const PT_DYNAMIC: u32 = 2;
    const PT_INTERP: u32 = 3;
    const ET_EXEC: u16 = 2;
    let elf = std::fs::read(build_no_libc()).expect("read the binary");
    let types = program_header_types(&elf);
    assert!(!types.is_empty());
    assert!(
        !types.contains(&PT_INTERP),
        "it asks for a dynamic loader: {types:?}"
    );
    assert!(
        !types.contains(&PT_DYNAMIC),
        "it has a dynamic section: {types:?}"
    );
    // A fixed-address executable, not a position-independent one that needs relocating.
    assert_eq!(u16::from_le_bytes([elf[16], elf[17]]), ET_EXEC);
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
