//! The one clock of the workspace: record timestamps and export timestamps
//! come from [`now_ns`], so they can be compared.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, in nanoseconds since the UNIX epoch; 0 if the system clock is set
/// before the epoch, `u64::MAX` past the year 2554. Never allocates, so the
/// tracking allocator may call it.
///
/// ```
/// let before = memscope_tracker::now_ns();
/// let after = memscope_tracker::now_ns();
/// assert!(before > 1_600_000_000_000_000_000 && after >= before);
/// ```
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}
