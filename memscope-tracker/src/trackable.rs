//! [`Trackable`]: values whose heap block a tracker can name, and
//! [`HeapBlock`]: where that block starts.

use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

/// A value that owns a heap block, which
/// [`MemoryTracker::track_var`](crate::MemoryTracker::track_var) can find
/// and name.
///
/// Implemented for `Vec<T>`, `String`, `VecDeque<T>`, `Box<T>`, `Rc<T>`
/// and `Arc<T>`. Hash maps and sets are not: the standard library gives no
/// stable way to reach their tables.
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
    fn candidate_starts_never_go_below_address_zero() {
        let block = HeapBlock::before(16, 8, 100);
        assert_eq!(block.candidate_starts().collect::<Vec<_>>(), [16, 8, 0]);
    }
}
