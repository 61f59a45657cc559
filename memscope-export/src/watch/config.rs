//! [`WatchConfig`]: what a watcher writes, where, and when.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::binary::BinaryExportConfig;
use crate::error::WatchError;
use crate::watch::growth::Growth;
use crate::watch::signal;

/// How often the watcher reads the peak by default: 5 ms. One atomic load
/// a poll, about 200 wake-ups a second.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_millis(5);

/// The peak below which no peak snapshot is written by default: 1 MiB, so
/// that a small program does not write a file per step of its first
/// kilobytes.
pub const DEFAULT_MINIMUM_PEAK: u64 = 1 << 20;

/// How many snapshots of each kind are kept by default: 3.
pub const DEFAULT_KEEP: usize = 3;

/// The zstd level of the snapshots a watcher and
/// [`export_on_exit`](crate::TrackerWatch::export_on_exit) write unless
/// told otherwise: 1 (0, uncompressed, without the `zstd` feature).
///
/// A snapshot is written near the peak, where it is largest, and several
/// are kept. On jaq at 15.3 M live blocks with call stacks, level 1 wrote
/// 4.5 bytes a block against 32.0 uncompressed, in about the same time
/// (4.9 s against 4.5 s): compressing costs about what writing seven
/// times the bytes does (docs/PERFORMANCE.md). Exports a program asks
/// for itself keep [`BinaryExportConfig`]'s default, uncompressed, which
/// any reader of the format reads without zstd.
pub const DEFAULT_SNAPSHOT_COMPRESSION: u8 = if cfg!(feature = "zstd") { 1 } else { 0 };

/// How a watcher and the exit hook write a snapshot by default: the
/// default [`BinaryExportConfig`] at [`DEFAULT_SNAPSHOT_COMPRESSION`].
pub(crate) fn default_snapshot_config() -> BinaryExportConfig {
    BinaryExportConfig::default().compression_level(DEFAULT_SNAPSHOT_COMPRESSION)
}

/// What a [`PeakWatcher`](crate::PeakWatcher) writes, where and when.
/// Build it with the methods below and start it with
/// [`TrackerWatch::watch`](crate::TrackerWatch::watch); the settings are
/// checked then, before anything is created.
///
/// ```no_run
/// use memscope_export::{BinaryExportConfig, Growth, TrackerWatch, WatchConfig};
/// use memscope_tracker::global_tracker;
///
/// let config = WatchConfig::new("snapshots")
///     .on_peak(Growth::percent(25)) // peak-000001.memscope, ...
///     .keep(3)
///     .on_signal(libc::SIGUSR2) // signal-000001.memscope, ... on `kill -USR2 <pid>`
///     .export_config(BinaryExportConfig::new().symbolize(false)); // cheaper snapshots
/// let watcher = global_tracker().watch(config)?;
/// # Ok::<(), memscope_export::WatchError>(())
/// ```
#[derive(Debug, Clone)]
pub struct WatchConfig {
    pub(super) dir: PathBuf,
    pub(super) growth: Option<Growth>,
    pub(super) keep: usize,
    pub(super) minimum: u64,
    pub(super) poll_interval: Duration,
    pub(super) signal: Option<i32>,
    pub(super) export: BinaryExportConfig,
}

impl WatchConfig {
    /// Snapshots written into `dir` (created if missing), with the
    /// defaults: no snapshot on the peak nor on a signal until
    /// [`on_peak`](Self::on_peak) or [`on_signal`](Self::on_signal) asks
    /// for them, [`DEFAULT_KEEP`] of each kind kept,
    /// [`DEFAULT_MINIMUM_PEAK`], [`DEFAULT_POLL_INTERVAL`], and the
    /// default [`BinaryExportConfig`] (call stacks and threads when the
    /// tracker records them, resolved to names) compressed at
    /// [`DEFAULT_SNAPSHOT_COMPRESSION`].
    pub fn new(dir: impl AsRef<Path>) -> Self {
        WatchConfig {
            dir: dir.as_ref().to_path_buf(),
            growth: None,
            keep: DEFAULT_KEEP,
            minimum: DEFAULT_MINIMUM_PEAK,
            poll_interval: DEFAULT_POLL_INTERVAL,
            signal: None,
            export: default_snapshot_config(),
        }
    }

    /// A snapshot `peak-<seq>.memscope` each time the peak has grown by
    /// `growth` since the last one, the first when the peak reaches the
    /// [`minimum`](Self::minimum) or one step from zero, whichever is
    /// higher.
    pub fn on_peak(mut self, growth: Growth) -> Self {
        self.growth = Some(growth);
        self
    }

    /// How many snapshots of each kind (peak, signal) stay in the
    /// directory: after each new one the oldest beyond `keep` are deleted
    /// (default [`DEFAULT_KEEP`]; at least 1).
    pub fn keep(mut self, keep: usize) -> Self {
        self.keep = keep;
        self
    }

    /// No peak snapshot before the peak reaches `bytes` (default
    /// [`DEFAULT_MINIMUM_PEAK`]).
    pub fn minimum(mut self, bytes: u64) -> Self {
        self.minimum = bytes;
        self
    }

    /// How often the peak is read (default [`DEFAULT_POLL_INTERVAL`]; at
    /// least 1 ms). A shorter interval narrows the gap between the newest
    /// snapshot and the peak a kill ends (see [`PeakWatcher`](crate::PeakWatcher)),
    /// at the cost of more wake-ups; each poll is one atomic load.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.poll_interval = interval;
        self
    }

    /// A snapshot `signal-<seq>.memscope` each time the process receives
    /// `signal` (`libc::SIGUSR2`, say): `kill -USR2 <pid>` asks a running
    /// program for its heap. The handler only writes a byte to a pipe; the
    /// watcher thread writes the file within one poll interval. Signals
    /// that arrive while a snapshot is written are answered by one more
    /// snapshot, not one each.
    ///
    /// Refused when the program already handles `signal`, and for the
    /// signals that cannot be caught (`SIGKILL`, `SIGSTOP`) or that faults
    /// raise (`SIGSEGV`, `SIGBUS`, `SIGILL`, `SIGFPE`, `SIGTRAP`,
    /// `SIGABRT`, `SIGSYS`). The previous disposition (default or
    /// ignored) is restored when the watcher stops.
    pub fn on_signal(mut self, signal: i32) -> Self {
        self.signal = Some(signal);
        self
    }

    /// How each snapshot is written (default: the default
    /// [`BinaryExportConfig`] compressed at
    /// [`DEFAULT_SNAPSHOT_COMPRESSION`]; `compression_level(0)` writes them
    /// plain). `symbolize(false)` makes each snapshot much cheaper, near
    /// an out-of-memory kill too; its raw addresses are resolved later, on
    /// any machine with the binaries, by `memscope-binary symbolize`.
    pub fn export_config(mut self, config: BinaryExportConfig) -> Self {
        self.export = config;
        self
    }

    /// Checks every setting: at least one of peak and signal, a valid
    /// growth, `keep` at least 1, a poll interval of at least 1 ms, a
    /// signal that may be caught, a valid export configuration.
    pub fn validate(&self) -> Result<(), WatchError> {
        if self.growth.is_none() && self.signal.is_none() {
            return Err(WatchError::NothingToWatch);
        }
        if let Some(growth) = &self.growth {
            growth.validate()?;
        }
        if self.keep == 0 {
            return Err(WatchError::InvalidSetting {
                setting: "keep",
                expected: "at least 1 snapshot",
                found: "0".to_string(),
            });
        }
        if self.poll_interval < Duration::from_millis(1) {
            return Err(WatchError::InvalidSetting {
                setting: "poll_interval",
                expected: "at least 1 ms",
                found: format!("{:?}", self.poll_interval),
            });
        }
        if let Some(signal) = self.signal {
            signal::validate(signal)?;
        }
        self.export.validate()?;
        Ok(())
    }

    /// The peak at which the first peak snapshot is due.
    pub(super) fn first_peak(&self, growth: Growth) -> u64 {
        growth.next_after(0).max(self.minimum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_snapshot_waits_for_the_minimum_or_one_step_whichever_is_higher() {
        let config = WatchConfig::new("d");
        assert_eq!(config.first_peak(Growth::percent(25)), 1 << 20);
        assert_eq!(config.first_peak(Growth::bytes(64 << 20)), 64 << 20);
        assert_eq!(config.first_peak(Growth::bytes(4096)), 1 << 20);
        let config = config.minimum(0);
        assert_eq!(config.first_peak(Growth::percent(25)), 1);
    }

    #[test]
    fn each_refused_setting_is_named() {
        let refused = |config: WatchConfig| match config.validate() {
            Err(WatchError::InvalidSetting { setting, .. }) => setting,
            other => panic!("expected a refused setting, got {other:?}"),
        };
        let peak = || WatchConfig::new("d").on_peak(Growth::percent(25));
        assert_eq!(refused(peak().keep(0)), "keep");
        assert_eq!(
            refused(peak().poll_interval(Duration::ZERO)),
            "poll_interval"
        );
        assert_eq!(
            refused(peak().poll_interval(Duration::from_micros(999))),
            "poll_interval"
        );
        assert_eq!(
            refused(WatchConfig::new("d").on_peak(Growth::ratio(0.0))),
            "growth"
        );
        assert_eq!(refused(peak().on_signal(libc::SIGKILL)), "signal");
        assert!(matches!(
            WatchConfig::new("d").validate(),
            Err(WatchError::NothingToWatch)
        ));
        assert!(matches!(
            peak()
                .export_config(BinaryExportConfig::new().compression_level(23))
                .validate(),
            Err(WatchError::Export(_))
        ));
        assert!(peak().validate().is_ok());
        assert!(
            WatchConfig::new("d")
                .on_signal(libc::SIGUSR2)
                .validate()
                .is_ok()
        );
    }
}
