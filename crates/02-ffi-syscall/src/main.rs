//! `cargo run -p ffi-syscall`: one line written through each level of abstraction, then what
//! each level did for you. `cargo run --release -p ffi-syscall -- bench` measures their cost.

use std::io::Write;
use std::process::ExitCode;

mod bench;

// The parts that differ per OS: the raw level (none on Windows) and how a failure looks.
#[cfg(unix)]
#[path = "demo_unix.rs"]
mod demo;
#[cfg(windows)]
#[path = "demo_windows.rs"]
mod demo;

const USAGE: &str = "usage: ffi-syscall [bench [--rounds N] [--calls N]]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => show_the_levels(),
        Some("bench") => match bench::Options::parse(&args[1..]) {
            Ok(options) => bench::run(&options),
            Err(message) => usage_error(&message),
        },
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown argument `{other}`")),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("ffi-syscall: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn show_the_levels() -> ExitCode {
    println!("Lesson 02: one line of output, written three ways.");
    println!();

    println!("1. Raw syscall (lesson 01): {}", demo::RAW_LEVEL);
    let stdout = std::io::stdout();
    let raw_line = b"   > written by the raw syscall\n";
    if let Some(result) = demo::raw_write(demo::descriptor_of(&stdout), raw_line) {
        report(result);
    }

    println!("2. The OS library, by FFI: {}", demo::FFI_LEVEL);
    report(ffi_syscall::write_stdout(
        b"   > written by the C library call\n",
    ));

    println!("3. Rust's std: `std::io::stdout().write_all(...)`.");
    let written = std::io::stdout().write_all(b"   > written by std\n");
    if let Err(error) = written {
        eprintln!("   std's write failed: {error}");
    }

    println!();
    println!("What each level did for you:");
    for line in demo::WHAT_EACH_LEVEL_DID {
        println!("  {line}");
    }
    println!();
    println!("How the OS library reports a failure:");
    println!("  {}", demo::show_a_failure());
    println!();
    println!("Measure what each level costs: cargo run --release -p ffi-syscall -- bench");
    ExitCode::SUCCESS
}

/// Shows a failed write on stderr; a successful one has already shown its line.
fn report<E: std::fmt::Display>(result: Result<usize, E>) {
    if let Err(error) = result {
        eprintln!("   that write failed: {error}");
    }
}
