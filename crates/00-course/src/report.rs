//! What the runner prints: the progress table, the next exercise, and a check's verdict.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::catalog::{EXERCISES, Exercise};
use crate::check::{self, Against, Run, TestResult};
use crate::progress;

/// The progress table: every exercise, its lesson, and where the reader is with it.
pub fn table(root: &Path, done: &BTreeMap<String, u64>) {
    let here: Vec<&Exercise> = EXERCISES.iter().filter(|e| e.platform.is_here()).collect();
    let finished = here
        .iter()
        .filter(|e| progress::is_done(root, done, e))
        .count();
    println!(
        "Exercises: {finished} of the {} that run on this OS done ({} in all).\n",
        here.len(),
        EXERCISES.len()
    );
    println!(
        "  {:<9} {:<16} {:<15} what you build",
        "lesson", "exercise", "status"
    );
    for exercise in EXERCISES {
        let status = if !exercise.platform.is_here() {
            "not on this OS"
        } else if progress::is_done(root, done, exercise) {
            "done"
        } else {
            "not done"
        };
        println!(
            "  {:<9} {:<16} {:<15} {}",
            exercise.lesson, exercise.name, status, exercise.title
        );
    }
    println!();
    for exercise in EXERCISES.iter().filter(|e| !e.platform.is_here()) {
        println!("{} needs {}.", exercise.name, exercise.platform.needs());
    }
}

/// The next exercise: what to open and how to check it.
pub fn next(exercise: &Exercise) {
    println!(
        "\nNext: {} (lesson {}): {}",
        exercise.name, exercise.lesson, exercise.title
    );
    println!("  open   {}/{}", exercise.folder, exercise.files[0]);
    for file in &exercise.files[1..] {
        println!("         {}/{file}", exercise.folder);
    }
    println!("  check  cargo run -p course -- check {}", exercise.name);
    println!("  stuck  cargo run -p course -- hint {}", exercise.name);
}

/// The line before a check runs.
pub fn checking(exercise: &Exercise, against: Against) {
    let what = match against {
        Against::Reader => format!("your {}", exercise.files.join(", ")),
        Against::Solution => format!("the worked solution, {}", exercise.solutions.join(", ")),
        Against::Mutant => "the known-wrong answer in mutant/".to_string(),
    };
    let profiles = if exercise.release_too {
        "debug and release builds"
    } else {
        "a debug build"
    };
    println!(
        "Checking {} against {what}, in {profiles} (cargo test -p {}; the first build takes a \
         while)...",
        exercise.name, exercise.package
    );
}

/// Prints what each run found, then one sentence; returns whether the check passed.
pub fn verdict(exercise: &Exercise, runs: &[Run]) -> bool {
    for run in runs {
        println!("\n{} build:", run.profile);
        if let Some(errors) = &run.build_errors {
            println!("  It does not build yet. The compiler says:\n");
            for line in errors.lines() {
                println!("    {line}");
            }
            continue;
        }
        tests(run);
    }
    for skip in exercise.skips {
        println!("  not run  {}: {}", check::sentence(skip.test), skip.reason);
    }
    let passed = !runs.is_empty() && runs.iter().all(Run::passed);
    let last = runs.last();
    println!();
    if passed {
        let count: usize = runs.iter().map(|run| run.tests.len()).sum();
        println!("Passed: {count} tests in all. {} is done.", exercise.name);
    } else if let Some(run) = last.filter(|run| run.build_errors.is_some()) {
        println!(
            "Not yet: the {} build fails; fix the errors above (`cargo run -p course -- hint {}` \
             if stuck).",
            run.profile, exercise.name
        );
    } else if let Some(run) = last {
        let failed = run.tests.iter().filter(|test| !test.passed).count();
        let hint = if failed == 0 && run.tests.is_empty() {
            " (no test ran: does this OS have what the exercise needs?)"
        } else {
            ""
        };
        println!(
            "Not yet: {failed} of {} tests fail in the {} build{hint}. The message under the FAILED \
             lines says what is wrong; `cargo run -p course -- hint {}` if stuck.",
            run.tests.len(),
            run.profile,
            exercise.name
        );
    }
    passed
}

/// One run's tests: the passes, then the failures, each failure's message once for every
/// test that failed with it (a starter's `todo!` fails many tests with the same sentence).
fn tests(run: &Run) {
    let mut passed: Vec<String> = run
        .tests
        .iter()
        .filter(|test| test.passed)
        .map(|test| check::sentence(&test.name))
        .collect();
    passed.sort();
    for name in passed {
        println!("  passed   {name}");
    }
    let failed: Vec<&TestResult> = run.tests.iter().filter(|test| !test.passed).collect();
    let mut messages: Vec<Option<&String>> = Vec::new();
    for test in &failed {
        if !messages.contains(&test.message.as_ref()) {
            messages.push(test.message.as_ref());
        }
    }
    for message in messages {
        let mut names: Vec<String> = failed
            .iter()
            .filter(|test| test.message.as_ref() == message)
            .map(|test| check::sentence(&test.name))
            .collect();
        names.sort();
        for name in &names {
            println!("  FAILED   {name}");
        }
        let explanation = message.map_or_else(|| "(no message)".to_string(), |m| explain(m));
        let prefix = if names.len() > 1 { "all: " } else { "" };
        for (i, line) in explanation.lines().enumerate() {
            let lead = if i == 0 { prefix } else { "" };
            println!("           {lead}{line}");
        }
    }
}

/// A panic message, reworded where the harness's wording hides what it means.
fn explain(message: &str) -> String {
    match message.strip_prefix("not yet implemented: ") {
        Some(todo) => format!("still to write: {todo}"),
        None if message == "not yet implemented" => "still to write (a todo!() is left)".into(),
        None => message.to_string(),
    }
}

/// Where the worked solution is, and its opening doc comment (the `//!` lines).
pub fn solution(root: &Path, exercise: &Exercise) {
    println!(
        "The worked solution of {} (lesson {}):\n",
        exercise.name, exercise.lesson
    );
    for file in exercise.solutions {
        let path = format!("{}/{file}", exercise.folder);
        println!("  {path}");
        let text = fs::read_to_string(root.join(&path)).unwrap_or_default();
        let explanation: Vec<&str> = text
            .lines()
            .take_while(|line| line.starts_with("//!"))
            .map(|line| line.trim_start_matches("//!").trim_start())
            .collect();
        for line in explanation {
            println!("    {line}");
        }
        println!();
    }
    println!("Every step is commented in the file. See it pass:");
    println!(
        "  cargo run -p course -- check {} --solution",
        exercise.name
    );
    println!(
        "Compare with yours: diff -u {0}/{1} {0}/{2}",
        exercise.folder, exercise.files[0], exercise.solutions[0]
    );
}
