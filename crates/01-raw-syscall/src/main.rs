//! `cargo run -p raw-syscall`: a greeting and an error, both straight from the kernel.

// The same targets `lib.rs` has a raw syscall path for.
#[cfg(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn main() {
    use std::os::fd::AsRawFd;

    use raw_syscall::{ERROR_CONVENTION, PLATFORM, exit, write};

    const STDOUT: i32 = 1;

    println!("Lesson 01: raw system calls on {PLATFORM}.");
    println!();

    let greeting = b"Hello from a raw write syscall: no std, no C library, one instruction.\n";
    // SAFETY: descriptor 1, standard output, is open for the whole life of this process.
    match unsafe { write(STDOUT, greeting) } {
        Ok(taken) => println!(
            "  ^ write(fd 1, buf, {}) returned {taken}: the bytes the kernel took.",
            greeting.len()
        ),
        // Only possible if stdout itself is closed; nothing more can be shown then.
        Err(errno) => exit(errno.raw()),
    }
    println!();

    // A descriptor number that was open a moment ago and is closed now: the kernel must refuse.
    let closed_fd = match std::fs::File::open("/dev/null") {
        Ok(file) => file.as_raw_fd(), // `file` is dropped (closed) at the end of this arm
        Err(error) => {
            eprintln!("raw-syscall: cannot open /dev/null to get a descriptor: {error}");
            std::process::exit(1);
        }
    };
    println!("Now a write that must fail: descriptor {closed_fd} was opened, then closed.");
    println!("  {ERROR_CONVENTION}");
    // SAFETY: `closed_fd` was closed just above and this program has no other thread that
    // could have opened a file since, so the number names nothing: the kernel can only refuse.
    match unsafe { write(closed_fd, b"lost\n") } {
        Ok(taken) => println!("  write(fd {closed_fd}) unexpectedly took {taken} bytes"),
        Err(errno) => println!(
            "  write(fd {closed_fd}, ...) failed: {errno} (errno {})",
            errno.raw()
        ),
    }
    println!();
    println!("This process now ends with a raw exit_group(0) (exit on macOS): no destructors run.");
    println!("Next: the same calls through the C library, in `cargo run -p ffi-syscall`.");
    exit(0);
}

#[cfg(not(all(
    any(target_os = "linux", target_os = "macos"),
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
fn main() {
    eprintln!(
        "raw-syscall: this OS has no stable system call ABI to call by hand (only Linux and macOS \
         on x86_64 or aarch64 are covered); run `cargo run -p ffi-syscall` instead."
    );
    std::process::exit(2);
}
