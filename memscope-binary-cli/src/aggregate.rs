//! Counting the records of a file while they stream past: by type name, by
//! variable name and by size, plus the largest records. `summary` shows one
//! [`Aggregate`]; `diff` compares two.
//!
//! Memory is bounded by the number of distinct names (plus the records
//! kept as the largest), never by the number of records.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::path::Path;

use memscope_tracker::AllocationInfo;
use serde::Serialize;

use crate::error::CliError;
use crate::input;

/// A number of records and the bytes they hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// How many records.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
}

impl Tally {
    /// Counts one more record of `size` bytes.
    pub fn add(&mut self, size: u64) {
        self.count += 1;
        self.bytes = self.bytes.saturating_add(size);
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

/// Counts of a stream of records, by type name, by variable name and by
/// size, plus the largest records.
#[derive(Debug, Clone)]
pub struct Aggregate {
    /// Every record.
    pub total: Tally,
    /// Records with a type name, by that name.
    pub by_type: HashMap<String, Tally>,
    /// Records with a variable name, by that name.
    pub by_var: HashMap<String, Tally>,
    /// Records without a type name.
    pub untyped: Tally,
    /// Records without a variable name.
    pub unnamed: Tally,
    /// Records by [`bucket_of`] their size.
    pub histogram: [Tally; BUCKETS],
    largest: Largest,
}

impl Aggregate {
    /// An empty aggregate that remembers the `keep_largest` largest records.
    pub fn new(keep_largest: usize) -> Self {
        Aggregate {
            total: Tally::default(),
            by_type: HashMap::new(),
            by_var: HashMap::new(),
            untyped: Tally::default(),
            unnamed: Tally::default(),
            histogram: [Tally::default(); BUCKETS],
            largest: Largest::new(keep_largest),
        }
    }

    /// Streams the records of the file at `path` into a new aggregate.
    pub fn of_file(path: &Path, keep_largest: usize) -> Result<Self, CliError> {
        let mut aggregate = Aggregate::new(keep_largest);
        input::for_each_record(path, |record| aggregate.add(record))?;
        Ok(aggregate)
    }

    /// Counts one record.
    pub fn add(&mut self, record: AllocationInfo) {
        let size = record.size as u64;
        self.total.add(size);
        self.histogram[bucket_of(size)].add(size);
        if !count_name(&mut self.by_type, record.type_name.as_deref(), size) {
            self.untyped.add(size);
        }
        if !count_name(&mut self.by_var, record.var_name.as_deref(), size) {
            self.unnamed.add(size);
        }
        self.largest.offer(record);
    }

    /// The non-empty histogram buckets, smallest sizes first.
    pub fn buckets(&self) -> Vec<Bucket> {
        self.histogram
            .iter()
            .enumerate()
            .filter(|(_, tally)| tally.count > 0)
            .map(|(bucket, tally)| {
                let (min, max) = bucket_bounds(bucket);
                Bucket {
                    min,
                    max,
                    count: tally.count,
                    bytes: tally.bytes,
                }
            })
            .collect()
    }

    /// The largest records kept, largest first (at most as many as
    /// [`Aggregate::new`] was asked to keep).
    pub fn into_largest(self) -> Vec<AllocationInfo> {
        self.largest.into_sorted()
    }
}

/// Counts `size` under `name` when there is one; returns whether there was.
/// A name is copied only the first time it is seen.
fn count_name(map: &mut HashMap<String, Tally>, name: Option<&str>, size: u64) -> bool {
    let Some(name) = name else {
        return false;
    };
    match map.get_mut(name) {
        Some(tally) => tally.add(size),
        None => map.entry(name.to_owned()).or_default().add(size),
    }
    true
}

/// The `top` names holding the most bytes: by bytes, then count, both
/// descending, then name, so equal entries always come out in one order.
pub fn ranked(map: &HashMap<String, Tally>, top: usize) -> Vec<NamedTally> {
    let mut entries: Vec<(&String, &Tally)> = map.iter().collect();
    entries.sort_unstable_by(|(a_name, a), (b_name, b)| {
        b.bytes
            .cmp(&a.bytes)
            .then(b.count.cmp(&a.count))
            .then(a_name.cmp(b_name))
    });
    entries
        .into_iter()
        .take(top)
        .map(|(name, tally)| NamedTally {
            name: name.clone(),
            count: tally.count,
            bytes: tally.bytes,
        })
        .collect()
}

/// A name with the records and bytes under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedTally {
    /// The type or variable name.
    pub name: String,
    /// How many records carry it.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
}

/// One non-empty histogram bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// The smallest size in the bucket.
    pub min: u64,
    /// The largest size in the bucket.
    pub max: u64,
    /// Records of a size in the bucket.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
}

/// The `capacity` largest records seen: a min-heap whose root is the one
/// to drop next, so memory stays at `capacity` records.
#[derive(Debug, Clone)]
struct Largest {
    capacity: usize,
    heap: BinaryHeap<Reverse<Ranked>>,
}

/// A record ordered by size, then by lower address first (so ties are
/// settled the same way every time).
#[derive(Debug, Clone)]
struct Ranked(AllocationInfo);

impl Ranked {
    fn key(&self) -> (usize, Reverse<usize>) {
        (self.0.size, Reverse(self.0.ptr))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl Largest {
    fn new(capacity: usize) -> Self {
        Largest {
            capacity,
            heap: BinaryHeap::with_capacity(capacity.min(1024)),
        }
    }

    fn offer(&mut self, record: AllocationInfo) {
        if self.heap.len() < self.capacity {
            self.heap.push(Reverse(Ranked(record)));
            return;
        }
        let candidate = Ranked(record);
        if let Some(mut smallest) = self.heap.peek_mut()
            && candidate > smallest.0
        {
            *smallest = Reverse(candidate);
        }
    }

    /// Largest first.
    fn into_sorted(self) -> Vec<AllocationInfo> {
        // Ascending `Reverse` is descending rank.
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(Ranked(r))| r)
            .collect()
    }
}

/// Unit tests of the counting, and the helpers `summary`'s tests build
/// aggregates with.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A record at `ptr` of `size` bytes with optional names.
    pub(crate) fn record(
        ptr: usize,
        size: usize,
        var: Option<&str>,
        ty: Option<&str>,
    ) -> AllocationInfo {
        AllocationInfo {
            var_name: var.map(str::to_owned),
            type_name: ty.map(str::to_owned),
            ..AllocationInfo::new(ptr, size, 0)
        }
    }

    /// `records` counted into an aggregate keeping the `keep` largest.
    pub(crate) fn aggregate(records: Vec<AllocationInfo>, keep: usize) -> Aggregate {
        let mut aggregate = Aggregate::new(keep);
        for r in records {
            aggregate.add(r);
        }
        aggregate
    }

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
    fn types_are_ranked_by_bytes_then_count_then_name() {
        let aggregate = aggregate(
            vec![
                record(1, 100, None, Some("Small")),
                record(2, 100, None, Some("Small")),
                record(3, 1000, None, Some("Big")),
                record(4, 200, None, Some("Tie-b")),
                record(5, 200, None, Some("Tie-a")),
                record(6, 50, None, None),
            ],
            0,
        );
        let by_type = ranked(&aggregate.by_type, 10);
        let order: Vec<(&str, u64, u64)> = by_type
            .iter()
            .map(|t| (t.name.as_str(), t.count, t.bytes))
            .collect();
        assert_eq!(
            order,
            [
                ("Big", 1, 1000),
                ("Small", 2, 200),
                ("Tie-a", 1, 200),
                ("Tie-b", 1, 200)
            ]
        );
        assert_eq!(aggregate.by_type.len(), 4);
        assert_eq!(
            aggregate.untyped,
            Tally {
                count: 1,
                bytes: 50
            }
        );
        assert_eq!((aggregate.total.count, aggregate.total.bytes), (6, 1650));
    }

    #[test]
    fn the_largest_are_kept_largest_first_whatever_the_order_they_come_in() {
        let sizes = [5, 90, 1, 70, 90, 3, 100, 2];
        let records = sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| record(0x1000 + i * 0x10, size, None, None))
            .collect();
        let largest = aggregate(records, 3).into_largest();
        let got: Vec<(usize, usize)> = largest.iter().map(|a| (a.size, a.ptr)).collect();
        // Equal sizes: the lower address first.
        assert_eq!(got, [(100, 0x1060), (90, 0x1010), (90, 0x1040)]);
    }

    #[test]
    fn keeping_no_largest_records_keeps_none() {
        let largest = aggregate(vec![record(1, 8, None, None)], 0).into_largest();
        assert!(largest.is_empty());
    }

    #[test]
    fn unnamed_counts_records_without_a_var_name_but_not_empty_names() {
        let aggregate = aggregate(
            vec![
                record(1, 10, None, Some("T")),
                record(2, 20, None, None),
                record(3, 40, Some(""), None),
                record(4, 80, Some("buf"), None),
            ],
            0,
        );
        assert_eq!(
            aggregate.unnamed,
            Tally {
                count: 2,
                bytes: 30
            }
        );
        assert_eq!(aggregate.by_var.len(), 2);
        assert_eq!(ranked(&aggregate.by_var, 10)[1].name, "");
    }

    #[test]
    fn the_histogram_lists_only_non_empty_buckets_in_size_order() {
        let aggregate = aggregate(
            vec![
                record(1, 0, None, None),
                record(2, 100, None, None),
                record(3, 64, None, None),
                record(4, 4096, None, None),
            ],
            0,
        );
        let buckets: Vec<(u64, u64, u64, u64)> = aggregate
            .buckets()
            .iter()
            .map(|b| (b.min, b.max, b.count, b.bytes))
            .collect();
        assert_eq!(
            buckets,
            [(0, 0, 1, 0), (64, 127, 2, 164), (4096, 8191, 1, 4096)]
        );
    }
}
