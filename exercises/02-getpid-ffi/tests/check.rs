//! The check of exercise `getpid-ffi`: `cargo run -p course -- check getpid-ffi`.
#![cfg(unix)]

use exercise_getpid_ffi::{Pid, parent_process_id, process_id};

#[test]
fn pid_t_is_a_c_int() {
    assert_eq!(
        std::any::type_name::<Pid>(),
        std::any::type_name::<core::ffi::c_int>(),
        "Pid must be the Rust type of a C int"
    );
}

#[test]
fn the_pid_is_the_one_std_reports() {
    assert_eq!(process_id(), std::process::id());
}

#[test]
fn the_parent_pid_is_the_one_std_reports() {
    assert_eq!(parent_process_id(), std::os::unix::process::parent_id());
}
