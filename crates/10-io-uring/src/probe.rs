//! Can this machine run the lesson? A ring, the opcodes and features it uses, and a
//! provided-buffer ring, tried once; if anything is missing, one sentence that says why.
//!
//! io_uring can be missing for reasons of very different kinds, and the tests treat them
//! differently (see `docs/10-io-uring.md`, "What runs where"):
//!
//! - **by nature**: the kernel (or the emulator standing in for it) has no io_uring system
//!   calls at all and answers `ENOSYS`: a kernel older than 5.1, or qemu-user, which runs this
//!   course's aarch64 tests and does not translate io_uring;
//! - **by policy**: the calls exist but are refused (`EPERM`): `io_uring_disabled` (Linux 6.6),
//!   or a seccomp filter (Docker's default profile blocks io_uring);
//! - **too old**: the calls exist but lack what this lesson uses (Linux 5.19).

use std::fmt;
use std::io;
use std::os::fd::AsFd;

use raw_syscall::Errno;

use crate::buffers::BufferRing;
use crate::ring::Ring;
use crate::sys::{
    self, IO_URING_OP_SUPPORTED, IORING_FEAT_EXT_ARG, IORING_FEAT_FAST_POLL, IORING_FEAT_NODROP,
    IORING_OP_ACCEPT, IORING_OP_ASYNC_CANCEL, IORING_OP_CLOSE, IORING_OP_LINK_TIMEOUT,
    IORING_OP_RECV, IORING_OP_SEND, IORING_OP_SHUTDOWN, IORING_OP_TIMEOUT, IORING_REGISTER_PROBE,
    Probe, ProbeOp,
};

/// The oldest kernel with everything this lesson uses (multishot accept and provided-buffer
/// rings are the newest, both from 5.19).
pub const MINIMUM_KERNEL: &str = "5.19";

/// The opcodes this lesson uses, with the kernel that added each.
const OPCODES: [(u8, &str, &str); 8] = [
    (IORING_OP_TIMEOUT, "IORING_OP_TIMEOUT", "5.4"),
    (IORING_OP_ACCEPT, "IORING_OP_ACCEPT", "5.5"),
    (IORING_OP_ASYNC_CANCEL, "IORING_OP_ASYNC_CANCEL", "5.5"),
    (IORING_OP_LINK_TIMEOUT, "IORING_OP_LINK_TIMEOUT", "5.5"),
    (IORING_OP_CLOSE, "IORING_OP_CLOSE", "5.6"),
    (IORING_OP_SEND, "IORING_OP_SEND", "5.6"),
    (IORING_OP_RECV, "IORING_OP_RECV", "5.6"),
    (IORING_OP_SHUTDOWN, "IORING_OP_SHUTDOWN", "5.11"),
];

/// The features this lesson relies on, with the kernel that added each.
const FEATURES: [(u32, &str, &str); 3] = [
    (IORING_FEAT_NODROP, "IORING_FEAT_NODROP", "5.5"),
    (IORING_FEAT_FAST_POLL, "IORING_FEAT_FAST_POLL", "5.7"),
    (IORING_FEAT_EXT_ARG, "IORING_FEAT_EXT_ARG", "5.11"),
];

/// Why io_uring cannot be used here.
#[derive(Debug)]
pub struct Unavailable {
    /// The error that showed it, if it was one.
    pub errno: Option<Errno>,
    /// The reason, as the end of a sentence.
    pub reason: String,
}

impl Unavailable {
    /// Whether the kernel, or the emulator in its place, has no io_uring system calls at all
    /// (`ENOSYS`): not something a setting on this machine could change.
    pub fn by_nature(&self) -> bool {
        self.errno == Some(Errno::ENOSYS)
    }

    /// The one sentence a program prints before it exits with status 2.
    pub fn sentence(&self, program: &str) -> String {
        format!(
            "{program}: io_uring is not available here: {}; run `cargo run -p epoll` instead.",
            self.reason
        )
    }
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Unavailable {}

/// Tries everything this lesson needs on a small ring of its own. `Err` says what is missing;
/// an error that is not about io_uring's availability (out of memory, say) is returned as is,
/// in `Err(Unavailable)` with its errno too.
pub fn check() -> Result<(), Unavailable> {
    let ring = Ring::new(4).map_err(|error| setup_failed(&error))?;
    for (bit, name, since) in FEATURES {
        if ring.features() & bit == 0 {
            return Err(too_old(format!(
                "this kernel's io_uring lacks {name} (Linux {since})"
            )));
        }
    }
    let supported = supported_opcodes(&ring).map_err(|error| Unavailable {
        errno: error.raw_os_error().map(Errno::new),
        reason: format!("IORING_REGISTER_PROBE failed ({error}): Linux 5.6 or newer has it"),
    })?;
    for (opcode, name, since) in OPCODES {
        if !supported.get(opcode as usize).copied().unwrap_or(false) {
            return Err(too_old(format!(
                "this kernel's io_uring lacks {name} (Linux {since})"
            )));
        }
    }
    let registered = BufferRing::new(&ring, 0, 1, 64).and_then(|pool| pool.unregister(&ring));
    registered.map_err(|error| Unavailable {
        errno: error.raw_os_error().map(Errno::new),
        reason: format!(
            "this kernel cannot register a provided-buffer ring ({error}; \
             IORING_REGISTER_PBUF_RING is Linux 5.19)"
        ),
    })?;
    Ok(())
}

/// Which opcodes this kernel's io_uring supports, by `IORING_REGISTER_PROBE`: index = opcode.
pub fn supported_opcodes(ring: &Ring) -> io::Result<Vec<bool>> {
    let mut probe = Probe {
        last_op: 0,
        ops_len: 0,
        resv: 0,
        resv2: [0; 3],
        ops: [ProbeOp::default(); 256],
    };
    // SAFETY: the kernel writes a `struct io_uring_probe` with up to 256 ops (the count
    // passed) into `probe`, a live local of that layout and size; it keeps no pointer.
    unsafe {
        sys::io_uring_register(
            ring.as_fd(),
            IORING_REGISTER_PROBE,
            (&raw mut probe).cast(),
            256,
        )
    }
    .map_err(crate::ring::os_error)?;
    let known = &probe.ops[..probe.ops_len as usize];
    Ok(known
        .iter()
        .map(|op| op.flags & IO_URING_OP_SUPPORTED != 0)
        .collect())
}

fn too_old(what: String) -> Unavailable {
    Unavailable {
        errno: None,
        reason: format!("{what}, and this lesson needs Linux {MINIMUM_KERNEL} or newer"),
    }
}

/// Why `io_uring_setup` failed, in words.
fn setup_failed(error: &io::Error) -> Unavailable {
    let errno = error.raw_os_error().map(Errno::new);
    let reason = match errno {
        Some(Errno::ENOSYS) => {
            "the kernel answers ENOSYS to io_uring_setup: Linux has had io_uring \
             since 5.1, so this is an older kernel or an emulator that does not pass io_uring on \
             (qemu-user does not)"
                .to_string()
        }
        Some(Errno::EPERM) => match disabled_setting().as_deref() {
            Some("2") => "it is switched off (/proc/sys/kernel/io_uring_disabled is 2)".to_string(),
            Some("1") => "it is allowed only to the group in /proc/sys/kernel/io_uring_group \
                 (/proc/sys/kernel/io_uring_disabled is 1)"
                .to_string(),
            _ => "io_uring_setup is refused with EPERM, typically by a seccomp filter (a \
                 container's default profile blocks io_uring)"
                .to_string(),
        },
        _ => format!("io_uring_setup failed ({error})"),
    };
    Unavailable { errno, reason }
}

/// `/proc/sys/kernel/io_uring_disabled` (Linux 6.6): 0 allowed, 1 one group only, 2 nobody.
fn disabled_setting() -> Option<String> {
    let value = std::fs::read_to_string("/proc/sys/kernel/io_uring_disabled").ok()?;
    Some(value.trim().to_string())
}
