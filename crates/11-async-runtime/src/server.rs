//! `async-runtime serve`: lesson 08's delay server, as one `async fn` per connection.
//!
//! ```text
//! block_on(async {
//!     loop {
//!         let (stream, peer) = listener.accept().await;   // Pending until a client comes
//!         spawn(connection::serve(stream, ...));           // one task per connection
//!     }
//! })
//! ```
//!
//! Lesson 08 wrote the loop itself: `poll`, the token of each event looked up in a slab of
//! connections, a timer heap of its own. Here the runtime has all of that, and the server is
//! the accept loop above. What each connection says is lesson 08's protocol core
//! (`delay_server::protocol`), unchanged; how it waits is `connection.rs`.

use std::cell::RefCell;
use std::io::{self, Write};
use std::net::SocketAddrV4;
use std::process::ExitCode;
use std::rc::Rc;

use async_runtime::{Runtime, TcpListener, sleep, spawn};
use delay_server::config::{ACCEPT_RETRY, Config, READ_BUFFER};
use delay_server::protocol::Env;
use delay_server::{command, say};

mod connection;

/// What every connection of the server shares. One thread, so `RefCell`s: each is borrowed
/// only between two `.await`s, never across one.
pub struct Shared {
    /// Lesson 08's environment of the core: limits, clock, counters, log.
    pub env: RefCell<Env>,
    /// The one read buffer: a connection reads into it only once its socket is ready, and
    /// hands the bytes to the core before it waits again. Ten thousand idle connections hold
    /// no read buffer at all, as in lesson 08.
    pub read_buffer: RefCell<Vec<u8>>,
    /// The answers of the connection whose turn it is, sent by one write: one buffer for
    /// every connection, as in lesson 08; only bytes the kernel did not take are copied to
    /// the connection.
    pub batch: RefCell<Vec<u8>>,
}

/// Runs the server on `addr` until the process is stopped.
pub fn run(addr: SocketAddrV4, config: Config) -> ExitCode {
    let limit = command::prepare_process();
    let runtime = match Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("async-runtime: cannot make the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let listener = TcpListener::bind(addr).map_err(|error| {
            io::Error::new(error.kind(), format!("cannot listen on {addr}: {error}"))
        })?;
        let what = format!(
            "{}, an async fn per connection",
            event_queue::BACKEND.unwrap_or("no event queue")
        );
        command::announce(listener.local_addr()?, &what, limit);
        // Like `announce`'s lines: a server must not stop because nobody reads its output.
        let _ = writeln!(
            io::stdout(),
            "One connection's future: {} bytes (its task, its socket in the reactor and its \
             timer come on top).",
            connection::future_size()
        );
        accept_loop(listener, config).await
    });
    match result.and_then(|served| served) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("async-runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Accepts connections forever, spawning a task for each.
async fn accept_loop(listener: TcpListener, config: Config) -> io::Result<()> {
    let shared = Rc::new(Shared {
        env: RefCell::new(Env::new(config)),
        read_buffer: RefCell::new(vec![0; READ_BUFFER]),
        batch: RefCell::new(Vec::with_capacity(4096)),
    });
    shared.env.borrow_mut().start_log();
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                let id = {
                    let env = &mut *shared.env.borrow_mut();
                    env.stats.accepted += 1;
                    let open = (env.stats.accepted - env.stats.closed) as usize;
                    env.stats.peak_connections = env.stats.peak_connections.max(open);
                    say!(
                        env,
                        "connection {} accepted from {peer}",
                        env.stats.accepted
                    );
                    env.stats.accepted
                };
                // The handle is dropped: the task runs on its own until its connection closes.
                drop(spawn(connection::serve(stream, id, shared.clone())));
            }
            // The client gave up while waiting in the backlog: next.
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
                ) => {}
            // Out of descriptors or memory: the clients wait in the kernel's backlog.
            Err(error) => {
                say!(
                    shared.env.borrow(),
                    "accept failed ({error}); trying again in {} ms",
                    ACCEPT_RETRY.as_millis()
                );
                sleep(ACCEPT_RETRY).await;
            }
        }
    }
}
