//! What the command lines of both servers (this lesson's and lesson 10's) share: `serve`'s
//! options, whole-number options, and the lines a server prints when it starts.

use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddrV4};
use std::time::Duration;

use nonblocking::resolve_ipv4;

use crate::config::Config;
use crate::fd_limit::{self, FdLimit};
use crate::timer_slack;

/// `serve`'s options, after the word `serve`: `[ADDR] [--quiet] [--header-timeout MS]
/// [--idle-timeout MS]`. The address defaults to `127.0.0.1:8080`, and the log is on.
pub fn parse_serve<'a>(
    mut args: impl Iterator<Item = &'a str>,
) -> Result<(SocketAddrV4, Config), String> {
    let mut addr = None;
    let mut config = Config {
        log: true,
        ..Config::default()
    };
    while let Some(arg) = args.next() {
        match arg {
            "--quiet" => config.log = false,
            "--header-timeout" => config.header_timeout = millis(arg, args.next())?,
            "--idle-timeout" => config.idle_timeout = millis(arg, args.next())?,
            _ if addr.is_none() && !arg.starts_with('-') => addr = Some(resolve_ipv4(arg)?),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let addr = addr.unwrap_or(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080));
    Ok((addr, config))
}

/// The value of option `name`, a whole number from `min` to `max`.
pub fn number(name: &str, value: Option<&str>, min: u64, max: u64) -> Result<u64, String> {
    let value = value.ok_or(format!("`{name}` needs a number"))?;
    value
        .parse()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or(format!(
            "`{name} {value}`: expected a whole number from {min} to {max}"
        ))
}

/// A duration option, in milliseconds: from 1 ms to an hour.
fn millis(name: &str, value: Option<&str>) -> Result<Duration, String> {
    number(name, value, 1, 3_600_000).map(Duration::from_millis)
}

/// What a server does to its process before it binds: sets the timer slack to 1 ns
/// ([`timer_slack`]) and raises the descriptor limit ([`fd_limit`]), whose result goes to
/// [`announce`]. A slack that cannot be set costs only timer accuracy: said, and serving goes
/// on.
pub fn prepare_process() -> io::Result<FdLimit> {
    if let Err(error) = timer_slack::minimise() {
        eprintln!("cannot set the timer slack to 1 ns ({error}): timers may fire 50 us late");
    }
    fd_limit::raise()
}

/// What a server prints once it listens: `listening on ADDR` first, for the scripts and tests
/// that wait for it (the server accepts from now on); then `One thread, WHAT;` and the
/// descriptor limit; then a `curl` to try. A server must not stop because nobody reads its
/// output, so write errors are ignored.
pub fn announce(addr: SocketAddrV4, what: &str, limit: io::Result<FdLimit>) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "listening on {addr}");
    let _ = match limit {
        Ok(limit) => writeln!(out, "One thread, {what}; {limit}."),
        Err(error) => writeln!(out, "One thread, {what}; {error}"),
    };
    let _ = writeln!(
        out,
        "Try: curl http://{addr}/1000/hello%20world   (Ctrl-C stops the server)"
    );
}
