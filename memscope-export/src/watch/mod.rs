//! Snapshots that outlive the process: files written while the program
//! runs, so that a process killed for its memory (the kernel's OOM killer,
//! a container's limit, SIGKILL) leaves its heap near the end behind,
//! and one written at normal exit. Unix only.
//!
//! - [`TrackerWatch::snapshot_on_peak`]: a watcher thread writes a
//!   snapshot each time the peak has grown by a [`Growth`] step, keeping
//!   the newest few ([`PeakWatcher`] says how close to the end they are).
//! - [`WatchConfig::on_signal`]: a snapshot on a signal (`kill -USR2
//!   <pid>`), through a self-pipe: nothing is exported in the handler.
//! - [`TrackerWatch::export_on_exit`]: one snapshot at normal exit.
//!
//! What each file holds is an ordinary export, with the default
//! [`BinaryExportConfig`] unless told
//! otherwise: read it with [`BinaryReader`](crate::BinaryReader), the
//! analysis library or `memscope-binary`.
//!
//! Files: `growth.rs` (the step), `config.rs` (the settings), `watcher.rs`
//! (the handle, start and stop), `run.rs` (the thread), `files.rs` (names,
//! numbering, pruning, stale temporaries), `signal.rs` (the self-pipe and
//! the handler), `exit.rs` (the `atexit` handler), `process.rs` (the
//! process-wide state, its lock and the fork handlers).

mod config;
mod exit;
mod files;
mod growth;
mod process;
mod run;
mod signal;
mod watcher;

use std::path::Path;

use memscope_tracker::MemoryTracker;

use crate::binary::BinaryExportConfig;
use crate::error::WatchError;

pub use config::{
    DEFAULT_KEEP, DEFAULT_MINIMUM_PEAK, DEFAULT_POLL_INTERVAL, DEFAULT_SNAPSHOT_COMPRESSION,
    WatchConfig,
};
pub use growth::Growth;
pub use watcher::{PeakWatcher, WATCHER_THREAD_NAME};

/// Adds the snapshots that outlive the process to [`MemoryTracker`], as
/// [`TrackerBinaryExport`](crate::TrackerBinaryExport) adds exports: on
/// `global_tracker()`, or on any tracker that lives for the whole process
/// (a `static`), since the watcher thread and the exit handler keep it.
///
/// ```no_run
/// use memscope_export::{Growth, TrackerWatch};
/// use memscope_tracker::{TrackingAllocator, global_tracker};
///
/// #[global_allocator]
/// static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();
///
/// fn main() -> Result<(), memscope_export::WatchError> {
///     // Every 25% of growth past 1 MiB, the 3 newest kept.
///     let _watcher = global_tracker().snapshot_on_peak("snapshots", Growth::percent(25), 3)?;
///     // And the live blocks at exit, `std::process::exit` included.
///     global_tracker().export_on_exit("snapshots/exit.memscope")?;
///     // ... the program ...
///     Ok(())
/// }
/// ```
pub trait TrackerWatch {
    /// Starts the watcher thread with a snapshot into `dir` (created if
    /// missing) each time the peak has grown by `growth`, keeping the
    /// `keep` newest (at least 1): `watch(WatchConfig::new(dir).on_peak(growth).keep(keep))`.
    /// See [`PeakWatcher`] for the files, the timing and the errors.
    fn snapshot_on_peak<P: AsRef<Path>>(
        &'static self,
        dir: P,
        growth: Growth,
        keep: usize,
    ) -> Result<PeakWatcher, WatchError>;

    /// Starts the watcher thread with a snapshot into `dir` each time the
    /// process receives `signal`, and none on the peak:
    /// `watch(WatchConfig::new(dir).on_signal(signal))`. See
    /// [`WatchConfig::on_signal`].
    fn snapshot_on_signal<P: AsRef<Path>>(
        &'static self,
        signal: i32,
        dir: P,
    ) -> Result<PeakWatcher, WatchError>;

    /// Starts the watcher thread as `config` says: the settings are
    /// checked first ([`WatchConfig::validate`]), then the directory made,
    /// the stale temporary files of an earlier run removed, the signal
    /// handler installed and the thread started. One watcher runs in a
    /// process at a time: [`WatchError::AlreadyWatching`] otherwise.
    fn watch(&'static self, config: WatchConfig) -> Result<PeakWatcher, WatchError>;

    /// Writes a snapshot to `path` at normal exit, with the default
    /// [`BinaryExportConfig`] compressed at
    /// [`DEFAULT_SNAPSHOT_COMPRESSION`]: see
    /// [`export_on_exit_with_config`](Self::export_on_exit_with_config).
    fn export_on_exit<P: AsRef<Path>>(&'static self, path: P) -> Result<(), WatchError>;

    /// Writes a snapshot of this tracker to `path` with `config` when the
    /// process exits normally: returning from `main`, or
    /// `std::process::exit` on any thread (through `atexit`). Not when it
    /// is killed (SIGKILL, the OOM killer, an unhandled signal), nor on
    /// `abort()` (a panic with `panic = "abort"`), nor `_exit`: a
    /// [`PeakWatcher`] covers those.
    ///
    /// `path` is made absolute now (the program may change its working
    /// directory before it exits), and its directory must exist. Calling
    /// it again replaces the path and the configuration: one file is
    /// written, the last asked for. The file is written atomically; a
    /// failure is reported on standard error, since no caller is left to
    /// tell. A forked child does not write its parent's file (it may ask
    /// for its own).
    fn export_on_exit_with_config<P: AsRef<Path>>(
        &'static self,
        path: P,
        config: BinaryExportConfig,
    ) -> Result<(), WatchError>;
}

impl TrackerWatch for MemoryTracker {
    fn snapshot_on_peak<P: AsRef<Path>>(
        &'static self,
        dir: P,
        growth: Growth,
        keep: usize,
    ) -> Result<PeakWatcher, WatchError> {
        self.watch(WatchConfig::new(dir).on_peak(growth).keep(keep))
    }

    fn snapshot_on_signal<P: AsRef<Path>>(
        &'static self,
        signal: i32,
        dir: P,
    ) -> Result<PeakWatcher, WatchError> {
        self.watch(WatchConfig::new(dir).on_signal(signal))
    }

    fn watch(&'static self, config: WatchConfig) -> Result<PeakWatcher, WatchError> {
        PeakWatcher::start(self, config)
    }

    fn export_on_exit<P: AsRef<Path>>(&'static self, path: P) -> Result<(), WatchError> {
        self.export_on_exit_with_config(path, config::default_snapshot_config())
    }

    fn export_on_exit_with_config<P: AsRef<Path>>(
        &'static self,
        path: P,
        config: BinaryExportConfig,
    ) -> Result<(), WatchError> {
        exit::export_on_exit(self, path.as_ref(), config)
    }
}
