//! The tracker's own memory: its record tables, stack tables, thread names
//! and snapshot copies, all taken from [`System`] directly, never through
//! the global allocator.
//!
//! So a [`TrackingAllocator`](crate::TrackingAllocator) wrapped around
//! another allocator (mimalloc, jemalloc) passes that allocator exactly
//! the program's own calls: its heap, its statistics and its fragmentation
//! are the program's, with none of the tracker's 36 to 42 bytes per live
//! block mixed in. It also keeps the tracker out of its own way: these
//! containers never re-enter the tracking allocator.
//!
//! Stable Rust has no allocator parameter on `std`'s collections, so they
//! are `allocator-api2`'s `Vec` and `Box` and `hashbrown`'s `HashMap`
//! (which take `allocator-api2`'s `Allocator`, which `System`
//! implements): the same types as `std`'s, with the allocator named.
//!
//! The only tracker memory still taken through the global allocator is
//! what [`track_var!`](crate::track_var) keeps of a name (its text and
//! the small shared record around it): a few bytes per named block.

pub(crate) use std::alloc::System;

/// A `Vec` in the tracker's own memory.
pub(crate) type OwnVec<T> = allocator_api2::vec::Vec<T, System>;

/// A boxed value (a stack's frames) in the tracker's own memory.
pub(crate) type OwnBox<T> = allocator_api2::boxed::Box<T, System>;

/// A hash map in the tracker's own memory.
pub(crate) type OwnMap<K, V, S> = hashbrown::HashMap<K, V, S, System>;

/// A copy of `items` in the tracker's own memory.
pub(crate) fn own_slice<T: Copy>(items: &[T]) -> OwnBox<[T]> {
    let mut copy = OwnVec::with_capacity_in(items.len(), System);
    copy.extend_from_slice(items);
    copy.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_own_slice_is_a_copy() {
        let frames = [0x10usize, 0x20, 0x30];
        let copy = own_slice(&frames);
        assert_eq!(&copy[..], &frames[..]);
        assert!(own_slice::<usize>(&[]).is_empty());
    }
}
