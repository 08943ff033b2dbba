//! The connection table: slots, a free list, a generation per slot.
//!
//! Like lesson 08's slab, with one rule added by the completion model: a slot is freed only
//! when its connection has no request left in the kernel (see `Connection::ops`), because
//! every one of those requests will come back with the slot's number in its `user_data`.

use super::token::{GENERATION_MASK, Key};

struct Slot<T> {
    generation: u32,
    value: Option<T>,
}

/// Values addressed by [`Key`].
pub struct Table<T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    len: usize,
}

impl<T> Table<T> {
    /// An empty table.
    pub fn new() -> Table<T> {
        Table {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }

    /// How many values are in it.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Stores the value `make` builds for its key, and returns the key.
    pub fn insert(&mut self, make: impl FnOnce(Key) -> T) -> Key {
        let key = match self.free.pop() {
            Some(slot) => Key {
                slot,
                generation: self.slots[slot as usize].generation,
            },
            None => {
                let slot = u32::try_from(self.slots.len()).expect("fewer than 2^32 connections");
                assert!(slot != u32::MAX, "the listener's slot");
                self.slots.push(Slot {
                    generation: 0,
                    value: None,
                });
                Key {
                    slot,
                    generation: 0,
                }
            }
        };
        self.slots[key.slot as usize].value = Some(make(key));
        self.len += 1;
        key
    }

    /// The value under `key`, if that use of the slot is the current one.
    pub fn get_mut(&mut self, key: Key) -> Option<&mut T> {
        let slot = self.slots.get_mut(key.slot as usize)?;
        if slot.generation == key.generation {
            slot.value.as_mut()
        } else {
            None
        }
    }

    /// Takes the value out and retires the key.
    pub fn remove(&mut self, key: Key) -> Option<T> {
        let slot = self.slots.get_mut(key.slot as usize)?;
        if slot.generation != key.generation {
            return None;
        }
        let value = slot.value.take()?;
        slot.generation = (slot.generation + 1) & GENERATION_MASK;
        self.free.push(key.slot);
        self.len -= 1;
        Some(value)
    }

    /// Every value, with its key.
    pub fn keys(&self) -> Vec<Key> {
        let used = self.slots.iter().enumerate();
        used.filter(|(_, slot)| slot.value.is_some())
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
        let mut table = Table::new();
        let a = table.insert(|_| "a");
        assert_eq!(table.remove(a), Some("a"));
        let b = table.insert(|_| "b");
        assert_eq!(b.slot, a.slot);
        assert_eq!(table.get_mut(a), None);
        assert_eq!(table.get_mut(b), Some(&mut "b"));
        assert_eq!((table.len(), table.keys()), (1, vec![b]));
    }
}
