//! Every kind of bad input gets a clear HTTP error or a close, never a crash, and never a
//! stall for the other clients: each test also checks that a well-behaved client is answered
//! promptly while the bad one is at it.

use std::io::{ErrorKind, Write};
use std::thread;
use std::time::{Duration, Instant};

use nonblocking::http::MAX_HEAD_BYTES;

use crate::support::{
    self, HEADER_TIMEOUT, ServerProcess, assert_served_promptly, connect, exchange, only_response,
    read_to_close,
};

/// Sends `bytes` and expects one error response with `status` and a body saying `because`,
/// then the connection closed.
fn expect_error(server: &ServerProcess, bytes: &[u8], status: u16, because: &str) {
    let response = only_response(&exchange(server.addr, bytes));
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(80)]);
    assert_eq!(response.status, status, "{start:?}");
    assert!(response.text().contains(because), "{}", response.text());
    assert!(response.closes_connection());
    assert_served_promptly(server.addr);
}

#[test]
fn a_method_other_than_get_is_400() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    expect_error(&server, b"POST /0/x HTTP/1.1\r\n\r\n", 400, "only GET");
    expect_error(&server, b"DELETE", 400, "only GET"); // refused before the line ends
}

#[test]
fn a_bad_or_missing_path_is_400() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    for bytes in [
        &b"GET / HTTP/1.1\r\n\r\n"[..],
        b"GET /100 HTTP/1.1\r\n\r\n",
        b"GET http://example.com/0/x HTTP/1.1\r\n\r\n",
    ] {
        expect_error(&server, bytes, 400, "/{delay_ms}/{message}");
    }
    expect_error(&server, b"GET HTTP/1.1\r\n\r\n", 400, "first line");
}

#[test]
fn a_delay_that_is_not_a_number_is_400() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    expect_error(&server, b"GET /soon/x HTTP/1.1\r\n\r\n", 400, "a number");
    expect_error(&server, b"GET /-5/x HTTP/1.1\r\n\r\n", 400, "a number");
}

#[test]
fn a_delay_over_the_cap_is_400() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    // The cap is lesson 03's MAX_DELAY_MS: 60 s.
    expect_error(
        &server,
        b"GET /60001/x HTTP/1.1\r\n\r\n",
        400,
        "at most 60000",
    );
    let huge = b"GET /99999999999999999999999999/x HTTP/1.1\r\n\r\n";
    expect_error(&server, huge, 400, "at most 60000");
}

#[test]
fn a_head_over_8_kib_is_431() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let mut head = b"GET /0/x HTTP/1.1\r\nX-Filler: ".to_vec();
    head.resize(MAX_HEAD_BYTES + 10, b'a');
    head.extend_from_slice(b"\r\n\r\n");
    expect_error(&server, &head, 431, "longer than 8192");
    // Endless garbage with no line end at all meets the same limit.
    let mut endless = b"GET /0/".to_vec();
    endless.resize(MAX_HEAD_BYTES * 3, b'a');
    expect_error(&server, &endless, 431, "longer than 8192");
}

#[test]
fn bare_line_feeds_are_accepted() {
    // RFC 9112 lets a server accept a bare LF as a line end; lesson 03's parser does.
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let response = only_response(&exchange(
        server.addr,
        b"GET /0/lf HTTP/1.1\nHost: x\nConnection: close\n\n",
    ));
    assert_eq!((response.status, response.text().as_str()), (200, "lf"));
}

#[test]
fn a_request_that_never_ends_its_line_times_out_with_408() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let start = Instant::now();
    let stream = connect(server.addr);
    (&stream).write_all(b"GET /0/x HTTP/1.1").unwrap(); // no CRLF, ever
    assert_served_promptly(server.addr);
    let response = only_response(&read_to_close(&stream));
    assert_eq!(response.status, 408);
    assert!(start.elapsed() >= HEADER_TIMEOUT, "{:?}", start.elapsed());
}

#[test]
fn binary_garbage_is_400_at_once() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    // The start of a TLS handshake, then bytes of every value.
    let mut garbage = vec![
        0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03,
    ];
    garbage.extend((0..=255u8).cycle().take(4000));
    let start = Instant::now();
    expect_error(&server, &garbage, 400, "first line");
    // Refused as soon as it is read, not after a timeout.
    assert!(start.elapsed() < HEADER_TIMEOUT, "{:?}", start.elapsed());
    // More garbage than a head may hold is refused for its size first.
    garbage.extend((0..=255u8).cycle().take(20_000));
    expect_error(&server, &garbage, 431, "longer than 8192");
}

#[test]
fn a_slowloris_sending_a_byte_at_a_time_gets_408() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let stream = connect(server.addr);
    let start = Instant::now();
    let trickle = b"GET /0/slow HTTP/1.1\r\nHost: a-very-long-host-name\r\n\r\n";
    for &byte in trickle.iter() {
        match (&stream).write_all(&[byte]) {
            Ok(()) => {}
            // The server answered 408 and closed while we were still trickling.
            Err(error)
                if matches!(
                    error.kind(),
                    ErrorKind::BrokenPipe | ErrorKind::ConnectionReset
                ) =>
            {
                break;
            }
            Err(error) => panic!("{error}"),
        }
        if start.elapsed() > HEADER_TIMEOUT * 2 {
            break;
        }
        thread::sleep(Duration::from_millis(50));
    }
    assert_served_promptly(server.addr);
    let response = only_response(&read_to_close(&stream));
    assert_eq!(response.status, 408, "{}", response.text());
    assert!(start.elapsed() >= HEADER_TIMEOUT);
}

#[test]
fn abrupt_resets_close_only_their_own_connection() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    #[cfg(target_os = "linux")]
    let baseline = support::open_descriptors(server.pid());
    for _ in 0..20 {
        let stream = connect(server.addr);
        // A whole request, then half of the next. Its answer arrives and is never read, and
        // closing a socket with unread bytes makes the kernel send a reset (RST) instead of a
        // normal end (FIN): the server sees ECONNRESET in the middle of a request. (SO_LINGER
        // with a zero timeout does the same; this way needs no socket option.)
        (&stream)
            .write_all(b"GET /0/a HTTP/1.1\r\n\r\nGET /0/b HTTP/1.1\r\nHo")
            .unwrap();
        let mut first = [0u8; 1];
        std::io::Read::read(&mut &stream, &mut first).unwrap(); // the answer is here
        drop(stream);
    }
    assert_served_promptly(server.addr);
    #[cfg(target_os = "linux")]
    support::assert_descriptors_return_to(server.pid(), baseline);
}

#[test]
fn a_client_that_never_reads_cannot_grow_the_server() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    #[cfg(target_os = "linux")]
    let before = support::resident_kib(server.pid());
    let stream = connect(server.addr);
    stream.set_nonblocking(true).unwrap();
    let requests = b"GET /0/x HTTP/1.1\r\n\r\n".repeat(1000);
    // Pipeline as much as the kernel takes, reading nothing, until the server has stopped
    // reading us for a while: its buffers are full and ours too.
    let mut sent = 0usize;
    let mut blocked_since = None;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        match (&stream).write(&requests) {
            Ok(written) => {
                sent += written;
                blocked_since = None;
            }
            Err(error) if error.kind() == ErrorKind::WouldBlock => {
                let since = *blocked_since.get_or_insert_with(Instant::now);
                if since.elapsed() > Duration::from_millis(300) {
                    break;
                }
                thread::sleep(Duration::from_millis(5));
            }
            Err(error) => panic!("{error}"),
        }
    }
    assert!(
        blocked_since.is_some(),
        "the server read {sent} bytes and more"
    );
    assert_served_promptly(server.addr);
    #[cfg(target_os = "linux")]
    {
        let grown = support::resident_kib(server.pid()).saturating_sub(before);
        // The server holds at most 64 KiB of input and 64 KiB of output for the connection;
        // the rest of the megabytes sent wait in the kernel's socket buffers.
        assert!(
            grown < 8 * 1024,
            "the server grew by {grown} KiB after {sent} bytes"
        );
    }
}

#[test]
fn random_near_requests_in_random_pieces_never_bring_it_down() {
    // Inputs made of pieces of requests and bytes of every value, sent in pieces of random
    // sizes, then end of file: every one must end in well-formed answers and a close, never a
    // crash.
    const PIECES: &[&[u8]] = &[
        b"GET ",
        b"POST ",
        b"/",
        b"0",
        b"1",
        b"x",
        b"%",
        b"%2",
        b"%41",
        b" HTTP/1.1",
        b" HTTP/1.0",
        b"\r\n",
        b"\n",
        b"\r",
        b"Host: a",
        b"Connection: close",
        b"Content-Length: 5",
        b":",
        b" ",
        b"\0",
        b"\xff",
        b"\xc3",
        b"\r\n\r\n",
        b"GET /0/y HTTP/1.1\r\n\r\n",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64; // xorshift: the same inputs on every run
    let mut random = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let Some(mut server) = ServerProcess::start() else {
        return;
    };
    for _ in 0..150 {
        // Half of them start as a valid request would, so the headers' parser is reached.
        let mut input = match random(2) {
            0 => b"GET /1/a HTTP/1.1\r\n".to_vec(),
            _ => Vec::new(),
        };
        for _ in 0..random(40) {
            input.extend_from_slice(PIECES[random(PIECES.len())]);
        }
        let stream = connect(server.addr);
        let mut rest = &input[..];
        while !rest.is_empty() {
            let (piece, after) = rest.split_at(1 + random(rest.len()));
            if (&stream).write_all(piece).is_err() {
                break; // the server has answered and closed already
            }
            rest = after;
        }
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut everything = Vec::new();
        let _ = std::io::Read::read_to_end(&mut &stream, &mut everything);
        support::responses(&everything);
    }
    assert!(server.is_running(), "the server died");
    assert_served_promptly(server.addr);
}
