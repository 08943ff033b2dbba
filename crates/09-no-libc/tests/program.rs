//! The lesson's program, run as a reader runs it: `cargo run -p no-libc`.

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn it_builds_runs_asks_measures_and_stops_the_server() {
    if std::env::var_os("COURSE_RUNNER").is_some() {
        // It builds the server with the host's cargo: under an emulator that is the wrong CPU.
        eprintln!("SKIPPED: under an emulator (COURSE_RUNNER); scripts/cross.sh runs the server");
        return;
    }
    let output = common::lesson_command(env!("CARGO_BIN_EXE_no-libc"))
        .output()
        .expect("run the lesson");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for expected in [
        "listening on 127.0.0.1:",
        "GET /300/again      -> 200 OK \"again\" after",
        "GET /100/fast       -> 200 OK \"fast\"",
        "then the connection ended",
        "400 Bad Request",
        "exit status 0",
        "Sizes (release, stripped):",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in:\n{stdout}");
    }
    // The fast answer comes before the slow one, though asked for second.
    assert!(stdout.find("/100/fast").unwrap() < stdout.find("/600/slow").unwrap());
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn arguments_are_refused_with_status_2() {
    let output = common::lesson_command(env!("CARGO_BIN_EXE_no-libc"))
        .arg("8080")
        .output()
        .expect("run the lesson");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("takes no arguments"));
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
#[test]
fn says_what_it_needs_and_exits_2() {
    let output = common::lesson_command(env!("CARGO_BIN_EXE_no-libc"))
        .output()
        .expect("run the lesson");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.contains("cargo run -p delay-server"), "{stderr}");
}
