//! No errno table: this OS reports errors in another way (Windows: `GetLastError`, lesson 02).

use super::Errno;

/// Each errno this crate can name: none here.
pub(super) const ERRNOS: &[(Errno, &str, &str)] = &[];
