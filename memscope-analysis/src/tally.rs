//! Counting: a number of blocks and their bytes ([`Tally`]), how one
//! changed between two files ([`TallyChange`]), and the size histogram's
//! buckets.

use serde::Serialize;

/// A number of blocks and the bytes they hold: counted, or, from a
/// sampled file, estimated (see [`add_weighted`](Self::add_weighted)).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Tally {
    /// How many blocks.
    pub count: u64,
    /// Their sizes added up (saturating).
    pub bytes: u64,
    /// What weighted additions left below a whole block and a whole byte,
    /// carried into the next: estimates are rounded down once, at the end,
    /// not record by record (ten blocks sampled at weight 1.6 count 16,
    /// not 20); each tally is within one block and one byte below its
    /// estimate.
    #[serde(skip)]
    rest: (f64, f64),
}

impl PartialEq for Tally {
    fn eq(&self, other: &Self) -> bool {
        (self.count, self.bytes) == (other.count, other.bytes)
    }
}

impl Eq for Tally {}

impl std::hash::Hash for Tally {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.count, self.bytes).hash(state);
    }
}

impl Tally {
    /// `count` blocks holding `bytes` bytes.
    pub fn new(count: u64, bytes: u64) -> Self {
        Tally {
            count,
            bytes,
            rest: (0.0, 0.0),
        }
    }

    /// Counts one more block of `size` bytes.
    pub fn add(&mut self, size: u64) {
        self.count += 1;
        self.bytes = self.bytes.saturating_add(size);
    }

    /// Counts a sampled block of `size` bytes standing for `weight` blocks
    /// like it ([`Record::weight`](memscope_export::Record#method.weight)):
    /// `weight` blocks and `size * weight` bytes, the fractions carried.
    ///
    /// ```
    /// use memscope_analysis::Tally;
    ///
    /// let mut tally = Tally::default();
    /// for _ in 0..10 {
    ///     tally.add_weighted(1000, 1.6);
    /// }
    /// assert_eq!((tally.count, tally.bytes), (16, 16_000));
    /// ```
    pub fn add_weighted(&mut self, size: u64, weight: f64) {
        if weight == 1.0 {
            return self.add(size);
        }
        let (count, rest) = carry(weight, self.rest.0);
        self.count = self.count.saturating_add(count);
        self.rest.0 = rest;
        let (bytes, rest) = carry(size as f64 * weight, self.rest.1);
        self.bytes = self.bytes.saturating_add(bytes);
        self.rest.1 = rest;
    }

    /// Adds `other`'s blocks.
    pub fn merge(&mut self, other: Tally) {
        self.count += other.count;
        self.bytes = self.bytes.saturating_add(other.bytes);
        let (count, rest) = carry(other.rest.0, self.rest.0);
        self.count = self.count.saturating_add(count);
        self.rest.0 = rest;
        let (bytes, rest) = carry(other.rest.1, self.rest.1);
        self.bytes = self.bytes.saturating_add(bytes);
        self.rest.1 = rest;
    }

    /// Whether it counts no block.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// `value + rest` as whole units (saturating) and what is left below one.
fn carry(value: f64, rest: f64) -> (u64, f64) {
    let sum = value + rest;
    let whole = sum.floor();
    // An `as` cast saturates (and takes NaN to 0).
    (whole as u64, sum - whole)
}

/// How a [`Tally`] changed between two files: the counts and bytes in
/// each, and the deltas (which cannot overflow: they are `i128`). In JSON,
/// six fields, flattened into what holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TallyChange {
    /// Blocks in the old file.
    pub old_count: u64,
    /// Blocks in the new file.
    pub new_count: u64,
    /// `new_count - old_count`.
    pub count_delta: i128,
    /// Bytes in the old file.
    pub old_bytes: u64,
    /// Bytes in the new file.
    pub new_bytes: u64,
    /// `new_bytes - old_bytes`: the growth, negative for a shrink.
    pub bytes_delta: i128,
}

impl TallyChange {
    /// The change from `old` to `new`.
    pub fn new(old: Tally, new: Tally) -> Self {
        TallyChange {
            old_count: old.count,
            new_count: new.count,
            count_delta: i128::from(new.count) - i128::from(old.count),
            old_bytes: old.bytes,
            new_bytes: new.bytes,
            bytes_delta: i128::from(new.bytes) - i128::from(old.bytes),
        }
    }

    /// Whether anything changed.
    pub fn is_change(&self) -> bool {
        self.count_delta != 0 || self.bytes_delta != 0
    }
}

/// Histogram buckets: one for size 0, then one per power of two, bucket
/// `k` holding the sizes from `2^(k-1)` up to `2^k - 1`.
pub const BUCKETS: usize = 65;

/// The histogram bucket of `size`.
pub fn bucket_of(size: u64) -> usize {
    (u64::BITS - size.leading_zeros()) as usize
}

/// The smallest and largest size of `bucket`, both inclusive.
pub fn bucket_bounds(bucket: usize) -> (u64, u64) {
    match bucket {
        0 => (0, 0),
        k => {
            let min = 1u64 << (k - 1);
            (min, min - 1 + min)
        }
    }
}

/// One non-empty histogram bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The smallest size in the bucket.
    pub min: u64,
    /// The largest size in the bucket.
    pub max: u64,
    /// Blocks of a size in the bucket.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
}

/// Blocks by the power of two of their size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram([Tally; BUCKETS]);

impl Default for Histogram {
    fn default() -> Self {
        Histogram([Tally::default(); BUCKETS])
    }
}

impl Histogram {
    /// Counts a block of `size` bytes.
    pub fn add(&mut self, size: u64) {
        self.0[bucket_of(size)].add(size);
    }

    /// Counts a sampled block of `size` bytes standing for `weight`
    /// blocks (see [`Tally::add_weighted`]).
    pub fn add_weighted(&mut self, size: u64, weight: f64) {
        self.0[bucket_of(size)].add_weighted(size, weight);
    }

    /// The blocks of bucket `bucket`.
    pub fn get(&self, bucket: usize) -> Tally {
        self.0.get(bucket).copied().unwrap_or_default()
    }

    /// The non-empty buckets, smallest sizes first.
    pub fn buckets(&self) -> Vec<Bucket> {
        (0..BUCKETS)
            .filter(|&b| self.0[b].count > 0)
            .map(|bucket| {
                let (min, max) = bucket_bounds(bucket);
                Bucket {
                    min,
                    max,
                    count: self.0[bucket].count,
                    bytes: self.0[bucket].bytes,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_powers_of_two_with_zero_apart() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(1), 1);
        assert_eq!([bucket_of(2), bucket_of(3)], [2, 2]);
        assert_eq!([bucket_of(64), bucket_of(127), bucket_of(128)], [7, 7, 8]);
        assert_eq!(bucket_of(u64::MAX), 64);
        assert_eq!(bucket_bounds(0), (0, 0));
        assert_eq!(bucket_bounds(7), (64, 127));
        assert_eq!(bucket_bounds(64), (1 << 63, u64::MAX));
        for size in [0, 1, 5, 4096, 4097, u64::MAX] {
            let (min, max) = bucket_bounds(bucket_of(size));
            assert!(min <= size && size <= max, "{size} in {min}..={max}");
        }
    }

    #[test]
    fn the_histogram_lists_only_non_empty_buckets_in_size_order() {
        let mut histogram = Histogram::default();
        for size in [0, 100, 64, 4096] {
            histogram.add(size);
        }
        let buckets: Vec<(u64, u64, u64, u64)> = histogram
            .buckets()
            .iter()
            .map(|b| (b.min, b.max, b.count, b.bytes))
            .collect();
        assert_eq!(
            buckets,
            [(0, 0, 1, 0), (64, 127, 2, 164), (4096, 8191, 1, 4096)]
        );
    }

    #[test]
    fn deltas_do_not_overflow_at_the_extremes() {
        let all = Tally::new(u64::MAX, u64::MAX);
        let change = TallyChange::new(all, Tally::default());
        assert_eq!(change.bytes_delta, -i128::from(u64::MAX));
        assert!(change.is_change());
        assert!(!TallyChange::new(all, all).is_change());
    }
}
