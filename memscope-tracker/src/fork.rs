//! `fork()` while other threads allocate: the child must not inherit a
//! shard lock held by a thread that does not exist in it.
//!
//! The first time the [`TrackingAllocator`](crate::TrackingAllocator)
//! allocates, it registers `pthread_atfork` handlers, as jemalloc does for
//! its own locks. Until they are in (another thread is registering them,
//! or registering failed and will be tried again), the allocator records
//! nothing and takes no tracker lock, so that no fork copies a lock held
//! without them: a child forked in that window, at the very start of the
//! process, simply tracks nothing. Before the fork, the forking thread takes the
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
use std::sync::atomic::{AtomicU8, Ordering};

use crate::global_tracker;
use crate::reentrancy::InsideTracker;
use crate::tracker::ForkLocks;

/// Where the registration of this process's handlers is.
static REGISTRATION: Registration = Registration::new();

/// No handlers, and nobody installing them.
const UNREGISTERED: u8 = 0;
/// One thread is installing them: not in yet.
const REGISTERING: u8 = 1;
/// In: every fork from now on runs them.
const REGISTERED: u8 = 2;

/// The registration of the fork handlers, once per process, in three
/// states: unregistered, registering (one thread is in `pthread_atfork`)
/// and registered (it has returned). Only the thread that moved it to
/// registering installs, and only once the installation has returned does
/// anyone see it registered.
pub(crate) struct Registration {
    state: AtomicU8,
}

impl Registration {
    pub(crate) const fn new() -> Self {
        Registration {
            state: AtomicU8::new(UNREGISTERED),
        }
    }

    /// Whether the handlers are in, installing them with `install` (which
    /// says whether it succeeded) if nobody has. False while another
    /// thread installs them (never waited for: the installing thread may
    /// need this caller's progress) and after a failed installation, which
    /// the next call tries again.
    #[inline]
    pub(crate) fn ensure(&self, install: impl FnOnce() -> bool) -> bool {
        match self.state.load(Ordering::Acquire) {
            REGISTERED => true,
            REGISTERING => false,
            _ => self.install(install),
        }
    }

    #[cold]
    fn install(&self, install: impl FnOnce() -> bool) -> bool {
        if self
            .state
            .compare_exchange(
                UNREGISTERED,
                REGISTERING,
                Ordering::Acquire,
                Ordering::Acquire,
            )
            .is_err()
        {
            // Another thread got there first; it may even be done.
            return self.is_registered();
        }
        let installed = install();
        // Release: whoever sees "registered" sees the handlers in.
        let state = if installed { REGISTERED } else { UNREGISTERED };
        self.state.store(state, Ordering::Release);
        installed
    }

    /// Whether the handlers are in.
    #[inline]
    pub(crate) fn is_registered(&self) -> bool {
        self.state.load(Ordering::Acquire) == REGISTERED
    }
}

/// The locks held from the prepare handler until the parent or child
/// handler.
struct Held(UnsafeCell<Option<(ForkLocks<'static>, InsideTracker)>>);

// SAFETY: the cell is written by `prepare` only after it holds the global
// tracker's snapshot lock, and emptied by `after_fork` before that lock is
// released, both on the forking thread (the child's one thread is a copy
// of it): no two threads ever reach it at once.
unsafe impl Sync for Held {}

static HELD: Held = Held(UnsafeCell::new(None));

/// Registers the fork handlers, once per process, and says whether they
/// are in; cheap once they are: one load. The allocator records nothing
/// (and so takes no tracker lock) until they are in, so that no fork can
/// copy a lock held without them.
#[inline]
pub(crate) fn register_handlers() -> bool {
    REGISTRATION.ensure(|| {
        // SAFETY: the three handlers are `extern "C"` functions that never
        // unwind (they only lock, store, take and unlock) and live for the
        // whole process, as `pthread_atfork` requires. Should registration
        // allocate through the tracking allocator, that call finds the
        // registration under way and records nothing.
        let result =
            unsafe { libc::pthread_atfork(Some(prepare), Some(in_parent), Some(in_child)) };
        // On failure (ENOMEM) the next allocation tries again; meanwhile
        // nothing is recorded.
        result == 0
    })
}

/// Whether the fork handlers are in: until then the allocator leaves the
/// tracker alone (frees and reallocations included), so that no fork can
/// copy a tracker lock held without them. One load.
#[inline]
pub(crate) fn handlers_in() -> bool {
    REGISTRATION.is_registered()
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    #[test]
    fn no_caller_is_told_the_handlers_are_in_while_they_are_being_installed() {
        let registration = Registration::new();
        let first = registration.ensure(|| {
            // Another caller meanwhile: here the same thread, as an
            // allocation the registration makes would be.
            let nested = registration.ensure(|| panic!("installed twice"));
            assert!(!nested, "told the handlers are in before they are");
            assert!(!registration.is_registered());
            true
        });
        assert!(first);
        assert!(registration.is_registered());
        assert!(registration.ensure(|| panic!("installed twice")));
    }

    #[test]
    fn a_failed_installation_is_tried_again_by_the_next_caller() {
        let registration = Registration::new();
        assert!(!registration.ensure(|| false));
        assert!(!registration.is_registered());
        assert!(registration.ensure(|| true));
        assert!(registration.ensure(|| panic!("installed twice")));
    }

    #[test]
    fn of_many_threads_one_installs_and_none_is_told_in_before_it_returns() {
        use std::sync::atomic::AtomicUsize;
        let registration = Registration::new();
        let installs = AtomicUsize::new(0);
        let installed = AtomicBool::new(false);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..1_000 {
                        let told_in = registration.ensure(|| {
                            installs.fetch_add(1, Ordering::Relaxed);
                            std::thread::yield_now();
                            installed.store(true, Ordering::Relaxed);
                            true
                        });
                        // Ordered by the registration's release and acquire.
                        if told_in {
                            assert!(installed.load(Ordering::Relaxed));
                        }
                    }
                });
            }
        });
        assert_eq!(installs.load(Ordering::Relaxed), 1);
        assert!(registration.is_registered());
    }
}
