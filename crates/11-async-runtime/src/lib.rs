//! Lesson 11: from the event queue to `async fn`.
//!
//! Lessons 04 to 08 drove sockets by hand: register, poll, look the token up, read until
//! `WouldBlock`, remember where each connection was. This crate does the same work behind
//! `.await`, in the three parts every Rust async runtime has (tokio's among them):
//!
//! - the **reactor** (`reactor`): owns lesson 07's [`Poll`](event_queue::Poll), knows which
//!   task waits on which token, keeps a heap of timers, and turns events into wakes;
//! - the **executor** ([`Runtime`], [`spawn`], [`JoinHandle`]): polls the tasks that were
//!   woken, one thread, and sleeps in the reactor when none is ready;
//! - the **wakers** (`waker`): what `Waker::wake` does, from this thread or any other: put
//!   the task on the ready queue and, if the executor sleeps, wake its `Poll`.
//!
//! On top, the async I/O types: [`TcpListener`], [`TcpStream`] and [`sleep`], each "try
//! the call; on `WouldBlock` register interest and return `Pending`", and [`timeout`], a
//! `select` of a future and a timer. Dropping any of them takes back what it registered.
//! [`yield_now`] lets the other tasks run; [`counts`] says what a runtime holds (the tests
//! check it after dropping things); [`trace`] prints the machinery at work (the demo's lines).
//!
//! ```
//! use std::net::{Ipv4Addr, SocketAddrV4};
//! use async_runtime::{Runtime, TcpListener, TcpStream, spawn};
//!
//! let runtime = Runtime::new()?;
//! let echoed = runtime.block_on(async {
//!     let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))?;
//!     let addr = listener.local_addr()?;
//!     let server = spawn(async move {
//!         let (stream, _) = listener.accept().await?;
//!         let mut buffer = [0; 4];
//!         let n = stream.read(&mut buffer).await?;
//!         stream.write_all(&buffer[..n]).await
//!     });
//!     let client = TcpStream::connect(addr).await?;
//!     client.write_all(b"ping").await?;
//!     let mut buffer = [0; 4];
//!     let n = client.read(&mut buffer).await?;
//!     server.await?;
//!     Ok::<_, std::io::Error>(buffer[..n].to_vec())
//! })??;
//! assert_eq!(echoed, b"ping");
//! # Ok::<(), std::io::Error>(())
//! ```

mod executor;
mod io;
mod join;
mod net;
mod reactor;
mod time;
pub mod trace;
mod waker;

pub use executor::{Counts, Runtime, counts, yield_now};
pub use join::{JoinHandle, spawn};
pub use net::{TcpListener, TcpStream};
pub use time::{Sleep, sleep, sleep_until, timeout};
