//! `cargo run -p nonblocking`: five requests to a delay server, first with blocking reads one
//! after another, then with non-blocking reads in a busy loop, timed and CPU-timed.
//!
//! `cargo run -p nonblocking -- serve [ADDRESS] [--quiet]`: the thread-per-connection delay
//! server on its own, logging every connection (unless `--quiet`: lesson 08's benchmark runs it
//! so, where two log lines per request would be most of its work).

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddrV4};
use std::process::ExitCode;

use nonblocking::{TcpListener, server};

mod demo;

const USAGE: &str = "\
usage: nonblocking [SERVER]         compare blocking and non-blocking reads, against the delay
                                    server at SERVER (IPv4 address:port); by default one is
                                    started in this process
       nonblocking serve [ADDRESS] [--quiet]
                                    run the delay server on ADDRESS (default 127.0.0.1:8080),
                                    logging each connection and request unless --quiet";

/// Where `serve` listens when not told.
const DEFAULT_ADDRESS: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => demo::run(None),
        ["-h" | "--help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        ["serve"] => serve(DEFAULT_ADDRESS, true),
        ["serve", "--quiet"] => serve(DEFAULT_ADDRESS, false),
        ["serve", address] | ["serve", address, "--quiet"] => match parse_address(address) {
            Ok(address) => serve(address, args.len() == 2),
            Err(message) => usage_error(&message),
        },
        [server] if !server.starts_with('-') && *server != "serve" => match parse_address(server) {
            Ok(server) => demo::run(Some(server)),
            Err(message) => usage_error(&message),
        },
        _ => usage_error(&format!("unexpected arguments `{}`", args.join(" "))),
    }
}

fn parse_address(text: &str) -> Result<SocketAddrV4, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not an IPv4 address with a port, such as 127.0.0.1:8080"))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("nonblocking: {message}\n{USAGE}");
    ExitCode::from(2)
}

/// Runs the delay server until the process is stopped, logging on stderr if `log`.
fn serve(address: SocketAddrV4, log: bool) -> ExitCode {
    let listener = match TcpListener::bind(address) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("nonblocking: cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(address);
    // A server must not stop because nobody reads its standard output any more (`println!`
    // would panic then), so write errors are ignored.
    let logged = if log {
        "each connection and request is logged on stderr"
    } else {
        "nothing is logged (--quiet)"
    };
    let _ = writeln!(
        std::io::stdout(),
        "listening on {address}\n\
         One thread per connection; {logged}.\n\
         Try: curl http://{address}/1000/hello%20world   (Ctrl-C stops the server)"
    );
    server::serve(&listener, log)
}
