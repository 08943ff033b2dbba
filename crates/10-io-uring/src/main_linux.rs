//! Linux: check that io_uring is there, then the demo or the server.

use std::net::SocketAddrV4;
use std::process::ExitCode;
use std::time::Duration;

use delay_server::command;
use delay_server::config::Config;
use io_uring::probe;
use io_uring::server::Server;
use nonblocking::server;

use crate::cli::{self, Command};
use crate::client;

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(command) => command,
        Err(message) => {
            eprintln!("io-uring: {message}\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    // Before anything else: can this machine run io_uring at all? If not, one sentence.
    if let Err(unavailable) = probe::check() {
        eprintln!("{}", unavailable.sentence("io-uring"));
        return ExitCode::from(2);
    }
    match command {
        Command::Demo { server, step } => demo(server, step),
        Command::Serve { addr, config } => serve(addr, config),
        Command::Check => {
            println!(
                "io-uring: io_uring is available: every operation and feature this lesson uses \
                 is there (Linux {} or newer).",
                probe::MINIMUM_KERNEL
            );
            ExitCode::SUCCESS
        }
        Command::Help => ExitCode::SUCCESS,
    }
}

/// The chapter-4 client against `server`, or against lesson 03's started here.
fn demo(server: Option<SocketAddrV4>, step: Duration) -> ExitCode {
    println!("Lesson 10: the book's chapter-4 client, the completion way (io_uring, Linux).");
    println!();
    let addr = match server::use_or_start(server) {
        Ok(addr) => addr,
        Err(error) => {
            eprintln!("io-uring: cannot start a delay server: {error}");
            return ExitCode::FAILURE;
        }
    };
    match client::run(addr, step) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("io-uring: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `serve`: the server on the main thread until the process is stopped.
fn serve(addr: SocketAddrV4, config: Config) -> ExitCode {
    let limit = command::prepare_process();
    let server = match Server::bind(addr, config) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("io-uring: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = server.local_addr().unwrap_or(addr);
    // The lines lesson 08's server prints, which scripts and tests wait for.
    command::announce(addr, &format!("io_uring: {}", server.describe()), limit);
    match server.run() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("io-uring: the ring failed: {error}");
            ExitCode::FAILURE
        }
    }
}
