//! Windows: sockets are kernel handles, limited by memory, not by a per-process count.

use std::io;

use super::FdLimit;

/// Nothing to raise.
pub fn raise() -> io::Result<FdLimit> {
    Ok(FdLimit::NotApplicable(
        "Windows has no per-process limit on sockets to raise",
    ))
}
