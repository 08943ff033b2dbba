//! Link the program with no C library: no start files (`crt1.o` would bring glibc's own
//! `_start`), no default libraries, and statically (so there is no dynamic loader either).

fn main() {
    for arg in ["-nostartfiles", "-nostdlib", "-static"] {
        println!("cargo::rustc-link-arg-bins={arg}");
    }
}
