//! The check of exercise `portable-echo`: `cargo run -p course -- check portable-echo`.
#![cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    windows
))]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use exercise_portable_echo::echo;

/// Starts `echo` on a free port in a thread of its own; returns its address and a receiver
/// for its result.
fn start(connections: usize) -> (std::net::SocketAddr, mpsc::Receiver<std::io::Result<()>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().unwrap();
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(echo(listener, connections));
    });
    (address, result)
}

/// Sends `size` bytes and reads the echo back at the same time (a writer thread, a reader),
/// then checks every byte.
fn client(address: std::net::SocketAddr, size: usize, seed: u8) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let sent: Vec<u8> = (0..size)
        .map(|i| (i as u8).wrapping_mul(31) ^ seed)
        .collect();
    let mut writer = stream.try_clone().unwrap();
    let to_send = sent.clone();
    let writing = std::thread::spawn(move || {
        for chunk in to_send.chunks(64 * 1024) {
            writer.write_all(chunk).expect("write to the echo server");
        }
        writer.shutdown(Shutdown::Write).unwrap(); // "I have sent everything"
    });
    let mut received = Vec::with_capacity(size);
    stream
        .read_to_end(&mut received)
        .expect("reading the echo (10 s without a byte: is the server still reading and writing?)");
    writing.join().unwrap();
    assert_eq!(
        received.len(),
        size,
        "got back {} of {size} bytes",
        received.len()
    );
    assert!(
        received == sent,
        "the bytes came back changed or out of order"
    );
}

/// Sends `size` bytes, all of them before reading anything, then waits a moment before
/// reading the echo: the server must keep what the client's full buffers could not take, and
/// finish when the socket has room again (only a writable event says so).
fn client_reading_late(address: std::net::SocketAddr, size: usize) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let sent: Vec<u8> = (0..size).map(|i| (i % 253) as u8).collect();
    stream.write_all(&sent).expect("write to the echo server");
    stream.shutdown(Shutdown::Write).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut received = Vec::with_capacity(size);
    let read = stream.read_to_end(&mut received);
    assert!(
        read.is_ok() && received.len() == size,
        "got back {} of {size} bytes, then nothing for 5 s: bytes the server could not write \
         at once were never written (ask for Interest::WRITABLE while you owe bytes)",
        received.len()
    );
    assert!(
        received == sent,
        "the bytes came back changed or out of order"
    );
}

/// Waits for the server to return, failing with `what` if it does not within 10 s.
fn finished(result: mpsc::Receiver<std::io::Result<()>>, what: &str) {
    match result.recv_timeout(Duration::from_secs(10)) {
        Ok(result) => result.expect("echo returned an error"),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("echo panicked (its message is above)"),
    }
}

#[test]
fn one_client_gets_its_bytes_back() {
    let (address, result) = start(1);
    client(address, 1000, 1);
    finished(result, "echo did not return after its one client closed");
}

#[test]
fn three_clients_at_once_each_get_a_megabyte_back() {
    let (address, result) = start(3);
    let clients: Vec<_> = (0..3u8)
        .map(|seed| std::thread::spawn(move || client(address, 1 << 20, seed)))
        .collect();
    for client in clients {
        client
            .join()
            .expect("a client failed (its message is above)");
    }
    finished(result, "echo did not return after its three clients closed");
}

#[test]
fn a_client_that_sends_nothing_counts_as_a_connection() {
    let (address, result) = start(2);
    drop(TcpStream::connect(address).expect("connect"));
    client(address, 10, 2);
    finished(
        result,
        "echo did not notice a client that connected and closed at once",
    );
}

#[test]
fn a_client_that_reads_only_after_sending_everything_gets_it_all() {
    // 32 MiB: more than the kernel's socket buffers on both sides hold, so the server must
    // wait for room to write.
    let (address, result) = start(1);
    client_reading_late(address, 32 << 20);
    finished(result, "echo did not return after its client closed");
}
