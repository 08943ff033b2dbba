//! The connection table: a `Vec` of slots, a free list, and a generation per slot. Lesson
//! 10's server keeps its connections in it too.

/// Names one use of one slot: the slot's index and its generation at the time.
///
/// A slot is reused as soon as its connection closes, but every reuse bumps the generation, so
/// a key kept by an old timer or an old event no longer matches and cannot touch the new
/// connection in that slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    /// Index into the table.
    pub slot: u32,
    /// How many times the slot had been emptied when this key was made, modulo
    /// 2<sup>24</sup> (see [`GENERATION_MASK`](Self::GENERATION_MASK)).
    pub generation: u32,
}

impl Key {
    /// The generations kept: 24 bits, so that lesson 10 can pack a key and an operation into
    /// the 64 bits of an io_uring `user_data`. A stale key could only be mistaken for a new
    /// one after its slot was reused 16,777,216 times while it waited.
    pub const GENERATION_MASK: u32 = 0x00ff_ffff;

    /// The key as one number, for an event queue token: generation above, slot below. This
    /// course's crates are 64-bit only (lesson 03 says so), so both halves fit.
    pub fn to_bits(self) -> usize {
        ((self.generation as usize) << 32) | self.slot as usize
    }

    /// The key back from [`to_bits`](Self::to_bits).
    pub fn from_bits(bits: usize) -> Key {
        Key {
            slot: bits as u32,
            generation: (bits >> 32) as u32,
        }
    }
}

/// A slot: its current generation and, when in use, its value.
struct Entry<T> {
    generation: u32,
    value: Option<T>,
}

/// Values addressed by [`Key`]: insertion reuses the most recently freed slot (its memory is
/// likely still in cache), lookup is an index plus a generation check.
pub struct Slab<T> {
    entries: Vec<Entry<T>>,
    /// Empty slots, most recently freed last.
    free: Vec<u32>,
    len: usize,
}

impl<T> Default for Slab<T> {
    fn default() -> Slab<T> {
        Slab::new()
    }
}

impl<T> Slab<T> {
    /// An empty table.
    pub fn new() -> Slab<T> {
        Slab {
            entries: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }

    /// How many values are in use.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no value is in use.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The key the next [`insert`](Self::insert) will use (so the value can know its key).
    pub fn next_key(&self) -> Key {
        match self.free.last() {
            Some(&slot) => Key {
                slot,
                generation: self.entries[slot as usize].generation,
            },
            None => {
                let slot = u32::try_from(self.entries.len()).expect("fewer than 2^32 connections");
                // The last slot number is the listener's, in both servers' tokens.
                assert!(slot != u32::MAX, "fewer than 2^32 - 1 connections");
                Key {
                    slot,
                    generation: 0,
                }
            }
        }
    }

    /// Stores `value` under [`next_key`](Self::next_key) and returns that key.
    pub fn insert(&mut self, value: T) -> Key {
        let key = self.next_key();
        match self.free.pop() {
            Some(slot) => self.entries[slot as usize].value = Some(value),
            None => self.entries.push(Entry {
                generation: 0,
                value: Some(value),
            }),
        }
        self.len += 1;
        key
    }

    /// The value under `key`, if that use of the slot is still the current one.
    pub fn get_mut(&mut self, key: Key) -> Option<&mut T> {
        let entry = self.entries.get_mut(key.slot as usize)?;
        if entry.generation == key.generation {
            entry.value.as_mut()
        } else {
            None
        }
    }

    /// Takes the value under `key` out, and retires the key: the slot's next use gets a new
    /// generation.
    pub fn remove(&mut self, key: Key) -> Option<T> {
        let entry = self.entries.get_mut(key.slot as usize)?;
        if entry.generation != key.generation {
            return None;
        }
        let value = entry.value.take()?;
        entry.generation = entry.generation.wrapping_add(1) & Key::GENERATION_MASK;
        self.free.push(key.slot);
        self.len -= 1;
        Some(value)
    }

    /// The keys in use, in slot order.
    pub fn keys(&self) -> Vec<Key> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| entry.value.is_some())
            .map(|(slot, entry)| Key {
                slot: slot as u32,
                generation: entry.generation,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_slot_does_not_answer_to_its_old_key() {
        let mut slab = Slab::new();
        let a = slab.insert("a");
        let b = slab.insert("b");
        assert_eq!((a.slot, b.slot), (0, 1));
        assert_eq!(slab.remove(a), Some("a"));
        assert_eq!(slab.remove(a), None, "twice");
        let c = slab.insert("c");
        assert_eq!(c.slot, a.slot, "the freed slot is reused");
        assert_ne!(c, a);
        assert_eq!(slab.get_mut(a), None, "the stale key finds nothing");
        assert_eq!(slab.get_mut(c), Some(&mut "c"));
        assert_eq!(slab.len(), 2);
        assert_eq!(slab.keys(), [c, b]);
    }

    #[test]
    fn keys_survive_the_trip_through_a_token() {
        let key = Key {
            slot: 0xdead_beef,
            generation: 0x12_3456,
        };
        assert_eq!(Key::from_bits(key.to_bits()), key);
        assert_eq!(Slab::<()>::new().next_key(), Key::from_bits(0));
    }
}
