//! [`TrackingAllocator`]: the system allocator, or the one the program
//! already uses, with every block recorded in the global tracker.

use std::alloc::{GlobalAlloc, Layout, System};

use crate::global_tracker;
use crate::tracker::PendingRealloc;

/// A global allocator that allocates with [`System`], or with the
/// allocator it wraps, and records every block in the [`global_tracker()`].
///
/// ```standalone_crate
/// use memscope_tracker::{TrackingAllocator, global_tracker, track_var};
///
/// #[global_allocator]
/// static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();
///
/// fn main() {
///     let squares: Vec<u64> = (0..1000).map(|i| i * i).collect();
///     assert!(track_var!(squares).is_named());
///     let stats = global_tracker().stats();
///     assert!(stats.active_memory >= 8000);
///     # let named = global_tracker().with_live_allocations(|_, mut live| {
///     #     live.any(|a| a.ptr == squares.as_ptr() as usize && a.var_name.as_deref() == Some("squares"))
///     # });
///     # assert!(named);
/// }
/// ```
///
/// # Over the allocator your program already uses
///
/// [`wrap`](Self::wrap) puts the tracker in front of any [`GlobalAlloc`],
/// in a `static`, with every option of the `System` form:
///
/// ```standalone_crate
/// use std::alloc::{GlobalAlloc, Layout, System};
/// use memscope_tracker::{TrackingAllocator, global_tracker};
///
/// /// Stands for `mimalloc::MiMalloc` or `tikv_jemallocator::Jemalloc`.
/// struct ProgramAllocator;
///
/// unsafe impl GlobalAlloc for ProgramAllocator {
///     unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
///         unsafe { System.alloc(layout) }
///     }
///     unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
///         unsafe { System.dealloc(ptr, layout) }
///     }
/// }
///
/// #[global_allocator]
/// static ALLOCATOR: TrackingAllocator<ProgramAllocator> =
///     TrackingAllocator::wrap(ProgramAllocator).call_stacks();
///
/// fn main() {
///     let kept = vec![7u8; 4096];
///     assert!(global_tracker().stats().active_memory >= 4096);
///     # drop(kept);
/// }
/// ```
///
/// The wrapped allocator receives exactly the program's calls, each once,
/// with the same arguments, and its results are returned unchanged
/// (`realloc` and `alloc_zeroed` included, so its own fast paths stay).
/// The tracker's own memory (record tables, call stacks, snapshot copies)
/// comes from [`System`] directly, never from the wrapped allocator, so
/// that allocator's heap and statistics are the program's alone; only the
/// text of [`track_var!`](crate::track_var)'s names is allocated through
/// the global allocator.
///
/// # Guarantees
///
/// - Allocation never fails or changes because of tracking: the block is
///   what the inner allocator returned, null included, and a failed
///   allocation records nothing.
/// - No recursion: the tracker's own allocations bypass the global
///   allocator, and what the tracker allocates through it (a name's text)
///   passes unrecorded, so the allocator never waits for a lock its own
///   thread holds. An exporter's closure in
///   [`with_live_allocations`](crate::MemoryTracker::with_live_allocations)
///   runs with no tracker lock held: what it allocates and frees is
///   recorded as usual, after the snapshot it reads.
/// - Usable at any time: before `main`, in thread-local destructors, during
///   thread teardown. Its state is constant-initialised statics and
///   thread-locals without destructors.
/// - A freed block is forgotten *before* the inner allocator gets it back,
///   and a reallocated block before it moves it, so another thread that is
///   handed the same address cannot have its record removed by mistake.
///
/// - `fork()` is safe while other threads allocate: the child starts with
///   every tracker lock free and the parent's live blocks as they were (on
///   Unix, through `pthread_atfork` handlers registered on the first
///   allocation; nothing is recorded until they are in).
///
/// Costs: each call takes one shard lock for a few constant-time steps on
/// that shard's table (see [`MemoryTracker`](crate::MemoryTracker)), and at
/// most waits for one shard's copy while a snapshot is taken. Recording
/// needs 36 to 42 bytes of tracker memory per live block; if even that
/// cannot be had, the process aborts like any other out-of-memory
/// condition. Under sampled tracking ([`sampled`](Self::sampled)) only the
/// samples take a lock and memory (plus 8 bytes each for their mean); any
/// other call costs a thread-local countdown, and a free one load from a
/// table of counters.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrackingAllocator<A = System> {
    /// The allocator every call goes to.
    inner: A,
    /// Frames of call stack to record per allocation; 0 for none.
    stack_depth: usize,
    /// The mean gap in bytes between samples; 0 to record every block.
    sample_mean: u64,
}

impl TrackingAllocator<System> {
    /// The allocator, for a `#[global_allocator]` static. It records no
    /// call stacks.
    pub const fn new() -> Self {
        TrackingAllocator::wrap(System)
    }

    /// The allocator, recording where each block was allocated: up to
    /// [`DEFAULT_STACK_DEPTH`](crate::DEFAULT_STACK_DEPTH) (32) return
    /// addresses, walked through frame pointers, and stored once per
    /// distinct stack. Exports then say which code holds the memory.
    ///
    /// ```
    /// use memscope_tracker::TrackingAllocator;
    ///
    /// #[global_allocator]
    /// static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();
    /// # fn main() {}
    /// ```
    ///
    /// Stacks are walked on Linux on x86_64 and aarch64; elsewhere none
    /// are recorded. The walk follows frame pointers: build with
    /// `-C force-frame-pointers=yes` (in `.cargo/config.toml`, under
    /// `[build] rustflags`). Without them stacks are short or partly
    /// wrong, never a crash: the walk reads only this thread's stack.
    pub const fn with_call_stacks() -> Self {
        TrackingAllocator::wrap(System).call_stacks()
    }

    /// The allocator for production: it records a sample of the blocks,
    /// with their call stacks, about one per `mean_bytes` allocated (0
    /// means [`DEFAULT_SAMPLE_MEAN`](crate::DEFAULT_SAMPLE_MEAN), 512 KiB),
    /// and every output estimates the whole from them.
    ///
    /// ```
    /// use memscope_tracker::{DEFAULT_SAMPLE_MEAN, TrackingAllocator};
    ///
    /// #[global_allocator]
    /// static ALLOCATOR: TrackingAllocator = TrackingAllocator::sampled(DEFAULT_SAMPLE_MEAN);
    /// # fn main() {}
    /// ```
    ///
    /// A block of `size` bytes is recorded with probability
    /// `1 - e^(-size/mean)` (see [`sample_weight`](crate::sample_weight)),
    /// so large blocks are nearly always seen and the estimate of a call
    /// site holding `B` bytes is within about `sqrt(mean/B)` of the truth.
    /// An allocation that is not sampled costs a subtraction; a free of a
    /// block that was not, one load from a table of counters (see
    /// [`set_sample_mean`](crate::set_sample_mean) to change the mean at
    /// run time).
    pub const fn sampled(mean_bytes: u64) -> Self {
        TrackingAllocator::wrap(System).sampling(mean_bytes)
    }
}

impl<A> TrackingAllocator<A> {
    /// The tracker in front of `inner`, the allocator the program already
    /// uses: every call goes to `inner`, and every block it hands out is
    /// recorded. No call stacks until [`call_stacks`](Self::call_stacks)
    /// or [`stack_depth`](Self::stack_depth).
    ///
    /// ```ignore
    /// #[global_allocator]
    /// static ALLOCATOR: TrackingAllocator<mimalloc::MiMalloc> =
    ///     TrackingAllocator::wrap(mimalloc::MiMalloc).call_stacks();
    /// ```
    pub const fn wrap(inner: A) -> Self {
        TrackingAllocator {
            inner,
            stack_depth: 0,
            sample_mean: 0,
        }
    }

    /// The same allocator, recording a sample of the blocks as
    /// [`TrackingAllocator::sampled`] does, with call stacks (of the
    /// default depth unless [`stack_depth`](Self::stack_depth) set one).
    pub const fn sampling(mut self, mean_bytes: u64) -> Self {
        self.sample_mean = if mean_bytes == 0 {
            crate::DEFAULT_SAMPLE_MEAN
        } else if mean_bytes < crate::sampling::MIN_SAMPLE_MEAN {
            crate::sampling::MIN_SAMPLE_MEAN
        } else {
            mean_bytes
        };
        if self.stack_depth == 0 {
            self.stack_depth = crate::capture::DEFAULT_DEPTH;
        }
        self
    }

    /// The same allocator, recording call stacks as
    /// [`TrackingAllocator::with_call_stacks`] does.
    pub const fn call_stacks(self) -> Self {
        self.stack_depth(crate::capture::DEFAULT_DEPTH)
    }

    /// The same allocator, keeping at most `depth` frames per stack
    /// (capped at [`MAX_STACK_DEPTH`](crate::MAX_STACK_DEPTH); 0 turns
    /// stacks off).
    pub const fn stack_depth(mut self, depth: usize) -> Self {
        self.stack_depth = if depth > crate::capture::MAX_DEPTH {
            crate::capture::MAX_DEPTH
        } else {
            depth
        };
        self
    }

    /// The allocator every call goes to.
    pub const fn inner(&self) -> &A {
        &self.inner
    }

    /// Records a new block, with its stack when stacks are on.
    #[inline(always)]
    fn record(&self, ptr: *mut u8, size: usize) {
        #[cfg(unix)]
        if !crate::fork::register_handlers() {
            return;
        }
        #[cfg(not(unix))]
        if !SERVED.load(std::sync::atomic::Ordering::Relaxed) {
            SERVED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if self.sample_mean != 0 {
            match crate::sampling::take(size, self.sample_mean) {
                Some(mean) => global_tracker().record_alloc_captured(
                    ptr as usize,
                    size,
                    self.stack_depth,
                    Some(mean),
                ),
                // The tracker notes the samples' own; a block not sampled
                // still ends a sampled one's chance to be temporary.
                None => crate::reentrancy::note_allocation(ptr as usize),
            }
            return;
        }
        if self.stack_depth == 0 {
            global_tracker().record_alloc(ptr as usize, size);
        } else {
            global_tracker().record_alloc_captured(ptr as usize, size, self.stack_depth, None);
        }
    }
}

/// Whether a tracking allocator has served a call in this process (on
/// Unix: its fork handlers are in, which its first call does): what tells
/// a measurement that saw nothing from one that could not see.
pub(crate) fn has_served() -> bool {
    #[cfg(unix)]
    {
        tracking_on()
    }
    #[cfg(not(unix))]
    {
        SERVED.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Off Unix (no fork handlers to tell it): whether a tracking allocator
/// has recorded anything.
#[cfg(not(unix))]
static SERVED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether frees and reallocations may go to the tracker: on Unix, once the
/// fork handlers are in (see `fork.rs`).
#[inline(always)]
fn tracking_on() -> bool {
    #[cfg(unix)]
    {
        crate::fork::handlers_in()
    }
    #[cfg(not(unix))]
    {
        true
    }
}

// SAFETY: every method passes its arguments unchanged to the same method of
// `A`, which upholds `GlobalAlloc`'s contract, and returns exactly what `A`
// returned. The recording around those calls reads only addresses
// and sizes, never the memory behind them, and cannot unwind: the tracker
// does not panic (poisoned locks are recovered, arithmetic saturates).
unsafe impl<A: GlobalAlloc> GlobalAlloc for TrackingAllocator<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller upholds `alloc`'s contract, which is `A`'s.
        let ptr = unsafe { self.inner.alloc(layout) };
        if !ptr.is_null() {
            crate::measure::on_alloc(ptr as usize, layout.size());
            self.record(ptr, layout.size());
        }
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller upholds `alloc_zeroed`'s contract, which is
        // `A`'s.
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        if !ptr.is_null() {
            crate::measure::on_alloc(ptr as usize, layout.size());
            self.record(ptr, layout.size());
        }
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        crate::measure::on_free(ptr as usize, layout.size());
        // Forget the block first: once `A` has it back, its address
        // may be handed to another thread, which will record it.
        // Under sampling, a block no slot counts was not sampled: nothing
        // to forget, and no lock to take.
        if tracking_on()
            && (self.sample_mean == 0 || crate::sampled_slots::may_be_sampled(ptr as usize))
        {
            global_tracker().record_dealloc(ptr as usize);
        }
        // SAFETY: our caller guarantees that `ptr` was allocated by this
        // allocator, hence by `A`, with `layout`.
        unsafe { self.inner.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: our caller's guarantees, passed on.
        let new_ptr = unsafe { self.realloc_recorded(ptr, layout, new_size) };
        if !new_ptr.is_null() {
            crate::measure::on_realloc(ptr as usize, layout.size(), new_ptr as usize, new_size);
        }
        new_ptr
    }
}

impl<A: GlobalAlloc> TrackingAllocator<A> {
    /// `realloc`, recorded in the tracker.
    ///
    /// # Safety
    ///
    /// `GlobalAlloc::realloc`'s contract.
    #[inline]
    unsafe fn realloc_recorded(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !tracking_on() {
            // SAFETY: our caller guarantees that `ptr` was allocated by this
            // allocator, hence by `A`, with `layout`, and that
            // `new_size` is valid for it.
            return unsafe { self.inner.realloc(ptr, layout, new_size) };
        }
        let tracker = global_tracker();
        if self.sample_mean != 0 {
            // SAFETY: as below, our caller's guarantees.
            return unsafe { self.sampled_realloc(ptr, layout, new_size) };
        }
        // As in `dealloc`: forget the old block before it can be freed.
        let pending = tracker.begin_realloc(ptr as usize);
        // SAFETY: our caller guarantees that `ptr` was allocated by this
        // allocator, hence by `A`, with `layout`, and that `new_size`
        // is valid for it.
        let new_ptr = unsafe { self.inner.realloc(ptr, layout, new_size) };
        if new_ptr.is_null() {
            // The old block is untouched and still the caller's.
            tracker.cancel_realloc(pending);
        } else {
            tracker.finish_realloc(pending, new_ptr as usize, new_size, self.stack_depth);
        }
        new_ptr
    }

    /// `realloc` under sampled tracking: the old block is forgotten if it
    /// was a sample, and the new one is sampled afresh, as an allocation
    /// of `new_size` bytes on this thread's line.
    ///
    /// # Safety
    ///
    /// `GlobalAlloc::realloc`'s contract.
    #[inline]
    unsafe fn sampled_realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let tracker = global_tracker();
        let pending = if crate::sampled_slots::may_be_sampled(ptr as usize) {
            tracker.begin_realloc(ptr as usize)
        } else {
            PendingRealloc::Unknown
        };
        // SAFETY: our caller guarantees that `ptr` was allocated by this
        // allocator, hence by `A`, with `layout`, and that `new_size` is
        // valid for it.
        let new_ptr = unsafe { self.inner.realloc(ptr, layout, new_size) };
        if new_ptr.is_null() {
            tracker.cancel_realloc(pending);
            return new_ptr;
        }
        let sampled = crate::sampling::take(new_size, self.sample_mean);
        if sampled.is_none() {
            crate::reentrancy::note_allocation(new_ptr as usize);
        }
        if sampled.is_some() || matches!(pending, PendingRealloc::Moving(_)) {
            tracker.finish_sampled_realloc(pending, new_ptr as usize, new_size, self.stack_depth, sampled);
        }
        new_ptr
    }
}
