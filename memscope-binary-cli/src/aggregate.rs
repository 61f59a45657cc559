//! Counting the records of a file while they stream past: by type name, by
//! variable name, by call stack and by size, plus the largest records.
//! `summary` shows one [`Aggregate`]; `diff` compares two, which share one
//! [`Names`].
//!
//! Memory is bounded whatever the file holds: names are kept in
//! [`NameTable`]s of at most `--max-names` names each, every name as at
//! most [`SHOWN_BYTES`](crate::names::SHOWN_BYTES) bytes; records under
//! names past that are counted together as "other names". The largest
//! records are kept with their names cut the same way. Nothing grows with
//! the number of records or the length of names.
//!
//! Call stacks are counted by their id in the file: one [`Tally`] per
//! stack, so at most one per distinct stack the file holds. The file's
//! stack tables, which the reader holds whole, take more than that (each
//! stack is at least 2 bytes in the file and a frame index list in
//! memory), and they are bounded by the file's size.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::File;
use std::path::Path;

use memscope_export::BinaryReader;

use memscope_export::{CallStacks, RecordPlace, Threads};
use memscope_tracker::AllocationInfo;
use serde::Serialize;

use crate::error::CliError;
use crate::input;
use crate::names::{NameTable, ShownName, ShownRecord};
use crate::units::signed;

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

/// The name tables that one or more aggregates number their names by:
/// type names and variable names, each of at most `max` names.
#[derive(Debug, Clone)]
pub struct Names {
    /// The type names.
    pub types: NameTable,
    /// The variable names.
    pub vars: NameTable,
}

impl Names {
    /// Empty tables of at most `max` names each.
    pub fn new(max: u32) -> Self {
        Names {
            types: NameTable::new(max),
            vars: NameTable::new(max),
        }
    }
}

/// One file's records under each name of a [`NameTable`], by the name's
/// number, and under the names the table had no room for.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    by_number: Vec<Tally>,
    /// Records whose name the table had no room for.
    pub other: Tally,
}

impl Counts {
    /// Counts a record of `size` bytes under name `number`, or under
    /// "other" for `None`.
    fn add(&mut self, number: Option<usize>, size: u64) {
        match number {
            Some(number) => {
                if number >= self.by_number.len() {
                    self.by_number.resize(number + 1, Tally::default());
                }
                self.by_number[number].add(size);
            }
            None => self.other.add(size),
        }
    }

    /// Counts a record of `size` bytes under name `number`.
    #[cfg(test)]
    pub(crate) fn add_for_test(&mut self, number: usize, size: u64) {
        self.add(Some(number), size);
    }

    /// The records under name `number` (none if this file never had it).
    pub fn get(&self, number: usize) -> Tally {
        self.by_number.get(number).copied().unwrap_or_default()
    }

    /// How many numbers are counted (the highest with a record, plus one).
    pub fn len(&self) -> usize {
        self.by_number.len()
    }

    /// How many of the table's names this file has records under.
    pub fn distinct(&self) -> usize {
        self.by_number.iter().filter(|t| t.count > 0).count()
    }
}

/// Counts of a stream of records, by type name, by variable name and by
/// size, plus the largest records.
#[derive(Debug, Clone)]
pub struct Aggregate {
    /// Every record.
    pub total: Tally,
    /// Records with a type name, by that name's number in [`Names::types`].
    pub by_type: Counts,
    /// Records with a variable name, by its number in [`Names::vars`].
    pub by_var: Counts,
    /// Records without a type name.
    pub untyped: Tally,
    /// Records without a variable name.
    pub unnamed: Tally,
    /// Records by [`bucket_of`] their size.
    pub histogram: [Tally; BUCKETS],
    /// Records with a call stack, by its id in the file (when the stacks
    /// were known while the records streamed).
    pub by_stack: Counts,
    /// Records without a call stack.
    pub without_stack: Tally,
    /// The file's call stacks, when each record was counted under its
    /// stack; `None` for a file without them (or whose stacks came only
    /// after the records).
    pub stacks: Option<CallStacks>,
    /// Records by thread: their index in the file's threads + 1.
    pub by_thread: Counts,
    /// Records whose thread is unknown.
    pub without_thread: Tally,
    /// The file's threads, when each record was counted under its thread.
    pub threads: Option<Threads>,
    /// The file's export time (nanoseconds since the UNIX epoch).
    pub exported: u64,
    largest: Largest,
    /// Only records allocated after this time are offered to `largest`.
    largest_after: Option<u64>,
}

impl Aggregate {
    /// An empty aggregate that remembers the `keep_largest` largest records.
    pub fn new(keep_largest: usize) -> Self {
        Aggregate {
            total: Tally::default(),
            by_type: Counts::default(),
            by_var: Counts::default(),
            untyped: Tally::default(),
            unnamed: Tally::default(),
            histogram: [Tally::default(); BUCKETS],
            by_stack: Counts::default(),
            without_stack: Tally::default(),
            stacks: None,
            by_thread: Counts::default(),
            without_thread: Tally::default(),
            threads: None,
            exported: 0,
            largest: Largest::new(keep_largest),
            largest_after: None,
        }
    }

    /// Streams the records of the file at `path` into a new aggregate,
    /// numbering names by `names`.
    pub fn of_file(path: &Path, keep_largest: usize, names: &mut Names) -> Result<Self, CliError> {
        Self::of_reader(path, input::open(path)?, keep_largest, names)
    }

    /// [`of_file`](Self::of_file), keeping the `keep_largest` largest
    /// records among those allocated after `after` (nanoseconds since the
    /// UNIX epoch): the blocks that are new since an earlier export.
    pub fn of_file_keeping_newer(
        path: &Path,
        keep_largest: usize,
        after: u64,
        names: &mut Names,
    ) -> Result<Self, CliError> {
        let mut aggregate = Aggregate::new(keep_largest);
        aggregate.largest_after = Some(after);
        aggregate.stream(path, input::open(path)?, names)?;
        Ok(aggregate)
    }

    /// Streams the records of `reader`, the file at `path`, into a new
    /// aggregate, numbering names by `names`, and each record under its
    /// call stack when the stacks were read ahead.
    pub fn of_reader(
        path: &Path,
        reader: BinaryReader<File>,
        keep_largest: usize,
        names: &mut Names,
    ) -> Result<Self, CliError> {
        let mut aggregate = Aggregate::new(keep_largest);
        aggregate.stream(path, reader, names)?;
        Ok(aggregate)
    }

    /// Counts every record of `reader`, the file at `path`.
    fn stream(
        &mut self,
        path: &Path,
        reader: BinaryReader<File>,
        names: &mut Names,
    ) -> Result<(), CliError> {
        let opened = input::stream(path, reader, |record, place| {
            self.add(&record, place, names);
        })?;
        self.exported = opened.header.timestamp;
        if opened.stacks_ahead {
            self.stacks = opened.stacks;
        }
        if opened.threads_ahead {
            self.threads = opened.threads;
        }
        Ok(())
    }

    /// Whether any record carries a type or variable name.
    pub fn has_names(&self) -> bool {
        self.total.count > self.untyped.count.min(self.unnamed.count)
    }

    /// Counts one record, allocated where `place` says (by call stack
    /// and thread; 0 for none).
    pub fn add(&mut self, record: &AllocationInfo, place: RecordPlace, names: &mut Names) {
        let size = record.size as u64;
        self.total.add(size);
        match place.stack {
            0 => self.without_stack.add(size),
            id => self.by_stack.add(Some(id as usize), size),
        }
        match place.thread {
            0 => self.without_thread.add(size),
            entry => self.by_thread.add(Some(entry as usize - 1), size),
        }
        self.histogram[bucket_of(size)].add(size);
        match record.type_name.as_deref() {
            Some(name) => self.by_type.add(names.types.number(name), size),
            None => self.untyped.add(size),
        }
        match record.var_name.as_deref() {
            Some(name) => self.by_var.add(names.vars.number(name), size),
            None => self.unnamed.add(size),
        }
        if self
            .largest_after
            .is_none_or(|after| record.timestamp_alloc > after)
        {
            self.largest.offer(record);
        }
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
    pub fn into_largest(self) -> Vec<ShownRecord> {
        self.largest.into_sorted()
    }
}

/// The `top` names of `table` holding the most bytes in `counts`: by
/// bytes, then count, both descending, then name, then the order they were
/// first seen in, so equal entries always come out in one order.
pub fn ranked(table: &NameTable, counts: &Counts, top: usize) -> Vec<NamedTally> {
    let mut entries: Vec<(usize, Tally)> = (0..table.len())
        .map(|number| (number, counts.get(number)))
        .filter(|(_, tally)| tally.count > 0)
        .collect();
    entries.sort_unstable_by(|&(a_number, a), &(b_number, b)| {
        b.bytes
            .cmp(&a.bytes)
            .then(b.count.cmp(&a.count))
            .then_with(|| table.name(a_number).name.cmp(&table.name(b_number).name))
            .then(a_number.cmp(&b_number))
    });
    entries
        .into_iter()
        .take(top)
        .map(|(number, tally)| NamedTally {
            name: table.name(number).clone(),
            count: tally.count,
            bytes: tally.bytes,
        })
        .collect()
}

/// A name with the records and bytes under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedTally {
    /// The type or variable name (in JSON, `name` and `name_bytes`).
    #[serde(flatten)]
    pub name: ShownName,
    /// How many records carry it.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
}

/// How a [`Tally`] changed between two files: the counts and bytes in
/// each, and the deltas (which cannot overflow: they are `i128`). In JSON,
/// six fields, flattened into what holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TallyChange {
    /// Records in the old file.
    pub old_count: u64,
    /// Records in the new file.
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

    /// Its six cells in a table (deltas signed), in field order.
    pub fn cells(&self) -> [String; 6] {
        [
            self.old_count.to_string(),
            self.new_count.to_string(),
            signed(self.count_delta),
            self.old_bytes.to_string(),
            self.new_bytes.to_string(),
            signed(self.bytes_delta),
        ]
    }

    /// The six column headings of [`cells`](Self::cells).
    pub const COLUMNS: [&'static str; 6] = [
        "old count",
        "new count",
        "+/- count",
        "old bytes",
        "new bytes",
        "+/- bytes",
    ];
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
struct Ranked(ShownRecord);

impl Ranked {
    fn key(&self) -> (u64, Reverse<u64>) {
        (self.0.size, Reverse(self.0.ptr))
    }
}

/// The rank of a record not yet kept.
fn rank_of(record: &AllocationInfo) -> (u64, Reverse<u64>) {
    (record.size as u64, Reverse(record.ptr as u64))
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

    /// Keeps `record` (what is kept of it) if it is among the largest so
    /// far; only then are its names copied.
    fn offer(&mut self, record: &AllocationInfo) {
        if self.heap.len() < self.capacity {
            self.heap.push(Reverse(Ranked(ShownRecord::from(record))));
            return;
        }
        if let Some(mut smallest) = self.heap.peek_mut()
            && rank_of(record) > smallest.0.key()
        {
            *smallest = Reverse(Ranked(ShownRecord::from(record)));
        }
    }

    /// Largest first.
    fn into_sorted(self) -> Vec<ShownRecord> {
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
    use crate::names::DEFAULT_MAX_NAMES;

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

    /// `records` counted into an aggregate keeping the `keep` largest,
    /// with name tables of the default size.
    pub(crate) fn aggregate(records: Vec<AllocationInfo>, keep: usize) -> (Aggregate, Names) {
        aggregate_at_most(records, keep, DEFAULT_MAX_NAMES)
    }

    /// The same, with name tables of at most `max_names` names.
    pub(crate) fn aggregate_at_most(
        records: Vec<AllocationInfo>,
        keep: usize,
        max_names: u32,
    ) -> (Aggregate, Names) {
        let mut names = Names::new(max_names);
        let mut aggregate = Aggregate::new(keep);
        for r in &records {
            aggregate.add(r, RecordPlace::default(), &mut names);
        }
        (aggregate, names)
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
        let (aggregate, names) = aggregate(
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
        let by_type = ranked(&names.types, &aggregate.by_type, 10);
        let order: Vec<(&str, u64, u64)> = by_type
            .iter()
            .map(|t| (t.name.name.as_str(), t.count, t.bytes))
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
        assert_eq!(aggregate.by_type.distinct(), 4);
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
        let largest = aggregate(records, 3).0.into_largest();
        let got: Vec<(u64, u64)> = largest.iter().map(|a| (a.size, a.ptr)).collect();
        // Equal sizes: the lower address first.
        assert_eq!(got, [(100, 0x1060), (90, 0x1010), (90, 0x1040)]);
    }

    #[test]
    fn keeping_no_largest_records_keeps_none() {
        let largest = aggregate(vec![record(1, 8, None, None)], 0)
            .0
            .into_largest();
        assert!(largest.is_empty());
    }

    #[test]
    fn unnamed_counts_records_without_a_var_name_but_not_empty_names() {
        let (aggregate, names) = aggregate(
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
        assert_eq!(aggregate.by_var.distinct(), 2);
        assert_eq!(ranked(&names.vars, &aggregate.by_var, 10)[1].name.name, "");
    }

    #[test]
    fn the_histogram_lists_only_non_empty_buckets_in_size_order() {
        let (aggregate, _) = aggregate(
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

    #[test]
    fn names_past_the_table_are_counted_as_other_and_the_totals_stay_whole() {
        // 1,000 distinct names of 10 KiB each, a table of 10 names.
        let records = (0..1000)
            .map(|i| {
                let name = format!("{i:04}{}", "n".repeat(10 << 10));
                record(i * 16, i + 1, Some(&name), Some(&name))
            })
            .collect();
        let (aggregate, names) = aggregate_at_most(records, 5, 10);
        assert_eq!((names.types.len(), names.vars.len()), (10, 10));
        let named: u64 = ranked(&names.types, &aggregate.by_type, 100)
            .iter()
            .map(|t| t.bytes)
            .sum();
        // The first ten names seen: sizes 1 to 10.
        assert_eq!(named, (1..=10).sum::<u64>());
        assert_eq!(aggregate.by_type.other.count, 990);
        assert_eq!(named + aggregate.by_type.other.bytes, aggregate.total.bytes);
        assert_eq!(aggregate.total.bytes, (1..=1000).sum::<u64>());
        let largest = aggregate.into_largest();
        assert_eq!(largest[0].size, 1000);
        assert!(largest[0].var_name.as_ref().unwrap().is_cut());
    }

    #[test]
    fn two_files_numbered_by_one_table_are_exact_for_every_name_it_holds() {
        let mut names = Names::new(3);
        let (mut old, mut new) = (Aggregate::new(0), Aggregate::new(0));
        for name in ["a", "b", "c", "d", "a"] {
            old.add(
                &record(1, 10, None, Some(name)),
                RecordPlace::default(),
                &mut names,
            );
        }
        for name in ["d", "e", "a", "a"] {
            new.add(
                &record(1, 10, None, Some(name)),
                RecordPlace::default(),
                &mut names,
            );
        }
        // a, b, c hold the table; d and e are other in both files.
        let counts = |aggregate: &Aggregate| {
            (0..names.types.len())
                .map(|n| aggregate.by_type.get(n).count)
                .collect::<Vec<_>>()
        };
        assert_eq!(counts(&old), [2, 1, 1]);
        assert_eq!(counts(&new), [2, 0, 0]);
        assert_eq!((old.by_type.other.count, new.by_type.other.count), (1, 2));
    }
}
