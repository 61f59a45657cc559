//! [`PeakWatcher`]: the handle of the running watcher thread, and how it
//! starts and stops.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};
use std::thread::JoinHandle;

use memscope_tracker::{MemoryTracker, untracked};

use crate::binary::BinaryExporter;
use crate::error::WatchError;
use crate::watch::config::WatchConfig;
use crate::watch::files::{self, Kind};
use crate::watch::process;
use crate::watch::run::{Run, Shared};
use crate::watch::signal;

/// The name of the watcher thread, as `top -H`, a debugger and the
/// snapshots' thread table show it.
pub const WATCHER_THREAD_NAME: &str = "memscope-watch";

/// A running watcher: one thread, named [`WATCHER_THREAD_NAME`], that
/// writes a snapshot of a tracker into a directory each time its peak has
/// grown by a step, and on a signal when asked. Started by
/// [`TrackerWatch::snapshot_on_peak`](crate::TrackerWatch::snapshot_on_peak),
/// [`snapshot_on_signal`](crate::TrackerWatch::snapshot_on_signal) or
/// [`watch`](crate::TrackerWatch::watch); stopped by [`stop`](Self::stop)
/// or when dropped.
///
/// # What is in the directory
///
/// - `peak-000001.memscope`, `peak-000002.memscope`, ...: each written
///   whole or not at all ([`write_atomically`](crate::write_atomically)),
///   so a process killed at any moment, mid-write included, leaves only
///   complete files (and at most one hidden temporary file, on systems
///   without `O_TMPFILE`, which the next watcher started on the directory
///   removes). After each new file the oldest beyond `keep` are deleted.
/// - `signal-000001.memscope`, ...: the same, one per signal received
///   (see [`WatchConfig::on_signal`]), kept apart: `keep` applies to each
///   kind on its own.
///
/// Numbers go on after the highest already in the directory: an earlier
/// run's files sort first, and are the first deleted beyond `keep` once
/// this run writes its own. Give each run its own directory to keep them.
///
/// # How close to the end the newest snapshot is
///
/// The watcher reads the peak ([`MemoryTracker::peak_memory`]: one atomic
/// load, no lock) every poll interval (5 ms by default). When the process
/// is killed (out of memory, SIGKILL) at a peak `P`, the newest complete
/// peak snapshot holds a peak of at least `P` less one growth step, less
/// what the program allocated during one poll interval and one export:
/// the step that was not yet due, or due but not yet seen, or being
/// written when the kill came. An export takes milliseconds for a heap of
/// a few thousand blocks; it grows with the number of live blocks, and
/// with the call stacks to resolve to names. The first export of a
/// process also loads the debug info those names come from (hundreds of
/// milliseconds for a large binary): a peak watcher pays it as it starts,
/// with one export to nowhere, so that its first snapshot is as quick as
/// the later ones (a snapshot due meanwhile is written right after it; a
/// watcher stopped before then has written none).
/// `BinaryExportConfig::symbolize(false)` narrows the gap
/// further for a program that grows fast. A snapshot that failed widens
/// it by one more step.
///
/// # Errors while running
///
/// The watcher never panics and never stops on its own. A snapshot that
/// cannot be written (the disk is full, the directory was removed) is
/// counted and kept as [`last_error`](Self::last_error); the next is
/// tried at the next growth step (or signal), under the same number.
///
/// # Costs and locks
///
/// Each poll is one atomic load. Each snapshot is an export: it locks the
/// tracker's shards as any export does (each only while it is copied), and
/// allocates its copy, its symbol tables and its buffers outside the
/// program's memory: the whole thread runs in
/// [`untracked`], so nothing it does shows
/// in the program's live blocks or raises its peak. It takes no lock a
/// program could hold besides the tracker's own, so a program that holds
/// its own locks while it allocates cannot deadlock with it.
///
/// Under sampled tracking (`TrackingAllocator::sampled`) the peak is that
/// of the sampled blocks, by their sizes: large blocks nearly always,
/// small ones rarely. Steps are steps of that peak.
///
/// # One at a time, and `fork()`
///
/// One watcher runs in a process at a time, whatever tracker it watches:
/// starting another while one runs is [`WatchError::AlreadyWatching`]
/// (stop the first to change the settings). A child made by `fork()` has
/// no watcher thread: its state is reset by a fork handler, the signal's
/// disposition restored and the pipe closed in it, so the child may start
/// its own. A `fork()` waits for a snapshot being written to be complete:
/// an export holds locks of the C library (the dynamic loader's) that the
/// child would otherwise inherit held, and its own exports would wait for
/// them forever. The child's copy of a `PeakWatcher` is inert: stopping or
/// dropping it does nothing, and [`last_error`](Self::last_error) is
/// `None` there.
///
/// ```no_run
/// use memscope_export::{Growth, TrackerWatch};
/// use memscope_tracker::global_tracker;
///
/// // Keep the 3 newest of peak-000001.memscope, ... in `snapshots/`.
/// let watcher = global_tracker().snapshot_on_peak("snapshots", Growth::percent(25), 3)?;
/// // ... the program runs ...
/// println!("{} snapshots, last error {:?}", watcher.snapshots_written(), watcher.last_error());
/// # Ok::<(), memscope_export::WatchError>(())
/// ```
#[derive(Debug)]
pub struct PeakWatcher {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    /// The process that started it: in a forked child the thread is not
    /// there.
    owner: u32,
    /// Whether the thread sleeps on the signal's pipe (woken through it).
    on_signal: bool,
    dir: PathBuf,
}

impl PeakWatcher {
    /// Starts the watcher `config` describes on `tracker`.
    pub(super) fn start(
        tracker: &'static MemoryTracker,
        config: WatchConfig,
    ) -> Result<PeakWatcher, WatchError> {
        config.validate()?;
        // What starting allocates (the paths, the shared counters, the
        // thread) is the tool's, not the program's.
        untracked(|| {
            let dir = std::path::absolute(&config.dir)
                .map_err(|e| WatchError::io("resolving", Some(&config.dir), e))?;
            files::prepare_dir(&dir)?;
            let mut claim = Claim::take()?;
            // Only once this process's watcher is ours: the temporary
            // files removed here cannot be a running watcher's.
            let survey = files::survey(&dir)?;
            let signal = match config.signal {
                Some(signal) => Some(claim.install(signal)?),
                None => None,
            };
            let shared = Arc::new(Shared::default());
            let run = Run {
                tracker,
                dir: dir.clone(),
                peak: config
                    .growth
                    .map(|growth| (growth, config.first_peak(growth))),
                keep: config.keep,
                interval: config.poll_interval,
                signal,
                exporter: BinaryExporter::new(config.export),
                next: [survey.next(Kind::Peak), survey.next(Kind::Signal)],
                shared: Arc::clone(&shared),
            };
            let thread = std::thread::Builder::new()
                .name(WATCHER_THREAD_NAME.to_string())
                .spawn(move || run.run())
                .map_err(|e| WatchError::io("starting the watcher thread", None, e))?;
            claim.keep();
            Ok(PeakWatcher {
                shared,
                thread: Some(thread),
                owner: std::process::id(),
                on_signal: signal.is_some(),
                dir,
            })
        })
    }

    /// The directory the snapshots go in, made absolute when the watcher
    /// started.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Snapshots written so far, on the peak and on a signal.
    pub fn snapshots_written(&self) -> u64 {
        self.peak_snapshots_written() + self.signal_snapshots_written()
    }

    /// Snapshots written so far on the peak (`peak-*.memscope`).
    pub fn peak_snapshots_written(&self) -> u64 {
        self.shared.written[Kind::Peak.index()].load(Ordering::Relaxed)
    }

    /// Snapshots written so far on a signal (`signal-*.memscope`).
    pub fn signal_snapshots_written(&self) -> u64 {
        self.shared.written[Kind::Signal.index()].load(Ordering::Relaxed)
    }

    /// How many snapshots, or deletions of old ones, have failed.
    pub fn failures(&self) -> u64 {
        self.shared.failures.load(Ordering::Relaxed)
    }

    /// The latest failure, if any: a snapshot not written
    /// ([`WatchError::Snapshot`]) or an old one not deleted. It stays
    /// after later snapshots succeed; [`failures`](Self::failures) counts
    /// them all.
    pub fn last_error(&self) -> Option<Arc<WatchError>> {
        if !self.is_ours() {
            // The lock may have been copied held by the parent's thread.
            return None;
        }
        self.shared
            .last_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether the thread runs: started, not stopped, and this process is
    /// the one that started it.
    pub fn is_running(&self) -> bool {
        self.thread.is_some() && self.is_ours()
    }

    /// Stops the thread and waits for it: at once between polls, or once
    /// the export it is writing is complete (its warm-up's included). No
    /// last snapshot is written: [`export_on_exit`](crate::TrackerWatch::export_on_exit)
    /// is for the end of the program. Then the signal's previous
    /// disposition is back and another watcher may start. The counts and
    /// the last error stay readable. Stopping again does nothing; dropping
    /// the watcher stops it.
    pub fn stop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        if !self.is_ours() {
            // A forked child's copy: the thread is the parent's and does
            // not exist here (joining it would wait on nothing, or worse),
            // and the fork handler has already reset this process's state.
            std::mem::forget(thread);
            return;
        }
        self.shared.stop.store(true, Ordering::Release);
        if self.on_signal {
            signal::wake();
        } else {
            thread.thread().unpark();
        }
        // The thread catches its own panics: joining always returns Ok.
        let _ = thread.join();
        release();
    }

    fn is_ours(&self) -> bool {
        std::process::id() == self.owner
    }
}

impl Drop for PeakWatcher {
    fn drop(&mut self) {
        self.stop();
    }
}

/// This process's watcher, claimed: released (and the signal handler
/// removed) when dropped, unless [`keep`](Self::keep) hands it to the
/// running watcher.
struct Claim {
    armed: bool,
}

impl Claim {
    fn take() -> Result<Claim, WatchError> {
        let mut state = process::lock()?;
        if state.watching {
            return Err(WatchError::AlreadyWatching);
        }
        state.watching = true;
        Ok(Claim { armed: true })
    }

    /// Installs the handler for `signal`; the pipe's read end.
    fn install(&mut self, signal: i32) -> Result<std::os::raw::c_int, WatchError> {
        let mut state = process::lock()?;
        signal::install(&mut state, signal)
    }

    fn keep(mut self) {
        self.armed = false;
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if self.armed {
            release();
        }
    }
}

/// Ends this process's watcher: the signal's previous disposition back,
/// another watcher free to start.
fn release() {
    // Registered already (a watcher was claimed): this cannot fail.
    if let Ok(mut state) = process::lock() {
        if let Some(installed) = state.signal.take() {
            signal::restore(installed);
        }
        state.watching = false;
    }
}
