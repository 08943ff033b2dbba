//! The demo: this lesson's server on a thread of its own, and the book's chapter-4 client (the
//! one lessons 04 to 07 ran against lesson 03's thread-per-connection server) against it.

use std::net::{Ipv4Addr, SocketAddrV4};
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;

use delay_server::config::Config;
use delay_server::server::Server;
use nonblocking::cpu_time;

use crate::chapter4;

/// Runs the demo; `step_ms` is the chapter-4 client's delay step.
pub fn run(step_ms: u64) -> ExitCode {
    let backend = crate::backend();
    println!(
        "Lesson 08: a delay server on one thread over {backend}, and the book's chapter-4 \
         client against it."
    );
    println!(
        "The server's lines (on stderr) start with [server, thread ...]: the name and id of the \
         thread that printed them."
    );
    println!();
    let config = Config {
        log: true,
        ..Config::default()
    };
    let cpu_before = cpu_time().unwrap_or_default();
    // The server is made on its own thread and stays there: it need not be `Send` (lesson 06's
    // event buffer holds raw pointers the kernel writes through). Its address and a handle to
    // stop it come back over a channel.
    let (started_tx, started_rx) = mpsc::channel();
    let spawned = thread::Builder::new()
        .name("delay-server".into())
        .spawn(move || {
            let server = Server::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0), config)?;
            let _ = started_tx.send((server.local_addr()?, server.handle()));
            server.run()
        });
    // Nothing received: the thread ended before running the server, and says why.
    let started = spawned.and_then(|thread| match started_rx.recv() {
        Ok((addr, handle)) => Ok((addr, handle, thread)),
        Err(_) => Err(match thread.join() {
            Ok(Err(error)) => error,
            _ => std::io::Error::other("the server's thread ended"),
        }),
    });
    let (addr, handle, server_thread) = match started {
        Ok(started) => started,
        Err(error) => {
            eprintln!("delay-server: cannot start the server: {error}");
            return ExitCode::FAILURE;
        }
    };

    let status = chapter4::run(
        "Lesson 08",
        backend,
        &chapter4::Options::new(Some(addr), step_ms),
    );

    // The client has dropped its sockets: the server sees them close, then stops.
    let stats = handle
        .shutdown()
        .map_err(|error| error.to_string())
        .and_then(|()| server_thread.join().map_err(|_| "it panicked".to_string()))
        .and_then(|result| result.map_err(|error| error.to_string()));
    match stats {
        Ok(stats) => {
            let cpu = cpu_time().unwrap_or_default().saturating_sub(cpu_before);
            println!(
                "Server: {} connections, {} requests, {} responses, all on its one thread, in \
                 {} polls; {:.3} s of CPU time for the whole process.",
                stats.accepted,
                stats.requests,
                stats.responses,
                stats.polls,
                cpu.as_secs_f64()
            );
            status
        }
        Err(error) => {
            eprintln!("delay-server: the server failed: {error}");
            ExitCode::FAILURE
        }
    }
}
