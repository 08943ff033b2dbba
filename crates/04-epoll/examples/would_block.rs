//! `cargo run -p epoll --example would-block`: a readiness event is a hint, not a promise of
//! everything. A peer sends 4 MiB in pieces; each edge-triggered event says "something
//! arrived", the read loop takes what is there, and then `read` says `WouldBlock` long before
//! the whole message is in. The book's repository gets the same effect with a delay server
//! that sends a 100 KB body (its `ch04/a-epoll/README.md`); here the peer is in-process.

use std::process::ExitCode;

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    match demo::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("would-block: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    eprintln!("would-block: this example is about epoll, which is Linux's; run it on Linux.");
    ExitCode::from(2)
}

#[cfg(target_os = "linux")]
mod demo {
    use std::io::{self, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::thread;
    use std::time::Duration;

    use epoll::{Events, Interest, Poll, Token};

    /// How much the peer sends, in how many pieces, with a pause after each: the pauses are
    /// what make the reader catch up and find the socket empty mid-message.
    const PIECES: usize = 16;
    const PIECE: usize = 256 * 1024;
    const PAUSE: Duration = Duration::from_millis(5);

    pub fn run() -> io::Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let peer = thread::spawn(move || -> io::Result<()> {
            let (mut socket, _) = listener.accept()?;
            let piece = vec![b'x'; PIECE];
            for _ in 0..PIECES {
                socket.write_all(&piece)?;
                thread::sleep(PAUSE);
            }
            Ok(()) // dropping the socket closes it: the reader sees end of file
        });

        let mut stream = TcpStream::connect(address)?;
        stream.set_nonblocking(true)?;
        let mut poll = Poll::new()?;
        poll.registry()
            .register(&stream, Token(0), Interest::READABLE)?;
        let mut events = Events::with_capacity(8);
        let mut buffer = vec![0u8; 64 * 1024];
        let (mut total, mut wakeups, mut would_blocks) = (0usize, 0usize, 0usize);
        println!(
            "A peer sends {} KiB in {PIECES} pieces.",
            PIECES * PIECE / 1024
        );
        'events: loop {
            poll.poll(&mut events, None)?;
            wakeups += 1;
            let mut this_event = 0;
            // Edge-triggered: read until WouldBlock, or nothing will report the rest.
            loop {
                match stream.read(&mut buffer) {
                    Ok(0) => {
                        report(wakeups, this_event, "end of file", true);
                        break 'events;
                    }
                    Ok(n) => {
                        this_event += n;
                        total += n;
                    }
                    Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                        would_blocks += 1;
                        report(
                            wakeups,
                            this_event,
                            "then WouldBlock: the rest is not here yet",
                            false,
                        );
                        break;
                    }
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
        }
        peer.join().expect("the peer thread does not panic")?;
        println!(
            "{total} bytes in {wakeups} events; `read` said WouldBlock {would_blocks} times \
             after an event said readable."
        );
        Ok(())
    }

    /// One line per event, for the first few and the last: the middle looks the same.
    fn report(event: usize, bytes: usize, then: &str, last: bool) {
        if event <= 3 || last {
            println!("  event {event}: read {bytes} bytes, {then}");
        } else if event == 4 {
            println!("  ...");
        }
    }
}
