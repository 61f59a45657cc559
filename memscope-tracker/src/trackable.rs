//! [`Trackable`]: values whose heap block a tracker can name.

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
/// use memscope_tracker::Trackable;
///
/// let v = vec![1u32, 2, 3];
/// assert_eq!(v.heap_ptr(), Some(v.as_ptr() as usize));
/// assert_eq!(Vec::<u32>::new().heap_ptr(), None); // nothing allocated yet
/// ```
pub trait Trackable {
    /// An address inside the heap block that holds the value's data, or
    /// `None` when there is no such block (an empty `Vec`, a zero-sized
    /// type). The tracker looks up the live block containing the address,
    /// so it need not be the block's start.
    fn heap_ptr(&self) -> Option<usize>;
}

impl<T> Trackable for Vec<T> {
    fn heap_ptr(&self) -> Option<usize> {
        (self.capacity() > 0 && size_of::<T>() > 0).then_some(self.as_ptr() as usize)
    }
}

impl Trackable for String {
    fn heap_ptr(&self) -> Option<usize> {
        (self.capacity() > 0).then_some(self.as_ptr() as usize)
    }
}

impl<T> Trackable for VecDeque<T> {
    /// An empty deque's slices need not point into its buffer, so only a
    /// non-empty deque is found.
    fn heap_ptr(&self) -> Option<usize> {
        let (front, _) = self.as_slices();
        (!front.is_empty() && size_of::<T>() > 0).then_some(front.as_ptr() as usize)
    }
}

impl<T: ?Sized> Trackable for Box<T> {
    fn heap_ptr(&self) -> Option<usize> {
        let value: &T = self;
        (size_of_val(value) > 0).then(|| (value as *const T).cast::<u8>() as usize)
    }
}

impl<T: ?Sized> Trackable for Rc<T> {
    /// The value sits inside the block, after the reference counts; a
    /// zero-sized value sits at its very end, outside it.
    fn heap_ptr(&self) -> Option<usize> {
        (size_of_val::<T>(self) > 0).then(|| Rc::as_ptr(self).cast::<u8>() as usize)
    }
}

impl<T: ?Sized> Trackable for Arc<T> {
    /// As for `Rc`: the value sits inside the block, after the counts.
    fn heap_ptr(&self) -> Option<usize> {
        (size_of_val::<T>(self) > 0).then(|| Arc::as_ptr(self).cast::<u8>() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_zero_sized_values_have_no_heap_block() {
        assert_eq!(Vec::<u8>::new().heap_ptr(), None);
        assert_eq!(vec![(); 10].heap_ptr(), None);
        assert_eq!(String::new().heap_ptr(), None);
        assert_eq!(VecDeque::<u8>::with_capacity(8).heap_ptr(), None);
        assert_eq!(Box::new(()).heap_ptr(), None);
        assert_eq!(Rc::new(()).heap_ptr(), None);
        assert_eq!(Arc::new(()).heap_ptr(), None);
    }

    #[test]
    fn vec_string_and_box_point_at_their_data() {
        let v = Vec::<u64>::with_capacity(4);
        assert_eq!(v.heap_ptr(), Some(v.as_ptr() as usize));
        let s = String::from("hello");
        assert_eq!(s.heap_ptr(), Some(s.as_ptr() as usize));
        let b: Box<[u16]> = vec![1, 2].into_boxed_slice();
        assert_eq!(b.heap_ptr(), Some(b.as_ptr() as usize));
    }

    #[test]
    fn rc_and_arc_point_at_their_value() {
        let rc = Rc::new(7u32);
        assert_eq!(rc.heap_ptr(), Some(Rc::as_ptr(&rc) as usize));
        let arc: Arc<str> = Arc::from("shared");
        assert_eq!(arc.heap_ptr(), Some(arc.as_ptr() as usize));
    }
}
