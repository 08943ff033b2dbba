//! The shared acceptance suite (`tests/suite/`), run against epoll.
#![cfg(target_os = "linux")]

use epoll as queue;

mod suite;
