//! Which live blocks are samples: what a free under sampled tracking
//! asks before anything else.
//!
//! A free must know whether its block was sampled without a look-up under
//! a lock: [`may_be_sampled`] answers from a table of 65,536 counters, one
//! per slot of a hash of the address, that counts the sampled blocks live
//! in each slot. A zero means certainly not sampled (one relaxed load); a
//! non-zero count sends the free to the tracker, which finds the block or
//! not. With a few thousand sampled blocks live, a few percent of frees
//! take that path.
//!
//! A slot is raised before the sampled block is handed to the program,
//! and lowered only when the tracker removes it, before the block is
//! freed: whichever thread frees a block got it from the program, after
//! the raise, so it sees the count (happens-before through the program's
//! own synchronisation), and a zero never hides a sampled block.
//!
//! The counters are process-wide, shared by every tracker: a tracker
//! raises and lowers only its own blocks' slots, so the sums stay right.

use std::sync::atomic::{AtomicU32, Ordering};

/// log2 of the number of slots of the sampled-block counters.
const SLOT_BITS: u32 = 16;

/// Per slot of a hash of the address, how many sampled blocks are live
/// there (in every tracker of the process).
static SAMPLED: [AtomicU32; 1 << SLOT_BITS] = [const { AtomicU32::new(0) }; 1 << SLOT_BITS];

/// The slot of the block at `ptr`.
#[inline]
fn slot(ptr: usize) -> &'static AtomicU32 {
    let hash = ((ptr as u64) >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOT_BITS);
    &SAMPLED[hash as usize]
}

/// Whether the block at `ptr` may be a sampled block that a tracker
/// holds: `false` means certainly not. One relaxed load.
#[inline]
pub(crate) fn may_be_sampled(ptr: usize) -> bool {
    slot(ptr).load(Ordering::Relaxed) != 0
}

/// A sampled block at `ptr` went into a tracker: before the program has
/// it.
pub(crate) fn count_in(ptr: usize) {
    slot(ptr).fetch_add(1, Ordering::Relaxed);
}

/// A sampled block at `ptr` left a tracker: before it is freed.
pub(crate) fn count_out(ptr: usize) {
    // Never below 0, whatever a caller of the public recording functions
    // does.
    let _ = slot(ptr).fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counters_say_certainly_not_until_a_block_is_counted_in() {
        let ptr = 0x7f00_dead_b000;
        assert!(!may_be_sampled(ptr));
        count_in(ptr);
        assert!(may_be_sampled(ptr));
        count_out(ptr);
        assert!(!may_be_sampled(ptr));
        count_out(ptr);
        assert!(!may_be_sampled(ptr), "never below zero");
    }
}
