//! Windows: start (or take) a delay server, then run the chapter-4 client with overlapped I/O.

use std::net::SocketAddrV4;
use std::process::ExitCode;

use nonblocking::server;

use crate::client;

const USAGE: &str = "\
usage: iocp [SERVER]   the book's chapter-4 client on an I/O completion port, against the
                       delay server at SERVER (IPv4 address:port); by default one is started
                       in this process";

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let server = match args.as_slice() {
        [] => None,
        [help] if help == "-h" || help == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        [address] if !address.starts_with('-') => match address.parse::<SocketAddrV4>() {
            Ok(address) => Some(address),
            Err(_) => return usage_error(&format!("`{address}` is not an IPv4 address:port")),
        },
        _ => return usage_error(&format!("unexpected arguments `{}`", args.join(" "))),
    };
    match show(server) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("iocp: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("iocp: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn show(server: Option<SocketAddrV4>) -> std::io::Result<()> {
    println!("Lesson 06: the book's chapter-4 client, the completion way (IOCP, Windows).");
    println!();
    let addr = server::use_or_start(server)?;
    client::run(addr)
}
