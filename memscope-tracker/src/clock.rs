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
#[inline]
pub fn now_ns() -> u64 {
    #[cfg(unix)]
    {
        // The allocator stamps every block: on Unix the clock is read
        // directly and turned into nanoseconds with one multiply, where
        // `SystemTime` would validate, subtract the epoch and go through
        // `u128` (some 60 instructions more a call).
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `clock_gettime` writes a `timespec` to the pointer it is
        // given, which points to one.
        if unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut now) } == 0 {
            #[allow(
                clippy::useless_conversion,
                reason = "`time_t` and `c_long` are `i32` on some targets"
            )]
            return from_timespec(i64::from(now.tv_sec), i64::from(now.tv_nsec));
        }
    }
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Seconds and nanoseconds since the epoch as nanoseconds, with
/// [`now_ns`]'s limits: 0 before the epoch, `u64::MAX` past 2554.
#[cfg(unix)]
#[inline]
fn from_timespec(secs: i64, nanos: i64) -> u64 {
    match u64::try_from(secs) {
        Ok(secs) => secs
            .saturating_mul(1_000_000_000)
            .saturating_add(nanos as u64),
        Err(_) => 0,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn timespecs_become_nanoseconds_within_limits() {
        assert_eq!(from_timespec(0, 0), 0);
        assert_eq!(from_timespec(1, 5), 1_000_000_005);
        assert_eq!(from_timespec(-1, 999_999_999), 0);
        assert_eq!(from_timespec(i64::MAX, 0), u64::MAX);
        assert_eq!(from_timespec(18_446_744_073, 999_999_999), u64::MAX);
    }

    #[test]
    fn the_direct_clock_agrees_with_system_time() {
        fn std() -> u64 {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        }
        let (before, ours, after) = (std(), now_ns(), std());
        assert!(before <= ours && ours <= after, "{before} {ours} {after}");
    }
}
