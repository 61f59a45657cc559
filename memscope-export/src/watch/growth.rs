//! [`Growth`]: how much the peak must grow between two peak snapshots.

use crate::error::WatchError;

/// How much the peak ([`MemoryTracker::peak_memory`](memscope_tracker::MemoryTracker::peak_memory))
/// must have grown since the last peak snapshot for the watcher to write
/// the next one: a fraction of the peak at the last snapshot, or a number
/// of bytes.
///
/// ```
/// use memscope_export::Growth;
///
/// assert_eq!(Growth::percent(25), Growth::Ratio(0.25));
/// assert_eq!(Growth::bytes(64 << 20), Growth::Bytes(64 << 20));
/// // The peak at which the snapshot after one taken at 100 MiB is due.
/// assert_eq!(Growth::percent(25).next_after(100 << 20), 125 << 20);
/// assert_eq!(Growth::bytes(64 << 20).next_after(100 << 20), 164 << 20);
/// // Checked when a watcher starts.
/// assert!(Growth::percent(0).validate().is_err());
/// assert!(Growth::ratio(f64::NAN).validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Growth {
    /// By this fraction of the last snapshot's peak: 0.25 is a quarter
    /// more. Above 0 and finite.
    Ratio(f64),
    /// By this many bytes; at least 1.
    Bytes(u64),
}

impl Growth {
    /// By `percent` percent of the last snapshot's peak: `percent(25)` is
    /// `Ratio(0.25)`.
    pub const fn percent(percent: u32) -> Self {
        Growth::Ratio(percent as f64 / 100.0)
    }

    /// By `ratio` times the last snapshot's peak: `Ratio(ratio)`.
    pub const fn ratio(ratio: f64) -> Self {
        Growth::Ratio(ratio)
    }

    /// By `bytes` bytes: `Bytes(bytes)`.
    pub const fn bytes(bytes: u64) -> Self {
        Growth::Bytes(bytes)
    }

    /// Checks that the growth can be honoured: a ratio above 0 and finite
    /// (0, a negative number, NaN or an infinity would mean a snapshot at
    /// every poll, or never), at least 1 byte.
    pub fn validate(&self) -> Result<(), WatchError> {
        let refused = |expected, found| {
            Err(WatchError::InvalidSetting {
                setting: "growth",
                expected,
                found,
            })
        };
        match *self {
            Growth::Ratio(ratio) if !(ratio.is_finite() && ratio > 0.0) => refused(
                "a ratio above 0 and finite (Growth::percent(25) is Ratio(0.25))",
                format!("Ratio({ratio})"),
            ),
            Growth::Bytes(0) => refused("at least 1 byte", "Bytes(0)".to_string()),
            _ => Ok(()),
        }
    }

    /// The peak at which the snapshot after one taken at `peak` bytes is
    /// due: `peak` grown by this step, rounded up, and always above
    /// `peak` (however small the ratio), at most `u64::MAX`. Meaningful
    /// for a [valid](Self::validate) growth.
    pub fn next_after(&self, peak: u64) -> u64 {
        let next = match *self {
            Growth::Bytes(bytes) => peak.saturating_add(bytes),
            Growth::Ratio(ratio) => {
                let next = (peak as f64 * (1.0 + ratio)).ceil();
                // `as` saturates: NaN (an invalid ratio) gives 0, a value
                // past the range u64::MAX.
                next as u64
            }
        };
        next.max(peak.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ratio_that_is_not_positive_and_finite_is_refused_with_the_value() {
        for ratio in [0.0, -0.0, -0.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = Growth::ratio(ratio).validate().unwrap_err();
            assert!(
                matches!(&err, WatchError::InvalidSetting { setting: "growth", found, .. } if *found == format!("Ratio({ratio})")),
                "{ratio}: {err}"
            );
        }
        assert!(Growth::percent(0).validate().is_err());
        for ratio in [f64::MIN_POSITIVE, 1e-9, 0.25, 1.0, 1e9] {
            assert!(Growth::ratio(ratio).validate().is_ok(), "{ratio}");
        }
    }

    #[test]
    fn zero_bytes_is_refused_one_byte_is_a_step() {
        let err = Growth::bytes(0).validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid watch setting `growth`: expected at least 1 byte, found Bytes(0)"
        );
        assert!(Growth::bytes(1).validate().is_ok());
        assert_eq!(Growth::bytes(1).next_after(41), 42);
    }

    #[test]
    fn the_next_step_is_always_above_the_peak_and_never_wraps() {
        // A ratio too small to move the peak still asks for one more byte.
        assert_eq!(Growth::ratio(1e-300).next_after(1 << 20), (1 << 20) + 1);
        assert_eq!(Growth::percent(25).next_after(0), 1);
        assert_eq!(Growth::percent(50).next_after(3), 5); // 4.5, rounded up
        assert_eq!(Growth::bytes(u64::MAX).next_after(5), u64::MAX);
        assert_eq!(Growth::ratio(1e300).next_after(5), u64::MAX);
        assert_eq!(Growth::percent(25).next_after(u64::MAX), u64::MAX);
    }
}
