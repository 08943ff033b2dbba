//! Building, starting and stopping the no-libc server: the demo's and the tests' (which include
//! this file with `#[path]`).
#![allow(dead_code)] // the demo and the tests each use what they need

use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};

/// The server's own workspace (it needs `panic = "abort"`, see its Cargo.toml).
pub const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/server/Cargo.toml");
/// The program with no C library.
pub const NO_LIBC: &str = "no-libc-server";
/// The same server, started by std and linked to the C library.
pub const WITH_STD: &str = "server-with-std";

/// The cargo to build with: the one running us if any (`cargo run`, `cargo test`), so the
/// toolchain is the same.
fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Builds `bins` in release mode into `target_dir`; returns the folder the binaries are in.
pub fn build(target_dir: &Path, bins: &[&str]) -> io::Result<PathBuf> {
    let mut command = Command::new(cargo());
    command.args(["build", "--release", "--quiet", "--manifest-path", MANIFEST]);
    for bin in bins {
        command.args(["--bin", bin]);
    }
    // Its own target folder: the one of the cargo that runs us may be locked, and the server's
    // profile differs from the course's.
    let status = command.env("CARGO_TARGET_DIR", target_dir).status()?;
    if !status.success() {
        return Err(io::Error::other(format!(
            "building {MANIFEST} failed: {status}"
        )));
    }
    Ok(target_dir.join("release"))
}

/// A running server.
pub struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// The port it listens on, from its `listening on` line.
    pub port: u16,
    /// What it printed before that line: how many connections it has room for.
    pub before_listening: String,
}

/// Starts `command` (a server with its arguments) with piped standard input and output, and
/// waits for its `listening on 127.0.0.1:PORT` line (after `room for N connections ...`).
pub fn start(command: &mut Command) -> io::Result<Running> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let stdin = child.stdin.take();
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let (mut line, mut before_listening) = (String::new(), String::new());
    while stdout.read_line(&mut line)? > 0 && line.starts_with("room for ") {
        before_listening.push_str(&line);
        line.clear();
    }
    let port = line
        .trim_end()
        .strip_prefix("listening on 127.0.0.1:")
        .and_then(|port| port.parse().ok());
    let Some(port) = port else {
        let _ = child.kill();
        let status = child.wait()?;
        return Err(io::Error::other(format!(
            "the server printed {line:?} and exited with {status} instead of listening"
        )));
    };
    Ok(Running {
        child,
        stdin,
        stdout,
        port,
        before_listening,
    })
}

impl Running {
    /// How many connections it has room for, from its `room for N connections` line.
    pub fn capacity(&self) -> Option<usize> {
        let rest = self.before_listening.strip_prefix("room for ")?;
        rest.split(' ').next()?.parse().ok()
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Stops it the clean way, by closing its standard input; returns its exit status and
    /// what else it printed.
    pub fn stop(mut self) -> io::Result<(ExitStatus, String)> {
        drop(self.stdin.take());
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest)?;
        Ok((self.child.wait()?, rest))
    }
}

impl Drop for Running {
    /// If it was not stopped (a test failed half-way), it must not outlive us.
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
