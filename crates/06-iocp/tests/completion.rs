//! Part 1, the completion model: overlapped receives and sends, and who owns the buffer when.
#![cfg(windows)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use iocp::completion::{Completion, CompletionPort, IoBuffer, Operation};

/// How long to wait for a completion that should come.
const PATIENCE: Duration = Duration::from_secs(5);

/// A connected pair of blocking TCP sockets on loopback: (ours, the peer).
fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let ours = TcpStream::connect(listener.local_addr().unwrap()).expect("connect");
    let (peer, _) = listener.accept().expect("accept");
    (ours, peer)
}

fn next(port: &CompletionPort) -> Completion {
    port.wait(Some(PATIENCE))
        .expect("wait")
        .expect("a completion within PATIENCE")
}

#[test]
fn a_receive_started_before_the_data_exists_completes_with_it() {
    let port = CompletionPort::new().unwrap();
    let (ours, mut peer) = tcp_pair();
    port.add(&ours, 7).unwrap();
    port.recv(&ours, IoBuffer::with_capacity(64)).unwrap();
    // Started, not finished: nothing has been sent yet.
    assert!(
        port.wait(Some(Duration::from_millis(100)))
            .unwrap()
            .is_none()
    );
    peer.write_all(b"hello").unwrap();
    let completion = next(&port);
    assert_eq!(completion.key, 7);
    assert_eq!(completion.result.unwrap(), 5);
    assert_eq!(completion.buffer.operation(), Operation::Recv);
    assert_eq!(completion.buffer.bytes(), b"hello");
}

#[test]
fn a_send_completes_and_the_peer_reads_the_bytes() {
    let port = CompletionPort::new().unwrap();
    let (ours, mut peer) = tcp_pair();
    port.add(&ours, 1).unwrap();
    port.send(&ours, IoBuffer::from_bytes(b"from the port"))
        .unwrap();
    let completion = next(&port);
    assert_eq!(completion.buffer.operation(), Operation::Send);
    assert_eq!(completion.result.unwrap(), 13);
    let mut received = [0u8; 13];
    peer.read_exact(&mut received).unwrap();
    assert_eq!(&received, b"from the port");
}

#[test]
fn the_same_buffer_is_lent_again_after_its_completion() {
    let port = CompletionPort::new().unwrap();
    let (ours, mut peer) = tcp_pair();
    port.add(&ours, 3).unwrap();
    let mut buffer = IoBuffer::with_capacity(4);
    for chunk in [&b"one"[..], b"two", b"six"] {
        port.recv(&ours, buffer).unwrap();
        peer.write_all(chunk).unwrap();
        let completion = next(&port);
        assert_eq!(completion.buffer.bytes(), chunk);
        buffer = completion.buffer;
    }
}

#[test]
fn the_peers_close_completes_a_receive_with_zero_bytes() {
    let port = CompletionPort::new().unwrap();
    let (ours, peer) = tcp_pair();
    port.add(&ours, 0).unwrap();
    port.recv(&ours, IoBuffer::with_capacity(16)).unwrap();
    peer.shutdown(Shutdown::Write).unwrap();
    let completion = next(&port);
    assert_eq!(completion.result.unwrap(), 0);
    assert!(completion.buffer.bytes().is_empty());
}

#[test]
fn a_cancelled_receive_still_hands_its_buffer_back_through_the_port() {
    let port = CompletionPort::new().unwrap();
    let (ours, _peer) = tcp_pair();
    port.add(&ours, 9).unwrap();
    port.recv(&ours, IoBuffer::with_capacity(16)).unwrap();
    port.cancel(&ours).unwrap();
    // Cancelling returns nothing: the buffer is still the kernel's until this completion.
    let completion = next(&port);
    assert_eq!(completion.key, 9);
    let error = completion.result.unwrap_err();
    assert_eq!(
        error.raw_os_error(),
        Some(995),
        "ERROR_OPERATION_ABORTED: {error}"
    );
    assert_eq!(completion.buffer.capacity(), 16);
}

#[test]
fn closing_the_socket_ends_its_receive_through_the_port() {
    let port = CompletionPort::new().unwrap();
    let (ours, _peer) = tcp_pair();
    port.add(&ours, 4).unwrap();
    port.recv(&ours, IoBuffer::with_capacity(16)).unwrap();
    drop(ours);
    let completion = next(&port);
    assert_eq!(completion.key, 4);
    let error = completion.result.unwrap_err();
    // Read from the OVERLAPPED, not asked of the closed socket (which would say WSAENOTSOCK,
    // 10038, whatever the request did).
    assert_eq!(
        error.raw_os_error(),
        Some(995),
        "ERROR_OPERATION_ABORTED: {error}"
    );
}

#[test]
fn a_receive_that_completed_keeps_its_bytes_after_the_socket_is_closed() {
    let port = CompletionPort::new().unwrap();
    let (ours, mut peer) = tcp_pair();
    port.add(&ours, 5).unwrap();
    port.recv(&ours, IoBuffer::with_capacity(16)).unwrap();
    peer.write_all(b"arrived").unwrap();
    // Give the receive time to complete, then close the socket before taking the completion.
    std::thread::sleep(Duration::from_millis(100));
    drop(ours);
    let completion = next(&port);
    assert_eq!(completion.result.unwrap(), 7);
    assert_eq!(completion.buffer.bytes(), b"arrived");
}

#[test]
fn receives_that_complete_at_once_are_safe_with_two_threads_waiting() {
    // Data waiting before each receive starts: the request completes inside WSARecv and its
    // packet is queued before WSARecv returns, while two other threads sit in `wait`, ready to
    // free the buffer. `start` holds the lock `wait` needs until the call is over; on Windows
    // without it a waiter could free the buffer while Winsock still writes its flags.
    const RECEIVES: usize = 2_000;
    let port = CompletionPort::new().unwrap();
    let (ours, mut peer) = tcp_pair();
    port.add(&ours, 11).unwrap();
    let sent: Vec<u8> = (0..RECEIVES).map(|i| i as u8).collect();
    peer.write_all(&sent).unwrap();
    std::thread::sleep(Duration::from_millis(100)); // let it all arrive
    let taken = AtomicUsize::new(0);
    let received = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while taken.load(Ordering::SeqCst) < RECEIVES {
                    let Some(completion) = port.wait(Some(Duration::from_millis(50))).unwrap()
                    else {
                        continue;
                    };
                    assert_eq!(completion.result.unwrap(), 1);
                    received
                        .lock()
                        .unwrap()
                        .extend_from_slice(completion.buffer.bytes());
                    taken.fetch_add(1, Ordering::SeqCst);
                    // The buffer is dropped here, at once: the race the lock closes.
                }
            });
        }
        for _ in 0..RECEIVES {
            port.recv(&ours, IoBuffer::with_capacity(1)).unwrap();
        }
    });
    let mut received = received.into_inner().unwrap();
    received.sort_unstable();
    let mut expected = sent;
    expected.sort_unstable();
    assert_eq!(received, expected, "every byte came back exactly once");
}

#[test]
fn a_request_on_a_socket_not_joined_to_the_port_does_not_start() {
    let port = CompletionPort::new().unwrap();
    let (ours, _peer) = tcp_pair();
    let refused = port.recv(&ours, IoBuffer::with_capacity(8)).unwrap_err();
    assert_eq!(refused.error.kind(), std::io::ErrorKind::InvalidInput);
    assert_eq!(
        refused.buffer.capacity(),
        8,
        "the buffer comes back at once"
    );
}

#[test]
fn completions_carry_each_sockets_own_key() {
    let port = CompletionPort::new().unwrap();
    let pairs: Vec<_> = (0..4).map(|_| tcp_pair()).collect();
    for (key, (ours, _)) in pairs.iter().enumerate() {
        port.add(ours, 100 + key).unwrap();
        port.recv(ours, IoBuffer::with_capacity(8)).unwrap();
    }
    for (key, (_, peer)) in pairs.iter().enumerate().rev() {
        (&*peer).write_all(&[key as u8]).unwrap();
        let completion = next(&port);
        assert_eq!(completion.key, 100 + key);
        assert_eq!(completion.buffer.bytes(), [key as u8]);
    }
}

#[test]
fn a_port_dropped_with_requests_running_does_not_crash() {
    // The buffers still lent are leaked on purpose: the kernel may write into them later.
    let (ours, mut peer) = tcp_pair();
    {
        let port = CompletionPort::new().unwrap();
        port.add(&ours, 0).unwrap();
        port.recv(&ours, IoBuffer::with_capacity(1024)).unwrap();
    }
    peer.write_all(b"into the leaked buffer").unwrap();
    std::thread::sleep(Duration::from_millis(50));
}

#[test]
fn buffers_and_ports_can_cross_threads() {
    fn send<T: Send>() {}
    fn send_and_sync<T: Send + Sync>() {}
    send::<Box<IoBuffer>>();
    send::<Completion>();
    send_and_sync::<CompletionPort>();
}
