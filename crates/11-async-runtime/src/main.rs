//! `cargo run -p async-runtime`: the book's chapter-4 client as five async tasks on this
//! lesson's runtime, printing every step of the machinery; `async-runtime serve` runs lesson
//! 08's delay server as one `async fn` per connection (see `--help`).

use std::process::ExitCode;

mod chapter4;
mod cli;
mod server;

use cli::Command;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Demo {
            server,
            step_ms,
            trace,
        }) => chapter4::run(server, step_ms, trace),
        Ok(Command::Serve { addr, config }) => server::run(addr, config),
        Err(message) => {
            eprintln!("async-runtime: {message}\n{}", cli::USAGE);
            ExitCode::from(2)
        }
    }
}
