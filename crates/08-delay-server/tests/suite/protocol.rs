//! The protocol, over real connections to the server under test run as a child process
//! (its `serve`): answers, delays, keep-alive, pipelining in order, `Connection: close`.

use std::io::Write;
use std::net::Shutdown;
use std::time::{Duration, Instant};

use nonblocking::client;

use crate::support::{self, ServerProcess, connect, read_to_close, request, responses};

// Lesson 03's check of an answer (a path from this file's folder, whoever includes it).
#[path = "../../../03-nonblocking/tests/answer/mod.rs"]
mod answer;

#[test]
fn a_request_is_answered_with_its_url_decoded_message() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let response = client::get(server.addr, 0, "hello world / déjà vu%").unwrap();
    answer::assert_answers(&response, "hello world / déjà vu%");
}

#[test]
fn the_answer_comes_after_the_delay() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let start = Instant::now();
    let response = client::get(server.addr, 300, "late").unwrap();
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(300), "{took:?}");
    assert_eq!(response.text(), "late");
}

#[test]
fn keep_alive_serves_two_requests_on_one_connection() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let stream = connect(server.addr);
    let mut buffer = Vec::new();
    for message in ["one", "two"] {
        (&stream).write_all(&request(10, message, true)).unwrap();
        let response = client::read_response(&stream, &mut buffer).unwrap();
        assert_eq!(response.text(), message);
        assert_eq!(response.header("Connection"), Some("keep-alive"));
    }
}

#[test]
fn pipelined_requests_are_answered_in_order_whatever_their_delays() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let stream = connect(server.addr);
    let mut pipelined = request(600, "first", true);
    pipelined.extend(request(300, "second", true));
    pipelined.extend(request(0, "third", false));
    let start = Instant::now();
    (&stream).write_all(&pipelined).unwrap(); // one write: the server reads all three at once
    let everything = read_to_close(&stream);
    let took = start.elapsed();
    let bodies: Vec<String> = responses(&everything).iter().map(|r| r.text()).collect();
    assert_eq!(bodies, ["first", "second", "third"]);
    assert!(took >= Duration::from_millis(600), "{took:?}");
}

#[test]
fn connection_close_is_honoured_after_the_answer() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let stream = connect(server.addr);
    (&stream).write_all(&request(50, "bye", false)).unwrap();
    // read_to_close returns only once the server has closed its side.
    let everything = read_to_close(&stream);
    let all = responses(&everything);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].text(), "bye");
    assert!(all[0].closes_connection());
}

#[test]
fn http_1_0_closes_unless_asked_to_keep_alive() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let everything = support::exchange(server.addr, b"GET /0/old HTTP/1.0\r\n\r\n");
    let response = support::only_response(&everything);
    assert_eq!(response.text(), "old");
    assert!(response.closes_connection());
}

#[test]
fn a_client_that_stops_sending_still_gets_every_answer() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let stream = connect(server.addr);
    let mut pipelined = request(100, "a", true);
    pipelined.extend(request(0, "b", true));
    (&stream).write_all(&pipelined).unwrap();
    stream.shutdown(Shutdown::Write).unwrap(); // end of file, with two answers owed
    let bodies: Vec<String> = responses(&read_to_close(&stream))
        .iter()
        .map(|r| r.text())
        .collect();
    assert_eq!(bodies, ["a", "b"]);
}

#[test]
fn a_hundred_connections_at_once_through_the_load_client() {
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let mut options = delay_server::load::Options::new(server.addr);
    options.connections = 100;
    options.requests = 300;
    options.path = "/100/x".to_string();
    options.progress = false;
    let start = Instant::now();
    let report = delay_server::load::run(&options).expect("the load runs");
    assert_eq!((report.ok, report.errors), (300, 0), "{report}");
    // Three rounds of 100 ms on each connection, at the least.
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert!(report.latency.percentile(0.5) >= Duration::from_millis(100));
}

#[test]
fn a_long_pipeline_is_answered_completely_and_in_order() {
    // Thousands of requests in a row, with delays of 0, 1 and 2 ms: more than the server lets
    // one connection queue (256) or buffer (64 KiB), so it pauses reading and resumes, many
    // times, and every answer must still come, once, in order.
    const COUNT: usize = 3000;
    let Some(server) = ServerProcess::start() else {
        return;
    };
    let stream = connect(server.addr);
    let mut pipelined = Vec::new();
    for i in 0..COUNT {
        pipelined.extend(request((i % 3) as u64, &format!("m{i}"), i + 1 < COUNT));
    }
    // Written by one thread while this one reads: a client that wrote everything before
    // reading anything would fill both directions' buffers and wait forever, and so would we.
    let everything = std::thread::scope(|scope| {
        let writer = scope.spawn(|| (&stream).write_all(&pipelined));
        let everything = read_to_close(&stream);
        writer.join().unwrap().unwrap();
        everything
    });
    let bodies: Vec<String> = responses(&everything).iter().map(|r| r.text()).collect();
    assert_eq!(bodies.len(), COUNT);
    for (i, body) in bodies.iter().enumerate() {
        assert_eq!(body, &format!("m{i}"));
    }
}
