//! The server's log: one line per connection, request, timer and response, each naming the
//! thread that printed it, so a reader sees a single thread serve every connection.

use std::fmt;
use std::io::{self, Write};

/// Where log lines go (standard error), and the prefix naming the server's thread.
pub struct Log {
    prefix: String,
}

impl Log {
    /// A log for the calling thread: its name and id go in front of every line.
    pub fn for_this_thread() -> Log {
        let thread = std::thread::current();
        Log {
            prefix: format!(
                "  [server, thread {:?} {:?}]",
                thread.name().unwrap_or("unnamed"),
                thread.id()
            ),
        }
    }

    /// Writes one line, with one `write` call. Errors are ignored: a server must go on
    /// serving when nobody reads its standard error any more.
    pub fn line(&self, message: fmt::Arguments<'_>) {
        // Standard error is unbuffered: `writeln!` straight to it would make one `write` per
        // piece of the format, and another thread's output (the demo's client, on stdout into
        // the same terminal or pipe) could land in the middle of the line.
        let line = format!("{} {message}\n", self.prefix);
        let _ = io::stderr().lock().write_all(line.as_bytes());
    }
}
