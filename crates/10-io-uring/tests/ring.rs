//! The rings themselves: entries in, completions out, indexes that wrap, a full submission
//! ring, more completions than the completion ring holds, timers, and what the kernel
//! supports. Each test is skipped (loudly) where io_uring cannot run; see `uring/mod.rs`.
#![cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]

mod uring;

use std::collections::BTreeSet;
use std::io::Write;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use io_uring::ring::{Options, Ring};
use io_uring::sys::{
    ECANCELED, ETIME, IORING_OP_ACCEPT, IORING_OP_RECV, IORING_OP_SEND, IORING_OP_TIMEOUT,
};
use io_uring::{entry, probe};

/// `EINVAL`: what the kernel completes an entry it cannot start with.
const EINVAL: i32 = raw_syscall::Errno::EINVAL.raw();

/// A connected pair of blocking TCP sockets on loopback: (client, server side).
fn tcp_pair() -> (std::net::TcpStream, std::net::TcpStream) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    (client, server)
}

/// Every completion that arrives within `patience`, until `count` have.
fn collect(ring: &mut Ring, count: usize, patience: Duration) -> Vec<io_uring::sys::Cqe> {
    let deadline = Instant::now() + patience;
    let mut seen = Vec::new();
    while seen.len() < count {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "only {} of {count} completions",
            seen.len()
        );
        ring.submit_and_wait(1, Some(left)).unwrap();
        seen.extend(std::iter::from_fn(|| ring.next_completion()));
    }
    seen
}

#[test]
fn a_nop_comes_back_with_its_user_data_in_one_system_call() {
    if !uring::or_skip("a_nop_comes_back_with_its_user_data_in_one_system_call") {
        return;
    }
    let mut ring = Ring::new(8).unwrap();
    assert_eq!((ring.sq_entries(), ring.cq_entries()), (8, 16));
    // SAFETY: a NOP names no descriptor and no memory.
    unsafe { ring.push(&entry::nop(0xfeed_f00d)).unwrap() };
    assert_eq!(ring.stats().enters, 0, "writing an entry is no system call");
    ring.submit_and_wait(1, None).unwrap();
    let cqe = ring.next_completion().expect("a completion");
    assert_eq!((cqe.user_data, cqe.res), (0xfeed_f00d, 0));
    assert_eq!(
        ring.stats().enters,
        1,
        "submitting and waiting was one system call"
    );
    assert_eq!(ring.next_completion(), None);
    assert_eq!(ring.in_flight(), 0);
}

#[test]
fn a_thousand_entries_through_an_eight_slot_ring_wrap_the_indexes() {
    if !uring::or_skip("a_thousand_entries_through_an_eight_slot_ring_wrap_the_indexes") {
        return;
    }
    let mut ring = Ring::new(8).unwrap();
    let mut seen = BTreeSet::new();
    for batch in 0..125u64 {
        for i in 0..8 {
            // SAFETY: a NOP names no descriptor and no memory.
            unsafe { ring.push(&entry::nop(batch * 8 + i)).unwrap() };
        }
        for cqe in collect(&mut ring, 8, Duration::from_secs(5)) {
            assert!(seen.insert(cqe.user_data), "{} twice", cqe.user_data);
        }
    }
    assert_eq!(seen, (0..1000).collect(), "each one exactly once");
    assert_eq!(ring.stats().submitted, 1000);
}

#[test]
fn pushing_into_a_full_ring_submits_what_is_there() {
    if !uring::or_skip("pushing_into_a_full_ring_submits_what_is_there") {
        return;
    }
    let mut ring = Ring::new(8).unwrap();
    for i in 0..20 {
        // SAFETY: a NOP names no descriptor and no memory.
        unsafe { ring.push(&entry::nop(i)).unwrap() };
    }
    assert_eq!(
        ring.stats().enters,
        2,
        "two full rings had to be submitted to write 20"
    );
    assert_eq!(ring.unsubmitted(), 4);
    let mut ids: Vec<u64> = collect(&mut ring, 20, Duration::from_secs(5))
        .iter()
        .map(|cqe| cqe.user_data)
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (0..20).collect::<Vec<_>>());
}

#[test]
fn reserve_makes_room_for_a_linked_pair_even_when_the_kernel_stops_early() {
    if !uring::or_skip("reserve_makes_room_for_a_linked_pair_even_when_the_kernel_stops_early") {
        return;
    }
    let (mut client, server) = tcp_pair();
    let mut ring = Ring::new(4).unwrap();
    // A full ring whose first entry the kernel cannot start (no such opcode): it stops the
    // submission there, completing that one with EINVAL, and leaves the three NOPs behind it
    // in the ring. One submission frees one slot, not four.
    let mut invalid = entry::nop(90);
    invalid.opcode = u8::MAX;
    // SAFETY: NOPs and an entry the kernel refuses name no descriptor and no memory.
    unsafe {
        ring.push(&invalid).unwrap();
        for i in 91..94 {
            ring.push(&entry::nop(i)).unwrap();
        }
    }
    assert_eq!(ring.space(), 0);
    ring.reserve(2).unwrap();
    assert!(ring.space() >= 2, "reserve(2) left {} free", ring.space());
    // So the pair is submitted together: the receive keeps its deadline.
    let mut buffer = vec![0u8; 16];
    let recv = entry::recv(server.as_fd(), buffer.as_mut_ptr(), 16, 1);
    // SAFETY: the receive writes at most 16 bytes into `buffer`, which lives (untouched)
    // until both completions are read below; `server` stays open as long.
    unsafe {
        ring.push(&entry::linked(recv)).unwrap();
        ring.push_timeout(&entry::link_timeout(2), Duration::from_millis(50))
            .unwrap();
    }
    let cqes = collect(&mut ring, 6, Duration::from_secs(5));
    let result = |id| cqes.iter().find(|cqe| cqe.user_data == id).unwrap().res;
    assert_eq!(result(90), -EINVAL, "the kernel refused the unknown opcode");
    assert_eq!(
        result(1),
        -ECANCELED,
        "the receive was cancelled by its own timer"
    );
    assert_eq!(
        result(2),
        -ETIME,
        "the link timeout ran, linked to the receive"
    );
    client.write_all(b"x").unwrap();
}

#[test]
fn reserving_more_than_the_ring_holds_is_refused() {
    if !uring::or_skip("reserving_more_than_the_ring_holds_is_refused") {
        return;
    }
    let mut ring = Ring::new(4).unwrap();
    let error = ring.reserve(5).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn completions_beyond_the_completion_ring_wait_in_the_kernel() {
    if !uring::or_skip("completions_beyond_the_completion_ring_wait_in_the_kernel") {
        return;
    }
    // 8 submission slots, 8 completion slots: four rounds of eight NOPs, none read, make 32
    // completions for 8 slots. With IORING_FEAT_NODROP the other 24 wait in the kernel and
    // come out as the ring is read.
    let mut ring = Ring::with_options(Options {
        sq_entries: 8,
        cq_entries: 8,
        flags: 0,
    })
    .unwrap();
    assert_eq!(ring.cq_entries(), 8);
    for round in 0..4 {
        for i in 0..8 {
            // SAFETY: a NOP names no descriptor and no memory.
            unsafe { ring.push(&entry::nop(round * 8 + i)).unwrap() };
        }
        ring.submit().unwrap();
    }
    assert_eq!(ring.ready(), 8, "the ring holds 8");
    let cqes = collect(&mut ring, 32, Duration::from_secs(5));
    let ids: BTreeSet<u64> = cqes.iter().map(|cqe| cqe.user_data).collect();
    assert_eq!(ids, (0..32).collect(), "none lost");
}

#[test]
fn a_timeout_completes_with_etime_when_its_time_has_passed() {
    if !uring::or_skip("a_timeout_completes_with_etime_when_its_time_has_passed") {
        return;
    }
    let mut ring = Ring::new(4).unwrap();
    let start = Instant::now();
    // SAFETY: a timeout names no descriptor; its timespec is the ring's.
    unsafe {
        ring.push_timeout(&entry::timeout(7), Duration::from_millis(50))
            .unwrap()
    };
    let cqe = collect(&mut ring, 1, Duration::from_secs(5))[0];
    assert_eq!((cqe.user_data, cqe.res), (7, -ETIME));
    assert!(
        start.elapsed() >= Duration::from_millis(50),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn an_absolute_timeout_fires_at_its_time_not_a_duration_after_the_kernel_took_it() {
    if !uring::or_skip(
        "an_absolute_timeout_fires_at_its_time_not_a_duration_after_the_kernel_took_it",
    ) {
        return;
    }
    let mut ring = Ring::new(4).unwrap();
    let start = Instant::now();
    let at = start + Duration::from_millis(200);
    // SAFETY: a timeout names no descriptor; its timespec is the ring's.
    unsafe { ring.push_timeout_at(&entry::timeout(7), at).unwrap() };
    // The kernel takes the entry only now, 150 ms on: a relative timer of the same 200 ms
    // would fire at 350 ms.
    std::thread::sleep(Duration::from_millis(150));
    let cqe = collect(&mut ring, 1, Duration::from_secs(5))[0];
    let fired = start.elapsed();
    assert_eq!((cqe.user_data, cqe.res), (7, -ETIME));
    assert!(fired >= Duration::from_millis(200), "early: {fired:?}");
    assert!(
        fired < Duration::from_millis(340),
        "counted from submission: {fired:?}"
    );
    // A time already past fires at once.
    let past = Instant::now() - Duration::from_millis(500);
    // SAFETY: as above.
    unsafe { ring.push_timeout_at(&entry::timeout(8), past).unwrap() };
    let cqe = collect(&mut ring, 1, Duration::from_secs(5))[0];
    assert_eq!((cqe.user_data, cqe.res), (8, -ETIME));
    assert!(start.elapsed() - fired < Duration::from_millis(100));
}

#[test]
fn a_link_timeout_cancels_a_receive_that_takes_too_long() {
    if !uring::or_skip("a_link_timeout_cancels_a_receive_that_takes_too_long") {
        return;
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    let mut ring = Ring::new(4).unwrap();
    let mut buffer = vec![0u8; 64];
    let recv = entry::recv(server.as_fd(), buffer.as_mut_ptr(), 64, 1);
    // SAFETY: the receive writes at most 64 bytes into `buffer`, which lives (untouched)
    // until both completions are read below; `server` stays open as long.
    unsafe {
        ring.push(&entry::linked(recv)).unwrap();
        ring.push_timeout(&entry::link_timeout(2), Duration::from_millis(50))
            .unwrap();
    }
    let cqes = collect(&mut ring, 2, Duration::from_secs(5));
    let result = |id| cqes.iter().find(|cqe| cqe.user_data == id).unwrap().res;
    assert_eq!(result(1), -ECANCELED, "the receive was cancelled");
    assert_eq!(result(2), -ETIME, "because its timer fired");

    // Again, with data arriving in time: the receive wins and the timer is cancelled.
    let recv = entry::recv(server.as_fd(), buffer.as_mut_ptr(), 64, 3);
    // SAFETY: as above.
    unsafe {
        ring.push(&entry::linked(recv)).unwrap();
        ring.push_timeout(&entry::link_timeout(4), Duration::from_secs(5))
            .unwrap();
    }
    ring.submit().unwrap();
    client.write_all(b"in time").unwrap();
    let cqes = collect(&mut ring, 2, Duration::from_secs(5));
    let result = |id| cqes.iter().find(|cqe| cqe.user_data == id).unwrap().res;
    assert_eq!((result(3), result(4)), (7, -ECANCELED));
    assert_eq!(&buffer[..7], b"in time");
}

#[test]
fn the_probe_lists_the_operations_this_lesson_uses() {
    if !uring::or_skip("the_probe_lists_the_operations_this_lesson_uses") {
        return;
    }
    let ring = Ring::new(4).unwrap();
    let supported = probe::supported_opcodes(&ring).unwrap();
    for opcode in [
        IORING_OP_TIMEOUT,
        IORING_OP_ACCEPT,
        IORING_OP_SEND,
        IORING_OP_RECV,
    ] {
        assert!(supported[opcode as usize], "opcode {opcode}");
    }
    assert!(probe::check().is_ok());
}
