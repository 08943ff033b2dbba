//! The async I/O types against real sockets: many tasks waiting on one socket, and what a
//! dropped task, future or socket leaves behind (nothing).

mod util;

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::io;
use std::net::{Ipv4Addr, Shutdown, SocketAddrV4};
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use async_runtime::{Runtime, TcpListener, TcpStream, sleep, spawn};
use util::{PATIENCE, pair, within, yield_now};

#[test]
fn many_tasks_on_one_socket_pair() {
    // Twenty tasks read one end and twenty write the other: the reactor keeps a list of
    // waiters per socket and direction, and wakes them all when it becomes ready.
    const TASKS: u8 = 20;
    const EACH: usize = 1000;
    let runtime = Runtime::new().unwrap();
    let counts = runtime
        .block_on(async {
            let (client, server) = pair().await;
            let (client, server) = (Rc::new(client), Rc::new(server));
            let counts = Rc::new(RefCell::new([0usize; 256]));
            let readers: Vec<_> = (0..TASKS)
                .map(|_| {
                    let (server, counts) = (server.clone(), counts.clone());
                    spawn(async move {
                        let mut buffer = [0; 333];
                        loop {
                            let n = server.read(&mut buffer).await?;
                            if n == 0 {
                                return Ok::<_, io::Error>(());
                            }
                            for byte in &buffer[..n] {
                                counts.borrow_mut()[*byte as usize] += 1;
                            }
                        }
                    })
                })
                .collect();
            let writers: Vec<_> = (0..TASKS)
                .map(|id| {
                    let client = client.clone();
                    spawn(async move {
                        for _ in 0..EACH / 100 {
                            client.write_all(&[id; 100]).await?;
                            yield_now().await;
                        }
                        Ok::<_, io::Error>(())
                    })
                })
                .collect();
            for writer in writers {
                within(PATIENCE, writer).await.unwrap().unwrap();
            }
            client.shutdown(Shutdown::Write).unwrap(); // every reader then reads end of file
            for reader in readers {
                within(PATIENCE, reader).await.unwrap().unwrap();
            }
            *counts.borrow()
        })
        .unwrap();
    for id in 0..TASKS {
        assert_eq!(counts[id as usize], EACH, "bytes of writer {id}");
    }
    assert_eq!(counts.iter().sum::<usize>(), TASKS as usize * EACH);
}

#[test]
fn a_dropped_task_deregisters_and_closes_its_socket() {
    let runtime = Runtime::new().unwrap();
    let woke = Rc::new(Cell::new(false));
    runtime
        .block_on(async {
            let (client, server) = pair().await;
            let before = async_runtime::counts().unwrap();
            let task = spawn({
                let woke = woke.clone();
                async move {
                    let mut buffer = [0; 16];
                    let _ = server.read(&mut buffer).await; // waits: nothing is sent
                    woke.set(true);
                }
            });
            sleep(Duration::from_millis(20)).await; // it is waiting in the reactor now
            task.abort();
            let after = async_runtime::counts().unwrap();
            assert_eq!(after.tasks, before.tasks);
            assert_eq!(
                after.sources,
                before.sources - 1,
                "the server's end is gone"
            );
            // Its socket is closed: the client reads end of file, and what it sends wakes
            // nobody.
            let mut buffer = [0; 16];
            let n = within(PATIENCE, client.read(&mut buffer)).await.unwrap();
            assert_eq!(n.unwrap(), 0);
            let _ = client.write_all(b"anyone?").await;
            sleep(Duration::from_millis(20)).await;
        })
        .unwrap();
    assert!(!woke.get(), "the aborted task ran again");
    assert_eq!(runtime.counts().sources, 0, "{:?}", runtime.counts());
}

#[test]
fn a_dropped_read_takes_its_waker_back() {
    // A read that loses a race (here: to a timer) is dropped while it waits. The data that
    // arrives afterwards must be there for the next read, and nothing must wake the old one.
    let runtime = Runtime::new().unwrap();
    runtime
        .block_on(async {
            let (client, server) = pair().await;
            let mut buffer = [0; 16];
            let lost = within(Duration::from_millis(20), server.read(&mut buffer)).await;
            assert!(lost.is_none(), "nothing was sent yet");
            client.write_all(b"later").await.unwrap();
            sleep(Duration::from_millis(20)).await; // the event comes, with nobody waiting
            let n = within(PATIENCE, server.read(&mut buffer)).await.unwrap();
            assert_eq!(&buffer[..n.unwrap()], b"later");
        })
        .unwrap();
}

#[test]
fn a_read_waits_and_is_woken_by_its_own_token() {
    let runtime = Runtime::new().unwrap();
    runtime
        .block_on(async {
            let (client, server) = pair().await;
            let mut buffer = [0; 16];
            let n = {
                let mut read = pin!(server.read(&mut buffer));
                // The first poll tries the call, hears WouldBlock, registers, returns Pending.
                let first = poll_fn(|cx| Poll::Ready(read.as_mut().poll(cx).is_pending())).await;
                assert!(first, "nothing was sent: the read must wait");
                client.write_all(b"now").await.unwrap();
                within(PATIENCE, read).await.unwrap().unwrap()
            };
            assert_eq!(&buffer[..n], b"now");
        })
        .unwrap();
}

#[test]
fn connecting_to_a_closed_port_fails_with_the_kernels_error() {
    let runtime = Runtime::new().unwrap();
    let result = runtime
        .block_on(async {
            // A port that was free a moment ago, now closed: nobody listens there.
            let addr = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))
                .unwrap()
                .local_addr()
                .unwrap();
            within(PATIENCE, TcpStream::connect(addr)).await
        })
        .unwrap();
    let error = result
        .expect("connect gave up in time")
        .expect_err("refused");
    assert_eq!(error.kind(), io::ErrorKind::ConnectionRefused, "{error}");
}

#[test]
fn io_types_outside_a_runtime_are_an_error() {
    let error = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap_err();
    assert!(error.to_string().contains("block_on"), "{error}");
}
