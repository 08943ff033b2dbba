//! `cargo run -p course`: the exercises, your progress, and the next one to do.
//!
//! ```text
//! cargo run -p course                      the progress table and the next exercise
//! cargo run -p course -- check NAME        run one exercise's check and say what is wrong
//! cargo run -p course -- hint NAME         a hint
//! cargo run -p course -- solution NAME     where the worked solution is, and what it explains
//! cargo run -p course -- watch [NAME]      check again each time you save, then go on
//! cargo run -p course -- reset NAME        put the exercise's starter back (git checkout)
//! cargo run -p course -- list              one line per exercise, for scripts
//! ```
//!
//! The exercises are a Cargo workspace of their own (`exercises/`), so that an unsolved one
//! never breaks `cargo test --workspace`; see docs/exercises.md.

mod catalog;
mod check;
mod commands;
mod progress;
mod report;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run -p course [-- check NAME | hint NAME | solution NAME | \
                     watch [NAME] | reset NAME | list]";

fn main() -> ExitCode {
    die_quietly_on_a_closed_pipe();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repository_root();
    if !root.join("exercises/Cargo.toml").is_file() {
        eprintln!(
            "course: no exercises/Cargo.toml under {}: run this from the course's repository",
            root.display()
        );
        return ExitCode::from(2);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => commands::progress(&root),
        ["list"] => commands::list(),
        ["check", name] => commands::check(&root, name, check::Against::Reader),
        ["check", name, "--solution"] => commands::check(&root, name, check::Against::Solution),
        ["check", name, "--mutant"] => commands::check(&root, name, check::Against::Mutant),
        ["hint", name] => commands::hint(&root, name),
        ["solution", name] => commands::solution(&root, name),
        ["reset", name] => commands::reset(&root, name),
        ["watch"] => commands::watch(&root, None),
        ["watch", name] => commands::watch(&root, Some(name)),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("course: {USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The repository's root: this crate is `crates/00-course`, two folders down. If that path,
/// fixed at build time, does not hold the exercises here (a test binary run by an emulator that
/// sees the files under another path), the nearest folder up from the current one that does.
fn repository_root() -> PathBuf {
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if built.join("exercises/Cargo.toml").is_file() {
        return built;
    }
    let here = std::env::current_dir().unwrap_or_default();
    here.ancestors()
        .find(|folder| folder.join("exercises/Cargo.toml").is_file())
        .map_or(built, PathBuf::from)
}

/// `cargo run -p course | head` closes our output early. Rust ignores `SIGPIPE`, so the next
/// `println!` would panic; a command-line tool should end quietly instead, as `ls` does. So put
/// the signal's default action back.
#[cfg(unix)]
fn die_quietly_on_a_closed_pipe() {
    /// `SIGPIPE`: 13 on Linux, macOS and FreeBSD.
    const SIGPIPE: std::ffi::c_int = 13;
    /// `SIG_DFL`: the default action, a null handler.
    const SIG_DFL: usize = 0;
    unsafe extern "C" {
        /// `void (*signal(int sig, void (*func)(int)))(int);`, the handler as an address.
        fn signal(sig: std::ffi::c_int, handler: usize) -> usize;
    }
    // SAFETY: `signal` reads two integers and changes this process's action for SIGPIPE back
    // to the default (end the process); no memory of ours is read or written.
    unsafe { signal(SIGPIPE, SIG_DFL) };
}

/// Windows has no `SIGPIPE`: a closed pipe is an error from `WriteFile`, as everywhere else.
#[cfg(not(unix))]
fn die_quietly_on_a_closed_pipe() {}
