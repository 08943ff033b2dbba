//! Many connections: more than the old fixed table of 64, timers in deadline order across
//! hundreds of them, and a table that is full.

use std::time::{Duration, Instant};

use super::client::Connection;
use super::fd_limit::{self, start_with_room_for};
use super::start;

const fn ms(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

#[test]
fn more_than_64_connections_at_once_are_all_answered() {
    // Each connection is a descriptor here and one in the server (which raises its own limit),
    // and other tests run meanwhile: use at most half of ours.
    let own = fd_limit::raise_own();
    let wanted = 1000.min(own as usize / 2);
    if wanted < 256 {
        let why = format!("a descriptor limit of {own} leaves no room for 256 connections");
        assert!(std::env::var_os("COURSE_REQUIRE_TOOLS").is_none(), "{why}");
        return eprintln!("SKIPPED more_than_64_connections_at_once_are_all_answered: {why}");
    }
    let Some(running) = start() else { return };
    let n = wanted.min(running.capacity().expect("a `room for N` line"));
    assert!(n >= 256, "room for only {n}: {}", running.before_listening);
    let started = Instant::now();
    let mut connections: Vec<Connection> = (0..n)
        .map(|_| Connection::open(running.port).unwrap())
        .collect();
    for (i, connection) in connections.iter_mut().enumerate() {
        let request = format!("GET /500/{i} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        connection.send(request.as_bytes()).unwrap();
    }
    for (i, connection) in connections.iter_mut().enumerate() {
        let response = connection.read_response().unwrap();
        assert_eq!((response.status, response.body), (200, i.to_string()));
    }
    // All at once, not one after another: n half-second delays in far less than n half-seconds.
    let took = started.elapsed();
    assert!(took < Duration::from_secs(60), "{n} answers took {took:?}");
    // Still open, still served: keep-alive on every one.
    assert_eq!(
        connections[n - 1].get("/0/again", false).unwrap().body,
        "again"
    );
    assert_eq!(running.stop().unwrap().0.code(), Some(0));
}

#[test]
fn timers_fire_in_deadline_order_with_many_connections() {
    const N: usize = 200;
    let Some(running) = start() else { return };
    // Delays from 100 ms to 2.09 s, 10 ms apart, asked in a shuffled order (77 and 200 are
    // coprime, so i * 77 mod 200 visits every number below 200 once).
    let delays: Vec<u64> = (0..N).map(|i| 100 + 10 * ((i * 77) % N) as u64).collect();
    let mut connections: Vec<Connection> = (0..N)
        .map(|_| Connection::open(running.port).unwrap())
        .collect();
    let mut asked_at = Vec::new();
    for (i, connection) in connections.iter_mut().enumerate() {
        asked_at.push(Instant::now());
        let request = format!("GET /{}/{i} HTTP/1.1\r\n\r\n", delays[i]);
        connection.send(request.as_bytes()).unwrap();
    }
    // Read in deadline order. Each answer must come no earlier than its delay after it was
    // asked, and not much later; and whenever one has come, no answer due later may have.
    let mut order: Vec<usize> = (0..N).collect();
    order.sort_by_key(|&i| delays[i]);
    let slack = ms(2000); // a loaded machine, or qemu-user
    for (k, &i) in order.iter().enumerate() {
        let response = connections[i].read_response().unwrap();
        let waited = asked_at[i].elapsed();
        assert_eq!(response.body, i.to_string());
        assert!(
            waited >= ms(delays[i]),
            "{i} after {waited:?} < {} ms",
            delays[i]
        );
        assert!(waited < ms(delays[i]) + slack, "{i} late: {waited:?}");
        for &j in &order[k + 1..] {
            if connections[j].has_unread().unwrap() {
                let waited = asked_at[j].elapsed(); // measured after the data was there
                assert!(waited >= ms(delays[j]), "{j} answered early, before {i}");
            }
        }
    }
    assert_eq!(running.stop().unwrap().0.code(), Some(0));
}

#[test]
fn a_full_table_refuses_cleanly_and_keeps_serving() {
    const ROOM: usize = 8;
    let Some(running) = start_with_room_for(ROOM) else {
        return;
    };
    // Fill the table, each connection proved by an answer, one of them waiting out a delay.
    let mut held: Vec<Connection> = (0..ROOM)
        .map(|_| {
            let mut connection = Connection::open(running.port).unwrap();
            assert_eq!(connection.get("/0/in", false).unwrap().status, 200);
            connection
        })
        .collect();
    held[0].send(b"GET /300/held HTTP/1.1\r\n\r\n").unwrap();
    // Every one more is answered 503 and closed: the spare descriptor is given back each time.
    for _ in 0..3 * ROOM {
        let mut refused = Connection::open(running.port).unwrap();
        let response = refused.get("/0/x", false).unwrap();
        assert_eq!(response.status_line, "HTTP/1.1 503 Service Unavailable");
        assert!(response.closes() && refused.closed_by_server().unwrap());
    }
    // Those in the table are served all along, the waiting one included.
    assert_eq!(held[0].read_response().unwrap().body, "held");
    for connection in &mut held {
        assert_eq!(connection.get("/0/still", false).unwrap().body, "still");
    }
    // Once they have gone, the table takes as many again.
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut again = Vec::new();
    while again.len() < ROOM {
        let mut connection = Connection::open(running.port).unwrap();
        match connection.get("/0/again", false).unwrap().status {
            200 => again.push(connection),
            // The closes may not all be seen yet.
            status => assert!(status == 503 && Instant::now() < deadline, "{status}"),
        }
    }
    assert_eq!(running.stop().unwrap().0.code(), Some(0));
}

#[test]
fn answers_that_wait_for_room_in_the_socket_arrive_whole() {
    // A client that sends many pipelined requests and reads nothing for a while: the answers
    // fill its receive buffer and the server's send buffer (which the kernel lets grow to
    // 4 MiB by default: `net.ipv4.tcp_wmem`), `sendto` says `EAGAIN`, and each answer is
    // finished later, written again from its request, from where it stopped. 7 MB of answers.
    const REQUESTS: usize = 6000;
    let Some(running) = start() else { return };
    let body = |i: usize| format!("{i:04}-{}", "lorem ipsum ".repeat(90));
    let mut connection = Connection::open(running.port).unwrap();
    let mut writer = connection.try_clone_stream().unwrap();
    let sender = std::thread::spawn(move || {
        for i in 0..REQUESTS {
            let path = body(i).replace(' ', "%20");
            let request = format!("GET /0/{path} HTTP/1.1\r\n\r\n");
            std::io::Write::write_all(&mut writer, request.as_bytes()).unwrap();
        }
    });
    std::thread::sleep(ms(1000)); // reading nothing: the buffers fill up
    for i in 0..REQUESTS {
        let response = connection.read_response().unwrap();
        assert_eq!(
            (response.status, response.body),
            (200, body(i)),
            "answer {i}"
        );
    }
    sender.join().unwrap();
    assert_eq!(running.stop().unwrap().0.code(), Some(0));
}
