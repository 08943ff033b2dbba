//! What the reader has done: the exercises whose check passed, remembered with a fingerprint
//! of the files it passed on, in `exercises/.progress` (one `NAME FINGERPRINT` line each; not
//! in git). Edit a file after it passed and the exercise shows as not done until it passes
//! again.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::catalog::Exercise;

/// The progress file's place.
fn file(root: &Path) -> PathBuf {
    root.join("exercises/.progress")
}

/// The exercises remembered as passed, with their fingerprints.
pub fn load(root: &Path) -> BTreeMap<String, u64> {
    let Ok(text) = fs::read_to_string(file(root)) else {
        return BTreeMap::new(); // nothing done yet
    };
    text.lines()
        .filter_map(|line| {
            let (name, fingerprint) = line.split_once(' ')?;
            Some((name.to_string(), u64::from_str_radix(fingerprint, 16).ok()?))
        })
        .collect()
}

fn save(root: &Path, done: &BTreeMap<String, u64>) -> io::Result<()> {
    let text: String = done
        .iter()
        .map(|(name, fingerprint)| format!("{name} {fingerprint:016x}\n"))
        .collect();
    fs::write(file(root), text)
}

/// Whether the exercise's files are exactly those its check last passed on.
pub fn is_done(root: &Path, done: &BTreeMap<String, u64>, exercise: &Exercise) -> bool {
    done.get(exercise.name) == Some(&fingerprint(root, exercise))
}

/// Remembers that the exercise's check passed on its files as they are now.
pub fn mark_done(root: &Path, exercise: &Exercise) -> io::Result<()> {
    let mut done = load(root);
    done.insert(exercise.name.to_string(), fingerprint(root, exercise));
    save(root, &done)
}

/// Forgets the exercise (after a reset, or a check that failed).
pub fn forget(root: &Path, exercise: &Exercise) -> io::Result<()> {
    let mut done = load(root);
    if done.remove(exercise.name).is_some() {
        save(root, &done)?;
    }
    Ok(())
}

/// A fingerprint of the reader's files: FNV-1a over their names and contents. Not a
/// cryptographic hash, and it need not be: it only notices that a file changed.
pub fn fingerprint(root: &Path, exercise: &Exercise) -> u64 {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = FNV_OFFSET;
    for file in exercise.files {
        let contents = fs::read(root.join(exercise.folder).join(file)).unwrap_or_default();
        for &byte in file.as_bytes().iter().chain(&[0]).chain(&contents) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
    }
    hash
}

/// The newest modification time among the reader's files, for `watch`.
pub fn last_modified(root: &Path, exercise: &Exercise) -> Option<std::time::SystemTime> {
    exercise
        .files
        .iter()
        .filter_map(|file| fs::metadata(root.join(exercise.folder).join(file)).ok())
        .filter_map(|metadata| metadata.modified().ok())
        .max()
}
