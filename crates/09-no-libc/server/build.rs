//! Link the no-libc binary with no C library: no start files (`crt1.o` would bring glibc's own
//! `_start`), no default libraries, and statically (so there is no dynamic loader either).
//! Only that binary: `server-with-std` is linked the normal way, against the C library.

fn main() {
    for arg in ["-nostartfiles", "-nostdlib", "-static"] {
        println!("cargo::rustc-link-arg-bin=no-libc-server={arg}");
    }
}
