//! `summary FILE`: where the memory is. Bytes and counts by type name, the
//! largest allocations, the variables holding the most, a size histogram
//! and the bytes no variable name accounts for.
//!
//! [`Aggregate`] does the counting while the records stream past, in
//! memory bounded by the number of distinct names (plus the `N` largest
//! records), never by the number of records; [`Summary`] is what is shown.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use memscope_export::RecordView;
use memscope_tracker::AllocationInfo;
use serde::Serialize;

use crate::error::CliError;
use crate::input;
use crate::table::{Align, Table, cell_text, records_table};
use crate::units::{human_bytes, short_bytes};

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

    /// What to show: the `top` largest entries of each list.
    pub fn summary(self, top: usize) -> Summary {
        let histogram = self
            .histogram
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
            .collect();
        Summary {
            records: self.total.count,
            bytes: self.total.bytes,
            type_names: self.by_type.len(),
            by_type: ranked(&self.by_type, top),
            untyped: self.untyped,
            largest: self.largest.into_sorted(),
            var_names: self.by_var.len(),
            variables: ranked(&self.by_var, top),
            unnamed: self.unnamed,
            histogram,
        }
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

/// Records in JSON as the JSON document shows them.
fn as_record_views<S: serde::Serializer>(
    records: &[AllocationInfo],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(records.iter().map(RecordView::from))
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

/// What `summary` shows, as text or (serialized) as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records in the file.
    pub records: u64,
    /// Their sizes added up.
    pub bytes: u64,
    /// The type names holding the most bytes, most first.
    pub by_type: Vec<NamedTally>,
    /// How many distinct type names there are.
    pub type_names: usize,
    /// Records without a type name.
    pub untyped: Tally,
    /// The largest allocations, largest first.
    #[serde(serialize_with = "as_record_views")]
    pub largest: Vec<AllocationInfo>,
    /// The variable names holding the most bytes, most first.
    pub variables: Vec<NamedTally>,
    /// How many distinct variable names there are.
    pub var_names: usize,
    /// Records without a variable name.
    pub unnamed: Tally,
    /// Records by size, in powers of two; empty buckets left out.
    pub histogram: Vec<Bucket>,
}

impl Summary {
    /// `part` as a percentage of all bytes, e.g. `12.5%`.
    fn share(&self, part: u64) -> String {
        if self.bytes == 0 {
            return "-".to_string();
        }
        format!("{:.1}%", part as f64 * 100.0 / self.bytes as f64)
    }

    /// Writes the summary for people.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "{} records holding {} bytes ({})",
            self.records,
            self.bytes,
            human_bytes(self.bytes)
        )?;

        writeln!(
            out,
            "\nby type name (top {} of {})",
            self.by_type.len(),
            self.type_names
        )?;
        self.named_table("type_name", &self.by_type).write_to(out)?;
        writeln!(
            out,
            "  records without a type name: {} holding {} bytes ({})",
            self.untyped.count,
            self.untyped.bytes,
            self.share(self.untyped.bytes)
        )?;

        writeln!(out, "\nlargest allocations (top {})", self.largest.len())?;
        let rows = self.largest.iter().map(RecordView::from);
        records_table(rows, false).write_to(out)?;

        writeln!(
            out,
            "\nvariables (top {} of {})",
            self.variables.len(),
            self.var_names
        )?;
        self.named_table("var_name", &self.variables)
            .write_to(out)?;
        writeln!(
            out,
            "\nunnamed: {} records without a var_name hold {} bytes ({}, {})",
            self.unnamed.count,
            self.unnamed.bytes,
            human_bytes(self.unnamed.bytes),
            self.share(self.unnamed.bytes)
        )?;

        writeln!(out, "\nsize histogram")?;
        let mut histogram = Table::new(&[
            ("from", Align::Right),
            ("below", Align::Right),
            ("count", Align::Right),
            ("bytes", Align::Right),
            ("share", Align::Right),
            ("records", Align::Left),
        ]);
        let most = self.histogram.iter().map(|b| b.count).max().unwrap_or(0);
        for b in &self.histogram {
            let below = match b.max.checked_add(1) {
                Some(end) => short_bytes(end),
                None => "16 EiB".to_string(),
            };
            histogram.row(vec![
                short_bytes(b.min),
                below,
                b.count.to_string(),
                b.bytes.to_string(),
                self.share(b.bytes),
                bar(b.count, most, 40),
            ]);
        }
        histogram.write_to(out)
    }

    fn named_table(&self, title: &'static str, rows: &[NamedTally]) -> Table {
        let mut table = Table::new(&[
            (title, Align::Left),
            ("count", Align::Right),
            ("bytes", Align::Right),
            ("share", Align::Right),
        ]);
        for row in rows {
            table.row(vec![
                cell_text(&row.name),
                row.count.to_string(),
                row.bytes.to_string(),
                self.share(row.bytes),
            ]);
        }
        table
    }
}

/// A bar of `#` as long as `value` is of `most`, at most `width`; at least
/// one `#` for any non-zero value.
fn bar(value: u64, most: u64, width: usize) -> String {
    if value == 0 || most == 0 {
        return String::new();
    }
    let len = (value as u128 * width as u128).div_ceil(most as u128) as usize;
    "#".repeat(len.clamp(1, width))
}

/// Runs `summary`: streams the file and prints the summary, as text or
/// as JSON.
pub fn run(path: &Path, top: usize, json: bool, out: &mut impl Write) -> Result<(), CliError> {
    let summary = Aggregate::of_file(path, top)?.summary(top);
    let written = if json {
        serde_json::to_writer_pretty(&mut *out, &summary)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        summary.write_text(out)
    };
    written.map_err(CliError::stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ptr: usize, size: usize, var: Option<&str>, ty: Option<&str>) -> AllocationInfo {
        AllocationInfo {
            var_name: var.map(str::to_owned),
            type_name: ty.map(str::to_owned),
            ..AllocationInfo::new(ptr, size, 0)
        }
    }

    fn aggregate(records: Vec<AllocationInfo>, keep: usize) -> Aggregate {
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
        let summary = aggregate(
            vec![
                record(1, 100, None, Some("Small")),
                record(2, 100, None, Some("Small")),
                record(3, 1000, None, Some("Big")),
                record(4, 200, None, Some("Tie-b")),
                record(5, 200, None, Some("Tie-a")),
                record(6, 50, None, None),
            ],
            0,
        )
        .summary(10);
        let order: Vec<(&str, u64, u64)> = summary
            .by_type
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
        assert_eq!(summary.type_names, 4);
        assert_eq!(
            summary.untyped,
            Tally {
                count: 1,
                bytes: 50
            }
        );
        assert_eq!((summary.records, summary.bytes), (6, 1650));
    }

    #[test]
    fn top_limits_every_list_but_not_the_counts_of_names() {
        let records = (0..20)
            .map(|i| {
                let name = format!("v{i}");
                record(i * 16, i + 1, Some(&name), Some(&name))
            })
            .collect();
        let summary = aggregate(records, 3).summary(3);
        assert_eq!(summary.by_type.len(), 3);
        assert_eq!(summary.variables.len(), 3);
        assert_eq!(summary.largest.len(), 3);
        assert_eq!((summary.type_names, summary.var_names), (20, 20));
        assert_eq!(summary.variables[0].name, "v19");
    }

    #[test]
    fn the_largest_are_kept_largest_first_whatever_the_order_they_come_in() {
        let sizes = [5, 90, 1, 70, 90, 3, 100, 2];
        let records = sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| record(0x1000 + i * 0x10, size, None, None))
            .collect();
        let largest = aggregate(records, 3).summary(10).largest;
        let got: Vec<(usize, usize)> = largest.iter().map(|a| (a.size, a.ptr)).collect();
        // Equal sizes: the lower address first.
        assert_eq!(got, [(100, 0x1060), (90, 0x1010), (90, 0x1040)]);
    }

    #[test]
    fn keeping_no_largest_records_keeps_none() {
        let summary = aggregate(vec![record(1, 8, None, None)], 0).summary(10);
        assert!(summary.largest.is_empty());
    }

    #[test]
    fn unnamed_counts_records_without_a_var_name_but_not_empty_names() {
        let summary = aggregate(
            vec![
                record(1, 10, None, Some("T")),
                record(2, 20, None, None),
                record(3, 40, Some(""), None),
                record(4, 80, Some("buf"), None),
            ],
            0,
        )
        .summary(10);
        assert_eq!(
            summary.unnamed,
            Tally {
                count: 2,
                bytes: 30
            }
        );
        assert_eq!(summary.var_names, 2);
        assert_eq!(summary.variables[1].name, "");
    }

    #[test]
    fn the_histogram_lists_only_non_empty_buckets_in_size_order() {
        let summary = aggregate(
            vec![
                record(1, 0, None, None),
                record(2, 100, None, None),
                record(3, 64, None, None),
                record(4, 4096, None, None),
            ],
            0,
        )
        .summary(10);
        let buckets: Vec<(u64, u64, u64, u64)> = summary
            .histogram
            .iter()
            .map(|b| (b.min, b.max, b.count, b.bytes))
            .collect();
        assert_eq!(
            buckets,
            [(0, 0, 1, 0), (64, 127, 2, 164), (4096, 8191, 1, 4096)]
        );
    }

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish() {
        assert_eq!(bar(10, 10, 4), "####");
        assert_eq!(bar(5, 10, 4), "##");
        assert_eq!(bar(1, 1000, 4), "#");
        assert_eq!(bar(0, 1000, 4), "");
    }
}
