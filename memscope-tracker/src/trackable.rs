//! [`Trackable`]: values whose heap block a tracker can name,
//! [`HeapBlock`]: where that block starts, and [`TrackOutcome`]: what
//! naming it did.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::{Arc, Mutex, RwLock, TryLockError};

/// A value that owns a heap block, which
/// [`MemoryTracker::track_var`](crate::MemoryTracker::track_var) can find
/// and name.
///
/// Which block a value names:
///
/// | value | the block named |
/// |---|---|
/// | `Vec<T>`, `String`, `VecDeque<T>` | the buffer holding the elements |
/// | `HashMap<K, V>`, `HashSet<T>` | the table holding every entry (one block); needs at least one entry |
/// | `BTreeMap<K, V>`, `BTreeSet<T>` | the node holding the first entry: the whole map up to 11 entries, one node of several beyond |
/// | `Mutex<T>`, `RwLock<T>`, `RefCell<T>`, `Cell<T>` | the block of the value inside (not found while a lock is held or a `RefCell` mutably borrowed) |
/// | `Box<T>`, `Rc<T>`, `Arc<T>` | the pointer's own block, which holds the value (for `Rc` and `Arc`, after the counts) |
///
/// So `track_var!(cache)` of an `Arc<Mutex<HashMap<..>>>` names the `Arc`'s
/// small block, and `track_var!(*cache)` the map's table, where its
/// entries are.
///
/// ```
/// use memscope_tracker::{HeapBlock, Trackable};
///
/// let v = vec![1u32, 2, 3];
/// assert_eq!(v.heap_block(), Some(HeapBlock::at(v.as_ptr() as usize)));
/// assert_eq!(Vec::<u32>::new().heap_block(), None); // nothing allocated yet
/// ```
pub trait Trackable {
    /// Where the heap block holding the value's data starts, or `None`
    /// when there is no such block (an empty `Vec`, a zero-sized type).
    fn heap_block(&self) -> Option<HeapBlock>;
}

/// Where a value's heap block starts: exactly at one address, or at one of
/// a few addresses before a known address inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapBlock {
    /// An address inside the block.
    inside: usize,
    /// The latest possible start (at most `inside`).
    latest: usize,
    /// The distance between possible starts, going down from `latest`.
    stride: usize,
    /// How many possible starts there are.
    count: usize,
}

impl HeapBlock {
    /// A block that starts exactly at `start`.
    pub const fn at(start: usize) -> Self {
        HeapBlock {
            inside: start,
            latest: start,
            stride: 1,
            count: 1,
        }
    }

    /// A block containing `inside` that starts at `inside - k * stride`
    /// for one `k` in `0..count`.
    pub const fn before(inside: usize, stride: usize, count: usize) -> Self {
        HeapBlock {
            inside,
            latest: inside,
            stride: if stride == 0 { 1 } else { stride },
            count: if count == 0 { 1 } else { count },
        }
    }

    /// A block containing `inside` that starts at most `max_distance`
    /// bytes below it, at a multiple of `align` (a power of two that the
    /// block's start is known to be aligned to): the possible starts are
    /// every multiple of `align` in that range, nearest first.
    ///
    /// ```
    /// use memscope_tracker::HeapBlock;
    ///
    /// let block = HeapBlock::aligned_below(0x1013, 16, 40);
    /// assert_eq!(block.candidate_starts().collect::<Vec<_>>(), [0x1010, 0x1000, 0xff0]);
    /// ```
    pub const fn aligned_below(inside: usize, align: usize, max_distance: usize) -> Self {
        let align = if align.is_power_of_two() { align } else { 1 };
        let latest = inside & !(align - 1);
        let lowest = inside.saturating_sub(max_distance);
        // Multiples of `align` in `lowest..=latest`.
        let count = if latest < lowest {
            1
        } else {
            (latest - lowest) / align + 1
        };
        HeapBlock {
            inside,
            latest,
            stride: align,
            count,
        }
    }

    /// An address inside the block.
    pub const fn inside(&self) -> usize {
        self.inside
    }

    /// The possible starts, latest first.
    pub fn candidate_starts(&self) -> impl Iterator<Item = usize> + use<> {
        let HeapBlock {
            latest,
            stride,
            count,
            ..
        } = *self;
        (0..count).map_while(move |k| k.checked_mul(stride).and_then(|d| latest.checked_sub(d)))
    }
}

impl<T> Trackable for Vec<T> {
    fn heap_block(&self) -> Option<HeapBlock> {
        (self.capacity() > 0 && size_of::<T>() > 0).then(|| HeapBlock::at(self.as_ptr() as usize))
    }
}

impl Trackable for String {
    fn heap_block(&self) -> Option<HeapBlock> {
        (self.capacity() > 0).then(|| HeapBlock::at(self.as_ptr() as usize))
    }
}

impl<T> Trackable for VecDeque<T> {
    /// When the elements wrap around the end of the buffer, the second
    /// slice starts at the buffer's start. Otherwise the front may be
    /// anywhere in the first `capacity - len + 1` element positions; each
    /// is a possible start. An empty deque's slices need not point into
    /// its buffer, so only a non-empty deque is found.
    fn heap_block(&self) -> Option<HeapBlock> {
        if size_of::<T>() == 0 {
            return None;
        }
        match self.as_slices() {
            (_, back) if !back.is_empty() => Some(HeapBlock::at(back.as_ptr() as usize)),
            (front, _) if !front.is_empty() => Some(HeapBlock::before(
                front.as_ptr() as usize,
                size_of::<T>(),
                self.capacity() - self.len() + 1,
            )),
            _ => None,
        }
    }
}

impl<T: ?Sized> Trackable for Box<T> {
    fn heap_block(&self) -> Option<HeapBlock> {
        let value: &T = self;
        (size_of_val(value) > 0).then(|| HeapBlock::at((value as *const T).cast::<u8>() as usize))
    }
}

/// Where the value of an `Rc` or `Arc` sits in its block: after the two
/// reference counts, aligned for the value. Both keep counts and value in
/// one `#[repr(C)]` struct (so that `into_raw` and `from_raw` round-trip),
/// which fixes this layout; a test with a 128-aligned value under the
/// tracking allocator checks it.
fn counted_value_offset(value_align: usize) -> usize {
    let counts = 2 * size_of::<usize>();
    counts.next_multiple_of(value_align.max(align_of::<usize>()))
}

impl<T: ?Sized> Trackable for Rc<T> {
    /// A zero-sized value has no bytes in the block to name it by.
    fn heap_block(&self) -> Option<HeapBlock> {
        let value: &T = self;
        (size_of_val(value) > 0).then(|| {
            let addr = Rc::as_ptr(self).cast::<u8>() as usize;
            HeapBlock::at(addr - counted_value_offset(align_of_val(value)))
        })
    }
}

impl<T: ?Sized> Trackable for Arc<T> {
    /// As for `Rc`: the value sits inside the block, after the counts.
    fn heap_block(&self) -> Option<HeapBlock> {
        let value: &T = self;
        (size_of_val(value) > 0).then(|| {
            let addr = Arc::as_ptr(self).cast::<u8>() as usize;
            HeapBlock::at(addr - counted_value_offset(align_of_val(value)))
        })
    }
}

/// What [`MemoryTracker::track_var`](crate::MemoryTracker::track_var) and
/// [`track_var!`](crate::track_var) did: whether the value's block was
/// named, and if not, why. Its `Display` says it in a sentence, with the
/// likely fix.
///
/// ```
/// use memscope_tracker::TrackOutcome;
///
/// assert!(TrackOutcome::Named.is_named());
/// assert!(!TrackOutcome::NotTracked.is_named());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackOutcome {
    /// The block was found and named.
    Named,
    /// The value has no heap block to name: it is empty (nothing allocated
    /// yet), zero-sized, or behind a lock or a `RefCell` that was held or
    /// mutably borrowed at the time.
    NoHeapBlock,
    /// The tracker has never recorded an allocation: almost always, the
    /// tracking allocator is not installed with `#[global_allocator]`.
    NothingTracked,
    /// The tracker records allocations but does not hold this value's
    /// block: it was allocated before tracking began, while recording was
    /// paused, or through another tracker or allocator. (Or the value is a
    /// hash map or set that lost most of its entries, whose table the
    /// bounded search did not reach: `shrink_to_fit` first.)
    NotTracked,
    /// Called from inside the tracker (from an allocator hook or an
    /// exporter's closure), where the tracker cannot be used.
    InsideTracker,
}

impl TrackOutcome {
    /// Whether the block was named.
    pub fn is_named(self) -> bool {
        self == TrackOutcome::Named
    }
}

impl std::fmt::Display for TrackOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TrackOutcome::Named => "the block was named",
            TrackOutcome::NoHeapBlock => {
                "not named: the value has no heap block (it is empty or zero-sized, \
                 or its lock or RefCell was held at the time)"
            }
            TrackOutcome::NothingTracked => {
                "not named: the tracker has recorded no allocation; is \
                 `#[global_allocator] static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();` \
                 missing?"
            }
            TrackOutcome::NotTracked => {
                "not named: the tracker does not hold this value's block (allocated before \
                 tracking began, while it was paused, or by another allocator), or, for a hash \
                 map or set that had most of its entries removed, its table lies further than \
                 its capacity says (call shrink_to_fit() first)"
            }
            TrackOutcome::InsideTracker => {
                "not named: called from inside the tracker (an allocator hook or an exporter's closure)"
            }
        })
    }
}

/// The table of a `HashMap` or `HashSet` whose buckets hold `Entry`s, the
/// lowest of its entries being at `lowest_entry`.
///
/// The standard library's maps (hashbrown's tables) keep buckets and
/// control bytes in one block: the buckets first, then the control bytes,
/// entry `i` at `i + 1` buckets below them. The block starts at a multiple
/// of the table's alignment (that of `Entry`, at least a word), at most
/// the buckets' bytes plus padding below any entry; the lowest entry is
/// usually near the start, so the nearest candidates come first.
///
/// The bucket count is not known exactly: `capacity()` is the entries
/// plus the room left, which removals can lower (a removed entry may leave
/// a tombstone that takes room until the table is rebuilt), so the search
/// goes down as far as 16 buckets per unit of capacity, 8 times what a
/// table without tombstones needs. A map that lost most of its entries
/// can still be further; `shrink_to_fit` rebuilds it (the outcome says so).
fn table_block<Entry>(lowest_entry: usize, capacity: usize) -> Option<HeapBlock> {
    if size_of::<Entry>() == 0 {
        return None;
    }
    let buckets = capacity
        .checked_add(1)?
        .checked_next_power_of_two()?
        .checked_mul(16)?;
    let align = align_of::<Entry>().max(size_of::<usize>());
    // The buckets, and padding before the control bytes (whose alignment
    // is at most the entry's or a SIMD group's 16 bytes).
    let max_distance = buckets
        .checked_mul(size_of::<Entry>())?
        .checked_add(align_of::<Entry>().max(16))?;
    Some(HeapBlock::aligned_below(lowest_entry, align, max_distance))
}

/// The lowest of some addresses.
fn lowest_address<'a, T: 'a>(items: impl Iterator<Item = &'a T>) -> Option<usize> {
    items.map(|item| item as *const T as usize).min()
}

impl<K, V, S> Trackable for HashMap<K, V, S> {
    /// The table, the one block that holds every entry (found from the
    /// lowest entry's address, so a map with no entry has none to find).
    fn heap_block(&self) -> Option<HeapBlock> {
        table_block::<(K, V)>(lowest_address(self.keys())?, self.capacity())
    }
}

impl<T, S> Trackable for HashSet<T, S> {
    /// The table, as for a `HashMap` (a set is a map to `()`).
    fn heap_block(&self) -> Option<HeapBlock> {
        table_block::<T>(lowest_address(self.iter())?, self.capacity())
    }
}

/// The node of a B-tree holding its first key, at `first_key`: the block
/// starts at most a leaf node's size below it (a parent pointer, two
/// `u16`s, and 11 keys and 11 values, with padding), at a multiple of the
/// node's alignment.
fn btree_node_block<K, V>(first_key: usize) -> Option<HeapBlock> {
    if size_of::<K>() == 0 {
        return None;
    }
    let align = align_of::<K>()
        .max(align_of::<V>())
        .max(align_of::<usize>());
    let leaf = (size_of::<K>().checked_add(size_of::<V>())?)
        .checked_mul(11)?
        .checked_add(2 * size_of::<usize>() + 2 * align)?;
    Some(HeapBlock::aligned_below(first_key, align, leaf))
}

impl<K, V> Trackable for BTreeMap<K, V> {
    /// The node holding the first entry: the whole map while it has at
    /// most 11 entries (one node); beyond, that node only (the standard
    /// library gives no way to reach the others).
    fn heap_block(&self) -> Option<HeapBlock> {
        btree_node_block::<K, V>(self.keys().next()? as *const K as usize)
    }
}

impl<T> Trackable for BTreeSet<T> {
    /// The node holding the first element, as for a `BTreeMap` (a set is
    /// a map to a zero-sized value).
    fn heap_block(&self) -> Option<HeapBlock> {
        btree_node_block::<T, ()>(self.iter().next()? as *const T as usize)
    }
}

impl<T: Trackable + ?Sized> Trackable for Mutex<T> {
    /// The block of the value inside, looked up under the lock; none while
    /// another holder has it (never waits). A poisoned mutex's value is
    /// still found.
    fn heap_block(&self) -> Option<HeapBlock> {
        match self.try_lock() {
            Ok(value) => value.heap_block(),
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner().heap_block(),
            Err(TryLockError::WouldBlock) => None,
        }
    }
}

impl<T: Trackable + ?Sized> Trackable for RwLock<T> {
    /// The block of the value inside, looked up under a read lock; none
    /// while a writer holds it (never waits).
    fn heap_block(&self) -> Option<HeapBlock> {
        match self.try_read() {
            Ok(value) => value.heap_block(),
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner().heap_block(),
            Err(TryLockError::WouldBlock) => None,
        }
    }
}

impl<T: Trackable + ?Sized> Trackable for RefCell<T> {
    /// The block of the value inside; none while it is mutably borrowed.
    fn heap_block(&self) -> Option<HeapBlock> {
        self.try_borrow().ok()?.heap_block()
    }
}

impl<T: Trackable + Default> Trackable for Cell<T> {
    /// The block of the value inside, which is taken out and put back (a
    /// `Cell` lends no reference to what it holds), even if looking it up
    /// panics. Meanwhile the cell holds `T::default()`, which allocates
    /// nothing for `Vec`, `String` and the maps and sets (a `Box`, `Rc`
    /// or `Arc` default allocates its value, unrecorded: the tracker is
    /// not re-entered while it looks).
    fn heap_block(&self) -> Option<HeapBlock> {
        /// Puts the value back into the cell when dropped.
        struct PutBack<'a, T: Default> {
            cell: &'a Cell<T>,
            value: T,
        }
        impl<T: Default> Drop for PutBack<'_, T> {
            fn drop(&mut self) {
                self.cell.set(std::mem::take(&mut self.value));
            }
        }
        let taken = PutBack {
            cell: self,
            value: self.take(),
        };
        taken.value.heap_block()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_zero_sized_values_have_no_heap_block() {
        assert_eq!(Vec::<u8>::new().heap_block(), None);
        assert_eq!(vec![(); 10].heap_block(), None);
        assert_eq!(String::new().heap_block(), None);
        assert_eq!(VecDeque::<u8>::with_capacity(8).heap_block(), None);
        assert_eq!(Box::new(()).heap_block(), None);
        assert_eq!(Rc::new(()).heap_block(), None);
        assert_eq!(Arc::new(()).heap_block(), None);
    }

    #[test]
    fn vec_string_and_box_start_at_their_data() {
        let v = Vec::<u64>::with_capacity(4);
        assert_eq!(v.heap_block(), Some(HeapBlock::at(v.as_ptr() as usize)));
        let s = String::from("hello");
        assert_eq!(s.heap_block(), Some(HeapBlock::at(s.as_ptr() as usize)));
        let b: Box<[u16]> = vec![1, 2].into_boxed_slice();
        assert_eq!(b.heap_block(), Some(HeapBlock::at(b.as_ptr() as usize)));
    }

    #[test]
    fn rc_and_arc_start_two_words_before_their_value_or_at_its_alignment() {
        let rc = Rc::new(7u32);
        let start = Rc::as_ptr(&rc) as usize - 2 * size_of::<usize>();
        assert_eq!(rc.heap_block(), Some(HeapBlock::at(start)));
        let arc: Arc<str> = Arc::from("shared");
        let start = arc.as_ptr() as usize - 2 * size_of::<usize>();
        assert_eq!(arc.heap_block(), Some(HeapBlock::at(start)));
        #[repr(align(128))]
        struct Wide(#[allow(dead_code)] u8);
        let wide = Rc::new(Wide(1));
        let start = Rc::as_ptr(&wide) as usize - 128;
        assert_eq!(wide.heap_block(), Some(HeapBlock::at(start)));
    }

    #[test]
    fn a_wrapped_deque_starts_at_its_second_slice() {
        let mut deque = VecDeque::with_capacity(4);
        deque.extend([1u64, 2, 3, 4]);
        deque.pop_front();
        deque.push_back(5);
        let (_, back) = deque.as_slices();
        assert!(!back.is_empty());
        assert_eq!(
            deque.heap_block(),
            Some(HeapBlock::at(back.as_ptr() as usize))
        );
    }

    #[test]
    fn a_deque_with_a_moved_front_lists_each_possible_start() {
        let mut deque: VecDeque<u64> = (0..8).collect();
        deque.drain(..5);
        let front = deque.as_slices().0.as_ptr() as usize;
        let block = deque.heap_block().unwrap();
        let starts: Vec<usize> = block.candidate_starts().collect();
        assert_eq!(starts.len(), deque.capacity() - deque.len() + 1);
        assert_eq!(starts[0], front);
        assert!(starts.contains(&(front - 5 * 8)));
    }

    #[test]
    fn a_cell_gets_its_value_back_even_when_looking_it_up_panics() {
        #[derive(Default)]
        struct Boom(u8);
        impl Trackable for Boom {
            fn heap_block(&self) -> Option<HeapBlock> {
                if self.0 == 7 {
                    panic!("lookup failed");
                }
                None
            }
        }
        let cell = Cell::new(Boom(7));
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cell.heap_block()));
        assert!(caught.is_err());
        assert_eq!(cell.take().0, 7, "the value is back in the cell");
        let words = Cell::new(vec![1u32]);
        let block = words.heap_block();
        let inside = words.take();
        assert_eq!(block, Some(HeapBlock::at(inside.as_ptr() as usize)));
    }

    #[test]
    fn candidate_starts_never_go_below_address_zero() {
        let block = HeapBlock::before(16, 8, 100);
        assert_eq!(block.candidate_starts().collect::<Vec<_>>(), [16, 8, 0]);
    }
}
