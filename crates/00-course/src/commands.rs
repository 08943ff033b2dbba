//! What each command of the runner does.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use crate::catalog::{self, EXERCISES, Exercise};
use crate::check::{self, Against};
use crate::{progress, report, watch};

/// The exit status of `check` when the exercise cannot run on this OS (0: passed, 1: tests
/// failed, 4: it did not build).
const NOT_HERE: u8 = 3;
/// The exit status of `check` when the package did not build.
const DID_NOT_BUILD: u8 = 4;

/// The exercise called `name`, or a message listing the names.
fn find(name: &str) -> Result<&'static Exercise, ExitCode> {
    catalog::find(name).ok_or_else(|| {
        let names: Vec<&str> = EXERCISES.iter().map(|exercise| exercise.name).collect();
        eprintln!(
            "course: no exercise called {name:?}; there are: {}",
            names.join(", ")
        );
        ExitCode::from(2)
    })
}

/// The first exercise that runs here and is not done.
fn next(root: &Path) -> Option<&'static Exercise> {
    let done = progress::load(root);
    EXERCISES
        .iter()
        .find(|exercise| exercise.platform.is_here() && !progress::is_done(root, &done, exercise))
}

/// No arguments: the table, then the next exercise.
pub fn progress(root: &Path) -> ExitCode {
    let done = progress::load(root);
    report::table(root, &done);
    match next(root) {
        Some(exercise) => report::next(exercise),
        None => println!("\nEvery exercise that runs on this OS is done. Well done."),
    }
    ExitCode::SUCCESS
}

/// `list`: one tab-separated line per exercise, for `scripts/exercises.sh`: its name, `here` or
/// `elsewhere`, `mutant` or `-`, its folder, and its files.
pub fn list() -> ExitCode {
    for exercise in EXERCISES {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            exercise.name,
            if exercise.platform.is_here() {
                "here"
            } else {
                "elsewhere"
            },
            if exercise.has_mutant { "mutant" } else { "-" },
            exercise.folder,
            exercise.files.join(","),
        );
    }
    ExitCode::SUCCESS
}

/// `check NAME`: runs the check and says what passed and what is still wrong.
pub fn check(root: &Path, name: &str, against: Against) -> ExitCode {
    let exercise = match find(name) {
        Ok(exercise) => exercise,
        Err(code) => return code,
    };
    if !exercise.platform.is_here() {
        println!(
            "{}: not on this OS. It needs {}; it still builds here, but its check has nothing to \
             run.",
            exercise.name,
            exercise.platform.needs()
        );
        return ExitCode::from(NOT_HERE);
    }
    match check_once(root, exercise, against) {
        Outcome::Passed => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::FAILURE,
        Outcome::DidNotBuild => ExitCode::from(DID_NOT_BUILD),
    }
}

/// How a check ended.
#[derive(PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed,
    DidNotBuild,
}

/// Runs the check, prints the verdict, and records it if it was on the reader's files (unless
/// `COURSE_NO_PROGRESS` is set, as `scripts/exercises.sh` does).
fn check_once(root: &Path, exercise: &Exercise, against: Against) -> Outcome {
    report::checking(exercise, against);
    let runs = check::run(root, exercise, against);
    let passed = report::verdict(exercise, &runs);
    let outcome = if passed {
        Outcome::Passed
    } else if runs.iter().any(|run| run.build_errors.is_some()) {
        Outcome::DidNotBuild
    } else {
        Outcome::Failed
    };
    if against == Against::Reader && std::env::var_os("COURSE_NO_PROGRESS").is_none() {
        let recorded = if passed {
            progress::mark_done(root, exercise)
        } else {
            progress::forget(root, exercise)
        };
        if let Err(error) = recorded {
            eprintln!("course: could not record your progress in exercises/.progress: {error}");
        }
    }
    outcome
}

/// `hint NAME`: the exercise's `hint.md`.
pub fn hint(root: &Path, name: &str) -> ExitCode {
    let exercise = match find(name) {
        Ok(exercise) => exercise,
        Err(code) => return code,
    };
    let path = root.join(exercise.folder).join("hint.md");
    match fs::read_to_string(&path) {
        Ok(text) => {
            println!(
                "Hint for {} (from {}/hint.md):\n",
                exercise.name, exercise.folder
            );
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("course: cannot read {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// `solution NAME`: where the worked solution is, and its opening explanation.
pub fn solution(root: &Path, name: &str) -> ExitCode {
    let exercise = match find(name) {
        Ok(exercise) => exercise,
        Err(code) => return code,
    };
    report::solution(root, exercise);
    ExitCode::SUCCESS
}

/// `reset NAME`: the reader's files back as the course ships them, from git.
pub fn reset(root: &Path, name: &str) -> ExitCode {
    let exercise = match find(name) {
        Ok(exercise) => exercise,
        Err(code) => return code,
    };
    let files: Vec<String> = exercise
        .files
        .iter()
        .map(|file| format!("{}/{file}", exercise.folder))
        .collect();
    let status = Command::new("git")
        .current_dir(root)
        .args(["checkout", "HEAD", "--"])
        .args(&files)
        .status();
    match status {
        Ok(status) if status.success() => {
            let _ = progress::forget(root, exercise);
            println!(
                "{}: back to its starter ({}).",
                exercise.name,
                files.join(", ")
            );
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "course: `git checkout HEAD -- {}` did not work: without git, copy those files \
                 again from the course's repository",
                files.join(" ")
            );
            ExitCode::FAILURE
        }
    }
}

/// `watch [NAME]`: checks the exercise, then again each time one of its files is saved; when it
/// passes, goes on to the next. Stops when everything is done (or at Ctrl-C).
pub fn watch(root: &Path, name: Option<&str>) -> ExitCode {
    let mut current = match name {
        Some(name) => match find(name) {
            Ok(exercise) => Some(exercise),
            Err(code) => return code,
        },
        None => next(root),
    };
    while let Some(exercise) = current {
        if !exercise.platform.is_here() {
            return check(root, exercise.name, Against::Reader);
        }
        report::next(exercise);
        if check_once(root, exercise, Against::Reader) == Outcome::Passed {
            current = next(root);
            continue;
        }
        println!(
            "\nWatching {}/{}: save it to check again (Ctrl-C to stop).",
            exercise.folder, exercise.files[0]
        );
        watch::until_saved(root, exercise);
    }
    println!("\nEvery exercise that runs on this OS is done.");
    ExitCode::SUCCESS
}
