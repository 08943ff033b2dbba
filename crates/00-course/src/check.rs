//! Running a check: `cargo test` on the exercise's package, then what its harness printed,
//! turned into sentences.

use std::io::{self, BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use crate::catalog::Exercise;

/// Which code a check runs against.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Against {
    /// The reader's files (`src/`).
    Reader,
    /// The worked solution (`solution/`), with the feature `solution`.
    Solution,
    /// The known-wrong answer (`mutant/`), with the feature `mutant`.
    Mutant,
}

/// How one test went.
#[derive(Debug, PartialEq, Eq)]
pub struct TestResult {
    /// The test's name as the harness prints it (`suite::large_tokens_come_back_intact`).
    pub name: String,
    /// Whether it passed.
    pub passed: bool,
    /// Why it failed: its panic message, if the harness printed one.
    pub message: Option<String>,
}

/// What one `cargo test` (one build profile) found.
pub struct Run {
    /// "debug" or "release".
    pub profile: &'static str,
    /// Every test the harness reported, in the order it printed them.
    pub tests: Vec<TestResult>,
    /// Whether cargo succeeded (built, and every test passed).
    pub succeeded: bool,
    /// The compiler's complaints, if the package did not build.
    pub build_errors: Option<String>,
}

impl Run {
    /// Whether this run is a pass: cargo succeeded and at least one test ran.
    pub fn passed(&self) -> bool {
        self.succeeded && !self.tests.is_empty()
    }
}

/// Runs the exercise's check once per build profile it needs; stops after the first profile
/// that fails, since the next would say the same.
pub fn run(root: &Path, exercise: &Exercise, against: Against) -> Vec<Run> {
    let profiles: &[&'static str] = if exercise.release_too {
        &["debug", "release"]
    } else {
        &["debug"]
    };
    let mut runs = Vec::new();
    for &profile in profiles {
        let run = run_profile(root, exercise, against, profile);
        let passed = run.passed();
        runs.push(run);
        if !passed {
            break;
        }
    }
    runs
}

fn run_profile(root: &Path, exercise: &Exercise, against: Against, profile: &'static str) -> Run {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["test", "--color", "never", "--no-fail-fast"])
        .arg("--manifest-path")
        .arg(root.join("exercises/Cargo.toml"))
        .args(["-p", exercise.package])
        // The panic messages are what the reader needs; a backtrace would bury them.
        .env("RUST_BACKTRACE", "0");
    if profile == "release" {
        command.arg("--release");
    }
    match against {
        Against::Reader => {}
        Against::Solution => {
            command.args(["--features", "solution"]);
        }
        Against::Mutant => {
            command.args(["--features", "mutant"]);
        }
    }
    // Another target, for `scripts/exercises.sh`: it runs every check again for aarch64 Linux,
    // under qemu, with cargo's runner setting for that target saying how to start the tests.
    if let Some(target) = std::env::var_os("COURSE_CARGO_TARGET") {
        command.arg("--target").arg(target);
    }
    for test in exercise.tests {
        command.args(["--test", test]);
    }
    command.args(["--", "--color", "never"]);
    for skip in exercise.skips {
        command.args(["--skip", skip.test]);
    }
    if !exercise.skips.is_empty() {
        // Skip filters then match whole names: only the test of exactly that name is left out.
        command.arg("--exact");
    }
    let (status, stdout, stderr) = match run_showing_progress(command) {
        Ok(output) => output,
        Err(error) => {
            return Run {
                profile,
                tests: Vec::new(),
                succeeded: false,
                build_errors: Some(format!("could not start cargo: {error}")),
            };
        }
    };
    let mut tests = parse_harness(&stdout);
    let build_errors = stderr
        .contains("could not compile")
        .then(|| compiler_errors(&stderr));
    let none_failed = tests.iter().all(|test| test.passed);
    if none_failed && build_errors.is_none() && !status.success() {
        // Built, but a test program died before reporting its failure (a crash, such as a
        // segfault caused by a register the kernel changed behind the compiler's back).
        tests.push(TestResult {
            name: "the_test_program_runs_to_the_end".into(),
            passed: false,
            message: Some(crash(&stderr)),
        });
    }
    Run {
        profile,
        tests,
        succeeded: status.success(),
        build_errors,
    }
}

/// Runs cargo, keeping everything it prints, and showing the reader one line per package it
/// compiles as it goes: a first build of the lessons takes a while, and should not look stuck.
fn run_showing_progress(mut command: Command) -> io::Result<(ExitStatus, String, String)> {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().expect("stderr is piped");
    // cargo's messages, read while the test harness's output is read below: each pipe is read
    // as it fills, so neither program can block on a full pipe.
    let messages = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(package) = line.trim_start().strip_prefix("Compiling ") {
                eprintln!("  compiling {package}");
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let output = child.wait_with_output()?;
    let stderr = messages.join().unwrap_or_default();
    Ok((
        output.status,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
    ))
}

/// Reads the test harness's output: `test NAME ... ok` / `... FAILED` lines, and each failed
/// test's captured output (`---- NAME stdout ----`) for its panic message.
pub fn parse_harness(stdout: &str) -> Vec<TestResult> {
    let mut tests = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, outcome)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let passed = match outcome.trim() {
            "ok" => true,
            "FAILED" => false,
            _ => continue, // ignored, or a benchmark
        };
        tests.push(TestResult {
            name: name.to_string(),
            passed,
            message: None,
        });
    }
    for test in tests.iter_mut().filter(|test| !test.passed) {
        test.message = panic_message(stdout, &test.name);
    }
    tests
}

/// The panic message in a failed test's captured output: the lines after `panicked at ...:`,
/// up to the `note:` line the harness adds.
fn panic_message(stdout: &str, name: &str) -> Option<String> {
    let header = format!("---- {name} stdout ----");
    let section = &stdout[stdout.find(&header)? + header.len()..];
    let mut lines = section
        .lines()
        .skip_while(|line| !line.contains(" panicked at "));
    lines.next()?;
    let message: Vec<&str> = lines
        .take_while(|line| !line.starts_with("note:") && !line.starts_with("---- "))
        .take_while(|line| !line.starts_with("stack backtrace:"))
        .take_while(|line| !line.is_empty())
        .collect();
    (!message.is_empty()).then(|| message.join("\n"))
}

/// Why a test program ended without reporting, from cargo's "process didn't exit
/// successfully: ... (signal: 11, SIGSEGV: invalid memory reference)" line.
fn crash(stderr: &str) -> String {
    let reason = stderr
        .lines()
        .find(|line| line.contains("didn't exit successfully"))
        .and_then(|line| line.rsplit_once(" ("))
        .map_or("for a reason cargo did not say", |(_, reason)| {
            reason.trim_end_matches(')')
        });
    format!(
        "the test program crashed ({reason}) before it could report: memory or a register was \
         changed behind the compiler's back (with asm!, look for a register the instruction \
         changes that the block does not declare)"
    )
}

/// The compiler's errors from cargo's output, without its progress lines.
fn compiler_errors(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            ![
                "Compiling",
                "Finished",
                "Running",
                "Blocking",
                "Locking",
                "Adding",
            ]
            .iter()
            .any(|progress| line.starts_with(progress))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A test's name as a sentence: `suite::a_zero_timeout_returns_at_once` becomes
/// "a zero timeout returns at once (suite)".
pub fn sentence(test: &str) -> String {
    match test.rsplit_once("::") {
        Some((module, name)) => format!("{} ({module})", name.replace('_', " ")),
        None => test.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\nrunning 3 tests\n\
test a_pass ... ok\n\
test suite::a_failure ... FAILED\n\
test ignored_one ... ignored\n\
\nfailures:\n\n\
---- suite::a_failure stdout ----\n\n\
thread 'suite::a_failure' (77) panicked at tests/check.rs:9:5:\n\
not yet implemented: write it\n\
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
failures:\n    suite::a_failure\n";

    #[test]
    fn passes_failures_and_their_messages_are_read() {
        let tests = parse_harness(OUTPUT);
        assert_eq!(
            tests,
            [
                TestResult {
                    name: "a_pass".into(),
                    passed: true,
                    message: None
                },
                TestResult {
                    name: "suite::a_failure".into(),
                    passed: false,
                    message: Some("not yet implemented: write it".into())
                },
            ]
        );
    }

    #[test]
    fn test_names_read_as_sentences() {
        assert_eq!(
            sentence("suite::a_zero_timeout_returns_at_once"),
            "a zero timeout returns at once (suite)"
        );
        assert_eq!(sentence("the_pid_matches"), "the pid matches");
    }
}
