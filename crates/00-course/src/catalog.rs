//! Every exercise of the course, in the order a reader meets them.
//!
//! An exercise is a package of the exercises' own workspace (`exercises/Cargo.toml`), in its
//! own folder: the reader's files under `src/`, the worked solution under `solution/`, a hint
//! in `hint.md`, and the check in `tests/`. This table says where each is and how it is checked;
//! the text a reader sees (the hint, the solution's explanation) lives in those files.

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

/// The suite's tests that a `poll(2)` backend cannot pass, and why: see the capstone's hint.
const POLL_CANNOT: &[Skip] = &[
    Skip {
        test: "suite::edge_triggered_does_not_repeat_unread_data",
        reason: "poll(2) has no edge-triggered mode and keeps no state between calls, so the \
                 backend reports a ready source on every poll (level-triggered), which the API \
                 allows as spurious events",
    },
    Skip {
        test: "suite::reregister_replaces_token_and_interest",
        reason: "its last assertion wants edge-triggered writability to stay silent, which \
                 poll(2) cannot do (see the test above); the rest of it is checked by the \
                 capstone's own tests/check.rs",
    },
];

/// The exercises, in order.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        name: "getpid-asm",
        lesson: "01",
        title: "getpid by inline asm, right in release builds too",
        folder: "exercises/01-getpid-asm",
        package: "exercise-getpid-asm",
        files: &["src/getpid.rs"],
        solutions: &["solution/getpid.rs"],
        platform: Platform::LinuxRawSyscalls,
        tests: &["check"],
        release_too: true,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "getrandom-asm",
        lesson: "01",
        title: "getrandom by inline asm: a buffer the kernel fills, -errno",
        folder: "exercises/01-getrandom-asm",
        package: "exercise-getrandom-asm",
        files: &["src/getrandom.rs"],
        solutions: &["solution/getrandom.rs"],
        platform: Platform::LinuxRawSyscalls,
        tests: &["check"],
        release_too: true,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "getpid-ffi",
        lesson: "02",
        title: "getpid and getppid declared by hand, with C's pid_t",
        folder: "exercises/02-getpid-ffi",
        package: "exercise-getpid-ffi",
        files: &["src/process.rs"],
        solutions: &["solution/process.rs"],
        platform: Platform::Unix,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "errno-location",
        lesson: "02",
        title: "errno read by hand: one function per OS, one errno per thread",
        folder: "exercises/02-errno-location",
        package: "exercise-errno-location",
        files: &["src/errno.rs"],
        solutions: &["solution/errno.rs"],
        platform: Platform::Unix,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "getrandom-ffi",
        lesson: "02",
        title: "getrandom through the C library, its failure from errno",
        folder: "exercises/02-getrandom-ffi",
        package: "exercise-getrandom-ffi",
        files: &["src/getrandom.rs"],
        solutions: &["solution/getrandom.rs"],
        platform: Platform::LinuxOrFreeBsd,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "uname-ffi",
        lesson: "02",
        title: "uname by hand-declared FFI: a struct the C library fills",
        folder: "exercises/02-uname-ffi",
        package: "exercise-uname-ffi",
        files: &["src/uname.rs"],
        solutions: &["solution/uname.rs"],
        platform: Platform::Linux,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "nonblock-accept",
        lesson: "03",
        title: "a blocking accept-and-read loop made non-blocking, its WouldBlocks counted",
        folder: "exercises/03-nonblock-accept",
        package: "exercise-nonblock-accept",
        files: &["src/accept.rs"],
        solutions: &["solution/accept.rs"],
        platform: Platform::AnyQueue,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "request-buffer",
        lesson: "03",
        title: "a connection's request buffer: heads split across reads, requests pipelined",
        folder: "exercises/03-request-buffer",
        package: "exercise-request-buffer",
        files: &["src/connection.rs"],
        solutions: &["solution/connection.rs"],
        platform: Platform::Anywhere,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "edge-vs-level",
        lesson: "04",
        title: "what edge- and level-triggered mean to a reader: drain to WouldBlock",
        folder: "exercises/04-edge-vs-level",
        package: "exercise-edge-vs-level",
        files: &["src/readiness.rs"],
        solutions: &["solution/readiness.rs"],
        platform: Platform::Linux,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "eintr-retry",
        lesson: "04",
        title: "timeouts rounded up; after EINTR, wait for the time left",
        folder: "exercises/04-eintr-retry",
        package: "exercise-eintr-retry",
        files: &["src/wait.rs"],
        solutions: &["solution/wait.rs"],
        platform: Platform::Linux,
        tests: &["check", "signals"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "eventfd-waker",
        lesson: "04",
        title: "a Waker made of an eventfd, declared by hand",
        folder: "exercises/04-eventfd-waker",
        package: "exercise-eventfd-waker",
        files: &["src/waker.rs"],
        solutions: &["solution/waker.rs"],
        platform: Platform::Linux,
        tests: &["check", "descriptors"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "kevent-changes",
        lesson: "05",
        title: "kqueue's change lists for register/reregister/deregister (pure data)",
        folder: "exercises/05-kevent-changes",
        package: "exercise-kevent-changes",
        files: &["src/changes.rs"],
        solutions: &["solution/changes.rs"],
        platform: Platform::Anywhere,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "kevent-timer",
        lesson: "05",
        title: "timers the kernel keeps: EVFILT_TIMER (macOS, FreeBSD only)",
        folder: "exercises/05-kevent-timer",
        package: "exercise-kevent-timer",
        files: &["src/timers.rs"],
        solutions: &["solution/timers.rs"],
        platform: Platform::MacOsOrFreeBsd,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "owned-buffers",
        lesson: "06",
        title: "IOCP's owned-buffer rules as a state machine: lent, cancelled, completed (pure data)",
        folder: "exercises/06-owned-buffers",
        package: "exercise-owned-buffers",
        files: &["src/rules.rs"],
        solutions: &["solution/rules.rs"],
        platform: Platform::Anywhere,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "iocp-workers",
        lesson: "06",
        title: "a completion port as a thread pool's work queue (Windows only)",
        folder: "exercises/06-iocp-workers",
        package: "exercise-iocp-workers",
        files: &["src/workers.rs"],
        solutions: &["solution/workers.rs"],
        platform: Platform::Windows,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: false,
    },
    Exercise {
        name: "portable-echo",
        lesson: "07",
        title: "an echo server on the portable queue, right on every backend",
        folder: "exercises/07-portable-echo",
        package: "exercise-portable-echo",
        files: &["src/echo.rs"],
        solutions: &["solution/echo.rs"],
        platform: Platform::AnyQueue,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "threaded-server",
        lesson: "08",
        title: "the protocol core driven by blocking threads, graded by lesson 08's protocol tests",
        folder: "exercises/08-threaded-server",
        package: "exercise-threaded-server",
        files: &["src/drive.rs"],
        solutions: &["solution/drive.rs"],
        platform: Platform::AnyQueue,
        tests: &["check", "protocol"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "uring-read",
        lesson: "10",
        title: "IORING_OP_READ and IORING_OP_WRITE on pipes and files: offsets, and -1",
        folder: "exercises/10-uring-read",
        package: "exercise-uring-read",
        files: &["src/read.rs"],
        solutions: &["solution/read.rs"],
        platform: Platform::LinuxRawSyscalls,
        tests: &["check"],
        release_too: false,
        skips: &[],
        has_mutant: true,
    },
    Exercise {
        name: "poll-backend",
        lesson: "capstone",
        title: "a fourth backend, poll(2), graded by lesson 04's acceptance suite",
        folder: "exercises/capstone-poll-backend",
        package: "exercise-poll-backend",
        files: &[
            "src/backend/sys.rs",
            "src/backend/registry.rs",
            "src/backend/poll.rs",
            "src/backend/events.rs",
            "src/backend/waker.rs",
            "src/backend/mod.rs",
        ],
        solutions: &[
            "solution/sys.rs",
            "solution/registry.rs",
            "solution/poll.rs",
            "solution/events.rs",
            "solution/waker.rs",
            "solution/mod.rs",
        ],
        platform: Platform::Linux,
        tests: &["acceptance", "signals", "check"],
        release_too: false,
        skips: POLL_CANNOT,
        has_mutant: false,
    },
];

/// The exercise called `name`.
pub fn find(name: &str) -> Option<&'static Exercise> {
    EXERCISES.iter().find(|exercise| exercise.name == name)
}

#[cfg(test)]
mod tests;
