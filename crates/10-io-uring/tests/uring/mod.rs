//! Whether io_uring can run here, and when a test may skip for lack of it.
//!
//! The rule (see `docs/10-io-uring.md`, "What runs where"):
//!
//! - **Natively**, a test that needs io_uring skips (loudly: `SKIPPED name: why`) on a
//!   reader's machine that lacks it: an old kernel, `io_uring_disabled`, a container's seccomp
//!   profile. With `COURSE_REQUIRE_TOOLS` set, as CI sets it, the same test **fails** instead:
//!   CI's kernel has io_uring, so a skip there would hide a broken lesson.
//! - **Under an emulator** (`COURSE_RUNNER` is set: the aarch64 run under qemu-user), io_uring
//!   is missing by nature: qemu-user 7.2 answers `ENOSYS` to all three calls. Those tests skip
//!   even with `COURSE_REQUIRE_TOOLS`, but only for `ENOSYS`: any other failure there fails.
#![allow(dead_code)] // each test file uses a different part

use std::sync::OnceLock;

/// `None` if io_uring can run here; else why not, after checking that a skip is allowed
/// (panics if it is not).
pub fn unavailable() -> Option<String> {
    static CHECKED: OnceLock<Option<String>> = OnceLock::new();
    CHECKED
        .get_or_init(|| {
            let unavailable = io_uring::probe::check().err()?;
            let emulated = std::env::var_os("COURSE_RUNNER").is_some();
            let required = std::env::var_os("COURSE_REQUIRE_TOOLS").is_some();
            let where_ = if emulated {
                "under an emulator"
            } else {
                "natively"
            };
            assert!(
                !required || (emulated && unavailable.by_nature()),
                "io_uring is required here (COURSE_REQUIRE_TOOLS is set, running {where_}), \
                 but it is not available: {unavailable}"
            );
            Some(format!("no io_uring {where_}: {unavailable}"))
        })
        .clone()
}

/// Whether the test named `test` can run; if not, says so on stderr.
pub fn or_skip(test: &str) -> bool {
    match unavailable() {
        None => true,
        Some(why) => {
            say_skipped(test, &why);
            false
        }
    }
}

/// `SKIPPED test: why`, written to standard error directly: the test harness captures what
/// `eprintln!` prints (and shows it only for failures), not a direct write, so this line is
/// seen in every run.
pub fn say_skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}
