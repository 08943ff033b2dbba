//! The table against the folders: every exercise's package, files, hint and solution exist,
//! and every package in `exercises/` is in the table.

use std::fs;
use std::path::PathBuf;

use super::*;

fn root() -> PathBuf {
    crate::repository_root()
}

#[test]
fn names_are_unique() {
    for (i, exercise) in EXERCISES.iter().enumerate() {
        assert!(
            EXERCISES[..i]
                .iter()
                .all(|other| other.name != exercise.name),
            "{} twice",
            exercise.name
        );
    }
}

#[test]
fn every_exercise_has_its_files_its_hint_and_its_solution() {
    for exercise in EXERCISES {
        let folder = root().join(exercise.folder);
        let manifest = fs::read_to_string(folder.join("Cargo.toml"))
            .unwrap_or_else(|_| panic!("{}: no Cargo.toml", exercise.name));
        assert!(
            manifest.contains(&format!("name = \"{}\"", exercise.package)),
            "{}: its Cargo.toml does not name the package {}",
            exercise.name,
            exercise.package
        );
        assert!(
            manifest.contains("\nsolution = []"),
            "{}: no feature `solution`",
            exercise.name
        );
        assert_eq!(
            manifest.contains("\nmutant = []"),
            exercise.has_mutant,
            "{}: feature `mutant` and the table disagree",
            exercise.name
        );
        assert_eq!(
            exercise.files.len(),
            exercise.solutions.len(),
            "{}",
            exercise.name
        );
        let named = exercise
            .files
            .iter()
            .chain(exercise.solutions)
            .chain(&["hint.md"]);
        for file in named {
            assert!(folder.join(file).is_file(), "{}: no {file}", exercise.name);
        }
        for test in exercise.tests {
            let path = folder.join("tests").join(format!("{test}.rs"));
            assert!(path.is_file(), "{}: no tests/{test}.rs", exercise.name);
        }
    }
}

#[test]
fn every_exercise_package_is_in_the_table() {
    for entry in fs::read_dir(root().join("exercises")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("Cargo.toml").is_file() && path.file_name().unwrap() != "target" {
            let folder = format!("exercises/{}", path.file_name().unwrap().to_string_lossy());
            assert!(
                EXERCISES.iter().any(|exercise| exercise.folder == folder),
                "{folder} is not in the table"
            );
        }
    }
}
