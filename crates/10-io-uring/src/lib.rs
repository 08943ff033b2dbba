//! Lesson 10: io_uring, Linux's completion queue, by raw system calls.
//!
//! Lessons 04 to 08 wait for *readiness*: epoll says a socket can be read, then the program
//! reads it. Lesson 06 showed the other model on Windows: start the read, with its buffer,
//! and be told when it is *done*. Linux has that model too, since 5.1: **io_uring**. This
//! crate builds it from nothing but the kernel's interface:
//!
//! - [`sys`]: the structures (`io_uring_params`, the ring offsets, the 64-byte SQE, the
//!   16-byte CQE, ...) declared by hand, with their layouts asserted, and the five system
//!   calls (`io_uring_setup`, `io_uring_enter`, `io_uring_register`, `mmap`, `munmap`) made by
//!   lesson 01's inline assembly: no C library has wrappers for them.
//! - [`ring`]: the two rings mapped into our memory, and the lock-free protocol on their
//!   heads and tails (acquire and release, each explained where it is used).
//! - [`entry`]: one function per operation: `ACCEPT`, `RECV`, `SEND`, `TIMEOUT`,
//!   `LINK_TIMEOUT`, `SHUTDOWN`, `CLOSE`, `ASYNC_CANCEL`.
//! - [`proactor`]: receives and sends that own their buffers until they complete: lesson 06's
//!   `CompletionPort`, on Linux. `cargo run -p io-uring` runs the book's chapter-4 client on it.
//! - [`buffers`]: provided-buffer rings, io_uring's answer to "a buffer per waiting receive".
//! - [`server`]: lesson 08's delay server with every socket operation and timer a ring
//!   operation: `io-uring serve`.
//! - [`probe`]: whether this machine can run any of it, and if not, why, in one sentence.
//!
//! ```no_run
//! # #[cfg(all(target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]
//! # fn main() -> std::io::Result<()> {
//! use io_uring::{entry, ring::Ring};
//! let mut ring = Ring::new(8)?;
//! // SAFETY: a NOP names no descriptor and no memory.
//! unsafe { ring.push(&entry::nop(42))? };
//! ring.submit_and_wait(1, None)?; // one system call: submit, and wait for the completion
//! assert_eq!(ring.next_completion().map(|cqe| cqe.user_data), Some(42));
//! # Ok(()) }
//! # #[cfg(not(target_os = "linux"))]
//! # fn main() {}
//! ```
//!
//! On other systems (and other CPUs, which lesson 01 has no syscall path for) the crate is
//! empty, and its program says which lesson to run instead.

// Everything below exists only where io_uring can: chosen here, once, for the whole crate.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

pub mod buffers;
pub mod entry;
pub mod proactor;
pub mod probe;
pub mod ring;
pub mod server;
pub mod sys;
