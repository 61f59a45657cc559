//! Call stacks ranked by the bytes allocated under each, each with the
//! frames worth showing: the allocator's frames dropped, the runtime
//! folded, and, when the call site is deep, the frames between the
//! innermost and the call site left out.

use std::cmp::Reverse;

use memscope_export::StackId;
use serde::Serialize;

use crate::analysis::Analysis;
use crate::frames::{FrameClass, FrameTable, Naming, ShownFrame};
use crate::tally::Tally;

/// How many frames of each stack are shown unless told otherwise.
pub const DEFAULT_DEPTH: usize = 10;

/// Some frames of a stack, innermost first: the first ones, or, when its
/// call site is deeper than that, the innermost frame, then the call site
/// and its callers. The allocator's frames are never shown, nor the
/// runtime's above the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownStack {
    /// How many frames the stack has.
    pub depth: usize,
    /// Where its call site is in it.
    pub call_site: Option<usize>,
    /// The frames shown, each with its position.
    pub frames: Vec<ShownFrame>,
    /// How many frames are not shown: the allocator's, the runtime's, and
    /// those past `depth`.
    #[serde(rename = "frames_left_out")]
    pub left_out: usize,
}

impl ShownStack {
    /// At most `depth` frames of stack `id` of `table`.
    pub fn of(table: &FrameTable, id: StackId, depth: usize, naming: Naming) -> Self {
        let all = table.frames(id, naming);
        let shape = table.shape(id);
        let call_site = shape.call_site;
        // The frames worth showing: not the allocator's, and not the
        // runtime's (but the call site always, even in the runtime).
        let visible: Vec<usize> = (0..all.len())
            .filter(|&p| {
                let class = table.shown_class(id, p);
                Some(p) == call_site
                    || !matches!(class, FrameClass::Allocator | FrameClass::Runtime)
            })
            .collect();
        let positions: Vec<usize> = match call_site {
            // The innermost frame, then the call site and its callers.
            Some(site) if visible.iter().take(depth).all(|&p| p != site) && depth >= 2 => {
                let from = visible.iter().position(|&p| p == site).unwrap_or(0);
                std::iter::once(visible[0])
                    .chain(visible[from..].iter().copied().take(depth - 1))
                    .collect()
            }
            _ => visible.iter().copied().take(depth).collect(),
        };
        ShownStack {
            depth: all.len(),
            call_site,
            left_out: all.len() - positions.len(),
            frames: positions.into_iter().map(|p| all[p].clone()).collect(),
        }
    }
}

/// One stack of a file with the blocks allocated under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackRow {
    /// Its number in the file (numbers differ between files).
    pub id: u32,
    /// Blocks allocated under it.
    pub count: u64,
    /// Their sizes added up.
    pub bytes: u64,
    /// Its frames worth showing.
    #[serde(flatten)]
    pub stack: ShownStack,
}

/// The stacks of a file holding the most bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopStacks {
    /// The top stacks, most bytes first (then most blocks, then id).
    pub stacks: Vec<StackRow>,
    /// How many distinct stacks have blocks.
    pub stack_count: usize,
    /// Blocks without a call stack.
    pub without_stack: Tally,
    /// The most frames shown of each stack.
    pub depth: usize,
}

impl Analysis {
    /// The `top` stacks holding the most bytes, `depth` frames each.
    pub fn top_stacks(&self, top: usize, depth: usize, naming: Naming) -> TopStacks {
        let mut entries: Vec<(StackId, Tally)> = self.stacks_with_blocks().collect();
        let stack_count = entries.len();
        entries.sort_unstable_by_key(|&(id, t)| (Reverse(t.bytes), Reverse(t.count), id));
        let stacks = match self.frames.as_deref() {
            Some(table) => entries
                .into_iter()
                .take(top)
                .map(|(id, tally)| StackRow {
                    id: id.number(),
                    count: tally.count,
                    bytes: tally.bytes,
                    stack: ShownStack::of(table, id, depth, naming),
                })
                .collect(),
            None => Vec::new(),
        };
        TopStacks {
            stacks,
            stack_count,
            without_stack: self.without_stack(),
            depth,
        }
    }
}
