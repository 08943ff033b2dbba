//! Owned buffers (lesson 06's `tests/completion.rs`, on Linux): a receive started before its
//! data exists completes with it; sends; the same buffer lent again; end of file; a request
//! that outlives the descriptor it was started on; dropping a proactor with requests running.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

mod uring;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use io_uring::entry;
use io_uring::proactor::{Operation, Proactor};
use io_uring::ring::Ring;

const PATIENCE: Option<Duration> = Some(Duration::from_secs(5));

/// A connected pair of blocking TCP sockets on loopback: (client, server side).
fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    (client, server)
}

#[test]
fn a_receive_started_before_its_data_completes_with_it() {
    if !uring::or_skip("a_receive_started_before_its_data_completes_with_it") {
        return;
    }
    let (mut client, server) = tcp_pair();
    let mut proactor = Proactor::new(8).unwrap();
    proactor
        .recv(server.as_fd(), Vec::with_capacity(64), 7)
        .unwrap();
    assert!(
        proactor
            .wait(Some(Duration::from_millis(100)))
            .unwrap()
            .is_none(),
        "nothing has arrived yet"
    );
    client.write_all(b"hello").unwrap();
    let done = proactor
        .wait(PATIENCE)
        .unwrap()
        .expect("the receive completes");
    assert_eq!((done.key, done.operation), (7, Operation::Recv));
    assert_eq!(done.result.unwrap(), 5);
    assert_eq!(
        done.buffer, b"hello",
        "the bytes are in our buffer, handed back"
    );
    assert_eq!(done.buffer.capacity(), 64);

    // The same buffer lent again: this time the peer closes, a 0-byte completion.
    proactor.recv(server.as_fd(), done.buffer, 7).unwrap();
    client.shutdown(Shutdown::Write).unwrap();
    let eof = proactor.wait(PATIENCE).unwrap().unwrap();
    assert_eq!(eof.result.unwrap(), 0);
    assert!(eof.buffer.is_empty());
    assert_eq!(proactor.pending(), 0);
}

#[test]
fn a_send_hands_its_buffer_back_when_the_bytes_are_gone() {
    if !uring::or_skip("a_send_hands_its_buffer_back_when_the_bytes_are_gone") {
        return;
    }
    let (mut client, server) = tcp_pair();
    let mut proactor = Proactor::new(8).unwrap();
    proactor
        .send(server.as_fd(), b"from the ring".to_vec(), 1)
        .unwrap();
    let done = proactor.wait(PATIENCE).unwrap().unwrap();
    assert_eq!(
        (done.operation, done.result.unwrap()),
        (Operation::Send, 13)
    );
    assert_eq!(done.buffer, b"from the ring");
    let mut got = [0u8; 13];
    client.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"from the ring");
}

#[test]
fn many_requests_go_to_the_kernel_in_one_system_call() {
    if !uring::or_skip("many_requests_go_to_the_kernel_in_one_system_call") {
        return;
    }
    let pairs: Vec<(TcpStream, TcpStream)> = (0..5).map(|_| tcp_pair()).collect();
    let mut proactor = Proactor::new(16).unwrap();
    for (key, (_, server)) in pairs.iter().enumerate() {
        proactor.send(server.as_fd(), vec![b'x'; 10], key).unwrap();
        proactor
            .recv(server.as_fd(), Vec::with_capacity(16), key)
            .unwrap();
    }
    assert_eq!(
        proactor.submit().unwrap(),
        10,
        "ten requests, one io_uring_enter"
    );
    assert_eq!(proactor.stats().enters, 1);
    let mut sends = 0;
    while sends < 5 {
        let done = proactor.wait(PATIENCE).unwrap().unwrap();
        if done.operation == Operation::Send {
            sends += 1;
        }
    }
    assert_eq!(
        proactor.pending(),
        5,
        "the five receives still wait for data"
    );
}

#[test]
fn closing_the_descriptor_does_not_end_a_request_the_kernel_holds() {
    if !uring::or_skip("closing_the_descriptor_does_not_end_a_request_the_kernel_holds") {
        return;
    }
    // Unlike `closesocket` on Windows, which ends the socket's overlapped requests, `close`
    // only drops *our* reference to the socket: a receive in flight holds the kernel's own,
    // and goes on until it completes or is cancelled.
    let (client, server) = tcp_pair();
    let mut ring = Ring::new(4).unwrap();
    let mut buffer = vec![0u8; 16];
    let recv = entry::recv(server.as_fd(), buffer.as_mut_ptr(), 16, 1);
    // SAFETY: the kernel writes at most 16 bytes into `buffer`, which stays alive and
    // untouched until the completion is read below. `server` is open until submission (the
    // kernel then holds the socket itself, which is what this test shows).
    unsafe { ring.push(&recv).unwrap() };
    ring.submit().unwrap();
    drop(server); // close(2) on our descriptor
    ring.submit_and_wait(1, Some(Duration::from_millis(200)))
        .unwrap();
    assert!(
        ring.next_completion().is_none(),
        "closing did not end the receive"
    );
    let mut client = client;
    client.write_all(b"still there").unwrap();
    let start = Instant::now();
    ring.submit_and_wait(1, PATIENCE).unwrap();
    let cqe = ring
        .next_completion()
        .expect("the receive completes with the data");
    assert_eq!(cqe.res, 11, "after {:?}", start.elapsed());
    assert_eq!(&buffer[..11], b"still there");
}

#[test]
fn dropping_a_proactor_cancels_its_requests_and_returns() {
    if !uring::or_skip("dropping_a_proactor_cancels_its_requests_and_returns") {
        return;
    }
    let pairs: Vec<(TcpStream, TcpStream)> = (0..20).map(|_| tcp_pair()).collect();
    let start = Instant::now();
    {
        let mut proactor = Proactor::new(32).unwrap();
        for (key, (_, server)) in pairs.iter().enumerate() {
            proactor
                .recv(server.as_fd(), Vec::with_capacity(8), key)
                .unwrap();
        }
        proactor.submit().unwrap();
        assert_eq!(proactor.pending(), 20);
    } // drop: cancel everything, take every buffer back
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_timeout_too_large_for_the_clock_waits_instead_of_panicking() {
    if !uring::or_skip("a_timeout_too_large_for_the_clock_waits_instead_of_panicking") {
        return;
    }
    let (mut client, server) = tcp_pair();
    let mut proactor = Proactor::new(8).unwrap();
    proactor
        .recv(server.as_fd(), Vec::with_capacity(16), 3)
        .unwrap();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        client.write_all(b"late").unwrap();
        client
    });
    // `Instant::now() + Duration::MAX` overflows: the wait must be forever, not a panic.
    let done = proactor
        .wait(Some(Duration::MAX))
        .unwrap()
        .expect("a wait without end returns only with a completion");
    assert_eq!((done.key, done.buffer.as_slice()), (3, &b"late"[..]));
    drop(writer.join().unwrap());
}
