//! The check of exercise `uname-ffi`: `cargo run -p course -- check uname-ffi`.
#![cfg(target_os = "linux")]

use exercise_uname_ffi::{Utsname, uname};

/// A line of the kernel's own answer, from `/proc/sys/kernel/`.
fn proc_kernel(name: &str) -> String {
    std::fs::read_to_string(format!("/proc/sys/kernel/{name}"))
        .unwrap_or_else(|error| panic!("/proc/sys/kernel/{name}: {error}"))
        .trim_end()
        .to_string()
}

#[test]
fn the_struct_is_390_bytes() {
    assert_eq!(
        size_of::<Utsname>(),
        390,
        "struct utsname on Linux is six char arrays of 65 bytes"
    );
}

#[test]
fn the_kernel_is_linux() {
    assert_eq!(
        uname().expect("uname failed").sysname,
        proc_kernel("ostype")
    );
}

#[test]
fn the_release_is_the_running_kernels() {
    assert_eq!(
        uname().expect("uname failed").release,
        proc_kernel("osrelease")
    );
}

#[test]
fn the_host_name_is_this_machines() {
    assert_eq!(
        uname().expect("uname failed").nodename,
        proc_kernel("hostname")
    );
}

#[test]
fn the_machine_is_the_cpu_this_was_built_for() {
    assert_eq!(
        uname().expect("uname failed").machine,
        std::env::consts::ARCH
    );
}

#[test]
fn no_string_holds_a_nul_or_the_bytes_after_it() {
    let names = uname().expect("uname failed");
    for text in [
        &names.sysname,
        &names.nodename,
        &names.release,
        &names.machine,
    ] {
        assert!(
            !text.contains('\0'),
            "{text:?}: cut each field at its first 0 byte"
        );
        assert!(!text.is_empty(), "a field came back empty");
    }
}
