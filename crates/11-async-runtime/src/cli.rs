//! The command line: the demo (no command) or `serve`; anything else is exit status 2.

use std::net::SocketAddrV4;

use delay_server::command::{self, number};
use delay_server::config::Config;
use nonblocking::resolve_ipv4;

/// What `--help` and every usage error print.
pub const USAGE: &str = "\
usage: async-runtime [HOST:PORT] [--step MS] [--quiet]
           the demo: the book's chapter-4 client as five async tasks against a delay server
           (default: lesson 03's, started in this process); request i asks for (5 - i) * MS ms
           (default 1000); every step of the runtime is printed unless --quiet
       async-runtime serve [ADDR] [--quiet] [--header-timeout MS] [--idle-timeout MS]
           lesson 08's delay server as one async fn per connection, on ADDR (default
           127.0.0.1:8080), with lesson 08's options and limits";

/// What the command line asked for.
pub enum Command {
    /// `--help`.
    Help,
    /// No command: the chapter-4 client.
    Demo {
        /// A delay server to use instead of starting one.
        server: Option<SocketAddrV4>,
        /// The delay step.
        step_ms: u64,
        /// Whether to print the runtime's trace.
        trace: bool,
    },
    /// `serve`.
    Serve {
        /// Where to listen.
        addr: SocketAddrV4,
        /// Lesson 08's limits and log switch.
        config: Config,
    },
}

/// Parses the arguments after the program's name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut args = args.iter().map(String::as_str).peekable();
    match args.peek() {
        Some(&("-h" | "--help")) => Ok(Command::Help),
        Some(&"serve") => {
            args.next();
            // Lesson 08's own parser: the same options, the same defaults, the same errors.
            command::parse_serve(args).map(|(addr, config)| Command::Serve { addr, config })
        }
        _ => parse_demo(args),
    }
}

fn parse_demo<'a>(mut args: impl Iterator<Item = &'a str>) -> Result<Command, String> {
    let (mut server, mut step_ms, mut trace) = (None, 1000, true);
    while let Some(arg) = args.next() {
        match arg {
            "--step" => step_ms = number(arg, args.next(), 0, 60_000)?,
            "--quiet" => trace = false,
            _ if server.is_none() && !arg.starts_with('-') => server = Some(resolve_ipv4(arg)?),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    Ok(Command::Demo {
        server,
        step_ms,
        trace,
    })
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
        let Ok(Command::Demo {
            server: None,
            step_ms: 1000,
            trace: true,
        }) = parse_words("")
        else {
            panic!("the demo's defaults")
        };
        let Ok(Command::Demo {
            server: Some(server),
            step_ms: 50,
            trace: false,
        }) = parse_words("127.0.0.1:9 --step 50 --quiet")
        else {
            panic!("the demo's options")
        };
        assert_eq!(server.to_string(), "127.0.0.1:9");
        let Ok(Command::Serve { addr, config }) =
            parse_words("serve 127.0.0.1:0 --quiet --header-timeout 300")
        else {
            panic!("serve's options")
        };
        assert_eq!((addr.port(), config.log), (0, false));
        assert_eq!(config.header_timeout, Duration::from_millis(300));
        assert!(matches!(parse_words("--help"), Ok(Command::Help)));
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        for (line, expected) in [
            ("--step", "needs a number"),
            ("--step 99999", "from 0 to 60000"),
            ("nowhere", "is not an address"),
            ("serve --header-timeout 0", "from 1 to"),
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
