//! Every exercise of the course, in the order a reader meets them.
//!
//! An exercise is a package of the exercises' own workspace (`exercises/Cargo.toml`), in its
//! own folder: the reader's files under `src/`, the worked solution under `solution/`, a hint
//! in `hint.md`, and the check in `tests/`. This table says where each is and how it is checked;
//! the text a reader sees (the hint, the solution's explanation) lives in those files.

mod list;
pub use list::EXERCISES;

/// One exercise.
pub struct Exercise {
    /// What the reader types: `cargo run -p course -- check NAME`.
    pub name: &'static str,
    /// The lesson it belongs to, as numbered in `crates/` ("01"), or "capstone".
    pub lesson: &'static str,
    /// What the reader builds, in a few words.
    pub title: &'static str,
    /// Its package's folder, from the repository's root.
    pub folder: &'static str,
    /// Its package's name in the exercises' workspace.
    pub package: &'static str,
    /// The files the reader edits, relative to `folder`; the first is the one to open first.
    pub files: &'static [&'static str],
    /// The worked solution's files, relative to `folder`, in the same order.
    pub solutions: &'static [&'static str],
    /// Where it can run.
    pub platform: Platform,
    /// The test targets of its package that make up the check (`cargo test --test NAME`).
    pub tests: &'static [&'static str],
    /// Whether the check runs again in a release build (where a missing clobber shows).
    pub release_too: bool,
    /// Tests of the check that are not run, with the reason.
    pub skips: &'static [Skip],
    /// Whether the package has a known-wrong answer (feature `mutant`) that CI shows the check
    /// rejects.
    pub has_mutant: bool,
}

/// A test the check leaves out, and why.
pub struct Skip {
    /// The test's name, as the harness prints it.
    pub test: &'static str,
    /// Why it cannot pass here, in one sentence.
    pub reason: &'static str,
}

/// Where an exercise runs. Elsewhere it still builds, and is shown as "not on this OS".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Platform {
    /// Linux on x86_64 or aarch64: raw syscalls (lessons 01 and 10).
    LinuxRawSyscalls,
    /// Linux, any CPU.
    Linux,
    /// Linux, macOS, FreeBSD: the C library's POSIX calls.
    Unix,
    /// Linux and FreeBSD: both have `getrandom` in their C library.
    LinuxOrFreeBsd,
    /// macOS and FreeBSD: kqueue.
    MacOsOrFreeBsd,
    /// Windows: completion ports (lesson 06).
    Windows,
    /// Every OS with one of the course's queues: Linux, macOS, FreeBSD, Windows (lessons 03
    /// and 07: sockets, and the portable queue).
    AnyQueue,
    /// Every OS the course runs on: pure data, no system call.
    Anywhere,
}

impl Platform {
    /// Whether this build of the runner is on such a system.
    pub fn is_here(self) -> bool {
        let linux = cfg!(target_os = "linux");
        let freebsd = cfg!(target_os = "freebsd");
        match self {
            Platform::LinuxRawSyscalls => {
                linux && (cfg!(target_arch = "x86_64") || cfg!(target_arch = "aarch64"))
            }
            Platform::Linux => linux,
            Platform::Unix => cfg!(unix),
            Platform::LinuxOrFreeBsd => linux || freebsd,
            Platform::MacOsOrFreeBsd => cfg!(target_os = "macos") || freebsd,
            Platform::Windows => cfg!(windows),
            Platform::AnyQueue => linux || freebsd || cfg!(target_os = "macos") || cfg!(windows),
            Platform::Anywhere => true,
        }
    }

    /// What it needs, for "not on this OS" lines.
    pub fn needs(self) -> &'static str {
        match self {
            Platform::LinuxRawSyscalls => "Linux on x86_64 or aarch64",
            Platform::Linux => "Linux",
            Platform::Unix => "Linux, macOS or FreeBSD",
            Platform::LinuxOrFreeBsd => "Linux or FreeBSD",
            Platform::MacOsOrFreeBsd => "macOS or FreeBSD",
            Platform::Windows => "Windows",
            Platform::AnyQueue => "Linux, macOS, FreeBSD or Windows",
            Platform::Anywhere => "nothing",
        }
    }
}

/// The exercise called `name`.
pub fn find(name: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|exercise| exercise.name == name)
}

#[cfg(test)]
mod tests;
