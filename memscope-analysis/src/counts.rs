//! Counting one file's records while they stream past: by type name, by
//! variable name, by call stack, by thread and by size, plus the largest
//! blocks.
//!
//! Memory is bounded whatever the file holds: names are kept in
//! [`NameTable`]s of at most a fixed number of names, every name as at
//! most [`SHOWN_BYTES`](crate::names::SHOWN_BYTES) bytes; records under
//! names past that are counted together as "other names". The largest
//! blocks are kept with their names cut the same way. Stacks and threads
//! are counted by their index in the file's tables: one [`Tally`] per
//! entry, bounded by the tables' size. Nothing grows with the number of
//! records or the length of names.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use memscope_export::{Record, StackId};
use memscope_tracker::AllocationRecord;
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::names::{Names, ShownName};
use crate::tally::{Histogram, Tally};

/// One file's blocks under each name of a [`NameTable`](crate::NameTable), by the name's
/// number, and under the names the table had no room for.
#[derive(Debug, Clone, Default)]
pub struct ByName {
    by_number: Vec<Tally>,
    /// Blocks whose name the table had no room for.
    pub other: Tally,
}

impl ByName {
    /// Counts a block of `size` bytes under name `number`, or under
    /// "other" for `None`.
    pub(crate) fn add(&mut self, number: Option<usize>, size: u64, weight: f64) {
        match number {
            Some(number) => tally_at(&mut self.by_number, number).add_weighted(size, weight),
            None => self.other.add_weighted(size, weight),
        }
    }

    /// The blocks under name `number` (none if this file never had it).
    pub fn get(&self, number: usize) -> Tally {
        self.by_number.get(number).copied().unwrap_or_default()
    }

    /// How many of the table's names this file has blocks under.
    pub fn distinct(&self) -> usize {
        self.by_number.iter().filter(|t| t.count > 0).count()
    }
}

/// The tally at `index` of `tallies`, grown to hold it.
fn tally_at(tallies: &mut Vec<Tally>, index: usize) -> &mut Tally {
    if index >= tallies.len() {
        tallies.resize(index + 1, Tally::default());
    }
    &mut tallies[index]
}

/// A block as shown: its numbers, what is kept of its names, and its
/// stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRecord {
    /// The block's address.
    pub ptr: u64,
    /// Its size in bytes.
    pub size: u64,
    /// When it was allocated, nanoseconds since the UNIX epoch.
    pub timestamp_alloc: u64,
    /// Its variable name, if any.
    pub var_name: Option<ShownName>,
    /// Its type name, if any.
    pub type_name: Option<ShownName>,
    /// Its call stack, if any.
    pub stack: Option<StackId>,
}

impl ShownRecord {
    /// What is shown of `record`: its names cut as every name shown is.
    pub fn of(record: &Record<'_, AllocationRecord<'_>>) -> Self {
        let allocation = &record.allocation;
        ShownRecord {
            ptr: allocation.ptr as u64,
            size: allocation.size as u64,
            timestamp_alloc: allocation.timestamp_alloc,
            var_name: allocation.var_name.map(ShownName::of),
            type_name: allocation.type_name.map(ShownName::of),
            stack: record.stack_id(),
        }
    }
}

/// The fields of the JSON document's records (`ptr`, `size`,
/// `timestamp_alloc`, `var_name`, `type_name`), then `var_name_bytes` and
/// `type_name_bytes`: each name's whole length, `null` when it is absent,
/// and `stack`, its stack's number.
impl Serialize for ShownRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn text(name: &Option<ShownName>) -> Option<&str> {
            name.as_ref().map(|n| n.name.as_str())
        }
        let bytes = |name: &Option<ShownName>| name.as_ref().map(|n| n.name_bytes);
        let mut record = serializer.serialize_struct("ShownRecord", 8)?;
        record.serialize_field("ptr", &self.ptr)?;
        record.serialize_field("size", &self.size)?;
        record.serialize_field("timestamp_alloc", &self.timestamp_alloc)?;
        record.serialize_field("var_name", &text(&self.var_name))?;
        record.serialize_field("type_name", &text(&self.type_name))?;
        record.serialize_field("var_name_bytes", &bytes(&self.var_name))?;
        record.serialize_field("type_name_bytes", &bytes(&self.type_name))?;
        record.serialize_field("stack", &self.stack.map(StackId::number))?;
        record.end()
    }
}

/// Counts of a stream of records.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    /// Every block.
    pub(crate) total: Tally,
    /// Blocks with a type name, by that name's number in [`Names::types`].
    pub(crate) by_type: ByName,
    /// Blocks with a variable name, by its number in [`Names::vars`].
    pub(crate) by_var: ByName,
    /// Blocks without a type name.
    pub(crate) untyped: Tally,
    /// Blocks without a variable name.
    pub(crate) unnamed: Tally,
    /// Blocks by size.
    pub(crate) histogram: Histogram,
    /// Blocks with a call stack, by its index in the file's table.
    pub(crate) by_stack: Vec<Tally>,
    /// Blocks without a call stack.
    pub(crate) without_stack: Tally,
    /// Blocks by their thread's index in the file's table.
    pub(crate) by_thread: Vec<Tally>,
    /// Blocks whose thread is unknown.
    pub(crate) without_thread: Tally,
    /// The largest blocks.
    pub(crate) largest: Largest,
    /// The largest blocks allocated after a time (when the earlier file
    /// of a comparison was exported), and that time.
    pub(crate) largest_since: Option<(u64, Largest)>,
}

impl Counts {
    /// Counts that remember the `keep_largest` largest blocks, and as many
    /// of those allocated after `since` when given.
    pub(crate) fn new(keep_largest: usize, since: Option<u64>) -> Self {
        Counts {
            largest: Largest::new(keep_largest),
            largest_since: since.map(|time| (time, Largest::new(keep_largest))),
            ..Counts::default()
        }
    }

    /// Counts one record, numbering its names by `names`.
    pub(crate) fn add(&mut self, record: &Record<'_, AllocationRecord<'_>>, names: &mut Names) {
        let allocation = &record.allocation;
        let size = allocation.size as u64;
        // 1 in a lossless file; a sample's inverse probability in a
        // sampled one, so that every count below is an estimate.
        let weight = record.weight();
        self.total.add_weighted(size, weight);
        match record.stack_id() {
            None => self.without_stack.add_weighted(size, weight),
            Some(id) => tally_at(&mut self.by_stack, id.index()).add_weighted(size, weight),
        }
        match record.thread_index() {
            None => self.without_thread.add_weighted(size, weight),
            Some(index) => tally_at(&mut self.by_thread, index.index()).add_weighted(size, weight),
        }
        self.histogram.add_weighted(size, weight);
        match allocation.type_name {
            Some(name) => self.by_type.add(names.types.number(name), size, weight),
            None => self.untyped.add_weighted(size, weight),
        }
        match allocation.var_name {
            Some(name) => self.by_var.add(names.vars.number(name), size, weight),
            None => self.unnamed.add_weighted(size, weight),
        }
        self.largest.offer(record);
        if let Some((since, largest)) = &mut self.largest_since
            && allocation.timestamp_alloc > *since
        {
            largest.offer(record);
        }
    }

    /// Adds `tally` under stack `id`.
    pub(crate) fn add_stack(&mut self, id: StackId, tally: Tally) {
        tally_at(&mut self.by_stack, id.index()).merge(tally);
    }

    /// The blocks under stack `id`.
    pub(crate) fn stack(&self, id: StackId) -> Tally {
        self.by_stack.get(id.index()).copied().unwrap_or_default()
    }

    /// Every stack with blocks, and its blocks.
    pub(crate) fn stacks(&self) -> impl Iterator<Item = (StackId, Tally)> + '_ {
        self.by_stack
            .iter()
            .enumerate()
            .filter(|(_, tally)| tally.count > 0)
            .map(|(index, &tally)| (StackId::from_index(index), tally))
    }

    /// Whether any block carries a type or variable name.
    pub(crate) fn has_names(&self) -> bool {
        self.total.count > self.untyped.count.min(self.unnamed.count)
    }
}

/// The `capacity` largest blocks seen: a min-heap whose root is the one
/// to drop next, so memory stays at `capacity` blocks.
#[derive(Debug, Clone, Default)]
pub(crate) struct Largest {
    capacity: usize,
    heap: BinaryHeap<Reverse<Ranked>>,
}

/// A block ordered by size, then by lower address first (so ties are
/// settled the same way every time).
#[derive(Debug, Clone)]
struct Ranked(ShownRecord);

impl Ranked {
    fn key(&self) -> (u64, Reverse<u64>) {
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

    /// Keeps `record` (what is kept of it) if it is among the largest so
    /// far; only then are its names copied.
    fn offer(&mut self, record: &Record<'_, AllocationRecord<'_>>) {
        if self.capacity == 0 {
            return;
        }
        if self.heap.len() < self.capacity {
            self.heap.push(Reverse(Ranked(ShownRecord::of(record))));
            return;
        }
        let rank = (
            record.allocation.size as u64,
            Reverse(record.allocation.ptr as u64),
        );
        if let Some(mut smallest) = self.heap.peek_mut()
            && rank > smallest.0.key()
        {
            *smallest = Reverse(Ranked(ShownRecord::of(record)));
        }
    }

    /// Largest first.
    pub(crate) fn sorted(&self) -> Vec<ShownRecord> {
        // Ascending `Reverse` is descending rank.
        self.heap
            .clone()
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(Ranked(r))| r)
            .collect()
    }
}
