//! The lesson's program as a reader runs it.

#[path = "../../01-raw-syscall/tests/common/mod.rs"]
mod common;

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]
#[test]
fn the_portable_client_names_its_backend_and_gets_every_response_in_order() {
    let output = common::lesson_command(env!("CARGO_BIN_EXE_event-queue"))
        .args(["--step", "50"])
        .output()
        .expect("run the lesson");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let backend = event_queue::BACKEND.expect("a backend on this OS");
    assert!(
        stdout.contains(&format!("client, on {backend}.")),
        "{stdout}"
    );
    let order: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("HTTP 200, body"))
        .map(|line| line.rsplit('"').nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        order,
        [
            "request-4",
            "request-3",
            "request-2",
            "request-1",
            "request-0"
        ],
        "{stdout}"
    );
}
