//! The server program of exercise `threaded-server`: lesson 08's command line
//! (`serve ADDR [--quiet] [--header-timeout MS]`), and one thread per connection running
//! `serve_connection` from `src/drive.rs`. You never edit this file: lesson 08's protocol
//! tests start this program, as they start lesson 08's own server.

use std::io::Write;
use std::net::SocketAddrV4;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use delay_server::config::Config;
use exercise_threaded_server::serve_connection;
use nonblocking::TcpListener;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (addr, config) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(why) => {
            eprintln!("threaded-server: {why}");
            eprintln!("usage: threaded-server serve ADDR [--quiet] [--header-timeout MS]");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("threaded-server: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().expect("local_addr");
    // The first line, which lesson 08's tests wait for.
    println!("listening on {addr}");
    let _ = std::io::stdout().flush();
    let mut id = 0;
    loop {
        match listener.accept() {
            Ok((stream, _peer)) => {
                id += 1;
                let config = config.clone();
                let spawned = thread::Builder::new()
                    .name(format!("connection-{id}"))
                    .spawn(move || serve_connection(stream, id, config));
                if let Err(error) = spawned {
                    eprintln!("threaded-server: no thread for connection {id} ({error}): closed");
                }
            }
            Err(error) => {
                eprintln!("threaded-server: accept failed: {error}; trying again in 100 ms");
                thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// `serve ADDR [--quiet] [--header-timeout MS]`: the address and the limits.
fn parse(args: &[String]) -> Result<(SocketAddrV4, Config), String> {
    let [command, addr, options @ ..] = args else {
        return Err("expected `serve ADDR`".into());
    };
    if command != "serve" {
        return Err(format!("unknown command `{command}`"));
    }
    let addr = nonblocking::resolve_ipv4(addr)?;
    let mut config = Config::default();
    let mut options = options.iter();
    while let Some(option) = options.next() {
        match option.as_str() {
            "--quiet" => {} // this server logs nothing anyway
            "--header-timeout" => {
                let millis = options
                    .next()
                    .and_then(|ms| ms.parse().ok())
                    .ok_or("--header-timeout takes a number of milliseconds")?;
                config.header_timeout = Duration::from_millis(millis);
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok((addr, config))
}
