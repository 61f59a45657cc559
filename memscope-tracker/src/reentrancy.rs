//! Per-thread state that keeps the tracker from tracking itself, and
//! thread ids.
//!
//! Every tracker operation runs with [`IN_TRACKER`] set. The allocations
//! the tracker makes for itself (record tables, names) then reach the
//! [`TrackingAllocator`](crate::TrackingAllocator) with the flag set and
//! are not recorded, instead of trying to lock a shard that this thread
//! may already hold.
//!
//! A second bit, set by [`untracked`](crate::untracked), marks a thread
//! whose new blocks no tracker records: the tool's own work, such as an
//! export, which is not the program's memory. Frees are still seen.
//!
//! `with_live_allocations` does not set the flag for its closure, and
//! need not: the closure runs with no tracker lock held, so what it
//! allocates is recorded like any other allocation (after the snapshot it
//! reads), and what it frees is seen freed. With the flag set, a block
//! recorded earlier and freed in the closure would stay a stale record.
//!
//! Every thread-local here is const-initialised and has no destructor: using
//! it never allocates, and it stays usable for the whole life of a thread,
//! thread-local destructors and thread teardown included, when the
//! allocator is still being called.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::table::MAX_THREAD_ID;

thread_local! {
    /// [`INSIDE`] while this thread is inside the tracker, [`QUIET`] while
    /// its new blocks are not recorded.
    static IN_TRACKER: Cell<u8> = const { Cell::new(0) };

    /// This thread's id for [`LiveBlock::thread_id`](crate::LiveBlock::thread_id); 0 until first asked,
    /// [`NO_ID_LEFT`] for a thread that came after the last id.
    static THREAD_ID: Cell<u64> = const { Cell::new(0) };

    /// The address of this thread's latest allocation, until it is freed
    /// by this thread (a temporary allocation) or the thread allocates
    /// again; 0 for none.
    static LAST_ALLOCATION: Cell<usize> = const { Cell::new(0) };
}

/// This thread allocated the block at `ptr`: it is the one a free can
/// find temporary.
#[inline]
pub(crate) fn note_allocation(ptr: usize) {
    let _ = LAST_ALLOCATION.try_with(|last| last.set(ptr));
}

/// Whether this thread's free of the block at `ptr` makes it a temporary
/// allocation, in heaptrack's sense: it was this thread's latest
/// allocation, freed before the thread allocated again.
#[inline]
pub(crate) fn is_temporary(ptr: usize) -> bool {
    LAST_ALLOCATION
        .try_with(|last| {
            let temporary = last.get() == ptr;
            if temporary {
                last.set(0);
            }
            temporary
        })
        .unwrap_or(false)
}

/// The bit of [`IN_TRACKER`] set while the thread is inside the tracker.
const INSIDE: u8 = 1;

/// The bit of [`IN_TRACKER`] set while the thread's new blocks are not
/// recorded.
const QUIET: u8 = 2;

/// The thread-local id of a thread that came after the last id.
const NO_ID_LEFT: u64 = u64::MAX;

/// The next thread id to hand out; ids start at 1.
static NEXT_THREAD_ID: AtomicU64 = AtomicU64::new(1);

/// Proof that this thread is inside the tracker; leaving restores the flags.
#[must_use = "the thread leaves the tracker when this is dropped"]
pub(crate) struct InsideTracker {
    before: u8,
}

impl InsideTracker {
    /// Enters the tracker, or `None` if this thread is already inside it:
    /// the call is then the tracker's own (or an exporter's) and must not
    /// be recorded. Also `None` when the flag cannot be reached, which
    /// errs on the side of not tracking.
    #[inline]
    pub(crate) fn try_enter() -> Option<Self> {
        IN_TRACKER
            .try_with(|flags| {
                let before = flags.get();
                if before & INSIDE != 0 {
                    return None;
                }
                flags.set(before | INSIDE);
                Some(InsideTracker { before })
            })
            .ok()
            .flatten()
    }

    /// Enters the tracker whether or not this thread is already inside.
    #[inline]
    pub(crate) fn enter() -> Self {
        let before = IN_TRACKER
            .try_with(|flags| {
                let before = flags.get();
                flags.set(before | INSIDE);
                before
            })
            .unwrap_or(INSIDE);
        InsideTracker { before }
    }

    /// Whether this thread's new blocks are not to be recorded: it is in
    /// [`untracked`](crate::untracked).
    #[inline]
    pub(crate) fn is_quiet(&self) -> bool {
        self.before & QUIET != 0
    }
}

impl Drop for InsideTracker {
    #[inline]
    fn drop(&mut self) {
        let _ = IN_TRACKER.try_with(|flags| flags.set(self.before));
    }
}

/// Whether this thread is inside the tracker now (its own bookkeeping is
/// under way); `true` when the flag cannot be reached.
#[inline]
pub(crate) fn is_inside() -> bool {
    IN_TRACKER
        .try_with(|flags| flags.get() & INSIDE != 0)
        .unwrap_or(true)
}

/// Marks this thread's new blocks as not to be recorded until the returned
/// value is dropped, which restores the mark as it was (so the scopes
/// nest). `None` if the thread is too far into its teardown to be marked.
pub(crate) fn quiet() -> Option<Quiet> {
    IN_TRACKER
        .try_with(|flags| {
            let before = flags.get();
            flags.set(before | QUIET);
            Quiet { before }
        })
        .ok()
}

/// This thread's new blocks are not recorded while this lives.
#[must_use = "recording resumes when this is dropped"]
pub(crate) struct Quiet {
    before: u8,
}

impl Drop for Quiet {
    fn drop(&mut self) {
        let _ = IN_TRACKER.try_with(|flags| flags.set(flags.get() & !QUIET | self.before & QUIET));
    }
}

/// A small id for the current thread, unique within the process: ids are
/// handed out once each, from 1 up to [`MAX_THREAD_ID`], and never reused.
/// 0 (unknown) if the thread is too far into its teardown to have one, or
/// if it came after the last id: so a block never carries another
/// thread's id, nor a name that is not its thread's. A thread given its id
/// has its name remembered (see `thread_names.rs`); the caller is inside
/// the tracker and holds no shard lock.
pub(crate) fn current_thread_id() -> u64 {
    current_thread_id_from(&NEXT_THREAD_ID)
}

/// [`current_thread_id`], a new id coming from `next`: the process's
/// counter, or a test's, started near the end of the ids.
pub(crate) fn current_thread_id_from(next: &AtomicU64) -> u64 {
    THREAD_ID
        .try_with(|id| match id.get() {
            0 => {
                // A u64 counter does not wrap: 2^64 threads is centuries
                // at a thread a nanosecond.
                let new = next.fetch_add(1, Ordering::Relaxed);
                if new > MAX_THREAD_ID {
                    id.set(NO_ID_LEFT);
                    return 0;
                }
                id.set(new);
                crate::thread_names::remember_current(new);
                new
            }
            NO_ID_LEFT => 0,
            known => known,
        })
        .unwrap_or(0)
}
