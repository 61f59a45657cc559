//! A record with where it came from: its call stack and its thread.
//!
//! - [`Record`] is what the reader hands out: the allocation, with views
//!   of its stack and thread into the file's tables.
//! - [`PlacedRecord`] is the owned form, naming them by id: what
//!   [`read_file`](crate::read_file) keeps and what an export writes.
//! - [`WritableRecord`] is what the exporter takes: a plain
//!   [`AllocationInfo`] (no stack, no thread) or a [`PlacedRecord`].

use memscope_tracker::{AllocationInfo, AllocationRecord};

use crate::model::ids::{StackId, ThreadIndex};
use crate::model::stacks::StackView;
use crate::model::threads::ThreadView;

/// One record as the reader yields it: the allocation (`A`, an owned
/// [`AllocationInfo`] from the iterator, a borrowed [`AllocationRecord`]
/// from [`Records::visit`](crate::Records::visit)), its call stack and
/// its thread, borrowed from the file's tables (`'f`).
///
/// ```
/// use memscope_export::{BinaryExporter, BinaryReader, CallStacks, FileContents, PlacedRecord, ResolvedFrame};
/// use memscope_tracker::{AllocationInfo, MemoryStats};
///
/// let mut stacks = CallStacks::default();
/// let frame = stacks.push_resolved(ResolvedFrame { address: 0x10, function: Some("app::load"), file: None, line: None, inlined: false });
/// let stack = stacks.push_stack([frame]);
/// let records = [PlacedRecord::new(AllocationInfo::new(0x1000, 64, 1)).with_stack(stack)];
/// let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
/// let mut file = Vec::new();
/// BinaryExporter::default()
///     .export_to_writer(&FileContents::new(stats, &records).with_stacks(&stacks), &mut file)
///     .unwrap();
///
/// let mut reader = BinaryReader::from_bytes(&file).unwrap();
/// for record in reader.records() {
///     let record = record.unwrap();
///     let innermost = record.stack.unwrap().frames().next().unwrap();
///     assert_eq!((record.allocation.size, innermost.function), (64, Some("app::load")));
/// }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Record<'f, A = AllocationInfo> {
    /// The allocation.
    pub allocation: A,
    /// Its call stack, when the file has one for it.
    pub stack: Option<StackView<'f>>,
    /// The thread that allocated it, when the file says.
    pub thread: Option<ThreadView<'f>>,
    /// In a sampled file (one with `SMPL`), the mean gap in bytes it was
    /// sampled at: it stands for [`weight`](Self::weight) blocks like it.
    /// `None` in a file that records every block.
    pub sample_mean: Option<u64>,
}

impl<A> Record<'_, A> {
    /// Its stack's id, when it has one.
    pub fn stack_id(&self) -> Option<StackId> {
        self.stack.map(|stack| stack.id())
    }

    /// Its thread's index in the file's table, when known.
    pub fn thread_index(&self) -> Option<ThreadIndex> {
        self.thread.map(|thread| thread.index)
    }
}

/// How many blocks a record of `size` bytes sampled at `sample_mean`
/// stands for: 1 when it is not a sample.
fn weight_of(size: usize, sample_mean: Option<u64>) -> f64 {
    match sample_mean {
        Some(mean) => memscope_tracker::sample_weight(size as u64, mean),
        None => 1.0,
    }
}

impl Record<'_, AllocationInfo> {
    /// How many blocks this record stands for in an estimate: 1 in a
    /// lossless file; in a sampled one the inverse of the probability
    /// that a block of its size was sampled,
    /// [`sample_weight`](memscope_tracker::sample_weight)`(size, mean)`.
    /// Its estimated bytes are `size * weight`.
    pub fn weight(&self) -> f64 {
        weight_of(self.allocation.size, self.sample_mean)
    }

    /// The owned record, its stack and thread named by id.
    pub fn into_placed(self) -> PlacedRecord {
        PlacedRecord {
            stack: self.stack_id(),
            thread: self.thread_index(),
            sample_mean: self.sample_mean,
            allocation: self.allocation,
        }
    }
}

impl Record<'_, AllocationRecord<'_>> {
    /// How many blocks this record stands for (see
    /// [`Record::weight`](Record#method.weight-1) of an owned record).
    pub fn weight(&self) -> f64 {
        weight_of(self.allocation.size, self.sample_mean)
    }

    /// The owned record (its names copied), its stack and thread named by
    /// id.
    pub fn to_placed(&self) -> PlacedRecord {
        PlacedRecord {
            allocation: self.allocation.to_info(),
            stack: self.stack_id(),
            thread: self.thread_index(),
            sample_mean: self.sample_mean,
        }
    }
}

/// A record with its call stack and thread named by id into a file's
/// tables ([`CallStacks`](crate::CallStacks), [`Threads`](crate::Threads)).
///
/// ```
/// use memscope_export::{PlacedRecord, StackId};
/// use memscope_tracker::AllocationInfo;
///
/// let record = PlacedRecord::new(AllocationInfo::new(0x1000, 64, 1)).with_stack(StackId::from_index(0));
/// assert_eq!(record.stack.map(StackId::index), Some(0));
/// assert!(record.thread.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedRecord {
    /// The allocation.
    pub allocation: AllocationInfo,
    /// Its call stack.
    pub stack: Option<StackId>,
    /// Its thread.
    pub thread: Option<ThreadIndex>,
    /// In a sampled file, the mean it was sampled at (see
    /// [`Record::sample_mean`]).
    pub sample_mean: Option<u64>,
}

impl PlacedRecord {
    /// `allocation`, with no stack and no thread.
    pub fn new(allocation: AllocationInfo) -> Self {
        PlacedRecord {
            allocation,
            stack: None,
            thread: None,
            sample_mean: None,
        }
    }

    /// The same record, a sample taken at mean `mean` bytes.
    pub fn with_sample_mean(mut self, mean: u64) -> Self {
        self.sample_mean = Some(mean);
        self
    }

    /// The same record allocated under `stack`.
    pub fn with_stack(mut self, stack: StackId) -> Self {
        self.stack = Some(stack);
        self
    }

    /// The same record allocated by `thread`.
    pub fn with_thread(mut self, thread: ThreadIndex) -> Self {
        self.thread = Some(thread);
        self
    }
}

impl From<AllocationInfo> for PlacedRecord {
    fn from(allocation: AllocationInfo) -> Self {
        PlacedRecord::new(allocation)
    }
}

/// What an export takes as a record: the allocation, and where it came
/// from when the file says. Implemented by [`AllocationInfo`] (nowhere
/// known) and [`PlacedRecord`], and by references to either.
pub trait WritableRecord {
    /// The allocation.
    fn allocation(&self) -> &AllocationInfo;

    /// Its call stack, by id into the stacks the export is given.
    fn stack(&self) -> Option<StackId> {
        None
    }

    /// Its thread, by index into the threads the export is given.
    fn thread(&self) -> Option<ThreadIndex> {
        None
    }

    /// In a sampled export, the mean it was sampled at (the file's mean
    /// when `None`).
    fn sample_mean(&self) -> Option<u64> {
        None
    }
}

impl WritableRecord for AllocationInfo {
    fn allocation(&self) -> &AllocationInfo {
        self
    }
}

impl WritableRecord for PlacedRecord {
    fn allocation(&self) -> &AllocationInfo {
        &self.allocation
    }

    fn stack(&self) -> Option<StackId> {
        self.stack
    }

    fn thread(&self) -> Option<ThreadIndex> {
        self.thread
    }

    fn sample_mean(&self) -> Option<u64> {
        self.sample_mean
    }
}

impl<T: WritableRecord + ?Sized> WritableRecord for &T {
    fn allocation(&self) -> &AllocationInfo {
        (**self).allocation()
    }

    fn stack(&self) -> Option<StackId> {
        (**self).stack()
    }

    fn thread(&self) -> Option<ThreadIndex> {
        (**self).thread()
    }

    fn sample_mean(&self) -> Option<u64> {
        (**self).sample_mean()
    }
}
