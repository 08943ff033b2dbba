//! `cargo run -p delay-server`: this lesson's server, started on a thread of this process, and
//! the book's chapter-4 client against it; `delay-server serve` and `delay-server load` run
//! the server and the load client on their own (see `--help`).

use std::net::SocketAddrV4;
use std::process::ExitCode;

use delay_server::config::Config;
use delay_server::server::Server;
use delay_server::{command, fd_limit, load};

// The book's chapter-4 client, from lesson 04, written against `crate::queue`: here lesson
// 07's portable queue, the one this server runs on. This program gives it the address of its
// own server, so the client's command-line parsing goes unused.
use event_queue as queue;
#[allow(dead_code)]
#[path = "../../04-epoll/src/chapter4.rs"]
mod chapter4;

mod cli;
mod demo;

use cli::Command;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Demo { step_ms }) => demo::run(step_ms),
        Ok(Command::Serve { addr, config }) => serve(addr, config),
        Ok(Command::Load(options)) => run_load(&options),
        Err(message) => {
            eprintln!("delay-server: {message}\n{}", cli::USAGE);
            ExitCode::from(2)
        }
    }
}

/// `serve`: the server on the main thread until the process is stopped.
fn serve(addr: SocketAddrV4, config: Config) -> ExitCode {
    let limit = command::prepare_process();
    let server = match Server::bind(addr, config) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("delay-server: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = server.local_addr().unwrap_or(addr);
    command::announce(addr, backend(), limit);
    match server.run() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("delay-server: the event loop failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `load`: the load client, then its report.
fn run_load(options: &load::Options) -> ExitCode {
    if let Err(error) = fd_limit::raise() {
        eprintln!("delay-server: could not raise the descriptor limit: {error}");
    }
    match load::run(options) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("delay-server: load: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The kernel queue under this build.
fn backend() -> &'static str {
    event_queue::BACKEND.unwrap_or("no event queue")
}
