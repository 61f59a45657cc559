//! Naming blocks after the variables that hold them:
//! [`MemoryTracker::track_var`] and the [`track_var!`](crate::track_var)
//! macro, which calls it on the global tracker.

use std::any::type_name;

use crate::reentrancy::InsideTracker;
use crate::shard::Names;
use crate::{MemoryTracker, TrackOutcome, Trackable};

impl MemoryTracker {
    /// Attaches `var_name` and the type name of `T` to the live block
    /// holding `value`'s heap data, and says whether it could, and if not,
    /// why (see [`TrackOutcome`]): the value may have no heap block yet,
    /// the tracker may not hold its block (allocated before the tracking
    /// allocator saw it, while recording was paused, or by another
    /// tracker), or, the usual first-use mistake, the tracker may have
    /// recorded nothing at all because the
    /// [`TrackingAllocator`](crate::TrackingAllocator) is not the
    /// `#[global_allocator]`.
    ///
    /// Which block a value names is [`Trackable`]'s to say: the one
    /// holding a `Vec`'s or a `String`'s elements, a `HashMap`'s table, and
    /// so on (each implementation's docs say which).
    ///
    /// The names replace any earlier ones and survive reallocations of the
    /// block. [`track_var!`](crate::track_var) calls this on the global
    /// tracker with the variable's name, or the name it is given.
    ///
    /// ```
    /// use memscope_tracker::{MemoryTracker, TrackOutcome};
    ///
    /// let tracker = MemoryTracker::new();
    /// let v = vec![1u8, 2, 3];
    /// // This tracker recorded no allocation: nothing is named, and it says why.
    /// assert_eq!(tracker.track_var(&v, "v"), TrackOutcome::NothingTracked);
    /// tracker.record_alloc_at(v.as_ptr() as usize, v.capacity(), 1);
    /// assert_eq!(tracker.track_var(&v, "v"), TrackOutcome::Named);
    /// assert_eq!(tracker.track_var(&Vec::<u8>::new(), "empty"), TrackOutcome::NoHeapBlock);
    /// ```
    ///
    /// Cost: one hash look-up when the value knows where its block starts
    /// (`Vec`, `String`, `Box`, `Rc`, `Arc`); otherwise a look-up at each
    /// possible start of the block, nearest first, bounded by the value's
    /// capacity (a hash map's by 16 buckets per unit of it; see each
    /// [`Trackable`] implementation). Never a sweep over the live blocks.
    pub fn track_var<T: Trackable + ?Sized>(&self, value: &T, var_name: &str) -> TrackOutcome {
        let Some(block) = value.heap_block() else {
            return TrackOutcome::NoHeapBlock;
        };
        let Some(_inside) = InsideTracker::try_enter() else {
            return TrackOutcome::InsideTracker;
        };
        let mut names = Names {
            var_name: var_name.to_owned(),
            type_name: type_name::<T>().to_owned(),
        };
        for start in block.candidate_starts() {
            let mut shard = self.shard(start).lock();
            if !shard.holds(start, block.inside()) {
                continue;
            }
            match shard.name(start, names) {
                Ok(old) => {
                    drop(shard);
                    drop(old);
                    return TrackOutcome::Named;
                }
                Err(back) => names = back,
            }
        }
        if self.has_seen_nothing() {
            TrackOutcome::NothingTracked
        } else {
            TrackOutcome::NotTracked
        }
    }
}

/// Names the live block holding a variable's heap data, in the
/// [`global_tracker()`](crate::global_tracker): `track_var!(index)` names it after the variable,
/// `track_var!(index, "word index")` with the name given. Evaluates to a
/// [`TrackOutcome`] that says whether the block was named, and if not, why
/// (see [`MemoryTracker::track_var`]).
///
/// Any [`Trackable`] value can be named: `Vec`, `String`, `VecDeque`,
/// `HashMap`, `HashSet`, `BTreeMap`, `BTreeSet`, those inside a `Mutex`,
/// `RwLock`, `RefCell` or `Cell`, and `Box`, `Rc` and `Arc` of any of them.
///
/// ```
/// use memscope_tracker::{TrackOutcome, track_var};
///
/// let words = vec![String::from("a")];
/// // Without the tracking allocator installed, nothing is tracked, and the
/// // outcome says so.
/// let outcome = track_var!(words);
/// assert_eq!(outcome, TrackOutcome::NothingTracked);
/// assert!(outcome.to_string().contains("#[global_allocator]"));
/// let _ = track_var!(words, "the word list");
/// ```
#[macro_export]
macro_rules! track_var {
    ($value:expr $(,)?) => {
        $crate::global_tracker().track_var(&$value, ::core::stringify!($value))
    };
    ($value:expr, $name:expr $(,)?) => {
        $crate::global_tracker().track_var(&$value, $name)
    };
}
