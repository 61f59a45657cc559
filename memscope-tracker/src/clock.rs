//! The one clock of the workspace: record timestamps and export timestamps
//! are both nanoseconds since the UNIX epoch on the system's real-time
//! clock, so they can be compared.
//!
//! Exports, and everything a caller asks for, read it exactly
//! ([`now_ns`]). The allocator stamps blocks with [`stamp_ns`], the same
//! clock as of the kernel's last tick (`CLOCK_REALTIME_COARSE` on Linux):
//! about a fifth of the cost (6 ns against 30 on the 2-core machine of
//! docs/PERFORMANCE.md, where the exact read was the largest single cost
//! of a tracked call), at the tick's resolution, 1 to 4 ms. A block's
//! stamp is never later than the moment it was allocated, and usually
//! less than a tick earlier (a few ticks when the kernel delayed its
//! timekeeping: 7 ms was seen here, on a loaded 2-core VM with 4 ms ticks).

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

/// Now, as of the kernel's last clock tick, in nanoseconds since the UNIX
/// epoch: what the allocator stamps blocks with. Never later than
/// [`now_ns`], usually less than a tick (1 to 4 ms, see
/// [`stamp_resolution_ns`]) earlier. Never allocates.
#[inline]
pub(crate) fn stamp_ns() -> u64 {
    #[cfg(target_os = "linux")]
    {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `clock_gettime` writes a `timespec` to the pointer it is
        // given, which points to one.
        if unsafe { libc::clock_gettime(libc::CLOCK_REALTIME_COARSE, &mut now) } == 0 {
            #[allow(
                clippy::useless_conversion,
                reason = "`time_t` and `c_long` are `i32` on some targets"
            )]
            return from_timespec(i64::from(now.tv_sec), i64::from(now.tv_nsec));
        }
    }
    now_ns()
}

/// The resolution of the allocator's stamps (the coarse clock), in
/// nanoseconds: the kernel's tick on Linux (usually 1 to 4 ms), 1
/// elsewhere, where blocks are stamped with [`now_ns`].
///
/// ```
/// let resolution = memscope_tracker::stamp_resolution_ns();
/// assert!(resolution >= 1 && resolution <= 1_000_000_000);
/// ```
pub fn stamp_resolution_ns() -> u64 {
    #[cfg(target_os = "linux")]
    {
        let mut res = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `clock_getres` writes a `timespec` to the pointer it is
        // given, which points to one.
        if unsafe { libc::clock_getres(libc::CLOCK_REALTIME_COARSE, &mut res) } == 0 {
            #[allow(
                clippy::useless_conversion,
                reason = "`time_t` and `c_long` are `i32` on some targets"
            )]
            return from_timespec(i64::from(res.tv_sec), i64::from(res.tv_nsec)).max(1);
        }
    }
    1
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

    #[test]
    fn a_stamp_is_never_later_than_now_and_a_few_ticks_earlier_at_most() {
        let tick = stamp_resolution_ns();
        for _ in 0..1000 {
            let (before, stamp, after) = (now_ns(), stamp_ns(), now_ns());
            assert!(stamp <= after, "{stamp} > {after}");
            // The same clock, lagging by the kernel's timekeeping: a tick,
            // a few when it is late (7 ms seen with 4 ms ticks under load);
            // 25 ticks would be another clock.
            assert!(stamp + 25 * tick >= before, "{stamp} + 25 x {tick} < {before}");
        }
    }
}
