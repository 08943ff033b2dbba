//! macOS, FreeBSD, Windows: no per-thread timer slack to set (see the module's page).

use std::io;

/// Nothing to do.
pub fn minimise() -> io::Result<()> {
    Ok(())
}
