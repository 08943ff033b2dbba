//! The command line: three commands, each with a few options; anything else is exit status 2.

use std::net::{Ipv4Addr, SocketAddrV4};

use nonblocking::resolve_ipv4;

use delay_server::command::{self, number};
use delay_server::config::Config;
use delay_server::load;

/// What `--help` and every usage error print.
pub const USAGE: &str = "\
usage: delay-server [--step MS]
           the demo: this server on a thread of this process, and the book's chapter-4 client
           against it (five requests of (5 - i) * MS ms each, default 1000)
       delay-server serve [ADDR] [--quiet] [--header-timeout MS] [--idle-timeout MS]
           the server on ADDR (default 127.0.0.1:8080); logs each event on stderr unless
           --quiet; a request head must arrive within --header-timeout (default 10000 ms), an
           idle connection is closed after --idle-timeout (default 60000 ms)
       delay-server load ADDR [--connections N] [--requests M] [--path P]
           a closed-loop load client: N keep-alive connections (default 50) send M requests in
           all (default 100000) for path P (default /0/x), each waiting for its answer before
           sending the next; prints requests/s and latency percentiles";

/// What the command line asked for.
pub enum Command {
    /// `--help`.
    Help,
    /// No command: the demo.
    Demo {
        /// The chapter-4 client's delay step.
        step_ms: u64,
    },
    /// `serve`.
    Serve {
        /// Where to listen.
        addr: SocketAddrV4,
        /// The limits and the log switch.
        config: Config,
    },
    /// `load`.
    Load(load::Options),
}

/// Parses the arguments after the program's name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        Some("-h" | "--help") => Ok(Command::Help),
        Some("serve") => {
            command::parse_serve(args).map(|(addr, config)| Command::Serve { addr, config })
        }
        Some("load") => parse_load(args),
        first => {
            let mut step_ms = 1000;
            let mut rest = first.into_iter().chain(args);
            while let Some(arg) = rest.next() {
                match arg {
                    "--step" => step_ms = number(arg, rest.next(), 0, 60_000)?,
                    _ => return Err(format!("unexpected argument `{arg}`")),
                }
            }
            Ok(Command::Demo { step_ms })
        }
    }
}

fn parse_load<'a>(mut args: impl Iterator<Item = &'a str>) -> Result<Command, String> {
    let mut addr = None;
    let mut options = load::Options::new(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    while let Some(arg) = args.next() {
        match arg {
            "--connections" => options.connections = number(arg, args.next(), 1, 100_000)? as usize,
            "--requests" => options.requests = number(arg, args.next(), 1, u64::MAX)?,
            "--path" => options.path = path(args.next())?,
            _ if addr.is_none() && !arg.starts_with('-') => addr = Some(resolve_ipv4(arg)?),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    options.addr = addr.ok_or("`load` needs the server's address, such as 127.0.0.1:8080")?;
    Ok(Command::Load(options))
}

/// A request path: it goes into the request line as it is, so it must be one printable
/// token starting with `/`.
fn path(value: Option<&str>) -> Result<String, String> {
    let value = value.ok_or("`--path` needs a path, such as /0/x")?;
    let printable = value.bytes().all(|b| b.is_ascii_graphic());
    if value.starts_with('/') && printable && value.len() <= 4096 {
        Ok(value.to_string())
    } else {
        Err(format!(
            "`--path {value}`: expected a path such as /0/x (printable ASCII, no spaces)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn parse_words(line: &str) -> Result<Command, String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(&args)
    }

    #[test]
    fn each_command_and_its_defaults() {
        assert!(matches!(
            parse_words(""),
            Ok(Command::Demo { step_ms: 1000 })
        ));
        assert!(matches!(
            parse_words("--step 50"),
            Ok(Command::Demo { step_ms: 50 })
        ));
        let Ok(Command::Serve { addr, config }) = parse_words("serve") else {
            panic!()
        };
        assert_eq!(addr.to_string(), "127.0.0.1:8080");
        assert!(config.log);
        let Ok(Command::Serve { addr, config }) =
            parse_words("serve 127.0.0.1:0 --quiet --header-timeout 300")
        else {
            panic!()
        };
        assert_eq!((addr.port(), config.log), (0, false));
        assert_eq!(config.header_timeout, Duration::from_millis(300));
        let Ok(Command::Load(options)) =
            parse_words("load 127.0.0.1:9 --connections 7 --requests 70 --path /1/y")
        else {
            panic!()
        };
        assert_eq!(options.addr.to_string(), "127.0.0.1:9");
        assert_eq!((options.connections, options.requests), (7, 70));
        assert_eq!(options.path, "/1/y");
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        for (line, expected) in [
            ("--step", "needs a number"),
            ("--step x", "expected a whole number"),
            ("serve nowhere", "is not an address"),
            ("serve --header-timeout 0", "from 1 to"),
            ("load", "needs the server's address"),
            ("load 127.0.0.1:1 --connections 0", "from 1 to 100000"),
            ("load 127.0.0.1:1 --path x", "expected a path"),
            ("load 127.0.0.1:1 --bogus", "unexpected argument `--bogus`"),
            ("frobnicate", "unexpected argument `frobnicate`"),
        ] {
            match parse_words(line) {
                Err(message) => assert!(message.contains(expected), "{line}: {message}"),
                Ok(_) => panic!("{line}: accepted"),
            }
        }
    }
}
