//! Locking a mutex that a panicking thread may have poisoned.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, carrying on if a thread panicked while it held the lock.
///
/// A poisoned lock says "someone panicked in the middle of an update". The queues of lessons
/// 05 and 06 only ever make single-step updates under their locks (one insert, one remove,
/// one flag), so the data is never half-changed, and refusing to go on would turn one panic
/// into a queue that no thread can use again.
pub fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_lock_still_locks() {
        let mutex = Mutex::new(1);
        let poisoned = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _guard = mutex.lock().unwrap();
                    panic!("poison it (this panic is expected)");
                })
                .join()
                .is_err()
        });
        assert!(poisoned && mutex.is_poisoned());
        *lock(&mutex) += 1;
        assert_eq!(*lock(&mutex), 2);
    }
}
