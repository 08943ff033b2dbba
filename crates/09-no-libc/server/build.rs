//! Link the no-libc binary with no C library: no start files (`crt1.o` would bring glibc's own
//! `_start`), no default libraries, and statically (so there is no dynamic loader either).
//! Only that binary: `server-with-std` is linked the normal way, against the C library.
//!
//! And no RELRO (`-z norelro`): a "read-only after relocation" segment is made read-only by the
//! dynamic loader or glibc's start-up code once it has applied relocations, and we have
//! neither, so it would stay writable anyway. Asking for it costs file size: the linker pads
//! the file so that the segment ends on a page boundary, and aarch64's GNU ld assumes 64 KiB
//! pages, which tripled the aarch64 binary (21 KiB of code and data in a 65 KiB file).
//!
//! Then what nothing reads: the unwind tables and the compilers' version strings (`link.ld`),
//! the tables' index (`--no-eh-frame-hdr`) and the build ID note (`--build-id=none`): 2.9 KB
//! in all.

fn main() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/link.ld");
    println!("cargo::rerun-if-changed=link.ld");
    let discard = format!("-Wl,-T,{script}");
    for arg in [
        "-nostartfiles",
        "-nostdlib",
        "-static",
        "-Wl,-z,norelro",
        &discard,
        "-Wl,--no-eh-frame-hdr",
        "-Wl,--build-id=none",
    ] {
        println!("cargo::rustc-link-arg-bin=no-libc-server={arg}");
    }
}
