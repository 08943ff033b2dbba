//! Responses out: the queue of answers formatted in order when due, and what the kernel took.
//! A readiness server (lesson 08's, lesson 11's) keeps what one write left as *stuck* output,
//! which goes before any later answer: [`answers`] and [`Session::sent_stuck`] are its two
//! steps.

use std::collections::VecDeque;
use std::time::Instant;

use nonblocking::http::{self, BadRequest};

use super::{Env, Phase, Queued, Reply, Session};

impl Session {
    /// Queues a `200 OK` with `message`, due at `due`.
    pub(super) fn queue_ok(&mut self, due: Instant, message: &[u8], keep_alive: bool) {
        self.messages.extend_from_slice(message);
        // A message fits in a request head, which is at most 8 KiB.
        let len = message.len() as u32;
        self.make_room_in_queue();
        self.queue.push_back(Queued {
            due,
            reply: Reply::Ok { len, keep_alive },
        });
    }

    /// Queues an error response, due at once (but still after every earlier answer), and
    /// stops reading: after a bad request nobody can tell where the next one would start.
    pub(super) fn queue_error(&mut self, env: &mut Env, bad: BadRequest) {
        env.stats.errors += 1;
        self.make_room_in_queue();
        self.queue.push_back(Queued {
            due: env.now,
            reply: Reply::Error(bad),
        });
        self.phase = Phase::Closing { linger: true };
        self.input = Vec::new();
        self.head_started = None;
    }

    /// Room for one more queued request. Most connections never have more than one waiting,
    /// so the first gets room for exactly one (24 bytes), not the four a `VecDeque` gives its
    /// first push (96): at ten thousand waiting connections, 0.7 MiB less. A second request
    /// grows it as usual (to four, then doubling).
    fn make_room_in_queue(&mut self) {
        if self.queue.capacity() == 0 {
            self.queue.reserve_exact(1);
        }
    }

    /// Formats every response that is due, front first, onto `out`. Returns how many.
    pub fn take_due(&mut self, env: &mut Env, out: &mut Vec<u8>) -> usize {
        let (before, mut count) = (out.len(), 0);
        while let Some(front) = self.queue.front().copied() {
            if front.due > env.now {
                break;
            }
            self.queue.pop_front();
            count += 1;
            match front.reply {
                Reply::Ok { len, keep_alive } => {
                    let start = self.messages_start as usize;
                    let end = start + len as usize;
                    http::write_ok_response(out, &self.messages[start..end], keep_alive);
                    self.messages_start = end as u32; // see `Session::messages`
                }
                Reply::Error(bad) => http::write_error_response(out, bad),
            }
        }
        if self.queue.is_empty() {
            // Nothing queued: forget the messages, keeping the memory unless a long burst of
            // pipelined requests made it large.
            self.messages.clear();
            self.messages_start = 0;
            if self.messages.capacity() > 4096 {
                self.messages = Vec::new();
                self.queue = VecDeque::new();
            }
        } else if self.messages_start as usize > self.messages.len() / 2 {
            // A queue that never empties (a client always a request ahead) would otherwise
            // keep every message it ever had: drop the answered ones once they are the larger
            // part, which moves each byte at most once more.
            self.messages.drain(..self.messages_start as usize);
            self.messages_start = 0;
        }
        self.unsent += out.len() - before;
        env.stats.responses += count as u64;
        count
    }

    /// The kernel took `count` of the formatted bytes (a `write`, or a send's completion).
    pub fn sent(&mut self, now: Instant, count: usize) {
        self.unsent = self.unsent.saturating_sub(count);
        if count > 0 {
            self.last_activity = now;
        }
    }

    /// The socket was writable again and the kernel took `written` bytes from the front of
    /// `stuck`, the output an earlier write left: counts them as sent, logs it, and drops them
    /// from `stuck` (giving its memory back once it is drained).
    pub fn sent_stuck(&mut self, env: &Env, stuck: &mut Vec<u8>, written: usize) {
        self.sent(env.now, written);
        say!(
            env,
            "connection {}: writable again; the kernel took {written} of {} waiting bytes",
            self.id,
            stuck.len()
        );
        if written == stuck.len() {
            *stuck = Vec::new();
        } else {
            stuck.drain(..written);
        }
    }
}

/// Where the core puts a turn's answers: into the turn's shared `batch`, or behind the
/// connection's `stuck` output when there is some (that must go first: answers go in order).
pub fn answers<'a>(stuck: &'a mut Vec<u8>, batch: &'a mut Vec<u8>) -> &'a mut Vec<u8> {
    if stuck.is_empty() { batch } else { stuck }
}
