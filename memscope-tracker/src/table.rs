//! [`BlockTable`]: the live blocks of one shard, 32 bytes each plus a
//! 4-byte bucket, found by address in constant time however many there
//! are.
//!
//! # Design
//!
//! A chained hash table whose entries live side by side in one slab:
//!
//! - `slab` holds every [`Block`]; a freed entry (address 0) goes on a free
//!   list threaded through `next`, and the next insert reuses it. A
//!   snapshot copies the slab as one sequential sweep.
//! - `buckets` holds, per bucket, the slab index of its first entry; each
//!   entry links to the next of its bucket. The bucket count is a power of
//!   two between one and two times the entries, so chains average half an
//!   entry to one. With millions of blocks live every entry a look-up
//!   walks is a cache miss: on jaq at 15 M blocks, the table's two misses
//!   a call were 41% of the tracked run, and twice as many buckets (a
//!   chain of 0.5 to 1 entries instead of 1 to 2) took a tenth off its
//!   CPU time for 2 bytes a block (docs/PERFORMANCE.md).
//!
//! Memory per live block, while the blocks grow or hold steady: 32 bytes
//! of entry, at most 2 more of slab growth room (the slab grows by a
//! sixteenth at a time, not by doubling) and 4 to 8 bytes of bucket: at
//! most 42 bytes. Open addressing needs a load factor above 0.8 for 40,
//! where its probes grow long; a chain stays short. After mass frees the
//! slab keeps its entries until a quarter of them are live, then
//! compacts.
//!
//! The bucket of an address keeps neighbours together: the 256 possible
//! 16-byte-aligned starts of one 4 KiB page map to 256 consecutive buckets,
//! placed at a position hashed from the page number. An allocator hands
//! out recently freed addresses first, so a program's churn stays on a few
//! pages, hence on a few cache lines of buckets (and, through the free
//! list, of slab), whether the table holds ten thousand blocks or ten
//! million. Pages still spread evenly, so chains stay short.
//!
//! Growing doubles the buckets and relinks every entry; shrinking (when at
//! most a quarter of the slab is live) compacts the slab first. Both are
//! linear in the entries and happen after as many operations, so every
//! operation costs O(1) amortised.

use std::mem;

use crate::own_memory::{OwnVec, System};

/// No entry: the end of a chain or of the free list, or an empty bucket.
const NONE: u32 = u32::MAX;

/// Bits of [`Block`]'s `meta` word: the size, the thread, the named bit.
/// Sizes get 32 bits, as nearly every block is smaller than 4 GiB (the
/// shard keeps the size of the rare larger one apart); thread ids get 31,
/// enough for a process that starts a thread a millisecond for 24 days.
const SIZE_BITS: u32 = 32;
const SIZE_MASK: u64 = (1 << SIZE_BITS) - 1;
const THREAD_BITS: u32 = 31;
const THREAD_MASK: u64 = (1 << THREAD_BITS) - 1;
const NAMED: u64 = 1 << 63;

/// The stored size of a block of 4 GiB (less a byte) or more, whose size
/// the shard keeps apart.
pub(crate) const HUGE: usize = SIZE_MASK as usize;

/// The highest thread id a block can carry. Ids are handed out once each,
/// never reused; a thread that comes after this many has no id (0,
/// unknown), rather than one that wrapped onto another thread's.
pub(crate) const MAX_THREAD_ID: u64 = THREAD_MASK;

/// One live block, as the tracker keeps it: 32 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct Block {
    /// The block's address; 0 in a free slab entry.
    pub(crate) ptr: usize,
    /// The size (32 bits; [`HUGE`] for 4 GiB and more), the allocating
    /// thread's id (31 bits, up to [`MAX_THREAD_ID`]) and the named bit.
    meta: u64,
    /// When it was allocated, nanoseconds since the UNIX epoch.
    pub(crate) timestamp: u64,
    /// The id of the call stack that allocated it, 0 for none.
    pub(crate) stack: u32,
    /// The next entry of the bucket's chain, or of the free list.
    next: u32,
}

impl Block {
    /// A block of `size` bytes (sizes of 4 GiB and more are stored as
    /// [`HUGE`]; the caller keeps the real size) allocated by thread
    /// `thread` (stored as 0, unknown, above [`MAX_THREAD_ID`]: never
    /// wrapped onto another thread's id) at the call stack `stack`.
    pub(crate) fn new(ptr: usize, size: usize, timestamp: u64, thread: u64, stack: u32) -> Self {
        let thread = if thread <= MAX_THREAD_ID { thread } else { 0 };
        Block {
            ptr,
            meta: (size as u64).min(SIZE_MASK) | (thread << SIZE_BITS),
            timestamp,
            stack,
            next: NONE,
        }
    }

    /// The stored size: the size, or [`HUGE`].
    pub(crate) fn size(&self) -> usize {
        (self.meta & SIZE_MASK) as usize
    }

    /// The allocating thread's id.
    pub(crate) fn thread(&self) -> u32 {
        ((self.meta >> SIZE_BITS) & THREAD_MASK) as u32
    }

    /// Whether names are attached to the block (kept by the shard, by
    /// address).
    pub(crate) fn is_named(&self) -> bool {
        self.meta & NAMED != 0
    }

    /// Marks the block as named, or not.
    pub(crate) fn set_named(&mut self, named: bool) {
        if named {
            self.meta |= NAMED;
        } else {
            self.meta &= !NAMED;
        }
    }
}

// The memory promise of the module docs.
const _: () = assert!(size_of::<Block>() <= 32);

/// Below this many entries a table keeps its memory when blocks are freed:
/// small tables should not reallocate back and forth.
pub(crate) const RETAINED_CAPACITY: usize = 1024;

/// The live blocks of one shard, by address. Address 0 is not a block.
#[derive(Debug)]
pub(crate) struct BlockTable {
    /// Slab index of each bucket's first entry; empty, or a power of two.
    buckets: OwnVec<u32>,
    /// Every entry, live or free.
    slab: OwnVec<Block>,
    /// The first free slab entry.
    free: u32,
    /// Live entries.
    len: usize,
}

impl BlockTable {
    /// An empty table; allocates nothing until the first insert.
    pub(crate) const fn new() -> Self {
        BlockTable {
            buckets: OwnVec::new_in(System),
            slab: OwnVec::new_in(System),
            free: NONE,
            len: 0,
        }
    }

    /// The number of live blocks.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The slab: every entry, free ones with address 0, in slab order.
    pub(crate) fn slab(&self) -> &[Block] {
        &self.slab
    }

    /// The live blocks, in slab order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Block> {
        self.slab.iter().filter(|b| b.ptr != 0)
    }

    /// The bucket of `ptr` among `buckets` (a power of two).
    #[inline]
    fn bucket_of(ptr: usize, buckets: usize) -> usize {
        let page = (ptr >> 12) as u64;
        let base = (page.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize;
        base.wrapping_add((ptr >> 4) & 0xFF) & (buckets - 1)
    }

    /// The slab index of the live block at `ptr`.
    #[inline]
    fn find(&self, ptr: usize) -> Option<usize> {
        if self.buckets.is_empty() || ptr == 0 {
            return None;
        }
        let mut at = *self.buckets.get(Self::bucket_of(ptr, self.buckets.len()))?;
        while at != NONE {
            let block = self.slab.get(at as usize)?;
            if block.ptr == ptr {
                return Some(at as usize);
            }
            at = block.next;
        }
        None
    }

    /// The live block at `ptr`.
    #[inline]
    pub(crate) fn get(&self, ptr: usize) -> Option<&Block> {
        self.find(ptr).and_then(|at| self.slab.get(at))
    }

    /// The live block at `ptr`, to update in place (not its address).
    #[inline]
    pub(crate) fn get_mut(&mut self, ptr: usize) -> Option<&mut Block> {
        self.find(ptr).and_then(|at| self.slab.get_mut(at))
    }

    /// Adds `block`; a live block already at its address is replaced and
    /// returned. A block at address 0 is not stored.
    pub(crate) fn insert(&mut self, mut block: Block) -> Option<Block> {
        if block.ptr == 0 {
            return None;
        }
        if let Some(at) = self.find(block.ptr) {
            let old = &mut self.slab[at];
            block.next = old.next;
            return Some(mem::replace(old, block));
        }
        // At most one block a bucket (see the module docs): doubled here,
        // the buckets are twice the blocks.
        if self.len >= self.buckets.len() {
            self.rebuild((self.buckets.len() * 2).max(16));
        }
        let bucket = Self::bucket_of(block.ptr, self.buckets.len());
        block.next = self.buckets[bucket];
        let at = if self.free != NONE {
            let at = self.free;
            self.free = self.slab[at as usize].next;
            self.slab[at as usize] = block;
            at
        } else {
            // Slab indices fit in u32: a shard holds fewer than 4 billion
            // blocks (each costs at least a byte of address space and 32
            // bytes here).
            let at = self.slab.len() as u32;
            if self.slab.len() == self.slab.capacity() {
                // A sixteenth more, not double: the slab is most of the
                // table's memory. Large slabs grow in place (mremap), so
                // this costs no more copying than doubling.
                self.slab.reserve_exact((self.slab.len() / 16).max(16));
            }
            self.slab.push(block);
            at
        };
        self.buckets[bucket] = at;
        self.len += 1;
        None
    }

    /// Removes and returns the live block at `ptr`.
    pub(crate) fn remove(&mut self, ptr: usize) -> Option<Block> {
        if self.buckets.is_empty() || ptr == 0 {
            return None;
        }
        let bucket = Self::bucket_of(ptr, self.buckets.len());
        let mut prev = NONE;
        let mut at = self.buckets[bucket];
        while at != NONE {
            let block = self.slab[at as usize];
            if block.ptr == ptr {
                if prev == NONE {
                    self.buckets[bucket] = block.next;
                } else {
                    self.slab[prev as usize].next = block.next;
                }
                self.slab[at as usize] = Block {
                    ptr: 0,
                    meta: 0,
                    timestamp: 0,
                    stack: 0,
                    next: self.free,
                };
                self.free = at;
                self.len -= 1;
                self.release_spare_capacity();
                let mut removed = block;
                removed.next = NONE;
                return Some(removed);
            }
            prev = at;
            at = block.next;
        }
        None
    }

    /// Gives memory back once at most a quarter of the slab is live,
    /// keeping room for twice the live blocks: a shard that once held
    /// millions of blocks does not keep their memory forever, and one that
    /// shrinks has to halve again (or double back) before it reallocates
    /// again, so the cost per removal stays constant.
    fn release_spare_capacity(&mut self) {
        let slab = self.slab.len();
        if slab > RETAINED_CAPACITY && self.len <= slab / 4 {
            self.rebuild(self.len.next_power_of_two().max(16));
        }
    }

    /// Compacts the slab (live entries first, in slab order) and relinks
    /// every entry into `buckets` buckets.
    fn rebuild(&mut self, buckets: usize) {
        self.slab.retain(|b| b.ptr != 0);
        let room = self.len + self.len / 16;
        if self.slab.capacity() > 2 * room.max(RETAINED_CAPACITY) {
            self.slab.shrink_to(room);
        }
        self.free = NONE;
        self.buckets.clear();
        self.buckets.resize(buckets, NONE);
        if self.buckets.capacity() > 2 * buckets {
            self.buckets.shrink_to_fit();
        }
        for (at, block) in self.slab.iter_mut().enumerate() {
            let bucket = Self::bucket_of(block.ptr, buckets);
            block.next = self.buckets[bucket];
            self.buckets[bucket] = at as u32;
        }
    }

    /// Bytes this table has reserved: its slab and its buckets.
    pub(crate) fn reserved_bytes(&self) -> usize {
        self.slab.capacity() * size_of::<Block>() + self.buckets.capacity() * size_of::<u32>()
    }

    /// Panics unless every live entry is found by its address, every
    /// chain holds only its bucket's entries, and the free list holds the
    /// rest.
    #[cfg(test)]
    pub(crate) fn assert_consistent(&self) {
        let mut linked = 0;
        for (bucket, &head) in self.buckets.iter().enumerate() {
            let mut at = head;
            while at != NONE {
                let block = &self.slab[at as usize];
                assert_ne!(block.ptr, 0, "a free entry in bucket {bucket}");
                assert_eq!(Self::bucket_of(block.ptr, self.buckets.len()), bucket);
                linked += 1;
                at = block.next;
            }
        }
        assert_eq!(linked, self.len);
        let mut free = 0;
        let mut at = self.free;
        while at != NONE {
            assert_eq!(self.slab[at as usize].ptr, 0);
            free += 1;
            at = self.slab[at as usize].next;
        }
        assert_eq!(free + self.len, self.slab.len());
        for block in self.iter() {
            assert_eq!(self.get(block.ptr), Some(block));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn block(ptr: usize, size: usize) -> Block {
        Block::new(ptr, size, 0, 1, 0)
    }

    #[test]
    fn finds_every_block_after_any_mix_of_inserts_and_removals() {
        let mut table = BlockTable::new();
        let mut model = HashMap::new();
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for step in 0..40_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Addresses clustered on a few pages, as an allocator's are.
            let ptr = 0x5555_0000_0000 + ((x % 3000) as usize) * 16;
            if x & 0x300 == 0 {
                assert_eq!(table.remove(ptr).map(|b| b.size()), model.remove(&ptr));
            } else {
                let old = table.insert(block(ptr, step));
                assert_eq!(old.map(|b| b.size()), model.insert(ptr, step));
            }
            if step % 4096 == 0 {
                table.assert_consistent();
            }
        }
        table.assert_consistent();
        assert_eq!(table.len(), model.len());
        for (&ptr, &size) in &model {
            assert_eq!(table.get(ptr).map(|b| b.size()), Some(size));
        }
    }

    #[test]
    fn a_growing_table_costs_at_most_42_bytes_a_block() {
        let mut table = BlockTable::new();
        for n in 1..=300_000usize {
            table.insert(block(n * 48, 8));
            if n >= 1024 {
                let per_block = table.reserved_bytes() as f64 / n as f64;
                assert!(per_block <= 42.0, "{per_block} bytes a block at {n}");
            }
        }
    }

    #[test]
    fn freeing_most_blocks_gives_memory_back() {
        let mut table = BlockTable::new();
        for n in 1..=100_000usize {
            table.insert(block(n * 16, 8));
        }
        let full = table.reserved_bytes();
        for n in 1..=99_000usize {
            table.remove(n * 16);
        }
        table.assert_consistent();
        assert!(
            table.reserved_bytes() * 10 < full,
            "{full} -> {}",
            table.reserved_bytes()
        );
        assert_eq!(table.get(100_000 * 16).map(|b| b.size()), Some(8));
    }

    #[test]
    fn address_zero_is_never_a_block() {
        let mut table = BlockTable::new();
        assert_eq!(table.insert(block(0, 8)), None);
        assert_eq!(table.len(), 0);
        assert_eq!(table.get(0), None);
        assert_eq!(table.remove(0), None);
    }

    #[test]
    fn neighbouring_addresses_land_in_neighbouring_buckets() {
        let buckets = 1 << 20;
        let page = 0x7f00_1234_5000usize;
        let first = BlockTable::bucket_of(page, buckets);
        for offset in (0..4096).step_by(16) {
            let bucket = BlockTable::bucket_of(page + offset, buckets);
            assert_eq!(bucket, (first + offset / 16) & (buckets - 1));
        }
    }

    #[test]
    fn size_thread_and_named_bit_share_a_word_without_mixing() {
        let mut b = Block::new(16, HUGE - 1, 0, MAX_THREAD_ID, 9);
        assert!(!b.is_named());
        b.set_named(true);
        assert!(b.is_named());
        assert_eq!(
            (b.size(), u64::from(b.thread()), b.stack),
            (HUGE - 1, MAX_THREAD_ID, 9)
        );
        b.set_named(false);
        assert_eq!(
            (b.is_named(), u64::from(b.thread())),
            (false, MAX_THREAD_ID)
        );
        // Thread ids never wrap onto another thread's: past the last, 0
        // (unknown). Sizes of 4 GiB and more are marked for the shard.
        for thread in [MAX_THREAD_ID + 1, MAX_THREAD_ID + 2, u64::MAX] {
            assert_eq!(Block::new(16, 8, 0, thread, 0).thread(), 0);
        }
        assert_eq!(Block::new(16, usize::MAX, 0, 1, 0).size(), HUGE);
        assert_eq!(Block::new(16, 4 << 30, 0, 1, 0).size(), HUGE);
    }
}
