//! Starting a program with no C library: the entry point, and the arguments on the stack.
//!
//! The kernel does not call `main`. It starts a program at its ELF entry point, the symbol
//! `_start`, with registers cleared and one stack. At the top of that stack, where the stack
//! pointer points, it has left the program's arguments and environment, in a layout fixed by
//! the ABI (the kernel's `create_elf_tables` in `fs/binfmt_elf.c`), the same on x86_64 and
//! aarch64:
//!
//! | at | holds |
//! |---|---|
//! | `sp` | `argc` |
//! | `sp + 8` | `argv[0]` ... `argv[argc - 1]`: pointers to NUL-terminated strings |
//! | then | a null pointer, `envp[0]` ..., a null pointer, then the auxiliary vector |
//!
//! Normally glibc's `_start` (in `crt1.o`) hands this to `__libc_start_main`, which sets up the
//! C library (thread-local storage, `stdio`, `atexit`) and calls C's `main(argc, argv, envp)`;
//! Rust's `std` then keeps `argc` and `argv` for `std::env::args`. A program with no C library
//! does that itself:
//!
//! - [`entry_point!`](crate::entry_point) defines `_start` in the program, in assembly (one
//!   file per CPU, chosen below), and calls the program's function with the stack pointer as
//!   an [`InitialStack`];
//! - [`InitialStack::args`] reads the arguments from it.
//!
//! Lesson 01's `no-libc/src/main.rs` is the smallest program that uses both.
//!
//! The program must be linked with `-nostartfiles` (so that `crt1.o` does not bring glibc's
//! `_start` as well), and be `#![no_main]` (so that Rust does not emit a C `main` for it).

// The entry point's assembly for this CPU, chosen here and nowhere else. Each file defines
// the same exported macro, `entry_point!`.
#[cfg(target_arch = "x86_64")]
#[path = "start/x86_64.rs"]
mod arch;
#[cfg(target_arch = "aarch64")]
#[path = "start/aarch64.rs"]
mod arch;

/// The stack pointer the kernel started the program with: where `argc` is.
///
/// `_start` from [`entry_point!`](crate::entry_point) makes one from the register, so it always
/// points at the kernel's initial stack; that is what makes [`args`](Self::args) safe. The only
/// other way to make one is the `unsafe` [`from_ptr`](Self::from_ptr).
#[repr(transparent)] // passed in a register, exactly like the pointer it holds
#[derive(Clone, Copy)]
pub struct InitialStack(*const usize);

impl InitialStack {
    /// An initial stack at `sp`: for tests that build a fake one.
    ///
    /// # Safety
    /// `sp` must point to a `usize` count `argc`, followed by `argc` pointers to NUL-terminated
    /// strings. The strings must stay valid and unchanged for the rest of the program (as the
    /// kernel's do), the count and pointers for as long as this value and its `Args` are used.
    pub const unsafe fn from_ptr(sp: *const usize) -> InitialStack {
        InitialStack(sp)
    }

    /// The program's arguments, `argv[0]` (how it was started, usually its path) first. Each
    /// is the bytes without the NUL, exactly as given to `execve`: not necessarily UTF-8.
    pub fn args(self) -> Args {
        // SAFETY: by this type's invariant, `self.0` points to `argc`, which we only read, and
        // the pointer array starts one `usize` after it (pointers and `usize` have one size).
        let argc = unsafe { *self.0 };
        Args {
            // SAFETY: one element past `argc`: the start of `argv`, inside the same stack.
            next: unsafe { self.0.add(1) }.cast::<*const u8>(),
            left: argc,
        }
    }
}

/// An iterator over the program's arguments, from [`InitialStack::args`].
pub struct Args {
    /// The next pointer in `argv`.
    next: *const *const u8,
    /// How many arguments are left.
    left: usize,
}

impl Iterator for Args {
    type Item = &'static [u8];

    fn next(&mut self) -> Option<&'static [u8]> {
        if self.left == 0 {
            return None;
        }
        // SAFETY: `left > 0`, so `next` points at one of the `argc` pointers of `argv`.
        let string = unsafe { *self.next };
        // SAFETY: stays inside `argv`, or one past its last element (its null terminator).
        self.next = unsafe { self.next.add(1) };
        self.left -= 1;
        // SAFETY: each `argv` string is NUL-terminated and lives, unchanged, as long as the
        // program (`InitialStack`'s invariant).
        Some(unsafe { c_string(string) })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Args {}

/// The bytes of the NUL-terminated string at `start`, without the NUL: C's `strlen`, by hand,
/// because with no C library there is no `strlen` to call.
///
/// # Safety
/// `start` must point to a NUL-terminated string that stays valid and unchanged forever.
unsafe fn c_string(start: *const u8) -> &'static [u8] {
    let mut len = 0;
    // SAFETY: every byte up to and including the NUL belongs to the string.
    while unsafe { *start.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: the `len` bytes before the NUL are the string's, valid forever (the caller's
    // promise), and nobody writes them.
    unsafe { core::slice::from_raw_parts(start, len) }
}
