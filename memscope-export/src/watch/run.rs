//! The watcher thread: read the peak, write a snapshot when it is due,
//! sleep one poll interval (on the signal's pipe, when there is one).

use std::os::raw::c_int;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use memscope_tracker::{MemoryTracker, untracked};

use crate::binary::BinaryExporter;
use crate::error::WatchError;
use crate::watch::files::{self, Kind};
use crate::watch::growth::Growth;
use crate::watch::{process, signal};

/// What the watcher thread and its [`PeakWatcher`](crate::PeakWatcher)
/// share.
#[derive(Debug, Default)]
pub(super) struct Shared {
    /// Set to end the thread.
    pub(super) stop: AtomicBool,
    /// Snapshots written on the peak, and on a signal.
    pub(super) written: [AtomicU64; 2],
    /// Snapshots (or deletions of old ones) that failed.
    pub(super) failures: AtomicU64,
    /// The latest failure. Held only to swap or clone the `Arc`: nothing
    /// allocates or frees under it.
    pub(super) last_error: Mutex<Option<Arc<WatchError>>>,
}

impl Shared {
    fn fail(&self, error: WatchError) {
        self.failures.fetch_add(1, Ordering::Relaxed);
        let error = Some(Arc::new(error));
        let earlier = std::mem::replace(
            &mut *self
                .last_error
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
            error,
        );
        drop(earlier);
    }
}

/// Everything the thread needs, moved into it.
pub(super) struct Run {
    pub(super) tracker: &'static MemoryTracker,
    pub(super) dir: PathBuf,
    /// The growth, and the peak at which the next peak snapshot is due.
    pub(super) peak: Option<(Growth, u64)>,
    pub(super) keep: usize,
    pub(super) interval: Duration,
    /// The signal's pipe, read end.
    pub(super) signal: Option<c_int>,
    pub(super) exporter: BinaryExporter,
    /// The number of the next snapshot of each kind.
    pub(super) next: [u64; 2],
    pub(super) shared: Arc<Shared>,
}

impl Run {
    /// The thread's body: everything it allocates is the tool's, recorded
    /// by no tracker; a panic (a bug) is caught and kept as the last
    /// error, never taken down with the program.
    pub(super) fn run(self) {
        untracked(|| {
            let shared = Arc::clone(&self.shared);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.watch()));
            if let Err(panic) = outcome {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                shared.fail(WatchError::Panicked { message });
            }
        });
    }

    fn watch(mut self) {
        if self.peak.is_some() {
            // One export to nowhere first: the first export of a process
            // loads the debug info its stacks are resolved with (hundreds
            // of milliseconds for a large binary), which the exports after
            // it reuse. Paid now, not by the first snapshot, which may
            // come when the program grows fastest. (An empty tracker
            // refuses it; no matter.)
            let _exporting = process::exporting();
            let _ = self
                .exporter
                .export_to_writer(self.tracker, std::io::sink());
        }
        loop {
            if self.shared.stop.load(Ordering::Acquire) {
                return;
            }
            if let Some((growth, due)) = self.peak {
                let peak = self.tracker.peak_memory();
                if peak >= due {
                    // Due again one step above the peak that triggered
                    // this one, whether it was written or not: a failed
                    // snapshot is tried again at the next step, not at
                    // every poll.
                    self.snapshot(Kind::Peak);
                    self.peak = Some((growth, growth.next_after(peak)));
                }
            }
            let signalled = match self.signal {
                Some(read) => signal::wait(read, self.interval),
                None => {
                    std::thread::park_timeout(self.interval);
                    false
                }
            };
            if signalled && !self.shared.stop.load(Ordering::Acquire) {
                self.snapshot(Kind::Signal);
            }
        }
    }

    /// Writes the next snapshot of `kind`, then deletes the oldest beyond
    /// `keep`; a failure is kept, and the number is used again next time.
    fn snapshot(&mut self, kind: Kind) {
        let index = kind.index();
        let path = files::path(&self.dir, kind, self.next[index]);
        let exported = {
            let _exporting = process::exporting();
            self.exporter.export(self.tracker, &path)
        };
        match exported {
            Ok(_) => {
                self.next[index] = self.next[index].saturating_add(1);
                self.shared.written[index].fetch_add(1, Ordering::Relaxed);
                if let Err(e) = files::prune(&self.dir, kind, self.keep) {
                    self.shared.fail(e);
                }
            }
            Err(e) => self.shared.fail(WatchError::Snapshot {
                path,
                source: Box::new(e),
            }),
        }
    }
}
