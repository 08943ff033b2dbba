//! `Errno`: the kernel's error numbers, with their names and meanings.
//!
//! A failing syscall tells you *why* with a small positive number, the errno. How it reaches
//! you depends on the OS: Linux returns `-errno` in the result register (any value in
//! `-4095..=-1` is an error), macOS and the BSDs set the carry flag and return `errno` itself,
//! and a C library stores it in a thread-local `errno` variable (lesson 02). The numbers differ
//! between OS families too: `EAGAIN` is 11 on Linux and 35 on macOS.

use core::fmt;

// The table of names and meanings for this OS, chosen here and nowhere else. Linux's numbers
// are the kernel's generic ones on x86_64, aarch64 and riscv64; a few CPUs (mips, sparc,
// alpha, parisc, powerpc) kept older numberings, which this table does not know: there, errors
// print as numbers rather than with a wrong name.
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
))]
#[path = "errno/linux.rs"]
mod table;
#[cfg(any(target_os = "macos", target_os = "freebsd"))]
#[path = "errno/bsd.rs"]
mod table;
#[cfg(not(any(
    all(
        target_os = "linux",
        any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64"
        )
    ),
    target_os = "macos",
    target_os = "freebsd"
)))]
#[path = "errno/none.rs"]
mod table;

/// An error number as the kernel reported it, e.g. `EBADF` (9 on Linux).
///
/// `Display` prints the name and the meaning: `EBADF: bad file descriptor`. Numbers this
/// crate has no name for print as `errno 200`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(i32);

impl Errno {
    /// The errno with this number.
    pub const fn new(number: i32) -> Errno {
        Errno(number)
    }

    /// The number itself, e.g. to build a `std::io::Error::from_raw_os_error`.
    pub const fn raw(self) -> i32 {
        self.0
    }

    /// Decodes a Linux raw syscall result: `-4095..=-1` is `-errno`, anything else a value.
    ///
    /// The kernel never returns an errno above 4095, so the top 4095 values of the register
    /// are reserved for errors; everything else, even a "negative" looking address from
    /// `mmap`, is a success.
    pub const fn from_linux_return(raw: usize) -> Result<usize, Errno> {
        const MAX_ERRNO: usize = 4095;
        if raw > usize::MAX - MAX_ERRNO {
            // raw is -errno as two's complement: negate it back.
            Err(Errno(raw.wrapping_neg() as i32))
        } else {
            Ok(raw)
        }
    }

    /// The symbolic name, such as `"EBADF"`, if this crate knows it.
    pub fn name(self) -> Option<&'static str> {
        self.entry().map(|&(_, name, _)| name)
    }

    /// What it means, such as `"bad file descriptor"`, if this crate knows it.
    pub fn meaning(self) -> Option<&'static str> {
        self.entry().map(|&(_, _, meaning)| meaning)
    }

    fn entry(self) -> Option<&'static (Errno, &'static str, &'static str)> {
        table::ERRNOS.iter().find(|(errno, _, _)| *errno == self)
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.entry() {
            Some((_, name, meaning)) => write!(f, "{name}: {meaning}"),
            None => write!(f, "errno {}", self.0),
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "Errno({name} = {})", self.0),
            None => write!(f, "Errno({})", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_results_are_values() {
        assert_eq!(Errno::from_linux_return(0), Ok(0));
        assert_eq!(Errno::from_linux_return(13), Ok(13));
        // The largest value that is not an error: -4096, e.g. a high mmap address.
        assert_eq!(
            Errno::from_linux_return(usize::MAX - 4095),
            Ok(usize::MAX - 4095)
        );
    }

    #[test]
    fn the_top_4095_values_are_errors() {
        assert_eq!(Errno::from_linux_return(usize::MAX), Err(Errno(1)));
        assert_eq!(Errno::from_linux_return(-9isize as usize), Err(Errno(9)));
        assert_eq!(
            Errno::from_linux_return(usize::MAX - 4094),
            Err(Errno(4095))
        );
    }
}
