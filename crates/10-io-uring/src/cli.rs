//! The command line: the demo, `serve`, `--help`; anything else is exit status 2.

use std::net::SocketAddrV4;
use std::time::Duration;

use delay_server::command::{self, number};
use delay_server::config::Config;
use nonblocking::resolve_ipv4;

/// What `--help` and every usage error print.
pub const USAGE: &str = "\
usage: io-uring [SERVER] [--step MS]
           the book's chapter-4 client on io_uring: five requests of (5 - i) * MS ms each
           (default 1000) to the delay server at SERVER (default: lesson 03's, started in
           this process)
       io-uring serve [ADDR] [--quiet] [--header-timeout MS] [--idle-timeout MS]
           lesson 08's delay server on io_uring, on ADDR (default 127.0.0.1:8080), with lesson
           08's options: logs each event on stderr unless --quiet; a request head must arrive
           within --header-timeout (default 10000 ms), an idle connection is closed after
           --idle-timeout (default 60000 ms)
       io-uring check
           whether this machine can run the lesson: status 0, or the reason and status 2";

/// What the command line asked for.
pub enum Command {
    /// `--help`.
    Help,
    /// `check`.
    Check,
    /// The demo.
    Demo {
        /// Someone else's delay server.
        server: Option<SocketAddrV4>,
        /// The delay step.
        step: Duration,
    },
    /// `serve`.
    Serve {
        /// Where to listen.
        addr: SocketAddrV4,
        /// The limits and the log switch.
        config: Config,
    },
}

/// Parses the arguments after the program's name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        Some("-h" | "--help") => Ok(Command::Help),
        Some("serve") => {
            command::parse_serve(args).map(|(addr, config)| Command::Serve { addr, config })
        }
        Some("check") => match args.next() {
            None => Ok(Command::Check),
            Some(arg) => Err(format!("unexpected argument `{arg}`")),
        },
        first => {
            let (mut server, mut step) = (None, Duration::from_secs(1));
            let mut rest = first.into_iter().chain(args);
            while let Some(arg) = rest.next() {
                match arg {
                    "--step" => step = Duration::from_millis(number(arg, rest.next(), 0, 60_000)?),
                    _ if server.is_none() && !arg.starts_with('-') => {
                        server = Some(resolve_ipv4(arg)?)
                    }
                    _ => return Err(format!("unexpected argument `{arg}`")),
                }
            }
            Ok(Command::Demo { server, step })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(line: &str) -> Result<Command, String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(&args)
    }

    #[test]
    fn each_command_and_its_defaults() {
        let Ok(Command::Demo { server: None, step }) = parse_words("") else {
            panic!()
        };
        assert_eq!(step, Duration::from_secs(1));
        let Ok(Command::Demo {
            server: Some(server),
            step,
        }) = parse_words("127.0.0.1:9 --step 5")
        else {
            panic!()
        };
        assert_eq!((server.port(), step), (9, Duration::from_millis(5)));
        let Ok(Command::Serve { addr, config }) =
            parse_words("serve 127.0.0.1:0 --quiet --header-timeout 300")
        else {
            panic!()
        };
        assert_eq!((addr.port(), config.log), (0, false));
        assert_eq!(config.header_timeout, Duration::from_millis(300));
        assert!(matches!(parse_words("--help"), Ok(Command::Help)));
        assert!(matches!(parse_words("check"), Ok(Command::Check)));
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        for (line, expected) in [
            ("--step", "needs a number"),
            ("--step soon", "expected a whole number"),
            ("serve nowhere", "is not an address"),
            ("serve --idle-timeout 0", "from 1 to"),
            ("serve --bogus", "unexpected argument `--bogus`"),
            (
                "127.0.0.1:1 127.0.0.1:2",
                "unexpected argument `127.0.0.1:2`",
            ),
        ] {
            match parse_words(line) {
                Err(message) => assert!(message.contains(expected), "{line}: {message}"),
                Ok(_) => panic!("{line}: accepted"),
            }
        }
    }
}
