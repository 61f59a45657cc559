//! What a file says about the whole run, beside its live blocks: each
//! call site's totals (`sITE`) and the timeline of live memory (`tIME`).
//! See FORMAT.md for what each count means.

pub use memscope_tracker::{TimelineBucket, TimelineMark};

use crate::model::ids::StackId;

/// What one call stack allocated, freed, held at the peak and allocated
/// temporarily over the run (a row of `sITE`). In a sampled file every
/// count is an estimate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SiteTotals {
    /// The stack; `None` for blocks recorded without one (without call
    /// stacks, the whole process).
    pub stack: Option<StackId>,
    /// Blocks that became live.
    pub allocated_blocks: u64,
    /// Their bytes.
    pub allocated_bytes: u64,
    /// Of them, blocks freed since.
    pub freed_blocks: u64,
    /// Their bytes.
    pub freed_bytes: u64,
    /// Blocks live at the peak.
    pub peak_blocks: u64,
    /// Their bytes.
    pub peak_bytes: u64,
    /// Blocks freed by their thread before it allocated again.
    pub temporary_blocks: u64,
    /// Their bytes.
    pub temporary_bytes: u64,
}

impl SiteTotals {
    /// Blocks live when the file was written.
    pub fn live_blocks(&self) -> u64 {
        self.allocated_blocks.saturating_sub(self.freed_blocks)
    }

    /// Their bytes.
    pub fn live_bytes(&self) -> u64 {
        self.allocated_bytes.saturating_sub(self.freed_bytes)
    }

    /// Adds `other`'s counts (two tracker stacks that are one in the
    /// file).
    pub(crate) fn add(&mut self, other: &SiteTotals) {
        self.allocated_blocks = self.allocated_blocks.saturating_add(other.allocated_blocks);
        self.allocated_bytes = self.allocated_bytes.saturating_add(other.allocated_bytes);
        self.freed_blocks = self.freed_blocks.saturating_add(other.freed_blocks);
        self.freed_bytes = self.freed_bytes.saturating_add(other.freed_bytes);
        self.peak_blocks = self.peak_blocks.saturating_add(other.peak_blocks);
        self.peak_bytes = self.peak_bytes.saturating_add(other.peak_bytes);
        self.temporary_blocks = self.temporary_blocks.saturating_add(other.temporary_blocks);
        self.temporary_bytes = self.temporary_bytes.saturating_add(other.temporary_bytes);
    }

    /// The counts as (name, value) pairs, in the file's order.
    pub(crate) fn counts(&self) -> [(&'static str, u64); 8] {
        [
            ("allocated blocks", self.allocated_blocks),
            ("allocated bytes", self.allocated_bytes),
            ("freed blocks", self.freed_blocks),
            ("freed bytes", self.freed_bytes),
            ("peak blocks", self.peak_blocks),
            ("peak bytes", self.peak_bytes),
            ("temporary blocks", self.temporary_blocks),
            ("temporary bytes", self.temporary_bytes),
        ]
    }
}

/// Rows by stack, ascending, the rows of one stack added together: the
/// order `sITE` requires, from rows whose stacks were renumbered (a
/// tracker's stacks as the file's, a file's as a symbolized file's), two
/// of which may now be one.
pub(crate) fn merged_by_stack(rows: impl IntoIterator<Item = SiteTotals>) -> Vec<SiteTotals> {
    let mut by_stack: std::collections::BTreeMap<Option<StackId>, SiteTotals> = Default::default();
    for row in rows {
        by_stack
            .entry(row.stack)
            .or_insert_with(|| SiteTotals {
                stack: row.stack,
                ..SiteTotals::default()
            })
            .add(&row);
    }
    by_stack.into_values().collect()
}

/// What a mark on the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A snapshot of the tracker (an export).
    Snapshot,
    /// A kind this reader does not know (a later version's), kept.
    Other(u8),
}

impl MarkKind {
    pub(crate) fn to_wire(self) -> u8 {
        match self {
            MarkKind::Snapshot => 1,
            MarkKind::Other(kind) => kind,
        }
    }

    pub(crate) fn from_wire(kind: u8) -> Self {
        match kind {
            1 => MarkKind::Snapshot,
            other => MarkKind::Other(other),
        }
    }
}

/// An instant marked on the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// What happened then.
    pub kind: MarkKind,
    /// When, ns since the UNIX epoch.
    pub time_ns: u64,
    /// The live bytes then.
    pub bytes: u64,
    /// The live blocks then.
    pub blocks: u64,
}

/// The live memory of the run (`tIME`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunTimeline {
    /// When the first bucket starts, ns since the UNIX epoch.
    pub start_ns: u64,
    /// How long each bucket lasts, in ns (at least 1).
    pub bucket_ns: u64,
    /// The least and most live bytes and blocks of each bucket, oldest
    /// first.
    pub buckets: Vec<TimelineBucket>,
    /// When the peak was first reached and the level then; `None` when
    /// nothing was allocated.
    pub peak: Option<TimelineMark>,
    /// The marked instants (snapshots), oldest first; the file's own is
    /// the last snapshot.
    pub marks: Vec<Mark>,
}

impl RunTimeline {
    /// The timeline a tracker's snapshot copied.
    pub fn of(timeline: &memscope_tracker::Timeline) -> Self {
        RunTimeline {
            start_ns: timeline.start_ns(),
            bucket_ns: timeline.bucket_ns().max(1),
            buckets: timeline.buckets().to_vec(),
            peak: timeline.peak(),
            marks: timeline
                .snapshots()
                .iter()
                .map(|m| Mark {
                    kind: MarkKind::Snapshot,
                    time_ns: m.time_ns,
                    bytes: m.bytes,
                    blocks: m.blocks,
                })
                .collect(),
        }
    }
}

/// What a file says about the run beyond its live blocks; each part is
/// `None` in a file without its segment (one written before they
/// existed, or by another writer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Each call site's totals (`sITE`), by stack, ascending (`None`, the
    /// blocks without a stack, first).
    pub sites: Option<Vec<SiteTotals>>,
    /// The live memory over the run (`tIME`).
    pub timeline: Option<RunTimeline>,
}

impl History {
    /// Whether the file has neither segment.
    pub fn is_empty(&self) -> bool {
        self.sites.is_none() && self.timeline.is_none()
    }

    /// The same history with each site's stack renumbered by `renumber`
    /// (`None`: the site has no stack any more), rows whose stacks became
    /// one added together.
    #[cfg_attr(not(feature = "symbolize"), allow(dead_code, reason = "symbolize's"))]
    pub(crate) fn renumbered(self, renumber: impl Fn(StackId) -> Option<StackId>) -> History {
        History {
            sites: self.sites.map(|sites| {
                merged_by_stack(sites.into_iter().map(|site| SiteTotals {
                    stack: site.stack.and_then(&renumber),
                    ..site
                }))
            }),
            timeline: self.timeline,
        }
    }
}
