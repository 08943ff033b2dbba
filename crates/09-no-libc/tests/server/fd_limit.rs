//! The descriptor limit, for the tests: this process's raised (many client sockets at once),
//! and a server's lowered (a small table, to fill), by `getrlimit`/`setrlimit` from the C
//! library that std links, declared by hand as lesson 08's `src/fd_limit/unix.rs` does.

use std::io;
use std::os::raw::c_int;
use std::os::unix::process::CommandExt;
use std::process::Command;

use super::{binary_or_skip, common, server};

/// `RLIMIT_NOFILE` on Linux.
const RLIMIT_NOFILE: c_int = 7;

/// `struct rlimit`: the soft limit (enforced) and the hard one (the ceiling).
#[repr(C)]
#[derive(Clone, Copy)]
struct Rlimit {
    soft: u64,
    hard: u64,
}
const _: () = assert!(size_of::<Rlimit>() == 16);
const _: () = assert!(std::mem::offset_of!(Rlimit, hard) == 8);

unsafe extern "C" {
    /// `int getrlimit(int resource, struct rlimit *rlim);`
    fn getrlimit(resource: c_int, rlim: *mut Rlimit) -> c_int;
    /// `int setrlimit(int resource, const struct rlimit *rlim);`
    fn setrlimit(resource: c_int, rlim: *const Rlimit) -> c_int;
    /// `int close(int fd);`
    fn close(fd: c_int) -> c_int;
}

/// Raises this process's soft limit to its hard one; returns the soft limit now.
pub fn raise_own() -> u64 {
    let mut limit = Rlimit { soft: 0, hard: 0 };
    // SAFETY: `getrlimit` writes one `struct rlimit` (16 bytes, layout checked above) into
    // `limit`, a live local.
    assert_eq!(unsafe { getrlimit(RLIMIT_NOFILE, &raw mut limit) }, 0);
    let raised = Rlimit {
        soft: limit.hard,
        ..limit
    };
    // SAFETY: `setrlimit` reads one `struct rlimit` from `raised`, a live local.
    if unsafe { setrlimit(RLIMIT_NOFILE, &raw const raised) } == 0 {
        limit = raised;
    }
    limit.soft
}

/// Makes `command`'s process start with both limits at `descriptors` (since the server raises
/// its soft limit to the hard one, the hard one is what it gets), and with nothing open below
/// that but standard input, output and error: what this process leaves open for its children
/// (cargo's jobserver pipe, say) would take the server's room.
pub fn limit_child(command: &mut Command, descriptors: u64) {
    let limit = Rlimit {
        soft: descriptors,
        hard: descriptors,
    };
    let in_child = move || {
        for fd in 3..descriptors as c_int {
            // SAFETY: in the child, before `exec`: nothing in it uses these descriptors any
            // more (std's own, to report a failed `exec`, would just report nothing).
            unsafe { close(fd) };
        }
        // SAFETY: `setrlimit` reads one `struct rlimit` from `limit`, the closure's own copy.
        match unsafe { setrlimit(RLIMIT_NOFILE, &raw const limit) } {
            0 => Ok(()),
            _ => Err(io::Error::last_os_error()),
        }
    };
    // SAFETY: the closure makes only `close` and `setrlimit`, plain syscall wrappers that take
    // no lock and allocate nothing: safe between `fork` and `exec`, as `pre_exec` requires.
    unsafe { command.pre_exec(in_child) };
}

/// Starts the server on a free port with a descriptor limit that leaves it room for exactly
/// `room` connections (it says how many it has room for; qemu-user holds a few descriptors).
pub fn start_with_room_for(room: usize) -> Option<server::Running> {
    let binary = binary_or_skip("(a server test)")?;
    let mut limit = room as u64 + 6; // 0, 1, 2, the listener, epoll, and one spare
    for _ in 0..3 {
        let mut command = common::lesson_command(binary.to_str().unwrap());
        limit_child(&mut command, limit);
        let running = server::start(command.arg("0")).expect("start the server");
        let capacity = running.capacity().expect("a `room for N connections` line");
        if capacity == room {
            return Some(running);
        }
        limit = (limit + room as u64).saturating_sub(capacity as u64);
    }
    panic!("no descriptor limit gives the server room for {room} connections")
}
