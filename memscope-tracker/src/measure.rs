//! [`measure`]: what one closure did to the heap, on the calling thread
//! only, so that heap tests run in parallel under plain `cargo test`.
//!
//! # Design
//!
//! A measurement is a [`Scope`] on the measuring thread's stack, linked
//! from a thread-local pointer; the [`TrackingAllocator`] reports every
//! call it serves on that thread to each open scope (they nest). A scope
//! keeps its counters and the blocks allocated inside it that are still
//! live, by address, in the tracker's own memory (`System`, never the
//! global allocator: no recursion). Other threads never see the pointer,
//! so what they do is not counted and they pay nothing; a thread with no
//! scope open pays one thread-local load per call.
//!
//! What is counted is what the closure's thread asks of the allocator.
//! Threads the closure spawns are not (their calls are theirs), and a
//! block allocated in the closure and freed by another thread stays
//! counted as leaked: measure such work on the threads that do it.
//!
//! [`TrackingAllocator`]: crate::TrackingAllocator

use std::cell::Cell;
use std::fmt;
use std::ptr;

use crate::address_hash::AddressHash;
use crate::own_memory::{OwnMap, System};

/// What a closure did to the heap (see [`measure`]): every count is of
/// the calling thread's allocator calls while it ran.
///
/// `Debug` shows each count as a plain number.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HeapStats {
    /// Blocks allocated (a reallocation counts one, and one freed).
    pub allocations: u64,
    /// Their bytes.
    pub allocated_bytes: u64,
    /// Blocks freed, including blocks allocated before the closure.
    pub deallocations: u64,
    /// Their bytes.
    pub deallocated_bytes: u64,
    /// Reallocations (each also counted as an allocation and a free).
    pub reallocations: u64,
    /// The most bytes allocated inside the closure that were live at once:
    /// the heap it needed above what it started with.
    pub peak_bytes: u64,
    /// Blocks allocated inside the closure and still live when it
    /// returned.
    pub leaked_blocks: u64,
    /// Their bytes.
    pub leaked_bytes: u64,
    /// Whether the [`TrackingAllocator`](crate::TrackingAllocator) served
    /// the calls: `false` when it is not this binary's global allocator,
    /// and every count is then 0 for want of seeing anything.
    pub tracked: bool,
    /// The leaked blocks, address and size, by address: what a failed
    /// assertion writes out.
    leaked: Vec<(usize, usize)>,
}

impl HeapStats {
    /// The blocks allocated inside the closure and still live when it
    /// returned, as (address, size), by address.
    pub fn leaked(&self) -> &[(usize, usize)] {
        &self.leaked
    }
}

impl fmt::Debug for HeapStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeapStats")
            .field("allocations", &self.allocations)
            .field("allocated_bytes", &self.allocated_bytes)
            .field("deallocations", &self.deallocations)
            .field("deallocated_bytes", &self.deallocated_bytes)
            .field("reallocations", &self.reallocations)
            .field("peak_bytes", &self.peak_bytes)
            .field("leaked_blocks", &self.leaked_blocks)
            .field("leaked_bytes", &self.leaked_bytes)
            .field("tracked", &self.tracked)
            .finish()
    }
}

/// Runs `f` and returns its value with what it did to the heap, counted
/// on the calling thread only: tests that measure run in parallel
/// without disturbing each other. Needs the
/// [`TrackingAllocator`](crate::TrackingAllocator) as the global
/// allocator (lossless or sampled: every call is counted either way).
///
/// ```standalone_crate
/// use memscope_tracker::{TrackingAllocator, measure};
///
/// #[global_allocator]
/// static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();
///
/// fn main() {
///     let (kept, stats) = measure(|| {
///         let scratch = vec![0u8; 4096];
///         drop(scratch);
///         vec![1u64; 16]
///     });
///     assert_eq!((stats.allocations, stats.deallocations), (2, 1));
///     // The scratch was freed before the result was allocated.
///     assert_eq!(stats.peak_bytes, 4096);
///     assert_eq!((stats.leaked_blocks, stats.leaked_bytes), (1, 128));
///     assert!(stats.tracked);
///     # drop(kept);
/// }
/// ```
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, HeapStats) {
    let mut scope = Scope {
        counts: HeapStats::default(),
        live_bytes: 0,
        live: None,
        outer: ptr::null_mut(),
    };
    let value = {
        let _open = Open::link(&mut scope);
        f()
    };
    let mut stats = scope.counts;
    // The counters are the tracker's, written by the allocator; the list
    // of leaks is the caller's, made here, outside the scope.
    let mut leaked: Vec<(usize, usize)> = scope
        .live
        .as_ref()
        .map(|live| live.iter().map(|(&ptr, &size)| (ptr, size)).collect())
        .unwrap_or_default();
    leaked.sort_unstable();
    stats.leaked_blocks = leaked.len() as u64;
    stats.leaked_bytes = leaked.iter().map(|&(_, size)| size as u64).sum();
    stats.leaked = leaked;
    stats.tracked = crate::allocator::has_served();
    (value, stats)
}

/// One open measurement.
struct Scope {
    counts: HeapStats,
    /// Bytes of the blocks allocated inside and still live.
    live_bytes: u64,
    /// Those blocks, by address (made at the first allocation).
    live: Option<OwnMap<usize, usize, AddressHash>>,
    /// The scope this one is inside, or null.
    outer: *mut Scope,
}

thread_local! {
    /// The innermost open scope of this thread, or null. Const-initialised,
    /// no destructor: readable by the allocator at any time.
    static INNERMOST: Cell<*mut Scope> = const { Cell::new(ptr::null_mut()) };
}

/// Links a scope as the thread's innermost while it lives; unlinks that
/// scope when dropped, also when the closure panics, and also when it is
/// no longer the innermost (scopes of coroutines that yield in the middle
/// of a measurement end in any order).
struct Open(*mut Scope);

impl Open {
    fn link(scope: &mut Scope) -> Open {
        let this: *mut Scope = scope;
        INNERMOST.with(|innermost| {
            scope.outer = innermost.get();
            innermost.set(this);
        });
        Open(this)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        let this = self.0;
        let _ = INNERMOST.try_with(|innermost| {
            // SAFETY: every pointer in the chain is an open scope on this
            // thread's stack (each is unlinked here before its frame goes),
            // `this` among them; only this thread follows the chain.
            unsafe {
                let outer = (*this).outer;
                if innermost.get() == this {
                    innermost.set(outer);
                    return;
                }
                let mut scope = innermost.get();
                while !scope.is_null() {
                    if (*scope).outer == this {
                        (*scope).outer = outer;
                        return;
                    }
                    scope = (*scope).outer;
                }
            }
        });
    }
}

/// Calls `each` with every open scope of this thread, innermost first,
/// unless the call comes from inside the tracker (its own bookkeeping).
#[inline]
fn each_scope(mut each: impl FnMut(&mut Scope)) {
    let Ok(mut scope) = INNERMOST.try_with(Cell::get) else {
        return;
    };
    if scope.is_null() || crate::reentrancy::is_inside() {
        return;
    }
    while !scope.is_null() {
        // SAFETY: a non-null pointer in `INNERMOST`, or an `outer` link, is
        // an open scope on this thread's stack (`Open` unlinks it before
        // it goes), and only this thread follows it; the allocator calls
        // here never re-enter (the scope's map uses `System` directly), so
        // no other reference to the scope is live.
        let current = unsafe { &mut *scope };
        each(current);
        scope = current.outer;
    }
}

/// A block of `size` bytes was allocated at `ptr` on this thread.
#[inline]
pub(crate) fn on_alloc(ptr: usize, size: usize) {
    each_scope(|scope| scope.allocated(ptr, size));
}

/// The block at `ptr`, of `size` bytes, is being freed on this thread.
#[inline]
pub(crate) fn on_free(ptr: usize, size: usize) {
    each_scope(|scope| scope.freed(ptr, size));
}

/// The block at `old` (`old_size` bytes) became `new` (`new_size`).
#[inline]
pub(crate) fn on_realloc(old: usize, old_size: usize, new: usize, new_size: usize) {
    each_scope(|scope| {
        scope.freed(old, old_size);
        scope.allocated(new, new_size);
        scope.counts.reallocations += 1;
    });
}

impl Scope {
    fn allocated(&mut self, ptr: usize, size: usize) {
        let counts = &mut self.counts;
        counts.allocations += 1;
        counts.allocated_bytes = counts.allocated_bytes.saturating_add(size as u64);
        let live = self
            .live
            .get_or_insert_with(|| OwnMap::with_hasher_in(AddressHash, System));
        if let Some(stale) = live.insert(ptr, size) {
            // Freed unseen (by another thread): no longer live here.
            self.live_bytes = self.live_bytes.saturating_sub(stale as u64);
        }
        self.live_bytes = self.live_bytes.saturating_add(size as u64);
        counts.peak_bytes = counts.peak_bytes.max(self.live_bytes);
    }

    fn freed(&mut self, ptr: usize, size: usize) {
        let counts = &mut self.counts;
        counts.deallocations += 1;
        counts.deallocated_bytes = counts.deallocated_bytes.saturating_add(size as u64);
        if let Some(size) = self.live.as_mut().and_then(|live| live.remove(&ptr)) {
            self.live_bytes = self.live_bytes.saturating_sub(size as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_counts_what_it_is_told_and_keeps_what_is_still_live() {
        let ((), stats) = measure(|| {
            on_alloc(0x1000, 100);
            on_alloc(0x2000, 50);
            on_free(0x1000, 100);
            on_realloc(0x2000, 50, 0x3000, 80);
            on_free(0x9000, 10); // allocated before: freed, never live here
        });
        assert_eq!((stats.allocations, stats.allocated_bytes), (3, 230));
        assert_eq!((stats.deallocations, stats.deallocated_bytes), (3, 160));
        assert_eq!(stats.reallocations, 1);
        assert_eq!(stats.peak_bytes, 150);
        assert_eq!(stats.leaked(), [(0x3000, 80)]);
        assert_eq!((stats.leaked_blocks, stats.leaked_bytes), (1, 80));
    }

    #[test]
    fn scopes_nest_and_a_panic_closes_its_scope() {
        let ((), outer) = measure(|| {
            on_alloc(0x1000, 10);
            let ((), inner) = measure(|| on_alloc(0x2000, 20));
            assert_eq!(inner.allocations, 1);
            let panicked = std::panic::catch_unwind(|| {
                measure(|| {
                    on_alloc(0x3000, 30);
                    panic!("in the closure");
                })
            });
            assert!(panicked.is_err());
        });
        // The panicking scope was unlinked: its allocation reached the
        // outer scope too, and nothing after it went to a dead scope.
        assert_eq!(outer.allocations, 3);
        assert_eq!(outer.allocated_bytes, 60);
        assert!(INNERMOST.with(Cell::get).is_null());
    }

    #[test]
    fn a_scope_that_ends_before_an_inner_one_is_unlinked_and_only_it() {
        // As coroutines that yield inside their measurements could end
        // them: outer's guard dropped while inner's scope is innermost.
        let mut outer = Scope {
            counts: HeapStats::default(),
            live_bytes: 0,
            live: None,
            outer: ptr::null_mut(),
        };
        let mut inner = Scope {
            counts: HeapStats::default(),
            live_bytes: 0,
            live: None,
            outer: ptr::null_mut(),
        };
        let outer_open = Open::link(&mut outer);
        let inner_open = Open::link(&mut inner);
        drop(outer_open);
        on_alloc(0x1000, 10);
        drop(inner_open);
        assert!(INNERMOST.with(Cell::get).is_null());
        assert_eq!((inner.counts.allocations, outer.counts.allocations), (1, 0));
    }

    #[test]
    fn debug_shows_plain_numbers() {
        let stats = HeapStats {
            allocations: 3,
            ..HeapStats::default()
        };
        let text = format!("{stats:?}");
        assert!(text.starts_with("HeapStats { allocations: 3, allocated_bytes: 0,"), "{text}");
    }
}
