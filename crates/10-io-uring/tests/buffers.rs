//! Provided buffers: a receive takes one from the pool only when its data arrives, the
//! completion names it, and an empty pool fails the receive rather than making it wait.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

mod uring;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use io_uring::buffers::BufferRing;
use io_uring::entry;
use io_uring::ring::Ring;
use io_uring::sys::Cqe;

/// A connected pair of blocking TCP sockets on loopback: (client, server side).
fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    (client, server)
}

/// Waits (at most 5 s) for the next completion.
fn next(ring: &mut Ring) -> Cqe {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(cqe) = ring.next_completion() {
            return cqe;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no completion");
        ring.submit_and_wait(1, Some(left)).unwrap();
    }
}

#[test]
fn a_receive_takes_a_buffer_only_when_its_data_arrives() {
    if !uring::or_skip("a_receive_takes_a_buffer_only_when_its_data_arrives") {
        return;
    }
    let pairs: Vec<(TcpStream, TcpStream)> = (0..3).map(|_| tcp_pair()).collect();
    let mut ring = Ring::new(8).unwrap();
    let mut pool = BufferRing::new(&ring, 5, 4, 32).unwrap();
    assert_eq!(pool.taken(), 0, "every buffer is the kernel's to hand out");
    for (i, (_, server)) in pairs.iter().enumerate() {
        let recv = entry::recv_select(server.as_fd(), 5, 32, 0, i as u64);
        // SAFETY: the buffer is chosen from the pool, registered until `unregister` below,
        // after every completion; each socket stays open until then.
        unsafe { ring.push(&recv).unwrap() };
    }
    ring.submit().unwrap();
    // Three receives wait, and none holds a buffer: that is the point of the pool.
    (&pairs[1].0).write_all(b"only me").unwrap();
    let cqe = next(&mut ring);
    assert_eq!((cqe.user_data, cqe.res), (1, 7));
    let taken = pool
        .take(cqe.flags, 7)
        .expect("the completion names its buffer");
    assert_eq!(pool.bytes(&taken), b"only me");
    assert_eq!(pool.taken(), 1);
    assert_eq!(pool.take(cqe.flags, 7), None, "a buffer can be taken once");
    pool.give_back(taken);
    pool.publish();
    assert_eq!(pool.taken(), 0);
    for (client, _) in &pairs {
        client.shutdown(std::net::Shutdown::Write).unwrap();
    }
    for _ in 0..2 {
        assert_eq!(next(&mut ring).res, 0, "end of file takes no buffer");
    }
    pool.unregister(&ring).unwrap();
}

#[test]
fn an_empty_pool_fails_the_receive_with_enobufs() {
    if !uring::or_skip("an_empty_pool_fails_the_receive_with_enobufs") {
        return;
    }
    let (mut client, server) = tcp_pair();
    let mut ring = Ring::new(8).unwrap();
    let mut pool = BufferRing::new(&ring, 9, 1, 16).unwrap();
    client.write_all(b"0123456789abcdefXYZ").unwrap();
    std::thread::sleep(Duration::from_millis(20)); // all 19 bytes are in the socket
    for id in 0..2 {
        let recv = entry::recv_select(server.as_fd(), 9, 16, 0, id);
        // SAFETY: as above: pool buffers only, and the socket stays open.
        unsafe { ring.push(&recv).unwrap() };
    }
    let first = next(&mut ring);
    let second = next(&mut ring);
    assert_eq!(first.res, 16, "the one buffer, filled");
    assert_eq!(second.res, -105, "ENOBUFS: the pool was empty");
    let taken = pool.take(first.flags, 16).unwrap();
    assert_eq!(pool.bytes(&taken), b"0123456789abcdef");
    pool.give_back(taken);
    pool.publish();
    let recv = entry::recv_select(server.as_fd(), 9, 16, 0, 2);
    // SAFETY: as above.
    unsafe { ring.push(&recv).unwrap() };
    let third = next(&mut ring);
    assert_eq!(third.res, 3, "with the buffer back, the rest arrives");
    let taken = pool.take(third.flags, 3).unwrap();
    assert_eq!(pool.bytes(&taken), b"XYZ");
    pool.give_back(taken);
    pool.unregister(&ring).unwrap();
}
