//! A small HTTP/1.1 client for the delay protocol, over std's `TcpStream`: the demo's and the
//! tests' way to talk to the server (the tests include this file with `#[path]`).
#![allow(dead_code)] // the demo and the tests each use what they need

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::time::Duration;

/// How long a reply may take before the client gives up: the longest delay asked anywhere is
/// a few seconds, and qemu-user is slow.
const PATIENCE: Duration = Duration::from_secs(30);

/// One response.
#[derive(Debug)]
pub struct Response {
    /// The status code, e.g. 200.
    pub status: u16,
    /// The status line, e.g. `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// The header lines, without their line ends.
    pub headers: Vec<String>,
    /// The body, as text.
    pub body: String,
}

impl Response {
    /// Whether the server said it closes the connection after this response.
    pub fn closes(&self) -> bool {
        self.headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case("connection: close"))
    }
}

/// A connection to the server.
pub struct Connection {
    stream: BufReader<TcpStream>,
}

impl Connection {
    /// Connects to `127.0.0.1:port`.
    pub fn open(port: u16) -> io::Result<Connection> {
        let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
        stream.set_read_timeout(Some(PATIENCE))?;
        Ok(Connection {
            stream: BufReader::new(stream),
        })
    }

    /// A second handle on the same socket, to write from another thread while this one reads.
    pub fn try_clone_stream(&self) -> io::Result<TcpStream> {
        self.stream.get_ref().try_clone()
    }

    /// Sends `bytes` as they are (a request, several, or not a request at all).
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.get_mut().write_all(bytes)
    }

    /// Sends `GET path` (with `Connection: close` if `close`) and reads the response.
    pub fn get(&mut self, path: &str, close: bool) -> io::Result<Response> {
        let connection = if close { "Connection: close\r\n" } else { "" };
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{connection}\r\n");
        self.send(request.as_bytes())?;
        self.read_response()
    }

    /// Reads one response: its head, then as many body bytes as `Content-Length` says.
    pub fn read_response(&mut self) -> io::Result<Response> {
        let status_line = self.read_line()?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| invalid(format!("not a status line: {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = self.read_line()?;
            if line.is_empty() {
                break;
            }
            headers.push(line);
        }
        let length = headers
            .iter()
            .find_map(|h| h.strip_prefix("Content-Length: "))
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| invalid(format!("no Content-Length in {headers:?}")))?;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        let body = String::from_utf8(body).map_err(|e| invalid(e.to_string()))?;
        Ok(Response {
            status,
            status_line,
            headers,
            body,
        })
    }

    /// Whether anything has arrived that is not read yet, without waiting for it.
    pub fn has_unread(&mut self) -> io::Result<bool> {
        if !self.stream.buffer().is_empty() {
            return Ok(true);
        }
        let stream = self.stream.get_mut();
        stream.set_nonblocking(true)?;
        let peeked = stream.peek(&mut [0; 1]);
        stream.set_nonblocking(false)?;
        match peeked {
            Ok(n) => Ok(n > 0),
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Whether the server has closed the connection: the next read finds its end.
    pub fn closed_by_server(&mut self) -> io::Result<bool> {
        Ok(self.stream.read(&mut [0; 1])? == 0)
    }

    fn read_line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.stream.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
