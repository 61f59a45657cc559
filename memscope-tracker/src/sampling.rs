//! Sampled tracking: a block is recorded with a probability that grows
//! with its size, and each recorded block stands for the blocks like it
//! that were not, so that a program can be profiled in production at a
//! cost close to nothing.
//!
//! # The scheme
//!
//! The one the production heap profilers share (jemalloc's
//! `lg_prof_sample`, tcmalloc, Go's `MemProfileRate`, Android's
//! heapprofd): each thread's allocated bytes are a line on which sample
//! points fall as a Poisson process, one every `T` bytes on average (the
//! *mean*). A block is sampled when a point falls within its bytes, which
//! happens with probability `1 - e^(-size/T)`: almost surely for a block
//! much larger than `T`, about `size/T` for a small one. Weighting each
//! sample by the inverse of that probability ([`sample_weight`](crate::sample_weight)) makes
//! every sum over samples an unbiased estimate of the sum over all
//! blocks: a call site holding `B` bytes is estimated within a relative
//! error of about `sqrt(T/B)`.
//!
//! The line is kept per thread as a countdown of bytes to the next point,
//! each gap drawn from an exponential distribution of mean `T`: one
//! subtraction and one comparison per allocation when no point falls,
//! which is nearly every time.
//!
//! # Frees
//!
//! A free must know whether its block was sampled without a look-up under
//! a lock: `sampled_slots.rs` answers that.

use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The mean gap between samples, in bytes, when none is given: 512 KiB,
/// jemalloc's and Go's default. At this mean a program that allocates a
/// gigabyte a second samples about 2,000 blocks a second.
pub const DEFAULT_SAMPLE_MEAN: u64 = 512 * 1024;

/// The mean set at run time by [`set_sample_mean`], 0 when none is: then
/// each sampled allocator's own mean holds.
static MEAN_OVERRIDE: AtomicU64 = AtomicU64::new(0);

/// The smallest mean a sampler draws at: a mean of 1 in a file means
/// "recorded with certainty" (weight 1), so sampling uses 2 and up.
pub(crate) const MIN_SAMPLE_MEAN: u64 = 2;

/// Sets the mean gap between samples, in bytes, of every sampled
/// [`TrackingAllocator`](crate::TrackingAllocator) of the process,
/// overriding the one it was built with (for example from an environment
/// variable read at start-up); 0 restores each allocator's own. It has no
/// effect on a lossless allocator.
///
/// Each thread takes the new mean from its next sample on; every recorded
/// block keeps the mean it was sampled at, so estimates stay unbiased
/// across the change.
pub fn set_sample_mean(bytes: u64) {
    MEAN_OVERRIDE.store(bytes, Ordering::Relaxed);
}

/// The mean in force for an allocator built with `own`, at least
/// [`MIN_SAMPLE_MEAN`].
#[inline]
fn mean_in_force(own: u64) -> u64 {
    match MEAN_OVERRIDE.load(Ordering::Relaxed) {
        0 => own,
        set => set,
    }
    .max(MIN_SAMPLE_MEAN)
}

/// The seed of the threads' generators, mixed with each thread's id; set
/// by [`set_sample_seed`] for reproducible runs.
static SEED: AtomicU64 = AtomicU64::new(0);

/// Makes sampling reproducible: threads that take their first sample
/// after this call, and the calling thread from its next allocation on,
/// draw their gaps from generators seeded with `seed` (and their thread
/// id). Without it each run draws differently.
pub fn set_sample_seed(seed: u64) {
    SEED.store(seed | 1, Ordering::Relaxed);
    // SAFETY: the cell is this thread's and not borrowed while this runs
    // (the allocator's `take` is not running on this thread: we are).
    let _ = SAMPLER.try_with(|sampler| unsafe { *sampler.get() = Sampler::UNSEEDED });
}

/// One thread's countdown of bytes to its next sample point, and its
/// generator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sampler {
    /// Bytes left until the next point; at or below 0, a point has fallen
    /// in the last block.
    countdown: i64,
    /// The generator's state (xorshift64*); 0 until seeded.
    state: u64,
    /// The mean the current gap was drawn at.
    mean: u64,
}

impl Sampler {
    /// A thread's sampler before its first allocation.
    pub(crate) const UNSEEDED: Sampler = Sampler {
        countdown: 0,
        state: 0,
        mean: 0,
    };

    /// A sampler drawn from `seed`, its first gap drawn at `mean`.
    pub(crate) fn seeded(seed: u64, mean: u64) -> Self {
        let mut sampler = Sampler {
            countdown: 0,
            state: splitmix(seed) | 1,
            mean: mean.max(MIN_SAMPLE_MEAN),
        };
        sampler.countdown = sampler.gap(sampler.mean);
        sampler
    }

    /// Whether the next `size` bytes hold a sample point: `Some(mean)`,
    /// the mean they were sampled at, or `None`. `own` is the allocator's
    /// mean; `thread` gives the thread's id, for seeding (asked only then).
    #[inline]
    pub(crate) fn take(
        &mut self,
        size: usize,
        own: u64,
        thread: impl FnOnce() -> u64,
    ) -> Option<u64> {
        self.countdown = self
            .countdown
            .saturating_sub(i64::try_from(size).unwrap_or(i64::MAX));
        if self.countdown > 0 {
            return None;
        }
        self.hit(size, own, thread())
    }

    /// The rare path: a point fell in the block (or the thread's first
    /// allocation seeds its sampler).
    #[cold]
    #[inline(never)]
    fn hit(&mut self, size: usize, own: u64, thread: u64) -> Option<u64> {
        if self.state == 0 {
            let seed = match SEED.load(Ordering::Relaxed) {
                0 => {
                    // Different in each run and each thread.
                    let stack_address = &raw const *self as u64;
                    crate::clock::now_ns() ^ stack_address.rotate_left(32)
                }
                seed => seed,
            };
            let mean = mean_in_force(own);
            // Sampled tracking has begun: the tracker's snapshots say so
            // even before its first sample.
            crate::global_tracker().note_sampling(mean);
            *self = Sampler::seeded(seed ^ thread.wrapping_mul(0x9E37_79B9_7F4A_7C15), mean);
            // The block is the first on this thread's line.
            return self.take(size, own, || thread);
        }
        let sampled_at = self.mean;
        // More points inside the same block change nothing (it is sampled
        // once), and the gaps are memoryless: the distance from the
        // block's end to the next point is a fresh gap. One draw, however
        // large the block (stepping through its points was a millisecond
        // for 1 GiB at a 16 KiB mean).
        self.mean = mean_in_force(own);
        self.countdown = self.gap(self.mean);
        Some(sampled_at)
    }

    /// A gap drawn from the exponential distribution of mean `mean`, in
    /// whole bytes, at least 1.
    fn gap(&mut self, mean: u64) -> i64 {
        // xorshift64*: 53 uniform bits, in (0, 1].
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let bits = self.state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        let uniform = (bits + 1) as f64 / (1u64 << 53) as f64;
        let gap = -uniform.ln() * mean as f64;
        // An `as` cast saturates: a gap past i64::MAX is i64::MAX.
        (gap as i64).max(1)
    }
}

/// splitmix64's finaliser: spreads a seed's bits over the whole state.
fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

thread_local! {
    /// This thread's sampler. Const-initialised, no destructor: usable
    /// for the whole life of the thread, teardown included.
    static SAMPLER: UnsafeCell<Sampler> = const { UnsafeCell::new(Sampler::UNSEEDED) };
}

/// Whether this thread's next `size` allocated bytes are sampled, for an
/// allocator whose mean is `own`: the mean they were sampled at, or
/// `None` (also when the thread's state cannot be reached, late in its
/// teardown). Nearly always one subtraction on the thread's countdown.
#[inline]
pub(crate) fn take(size: usize, own: u64) -> Option<u64> {
    SAMPLER
        .try_with(|cell| {
            // SAFETY: the cell is this thread's, and nothing else borrows
            // it while this runs: `Sampler::take` calls no allocator and
            // no code that could reach this function again (its rare path
            // asks for the thread's id, whose first use allocates inside
            // the tracker, which samples nothing: `System` memory).
            let sampler = unsafe { &mut *cell.get() };
            sampler.take(size, own, crate::reentrancy::current_thread_id)
        })
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::weight::sample_weight;

    /// Sites holding 48 MiB and 12 MiB in blocks of 200 to 3,000 bytes,
    /// allocated interleaved on one thread's line; each site's estimate
    /// from the samples drawn with `seed` at `mean`.
    fn estimate(seed: u64, mean: u64) -> ([f64; 2], [u64; 2]) {
        let mut sampler = Sampler::seeded(seed, mean);
        let mut sizes = splitmix(seed ^ 0xDEAD_BEEF);
        let mut truth = [0u64; 2];
        let mut estimate = [0f64; 2];
        let targets = [48u64 << 20, 12 << 20];
        while truth[0] < targets[0] || truth[1] < targets[1] {
            sizes = splitmix(sizes);
            let size = 200 + sizes % 2801;
            // Four blocks to the first site for each to the second, until
            // a site holds its bytes.
            let pick = usize::from(sizes >> 32 & 0xFF < 51);
            let site = if truth[pick] >= targets[pick] { 1 - pick } else { pick };
            truth[site] += size;
            if let Some(at) = sampler.take(size as usize, mean, || 1) {
                estimate[site] += size as f64 * sample_weight(size, at);
            }
        }
        (estimate, truth)
    }

    #[test]
    fn at_a_16_kib_mean_each_sites_estimate_is_within_15_percent_for_20_seeds() {
        for seed in 1..=20 {
            let (estimate, truth) = estimate(seed, 16 << 10);
            for site in 0..2 {
                let error = estimate[site] / truth[site] as f64 - 1.0;
                assert!(error.abs() <= 0.15, "seed {seed}, site {site}: {:.1}% off", error * 100.0);
            }
        }
    }

    /// The mean estimate of each site over `seeds`, relative to the truth.
    fn mean_error(seeds: std::ops::RangeInclusive<u64>, mean: u64) -> [f64; 2] {
        let mut sums = [0f64; 2];
        let mut truths = [0f64; 2];
        for seed in seeds {
            let (estimate, truth) = estimate(seed, mean);
            for site in 0..2 {
                sums[site] += estimate[site];
                truths[site] += truth[site] as f64;
            }
        }
        [sums[0] / truths[0] - 1.0, sums[1] / truths[1] - 1.0]
    }

    #[test]
    fn at_a_512_kib_mean_the_mean_over_20_seeds_is_as_close_as_the_theory_allows() {
        // One seed's relative error is about sqrt(T/B): 10% for 48 MiB and
        // 20% for 12 MiB at 512 KiB; over 20 seeds, 2.3% and 4.6%. The
        // issue's 5% is 2.2 standard errors for the first site and 1.1
        // for the second, which is tested at 3 (13.8%).
        let [large, small] = mean_error(1..=20, 512 << 10);
        assert!(large.abs() <= 0.05, "48 MiB site: {:.2}% off", large * 100.0);
        assert!(small.abs() <= 0.138, "12 MiB site: {:.2}% off", small * 100.0);
    }

    #[test]
    fn the_estimates_are_unbiased_over_400_seeds() {
        // Standard errors 0.5% and 1.0%: a bias of 2% would show.
        let [large, small] = mean_error(1..=400, 512 << 10);
        assert!(large.abs() <= 0.02, "48 MiB site: {:+.2}%", large * 100.0);
        assert!(small.abs() <= 0.02, "12 MiB site: {:+.2}%", small * 100.0);
    }

    #[test]
    fn a_block_larger_than_many_gaps_is_sampled_once_and_the_line_goes_on() {
        let mut sampler = Sampler::seeded(7, 100);
        assert_eq!(sampler.take(1 << 20, 100, || 1), Some(100));
        assert!(sampler.countdown > 0);
        // A block of 2^60 bytes at a mean of 2: one draw, not 2^59.
        let mut tiny = Sampler::seeded(7, 2);
        assert_eq!(tiny.take(1 << 60, 2, || 1), Some(2));
        assert!(tiny.countdown > 0);
    }

    #[test]
    fn gaps_average_the_mean() {
        let mut sampler = Sampler::seeded(3, 4096);
        let n = 100_000;
        let total: i64 = (0..n).map(|_| sampler.gap(4096)).sum();
        let average = total as f64 / n as f64;
        assert!((average / 4096.0 - 1.0).abs() < 0.02, "{average}");
    }

    #[test]
    fn weights_are_the_inverse_probabilities() {
        assert_eq!(sample_weight(0, 100), 1.0);
        assert_eq!(sample_weight(100, 0), 1.0);
        assert_eq!(sample_weight(1, 1), 1.0, "mean 1: recorded with certainty");
        let w = sample_weight(100, 100);
        assert!((w - 1.0 / (1.0 - (-1f64).exp())).abs() < 1e-12);
    }
}
