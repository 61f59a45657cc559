//! Per-thread state that keeps the tracker from tracking itself.
//!
//! Every tracker operation runs with [`IN_TRACKER`] set. The allocations the
//! tracker makes for itself (record tables, names) then reach the
//! [`TrackingAllocator`](crate::TrackingAllocator) with the flag set and are not recorded, instead of trying to
//! lock a shard that this thread may already hold. `with_live_allocations` sets the flag for the whole of its
//! closure for the same reason.
//!
//! Every thread-local here is const-initialised and has no destructor: using
//! it never allocates, and it stays usable for the whole life of a thread,
//! thread-local destructors and thread teardown included, when the
//! allocator is still being called.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    /// Set while this thread is inside the tracker.
    static IN_TRACKER: Cell<bool> = const { Cell::new(false) };

    /// This thread's id for [`LiveBlock::thread_id`](crate::LiveBlock::thread_id); 0 until first asked.
    static THREAD_ID: Cell<u64> = const { Cell::new(0) };
}

/// The next thread id to hand out; ids start at 1.
static NEXT_THREAD_ID: AtomicU64 = AtomicU64::new(1);

/// Proof that this thread is inside the tracker; leaving restores the flag.
#[must_use = "the thread leaves the tracker when this is dropped"]
pub(crate) struct InsideTracker {
    was_inside: bool,
}

impl InsideTracker {
    /// Enters the tracker, or `None` if this thread is already inside it:
    /// the call is then the tracker's own (or an exporter's) and must not
    /// be recorded. Also `None` when the flag cannot be reached, which
    /// errs on the side of not tracking.
    #[inline]
    pub(crate) fn try_enter() -> Option<Self> {
        match IN_TRACKER.try_with(|flag| flag.replace(true)) {
            Ok(false) => Some(InsideTracker { was_inside: false }),
            _ => None,
        }
    }

    /// Enters the tracker whether or not this thread is already inside.
    #[inline]
    pub(crate) fn enter() -> Self {
        let was_inside = IN_TRACKER
            .try_with(|flag| flag.replace(true))
            .unwrap_or(true);
        InsideTracker { was_inside }
    }
}

impl Drop for InsideTracker {
    #[inline]
    fn drop(&mut self) {
        let _ = IN_TRACKER.try_with(|flag| flag.set(self.was_inside));
    }
}

/// A small id for the current thread, unique within the process; 0 if the
/// thread is too far into its teardown to have one. A thread given its id
/// has its name remembered (see `thread_names.rs`); the caller is inside
/// the tracker and holds no shard lock.
pub(crate) fn current_thread_id() -> u64 {
    THREAD_ID
        .try_with(|id| {
            if id.get() == 0 {
                let new = NEXT_THREAD_ID.fetch_add(1, Ordering::Relaxed);
                id.set(new);
                crate::thread_names::remember_current(new);
            }
            id.get()
        })
        .unwrap_or(0)
}
