//! Descriptors: every one the queue opens is close-on-exec, and every one is closed again.
//! (Its own test binary: other tests running in parallel would change the counts.)
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::sync::Mutex;

use epoll::{Poll, Token, Waker};

/// The tests here count the process's descriptors, so they must not run at the same time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The process's open descriptors, each with what it is (`anon_inode:[eventpoll]`...).
fn open_descriptors() -> BTreeSet<(String, String)> {
    let names: Vec<String> = std::fs::read_dir("/proc/self/fd")
        .expect("list /proc/self/fd")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The listing's own descriptor is closed by now: `read_link` fails for it, and it is left out.
    names
        .into_iter()
        .filter_map(|fd| {
            let target = std::fs::read_link(format!("/proc/self/fd/{fd}")).ok()?;
            Some((fd, target.to_string_lossy().into_owned()))
        })
        .collect()
}

#[test]
fn every_descriptor_is_close_on_exec() {
    const O_CLOEXEC: u32 = 0o2000000;
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let before = open_descriptors();
    let poll = Poll::new().unwrap();
    let waker = Waker::new(poll.registry(), Token(0)).unwrap();
    let new: Vec<_> = open_descriptors().difference(&before).cloned().collect();
    let kinds: BTreeSet<&str> = new.iter().map(|(_, target)| target.as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["anon_inode:[eventfd]", "anon_inode:[eventpoll]"])
    );
    for (fd, _) in &new {
        // The kernel shows each descriptor's open flags, in octal, in /proc/self/fdinfo.
        let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).unwrap();
        let flags = info
            .lines()
            .find_map(|line| line.strip_prefix("flags:"))
            .unwrap();
        let flags = u32::from_str_radix(flags.trim(), 8).unwrap();
        assert_ne!(
            flags & O_CLOEXEC,
            0,
            "fd {fd} is inherited by child processes: {info}"
        );
    }
    drop((waker, poll));
}

#[test]
fn creating_and_dropping_2000_queues_leaks_no_descriptor() {
    let _alone = ONE_AT_A_TIME.lock().unwrap();
    let before = open_descriptors();
    for _ in 0..2000 {
        let poll = Poll::new().unwrap();
        let _waker = Waker::new(poll.registry(), Token(0)).unwrap();
    }
    assert_eq!(open_descriptors(), before);
}
