//! [`Sites`]: what each call stack allocated, freed and held at the
//! process's peak over the whole run, kept beside the stack table.
//!
//! # The peak in O(1) per event
//!
//! What a site held at the peak is what it held at the instant the
//! process's live bytes were highest, an instant known only when it
//! happens. Rescanning every site at each new peak (dhat's way) costs the
//! number of sites per allocation while the heap grows. Instead, as
//! memray does, each site folds lazily: [`Peaks`](crate::peaks::Peaks)
//! numbers each new peak (its *generation*), and a site remembers the
//! generation of its last event. When a site changes and a peak happened
//! since its last event, it held then exactly what it holds now (nothing
//! changed it in between), so that is its count at the peak; when the
//! event itself raised the peak, its count right after the event is. A
//! reader takes a site's peak count when its generation is the latest,
//! its live count otherwise. Every event is one uncontended lock of its
//! site and a few additions.
//!
//! Site counts change under the lock of the shard of the block they
//! concern, so a snapshot, which holds every shard lock when it reads
//! them, sees them agree with the blocks. Between two threads, an event in
//! flight on one when the other raises the peak may land on either side of
//! it: the peak counts are exact on one thread and off by at most one
//! block per thread otherwise.
//!
//! # Estimates
//!
//! A sampled block counts its weight (see [`sample_weight`]): its bytes
//! times its weight, rounded, and its weight in 1/65,536ths of a block,
//! so that sums of small weights are not lost to rounding. The same
//! amounts come off when it is freed, computed the same way.
//!
//! # Memory
//!
//! Sites are stored in chunks per stack-table shard, the `k`-th chunk
//! holding `64 << k` sites of 80 bytes, allocated from `System` when the
//! stack table interns the first stack that needs it: a program with a
//! few hundred stacks pays a few tens of KiB.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::hint;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

use crate::weight::sample_weight;

/// Blocks are counted in these units, so that a sample's weight keeps
/// its fraction.
pub(crate) const BLOCK_UNIT: u64 = 1 << 16;

/// The stack id of blocks whose stack came after the stack table was
/// full ([`OVERFLOW_STACK`](crate::OVERFLOW_STACK)).
pub(crate) const OVERFLOW: u32 = u32::MAX;

/// Stack-table shards (must match `stack_table.rs`).
const SHARDS: usize = 16;
/// log2 of the number of stack-table shards.
const SHARD_BITS: u32 = 4;
/// Sites in a shard's first chunk; each next chunk holds twice as many.
const FIRST_CHUNK: usize = 64;
/// Chunks per shard: room for 64 · (2^20 - 1) sites per shard.
const CHUNKS: usize = 20;

/// The bytes and blocks one event adds to or takes from a site: a block's
/// size and one block, or a sample's estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Amount {
    pub(crate) bytes: u64,
    /// In [`BLOCK_UNIT`]s.
    pub(crate) blocks: u64,
}

impl Amount {
    /// What a block of `size` bytes counts for: itself, or, sampled at
    /// `sample_mean`, its estimate.
    #[inline]
    pub(crate) fn of(size: usize, sample_mean: Option<u64>) -> Self {
        match sample_mean {
            None => Amount {
                bytes: size as u64,
                blocks: BLOCK_UNIT,
            },
            Some(mean) => {
                let weight = sample_weight(size as u64, mean);
                Amount {
                    bytes: (size as f64 * weight).round() as u64,
                    blocks: (weight * BLOCK_UNIT as f64).round() as u64,
                }
            }
        }
    }
}

/// How an event stands to the process's peak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PeakEvent {
    /// The event raised the peak, whose generation is this.
    Raised(u64),
    /// The event did not; the latest peak's generation is this.
    Below(u64),
}

/// The counts of one call site. Bytes in bytes, blocks in
/// [`BLOCK_UNIT`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SiteCounts {
    pub(crate) allocated_blocks: u64,
    pub(crate) allocated_bytes: u64,
    pub(crate) freed_blocks: u64,
    pub(crate) freed_bytes: u64,
    pub(crate) temporary_blocks: u64,
    pub(crate) temporary_bytes: u64,
    /// What the site held at the peak of generation `generation`.
    at_peak_blocks: u64,
    at_peak_bytes: u64,
    /// The peak generation of the site's last event.
    generation: u64,
}

impl SiteCounts {
    /// Nothing counted.
    pub(crate) const fn new() -> Self {
        SiteCounts {
            allocated_blocks: 0,
            allocated_bytes: 0,
            freed_blocks: 0,
            freed_bytes: 0,
            temporary_blocks: 0,
            temporary_bytes: 0,
            at_peak_blocks: 0,
            at_peak_bytes: 0,
            generation: 0,
        }
    }

    fn live(&self) -> (u64, u64) {
        (
            self.allocated_blocks.saturating_sub(self.freed_blocks),
            self.allocated_bytes.saturating_sub(self.freed_bytes),
        )
    }

    /// Before the event: a peak since the site's last event found it
    /// holding what it holds now.
    fn settle(&mut self, peak: PeakEvent) {
        if let PeakEvent::Below(generation) = peak
            && generation > self.generation
        {
            (self.at_peak_blocks, self.at_peak_bytes) = self.live();
            self.generation = generation;
        }
    }

    /// After the event: one that raised the peak found the site holding
    /// what it holds now.
    fn mark(&mut self, peak: PeakEvent) {
        // Two threads raising the peak at once may reach a site in either
        // order: the later generation stands.
        if let PeakEvent::Raised(generation) = peak
            && generation >= self.generation
        {
            (self.at_peak_blocks, self.at_peak_bytes) = self.live();
            self.generation = generation;
        }
    }

    /// A block of `amount` became live at this site.
    #[inline]
    pub(crate) fn allocated(&mut self, amount: Amount, peak: PeakEvent) {
        self.settle(peak);
        self.allocated_blocks = self.allocated_blocks.saturating_add(amount.blocks);
        self.allocated_bytes = self.allocated_bytes.saturating_add(amount.bytes);
        self.mark(peak);
    }

    /// A block of `amount` of this site was freed; `temporary` when its
    /// own thread freed it before allocating again.
    #[inline]
    pub(crate) fn freed(&mut self, amount: Amount, temporary: bool, peak: PeakEvent) {
        self.settle(peak);
        self.freed_blocks = self.freed_blocks.saturating_add(amount.blocks);
        self.freed_bytes = self.freed_bytes.saturating_add(amount.bytes);
        if temporary {
            self.temporary_blocks = self.temporary_blocks.saturating_add(amount.blocks);
            self.temporary_bytes = self.temporary_bytes.saturating_add(amount.bytes);
        }
    }

    /// Takes back one allocation and one free of `amount`.
    pub(crate) fn unfreed(&mut self, amount: Amount) {
        self.allocated_blocks = self.allocated_blocks.saturating_sub(amount.blocks);
        self.allocated_bytes = self.allocated_bytes.saturating_sub(amount.bytes);
        self.freed_blocks = self.freed_blocks.saturating_sub(amount.blocks);
        self.freed_bytes = self.freed_bytes.saturating_sub(amount.bytes);
    }

    /// These counts with `other`'s added, each as of the peak of
    /// generation `latest`: parts of one site kept apart (the blocks
    /// without a stack, counted per shard).
    pub(crate) fn plus(&self, other: &SiteCounts, latest: u64) -> SiteCounts {
        let (a, b) = (self.at_peak(latest), other.at_peak(latest));
        SiteCounts {
            allocated_blocks: self.allocated_blocks.saturating_add(other.allocated_blocks),
            allocated_bytes: self.allocated_bytes.saturating_add(other.allocated_bytes),
            freed_blocks: self.freed_blocks.saturating_add(other.freed_blocks),
            freed_bytes: self.freed_bytes.saturating_add(other.freed_bytes),
            temporary_blocks: self.temporary_blocks.saturating_add(other.temporary_blocks),
            temporary_bytes: self.temporary_bytes.saturating_add(other.temporary_bytes),
            at_peak_blocks: a.0.saturating_add(b.0),
            at_peak_bytes: a.1.saturating_add(b.1),
            generation: latest,
        }
    }

    /// What the site held at the peak of generation `latest`, the last
    /// one: (blocks, bytes).
    pub(crate) fn at_peak(&self, latest: u64) -> (u64, u64) {
        if self.generation == latest {
            (self.at_peak_blocks, self.at_peak_bytes)
        } else {
            self.live()
        }
    }
}

/// What one call stack allocated, freed and held at the peak since
/// tracking began, as [`Snapshot::sites`](crate::Snapshot::sites) copies
/// it. Under sampled tracking every count is an estimate (rounded down).
///
/// ```
/// use memscope_tracker::MemoryTracker;
///
/// let tracker = MemoryTracker::new();
/// tracker.record_alloc_with_stack(0x1000, 100, 1, &[0xAAA]);
/// tracker.record_alloc_with_stack(0x2000, 50, 2, &[0xAAA]);
/// tracker.record_dealloc(0x2000); // the thread's latest block: temporary
/// tracker.record_dealloc(0x1000);
/// let snapshot = tracker.snapshot();
/// let site = snapshot.sites().iter().find(|s| s.stack_id != 0).unwrap();
/// assert_eq!((site.allocated_blocks, site.allocated_bytes), (2, 150));
/// assert_eq!((site.peak_blocks, site.peak_bytes), (2, 150));
/// assert_eq!((site.temporary_blocks, site.temporary_bytes), (1, 50));
/// assert_eq!(site.live_bytes(), 0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SiteStats {
    /// The stack (see [`Snapshot::stack`](crate::Snapshot::stack)); 0 for
    /// blocks recorded without one, which without call stacks is every
    /// block.
    pub stack_id: u32,
    /// Blocks with this stack that became live.
    pub allocated_blocks: u64,
    /// Their bytes.
    pub allocated_bytes: u64,
    /// Of them, blocks freed since.
    pub freed_blocks: u64,
    /// Their bytes.
    pub freed_bytes: u64,
    /// Blocks live at the process's peak (the first instant its live
    /// bytes were highest).
    pub peak_blocks: u64,
    /// Their bytes.
    pub peak_bytes: u64,
    /// Freed blocks that their own thread freed before allocating again
    /// (heaptrack's temporary allocations).
    pub temporary_blocks: u64,
    /// Their bytes.
    pub temporary_bytes: u64,
}

impl SiteStats {
    /// The site's counts, blocks in whole blocks, as of the peak of
    /// generation `latest`.
    ///
    /// Each count is kept within what contains it (freed and peak within
    /// allocated, temporary within freed), as FORMAT.md requires of
    /// `sITE`: a free counted at a site whose allocation went elsewhere (a
    /// caller of the public recording functions can do that) never makes
    /// every later export fail.
    pub(crate) fn of(stack_id: u32, counts: &SiteCounts, latest: u64) -> Self {
        let (peak_blocks, peak_bytes) = counts.at_peak(latest);
        let allocated_blocks = counts.allocated_blocks / BLOCK_UNIT;
        let allocated_bytes = counts.allocated_bytes;
        let freed_blocks = (counts.freed_blocks / BLOCK_UNIT).min(allocated_blocks);
        let freed_bytes = counts.freed_bytes.min(allocated_bytes);
        SiteStats {
            stack_id,
            allocated_blocks,
            allocated_bytes,
            freed_blocks,
            freed_bytes,
            peak_blocks: (peak_blocks / BLOCK_UNIT).min(allocated_blocks),
            peak_bytes: peak_bytes.min(allocated_bytes),
            temporary_blocks: (counts.temporary_blocks / BLOCK_UNIT).min(freed_blocks),
            temporary_bytes: counts.temporary_bytes.min(freed_bytes),
        }
    }

    /// Blocks of this site live now.
    pub fn live_blocks(&self) -> u64 {
        self.allocated_blocks.saturating_sub(self.freed_blocks)
    }

    /// Their bytes.
    pub fn live_bytes(&self) -> u64 {
        self.allocated_bytes.saturating_sub(self.freed_bytes)
    }
}

/// How long a thread spins for a site's lock before it yields its core.
const SPINS_BEFORE_YIELD: u32 = 100;

/// One site: its counts behind a spin lock held for a few additions.
#[derive(Default)]
pub(crate) struct Site {
    locked: AtomicBool,
    counts: UnsafeCell<SiteCounts>,
}

// SAFETY: `counts` is only reached through `with`, which holds `locked`
// (acquired with `Acquire`, released with `Release`) for the whole access:
// one thread at a time, and each sees the last one's writes.
unsafe impl Sync for Site {}

impl Site {
    const fn new() -> Self {
        Site {
            locked: AtomicBool::new(false),
            counts: UnsafeCell::new(SiteCounts::new()),
        }
    }

    #[inline]
    fn with<R>(&self, f: impl FnOnce(&mut SiteCounts) -> R) -> R {
        let mut spins = 0u32;
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.locked.load(Ordering::Relaxed) {
                // The holder may be a thread the scheduler took off its
                // core (more threads than cores): after a short spin,
                // give the core up rather than burn it.
                if spins < SPINS_BEFORE_YIELD {
                    spins += 1;
                    hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
        }
        // SAFETY: `locked` is held (above) until the store below: no other
        // thread reaches `counts` meanwhile.
        let result = f(unsafe { &mut *self.counts.get() });
        self.locked.store(false, Ordering::Release);
        result
    }

    /// A block of `amount` became live at this site.
    #[inline]
    pub(crate) fn allocated(&self, amount: Amount, peak: PeakEvent) {
        self.with(|c| c.allocated(amount, peak));
    }

    /// A block of `amount` of this site was freed; `temporary` when its
    /// own thread freed it before allocating again.
    #[inline]
    pub(crate) fn freed(&self, amount: Amount, temporary: bool, peak: PeakEvent) {
        self.with(|c| c.freed(amount, temporary, peak));
    }

    /// Takes back one allocation and one free of `amount`: a block freed
    /// for a reallocation that failed, then put back.
    pub(crate) fn unfreed(&self, amount: Amount) {
        self.with(|c| c.unfreed(amount));
    }

    /// A copy of the counts.
    pub(crate) fn counts(&self) -> SiteCounts {
        self.with(|c| *c)
    }
}

/// Every call site's counts, by stack id.
pub(crate) struct Sites {
    /// Blocks whose stack came after the stack table was full, and those
    /// of stacks past the last chunk.
    overflow: Site,
    /// Per stack-table shard, its chunks, each null until needed.
    chunks: [[AtomicPtr<Site>; CHUNKS]; SHARDS],
    /// Per stack-table shard, one past the highest position reserved: how
    /// far a snapshot looks, so that it visits the stacks there are, not
    /// every slot of their chunks.
    used: [AtomicUsize; SHARDS],
}

// SAFETY: the chunks are arrays of `Site`s (which are `Sync`) that live as
// long as `Sites` and are reached only through shared references.
unsafe impl Sync for Sites {}
// SAFETY: as above; the chunks belong to this `Sites` alone.
unsafe impl Send for Sites {}

/// Where position `position` (from 0) of a shard lives: its chunk and
/// the index within it.
#[inline]
fn locate(position: usize) -> (usize, usize) {
    // Chunk k starts at FIRST_CHUNK · (2^k - 1).
    let scaled = position / FIRST_CHUNK + 1;
    let chunk = (usize::BITS - 1 - scaled.leading_zeros()) as usize;
    (chunk, position - FIRST_CHUNK * ((1 << chunk) - 1))
}

/// The layout of chunk `k`.
fn chunk_layout(chunk: usize) -> Layout {
    Layout::array::<Site>(FIRST_CHUNK << chunk).expect("a chunk's size fits in isize")
}

impl Sites {
    pub(crate) const fn new() -> Self {
        Sites {
            overflow: Site::new(),
            chunks: [const { [const { AtomicPtr::new(ptr::null_mut()) }; CHUNKS] }; SHARDS],
            used: [const { AtomicUsize::new(0) }; SHARDS],
        }
    }

    /// Splits a stack id into its shard and position (from 0).
    #[inline]
    fn place(id: u32) -> (usize, usize) {
        (
            (id & ((1 << SHARD_BITS) - 1)) as usize,
            ((id >> SHARD_BITS) as usize).wrapping_sub(1),
        )
    }

    /// Makes room for the site of stack `id`, about to be handed out;
    /// false when there is none (past the last chunk, or out of memory):
    /// the stack is then counted at the overflow site. Called under the
    /// stack-table shard's lock, so one thread at a time per shard.
    pub(crate) fn reserve(&self, id: u32) -> bool {
        let (shard, position) = Self::place(id);
        let (chunk, _) = locate(position);
        if chunk >= CHUNKS {
            return false;
        }
        let slot = &self.chunks[shard][chunk];
        if !slot.load(Ordering::Acquire).is_null() {
            self.used[shard].fetch_max(position + 1, Ordering::Release);
            return true;
        }
        // SAFETY: the layout is non-zero-sized (at least 64 sites); zeroed
        // memory is a valid `Site` (an unlocked flag and zero counts).
        let fresh = unsafe { System.alloc_zeroed(chunk_layout(chunk)) }.cast::<Site>();
        if fresh.is_null() {
            return false;
        }
        slot.store(fresh, Ordering::Release);
        self.used[shard].fetch_max(position + 1, Ordering::Release);
        true
    }

    /// The site of stack `id` ([`OVERFLOW`] for a full table). Blocks
    /// without a stack (id 0) are counted by their shards instead
    /// (`Counters::no_stack`), under the lock each event holds anyway: so
    /// a tracker without stacks shares no site between threads. Asked
    /// for 0, this gives the overflow site.
    #[inline]
    pub(crate) fn get(&self, id: u32) -> &Site {
        if id == 0 || id == OVERFLOW {
            return &self.overflow;
        }
        let (shard, position) = Self::place(id);
        let (chunk, index) = locate(position);
        let base = match self.chunks[shard].get(chunk) {
            Some(slot) => slot.load(Ordering::Acquire),
            None => ptr::null_mut(),
        };
        if base.is_null() {
            return &self.overflow;
        }
        // SAFETY: chunk `chunk` holds `FIRST_CHUNK << chunk` sites and
        // `index` is below that (`locate`); it stays allocated as long as
        // `self`.
        unsafe { &*base.add(index) }
    }

    /// Every site that has counted anything, with its stack id: shard by
    /// shard, then the overflow. `visit` gets the counts.
    pub(crate) fn for_each(&self, mut visit: impl FnMut(u32, SiteCounts)) {
        let mut report = |id: u32, site: &Site| {
            let counts = site.counts();
            if counts.allocated_blocks != 0 || counts.allocated_bytes != 0 {
                visit(id, counts);
            }
        };
        for (shard, chunks) in self.chunks.iter().enumerate() {
            let used = self.used[shard].load(Ordering::Acquire);
            for (chunk, slot) in chunks.iter().enumerate() {
                let first = FIRST_CHUNK * ((1 << chunk) - 1);
                if first >= used {
                    break;
                }
                let base = slot.load(Ordering::Acquire);
                if base.is_null() {
                    continue;
                }
                for index in 0..(FIRST_CHUNK << chunk).min(used - first) {
                    let id = (((first + index + 1) as u32) << SHARD_BITS) | shard as u32;
                    // SAFETY: as in `get`: `index` is inside chunk `base`,
                    // which lives as long as `self`.
                    report(id, unsafe { &*base.add(index) });
                }
            }
        }
        report(OVERFLOW, &self.overflow);
    }

    /// Bytes the chunks take.
    pub(crate) fn reserved_bytes(&self) -> usize {
        let mut bytes = 0;
        for chunks in &self.chunks {
            for (chunk, slot) in chunks.iter().enumerate() {
                if !slot.load(Ordering::Relaxed).is_null() {
                    bytes += chunk_layout(chunk).size();
                }
            }
        }
        bytes
    }
}

impl Drop for Sites {
    fn drop(&mut self) {
        for chunks in &mut self.chunks {
            for (chunk, slot) in chunks.iter_mut().enumerate() {
                let base = *slot.get_mut();
                if !base.is_null() {
                    // SAFETY: allocated in `reserve` from `System` with
                    // this layout, and no reference to it outlives `self`.
                    unsafe { System.dealloc(base.cast(), chunk_layout(chunk)) };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: Amount = Amount {
        bytes: 100,
        blocks: BLOCK_UNIT,
    };

    #[test]
    fn positions_map_to_chunks_that_double() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(63), (0, 63));
        assert_eq!(locate(64), (1, 0));
        assert_eq!(locate(191), (1, 127));
        assert_eq!(locate(192), (2, 0));
        for position in [0, 1, 500, 70_000, 5_000_000] {
            let (chunk, index) = locate(position);
            assert!(index < FIRST_CHUNK << chunk, "{position}");
            assert_eq!(FIRST_CHUNK * ((1 << chunk) - 1) + index, position);
        }
    }

    #[test]
    fn a_site_at_the_peak_holds_what_it_held_when_the_peak_was_raised() {
        let site = Site::new();
        site.allocated(ONE, PeakEvent::Raised(1));
        site.allocated(ONE, PeakEvent::Raised(2));
        // The heap falls: the site still knows it held two at peak 2.
        site.freed(ONE, false, PeakEvent::Below(2));
        site.freed(ONE, true, PeakEvent::Below(2));
        let c = site.counts();
        assert_eq!(c.at_peak(2), (2 * BLOCK_UNIT, 200));
        assert_eq!((c.freed_blocks, c.temporary_bytes), (2 * BLOCK_UNIT, 100));
    }

    #[test]
    fn a_peak_raised_elsewhere_finds_a_quiet_site_as_it_was() {
        let a = Site::new();
        let b = Site::new();
        a.allocated(ONE, PeakEvent::Raised(1));
        // Peak 2 is raised by b; a is untouched since, so held one then.
        b.allocated(ONE, PeakEvent::Raised(2));
        a.freed(ONE, false, PeakEvent::Below(2));
        assert_eq!(a.counts().at_peak(2), (BLOCK_UNIT, 100));
        // A site untouched since before the latest peak reads as live now.
        let c = Site::new();
        c.allocated(ONE, PeakEvent::Below(0));
        assert_eq!(c.counts().at_peak(2), (BLOCK_UNIT, 100));
        // b's own event raised peak 2.
        assert_eq!(b.counts().at_peak(2), (BLOCK_UNIT, 100));
    }

    #[test]
    fn a_failed_reallocation_takes_back_its_counts() {
        let site = Site::new();
        site.allocated(ONE, PeakEvent::Raised(1));
        site.freed(ONE, false, PeakEvent::Below(1));
        site.allocated(ONE, PeakEvent::Below(1));
        site.unfreed(ONE);
        let c = site.counts();
        assert_eq!((c.allocated_bytes, c.freed_bytes), (100, 0));
    }

    #[test]
    fn sites_are_found_by_stack_id_and_all_listed() {
        let sites = Sites::new();
        // Stack ids as the stack table makes them: position + 1 shifted,
        // or'ed with the shard.
        let ids = [
            (1 << SHARD_BITS) | 3,
            (200 << SHARD_BITS) | 3,
            (1 << SHARD_BITS) | 1,
        ];
        for id in ids {
            assert!(sites.reserve(id));
            sites.get(id).allocated(ONE, PeakEvent::Below(0));
        }
        let mut seen = Vec::new();
        sites.for_each(|id, counts| seen.push((id, counts.allocated_bytes)));
        seen.sort_unstable();
        let mut expected: Vec<(u32, u64)> = ids.iter().map(|&id| (id, 100)).collect();
        expected.sort_unstable();
        assert_eq!(seen, expected);
        // An id whose chunk was never reserved counts at the overflow.
        sites
            .get((5000 << SHARD_BITS) | 9)
            .allocated(ONE, PeakEvent::Below(0));
        assert_eq!(sites.get(OVERFLOW).counts().allocated_bytes, 100);
        assert!(sites.reserved_bytes() >= 3 * 64 * size_of::<Site>());
    }

    #[test]
    fn parts_of_one_site_add_up_as_of_the_same_peak() {
        // Two shards' blocks without a stack: one was quiet since peak 1,
        // the other raised peak 2.
        let mut a = SiteCounts::new();
        a.allocated(ONE, PeakEvent::Raised(1));
        let mut b = SiteCounts::new();
        b.allocated(ONE, PeakEvent::Raised(2));
        b.freed(ONE, true, PeakEvent::Below(2));
        let sum = a.plus(&b, 2);
        assert_eq!(sum.at_peak(2), (2 * BLOCK_UNIT, 200));
        assert_eq!((sum.allocated_bytes, sum.freed_bytes), (200, 100));
        assert_eq!(sum.temporary_blocks, BLOCK_UNIT);
    }

    #[test]
    fn a_sample_counts_its_estimate_with_its_fraction_kept() {
        let amount = Amount::of(64, Some(512 << 10));
        assert_eq!(
            amount.bytes,
            (64.0 * sample_weight(64, 512 << 10)).round() as u64
        );
        assert_eq!(
            amount.blocks,
            (sample_weight(64, 512 << 10) * BLOCK_UNIT as f64).round() as u64
        );
        assert_eq!(
            Amount::of(64, None),
            Amount {
                bytes: 64,
                blocks: BLOCK_UNIT
            }
        );
    }
}
