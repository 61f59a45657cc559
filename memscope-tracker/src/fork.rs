//! `fork()` while other threads allocate: the child must not inherit a
//! shard lock held by a thread that does not exist in it.
//!
//! The first time the [`TrackingAllocator`](crate::TrackingAllocator)
//! records a block, it registers `pthread_atfork` handlers, as jemalloc
//! does for its own locks. Before the fork, the forking thread takes the
//! global tracker's snapshot lock and every shard lock (in the order every
//! other locker takes them, so it only waits for operations in progress);
//! after the fork, parent and child each release them. The child thus
//! starts with every lock free and with the parent's live blocks as they
//! were at the fork: it allocates, frees and exports like any process, and
//! what the parent does afterwards is not in it.
//!
//! Only the global tracker is covered: no other tracker is reached from the
//! allocator.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::global_tracker;
use crate::reentrancy::InsideTracker;
use crate::tracker::ForkLocks;

/// Whether the handlers are registered (or being registered).
static REGISTERED: AtomicBool = AtomicBool::new(false);

/// The locks held from the prepare handler until the parent or child
/// handler.
struct Held(UnsafeCell<Option<(ForkLocks<'static>, InsideTracker)>>);

// SAFETY: the cell is written by `prepare` only after it holds the global
// tracker's snapshot lock, and emptied by `after_fork` before that lock is
// released, both on the forking thread (the child's one thread is a copy
// of it): no two threads ever reach it at once.
unsafe impl Sync for Held {}

static HELD: Held = Held(UnsafeCell::new(None));

/// Registers the fork handlers, once per process. Cheap after the first
/// call: one relaxed load.
#[inline]
pub(crate) fn register_handlers() {
    if REGISTERED.load(Ordering::Relaxed) || REGISTERED.swap(true, Ordering::AcqRel) {
        return;
    }
    // SAFETY: the three handlers are `extern "C"` functions that never
    // unwind (they only lock, store, take and unlock) and live for the
    // whole process, as `pthread_atfork` requires. Registration may
    // allocate; that re-enters the allocator, which finds `REGISTERED` set.
    let result = unsafe { libc::pthread_atfork(Some(prepare), Some(in_parent), Some(in_child)) };
    // On failure (ENOMEM) forks are no safer than without handlers, and
    // nothing else changes: there is nobody to tell from an allocator.
    let _ = result;
}

extern "C" fn prepare() {
    // Allocations by this thread between here and the fork (other
    // handlers', the fork's own) must not try to lock a held shard.
    let inside = InsideTracker::enter();
    let locks = global_tracker().lock_for_fork();
    // SAFETY: see `Held`: this thread now holds the snapshot lock.
    unsafe { *HELD.0.get() = Some((locks, inside)) };
}

extern "C" fn in_parent() {
    after_fork();
}

extern "C" fn in_child() {
    after_fork();
}

/// Releases what `prepare` took: the locks, then the inside flag.
fn after_fork() {
    // SAFETY: see `Held`: this thread holds the snapshot lock until the
    // guards taken here are dropped.
    let held = unsafe { (*HELD.0.get()).take() };
    drop(held);
}
