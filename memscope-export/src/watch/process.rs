//! The process-wide state of this module (whether a watcher runs, the
//! signal handler it installed, the self-pipe, the snapshot at exit), one
//! small lock around it, and the `pthread_atfork` handlers that hand a
//! forked child that state reset.
//!
//! # The lock
//!
//! A spin lock, not a `Mutex`, for two reasons. A fork's prepare handler
//! takes it and the child handler releases it in the child, on the same
//! thread but with no guard to hand over. And whoever holds it does a few
//! steps and system calls (`sigaction`, `pipe2`, `close`, `atexit`),
//! never allocates or frees through the global allocator, never waits for
//! another thread: so no waiter spins for long, and holding it never
//! waits for the tracker (the allocator's locks), whatever the order of
//! the fork handlers.
//!
//! # fork()
//!
//! Before a fork the forking thread takes the lock (waiting for any start,
//! stop or registration in progress to finish), so the child's copy of
//! the state is whole, and then waits for a snapshot the watcher is
//! writing ([`exporting`]): an export holds locks of the C library (the
//! loader's, which `dl_iterate_phdr` takes to list the modules) that a
//! child would inherit held, with no thread to release them, and its own
//! exports would wait for them forever.
//!
//! In the parent both are released after the fork. In the child, where no
//! watcher thread exists: no watcher runs (a new one may start), the
//! signal's previous disposition is back and the child's copies of the
//! self-pipe are closed (a signal to the child is not the parent's), and
//! the parent's snapshot at exit is forgotten (the child's exit does not
//! overwrite the parent's file; it may ask for its own).
//!
//! Waiting for an export relies on one order: this module's prepare
//! handler runs before the tracker's (which takes every shard lock an
//! export needs). Prepare handlers run in the reverse order of their
//! registration, and the tracking allocator registers its own at the
//! first allocation it sees, long before a watcher starts; registering
//! here allocates first, so that even a tracker whose registration failed
//! once (and is retried at the next allocation) is registered before this
//! module.

#![allow(unsafe_code)]

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use crate::error::WatchError;
use crate::watch::exit::ExitTarget;
use crate::watch::signal::{self, Installed, Pipe};

/// What the lock protects.
pub(super) struct ProcessState {
    /// Whether a watcher has been started (and not stopped) in this
    /// process.
    pub(super) watching: bool,
    /// The signal handler the running watcher installed, with what it
    /// replaced.
    pub(super) signal: Option<Installed>,
    /// The self-pipe: made the first time a watcher asks for a signal,
    /// and never closed in this process (see `signal.rs`).
    pub(super) pipe: Option<Pipe>,
    /// The file to write at exit.
    pub(super) exit: Option<ExitTarget>,
    /// Whether the `atexit` handler is registered (once a process).
    pub(super) exit_registered: bool,
}

/// The state behind the spin lock.
struct Locked {
    held: AtomicBool,
    state: UnsafeCell<ProcessState>,
}

// SAFETY: `state` is reached only through a `Guard`, which exists only
// while `held` is true and was set by its creator with an acquiring
// compare-exchange (released with a releasing store when it is dropped),
// or by the fork handlers, which run between `prepare` taking `held` and
// `after_fork_*` releasing it: one thread at a time, each seeing the
// last one's writes. Tested by `the_lock_lets_one_thread_in_at_a_time`.
unsafe impl Sync for Locked {}

static STATE: Locked = Locked {
    held: AtomicBool::new(false),
    state: UnsafeCell::new(ProcessState {
        watching: false,
        signal: None,
        pipe: None,
        exit: None,
        exit_registered: false,
    }),
};

/// The state, locked until this is dropped.
pub(super) struct Guard {
    // Not constructible elsewhere.
    _private: (),
}

impl Deref for Guard {
    type Target = ProcessState;

    fn deref(&self) -> &ProcessState {
        // SAFETY: see `Locked`: this guard holds the lock.
        unsafe { &*STATE.state.get() }
    }
}

impl DerefMut for Guard {
    fn deref_mut(&mut self) -> &mut ProcessState {
        // SAFETY: see `Locked`: this guard holds the lock, and `&mut self`
        // makes this the only reference through it.
        unsafe { &mut *STATE.state.get() }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        STATE.held.store(false, Ordering::Release);
    }
}

/// Takes the lock, spinning (and yielding the processor) while another
/// thread holds it for its few steps.
fn acquire() {
    while STATE
        .held
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::thread::yield_now();
    }
}

/// The process-wide state, locked. Registers the fork handlers first, once
/// a process, so that no fork copies the state half-changed or the lock
/// held. Fails only if they cannot be registered.
pub(super) fn lock() -> Result<Guard, WatchError> {
    register_fork_handlers()?;
    acquire();
    Ok(Guard { _private: () })
}

/// The fork handlers are not registered.
const UNREGISTERED: u32 = 0;
/// They are: every fork from now on runs them. (Any other value is the
/// id of the process in which a thread is registering them.)
const REGISTERED: u32 = u32::MAX;

static FORK_HANDLERS: AtomicU32 = AtomicU32::new(UNREGISTERED);

/// Registers the fork handlers once a process. A caller that finds
/// another thread of this process registering them waits for it (a
/// `pthread_atfork` call, which waits for nothing but a fork in
/// progress). A process forked while its parent was registering them
/// cannot know whether it has them, and refuses, rather than risk a
/// second registration (each fork would then take the lock twice).
fn register_fork_handlers() -> Result<(), WatchError> {
    if FORK_HANDLERS.load(Ordering::Acquire) == REGISTERED {
        return Ok(());
    }
    // An allocation, so that the tracking allocator's handlers are in
    // before these (see the module's docs).
    drop(std::hint::black_box(Box::new(0u8)));
    let me = std::process::id();
    loop {
        match FORK_HANDLERS.compare_exchange(UNREGISTERED, me, Ordering::Acquire, Ordering::Acquire)
        {
            Ok(_) => {
                // SAFETY: the three handlers are `extern "C"` functions
                // that never unwind (they spin on an atomic, make
                // async-signal-safe system calls and store) and live for
                // the whole process, as `pthread_atfork` requires. Tested
                // by the fork test of tests/watch.rs.
                let code = unsafe {
                    libc::pthread_atfork(
                        Some(prepare),
                        Some(after_fork_in_parent),
                        Some(after_fork_in_child),
                    )
                };
                let state = if code == 0 { REGISTERED } else { UNREGISTERED };
                FORK_HANDLERS.store(state, Ordering::Release);
                if code != 0 {
                    return Err(WatchError::Register {
                        handler: "pthread_atfork",
                        reason: std::io::Error::from_raw_os_error(code).to_string(),
                    });
                }
                return Ok(());
            }
            Err(REGISTERED) => return Ok(()),
            Err(registering) if registering == me => std::thread::yield_now(),
            Err(_) => {
                return Err(WatchError::Register {
                    handler: "pthread_atfork",
                    reason: "this process was forked while its parent registered it, so it \
                             cannot know whether it has it"
                        .to_string(),
                });
            }
        }
    }
}

/// Held by whoever exports (the watcher thread, the exit handler) for the
/// whole export, and by a fork from its prepare handler until it is done:
/// no fork copies a process in the middle of one of this module's
/// exports.
static EXPORTING: AtomicBool = AtomicBool::new(false);

/// An export of this module under way: no fork until this is dropped.
#[must_use = "a fork may come as soon as this is dropped"]
pub(super) struct Exporting {
    _private: (),
}

impl Drop for Exporting {
    fn drop(&mut self) {
        EXPORTING.store(false, Ordering::Release);
    }
}

/// Waits for a fork in progress (a few microseconds) or another export of
/// this module, then holds off forks until the result is dropped.
pub(super) fn exporting() -> Exporting {
    while !try_take_exporting() {
        std::thread::yield_now();
    }
    Exporting { _private: () }
}

fn try_take_exporting() -> bool {
    EXPORTING
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_ok()
}

extern "C" fn prepare() {
    acquire();
    // An export may take a while (hundreds of milliseconds the first time
    // a process resolves names): sleep between looks rather than spin.
    while !try_take_exporting() {
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
}

extern "C" fn after_fork_in_parent() {
    EXPORTING.store(false, Ordering::Release);
    STATE.held.store(false, Ordering::Release);
}

extern "C" fn after_fork_in_child() {
    // SAFETY: see `Locked`: `prepare` took the lock on this thread, the
    // only one of the child.
    let state = unsafe { &mut *STATE.state.get() };
    state.watching = false;
    if let Some(installed) = state.signal.take() {
        signal::restore(installed);
    }
    if let Some(pipe) = state.pipe.take() {
        pipe.close_in_child();
    }
    // The parent's: forgotten, not freed (no allocator call in a fork
    // handler).
    std::mem::forget(state.exit.take());
    EXPORTING.store(false, Ordering::Release);
    STATE.held.store(false, Ordering::Release);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_lets_one_thread_in_at_a_time() {
        // Through `exit_registered`, which no test of this binary sets
        // otherwise: each thread flips it and checks nobody else did
        // meanwhile.
        let entered = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..2_000 {
                        let mut state = lock().unwrap();
                        assert_eq!(entered.fetch_add(1, Ordering::Relaxed), 0);
                        let before = state.exit_registered;
                        state.exit_registered = !before;
                        std::hint::spin_loop();
                        assert_eq!(state.exit_registered, !before);
                        state.exit_registered = before;
                        entered.fetch_sub(1, Ordering::Relaxed);
                    }
                });
            }
        });
        assert_eq!(FORK_HANDLERS.load(Ordering::Relaxed), REGISTERED);
    }
}
