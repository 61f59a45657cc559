//! From a tracker snapshot to what a file holds: the stack tables and
//! the thread table, and the stack and thread of each block, in the
//! order [`Snapshot::blocks`] lists them.
//!
//! Stacks: each distinct return address resolved once (memoized by
//! `memscope_symbols::Symbolizer`), inlined frames expanded, the
//! allocator's own leading frames left out, strings, frames and stacks
//! stored once. Runs at export time, outside every tracker lock.

use std::collections::HashMap;

use memscope_tracker::{OVERFLOW_STACK, Snapshot};

use crate::model::history::{History, RunTimeline, SiteTotals, merged_by_stack};
use crate::model::ids::{FrameId, StackId, StringId, ThreadIndex};
use crate::model::stacks::{CallStacks, Frame};
use crate::model::threads::{Thread, Threads};

/// How stacks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StackNames {
    /// Function, file and line, resolved now in this process.
    Resolved,
    /// Raw addresses and the module map, for symbolizing elsewhere.
    Raw,
}

/// What the stack table says when it was full.
const OVERFLOW_NAME: &str = "(stack table full: the stack was not recorded)";

/// The tables of a snapshot and the place of each of its blocks.
#[derive(Debug, Default)]
pub(crate) struct Places {
    /// The stack tables, when asked for and the tracker recorded stacks.
    pub(crate) stacks: Option<CallStacks>,
    /// The stack of each block (empty without stacks).
    pub(crate) stack_of: Vec<Option<StackId>>,
    /// The thread table, when asked for.
    pub(crate) threads: Option<Threads>,
    /// The thread of each block (empty without threads).
    pub(crate) thread_of: Vec<Option<ThreadIndex>>,
    /// The call sites' totals, by the file's stacks, and the timeline.
    pub(crate) history: History,
}

impl Places {
    /// The places of `snapshot`'s blocks: the stacks written as `stacks`
    /// says (none for `None`, or when the tracker recorded none), the
    /// threads when `threads` is set and there are stacks.
    pub(crate) fn of(snapshot: &Snapshot, stacks: Option<StackNames>, threads: bool) -> Self {
        let timeline = Some(RunTimeline::of(snapshot.timeline()));
        let Some(names) = stacks.filter(|_| snapshot.has_stacks()) else {
            // Without stacks in the file, the sites are one: the process.
            let mut all = SiteTotals::default();
            for site in snapshot.sites() {
                all.add(&totals(None, site));
            }
            let sites = (!snapshot.sites().is_empty()).then(|| vec![all]);
            return Places {
                history: History { sites, timeline },
                ..Places::default()
            };
        };
        let (tables, stack_of, sites) = call_stacks_of(snapshot, names);
        let (threads, thread_of) = if threads {
            let (table, of) = threads_of(snapshot);
            (Some(table), of)
        } else {
            (None, Vec::new())
        };
        Places {
            stacks: Some(tables),
            stack_of,
            threads,
            thread_of,
            history: History {
                sites: Some(sites),
                timeline,
            },
        }
    }
}

/// A tracker's site counts as a row of the file, at `stack`.
fn totals(stack: Option<StackId>, site: &memscope_tracker::SiteStats) -> SiteTotals {
    SiteTotals {
        stack,
        allocated_blocks: site.allocated_blocks,
        allocated_bytes: site.allocated_bytes,
        freed_blocks: site.freed_blocks,
        freed_bytes: site.freed_bytes,
        peak_blocks: site.peak_blocks,
        peak_bytes: site.peak_bytes,
        temporary_blocks: site.temporary_blocks,
        temporary_bytes: site.temporary_bytes,
    }
}

/// The threads of `snapshot`'s blocks, with the names the tracker kept,
/// and the thread of each block.
fn threads_of(snapshot: &Snapshot) -> (Threads, Vec<Option<ThreadIndex>>) {
    let mut index = HashMap::new();
    let mut threads = Threads::default();
    let of_blocks = snapshot
        .blocks()
        .map(|block| {
            if block.thread_id == 0 {
                return None;
            }
            Some(*index.entry(block.thread_id).or_insert_with(|| {
                threads.push(Thread {
                    id: block.thread_id,
                    name: snapshot
                        .thread_name(block.thread_id)
                        .unwrap_or_default()
                        .to_owned(),
                })
            }))
        })
        .collect();
    (threads, of_blocks)
}

/// Builds the file's stacks for `snapshot`, the stack of each block, and
/// the call sites' rows: by the file's stack, ascending, two tracker
/// stacks that are one in the file (they differed only in the
/// allocator's own frames) added together.
fn call_stacks_of(
    snapshot: &Snapshot,
    names: StackNames,
) -> (CallStacks, Vec<Option<StackId>>, Vec<SiteTotals>) {
    let mut builder = Builder::new(names);
    let mut ids = Vec::with_capacity(snapshot.len());
    let mut file_ids: HashMap<u32, Option<StackId>> = HashMap::new();
    let mut file_id = |tracker_id: u32, builder: &mut Builder| match tracker_id {
        0 => None,
        tracker_id => *file_ids
            .entry(tracker_id)
            .or_insert_with(|| builder.stack(tracker_id, snapshot.stack(tracker_id))),
    };
    for block in snapshot.blocks() {
        ids.push(file_id(block.stack_id, &mut builder));
    }
    let sites: Vec<SiteTotals> = snapshot
        .sites()
        .iter()
        .map(|site| totals(file_id(site.stack_id, &mut builder), site))
        .collect();
    (builder.finish(), ids, merged_by_stack(sites))
}

/// Whether a resolved frame is the allocator's own.
#[cfg(feature = "symbolize")]
fn is_machinery(function: &Option<String>, file: &Option<String>) -> bool {
    memscope_symbols::is_allocation_machinery(function.as_deref(), file.as_deref())
}

/// Without symbols no frame is known to be the allocator's.
#[cfg(not(feature = "symbolize"))]
fn is_machinery(_function: &Option<String>, _file: &Option<String>) -> bool {
    false
}

/// Interns strings, frames and stacks as they are met.
pub(crate) struct Builder {
    stacks: CallStacks,
    strings: HashMap<String, StringId>,
    frames: HashMap<Frame, FrameId>,
    by_frames: HashMap<Vec<FrameId>, StackId>,
    #[cfg(feature = "symbolize")]
    symbolizer: Option<memscope_symbols::Symbolizer>,
    /// Whether the symbolizer is the process's, to give back when done.
    #[cfg(feature = "symbolize")]
    process: bool,
    names: StackNames,
}

impl Builder {
    fn new(names: StackNames) -> Self {
        Builder {
            stacks: CallStacks::default(),
            strings: HashMap::new(),
            frames: HashMap::new(),
            by_frames: HashMap::new(),
            #[cfg(feature = "symbolize")]
            symbolizer: crate::process_symbols::PROCESS.take(std::process::id()),
            #[cfg(feature = "symbolize")]
            process: true,
            names,
        }
    }

    /// A builder that resolves with `symbolizer` (another process's
    /// module map, for `symbolize`), as an export in that process would.
    #[cfg(feature = "symbolize")]
    pub(crate) fn with_symbolizer(symbolizer: memscope_symbols::Symbolizer) -> Self {
        Builder {
            stacks: CallStacks::default(),
            strings: HashMap::new(),
            frames: HashMap::new(),
            by_frames: HashMap::new(),
            symbolizer: Some(symbolizer),
            process: false,
            names: StackNames::Resolved,
        }
    }

    /// Why some addresses resolved to unknown frames so far.
    #[cfg(feature = "symbolize")]
    pub(crate) fn problems(&self) -> &[memscope_symbols::SymbolError] {
        self.symbolizer
            .as_ref()
            .map_or(&[], memscope_symbols::Symbolizer::problems)
    }

    /// The id of `text` in the string table.
    fn string(&mut self, text: &str) -> StringId {
        if let Some(&id) = self.strings.get(text) {
            return id;
        }
        self.stacks.strings.push(text.to_owned());
        let id = StringId::from_index(self.stacks.strings.len() - 1);
        self.strings.insert(text.to_owned(), id);
        id
    }

    /// The id of `frame` in the frame table.
    fn frame(&mut self, frame: Frame) -> FrameId {
        *self
            .frames
            .entry(frame)
            .or_insert_with(|| self.stacks.push_frame(frame))
    }

    /// The file's id of the tracker's stack `tracker_id`, whose return
    /// addresses are `addresses` (`None` for the overflow id).
    pub(crate) fn stack(
        &mut self,
        tracker_id: u32,
        addresses: Option<&[usize]>,
    ) -> Option<StackId> {
        let frames = match addresses {
            Some(addresses) => self.frames_of(addresses),
            None if tracker_id == OVERFLOW_STACK => {
                let function = Some(self.string(OVERFLOW_NAME));
                vec![self.frame(Frame {
                    address: 0,
                    function,
                    file: None,
                    line: None,
                    inlined: false,
                })]
            }
            None => Vec::new(),
        };
        if frames.is_empty() {
            return None;
        }
        if let Some(&id) = self.by_frames.get(&frames) {
            return Some(id);
        }
        let id = self.stacks.push_stack(frames.iter().copied());
        self.by_frames.insert(frames, id);
        Some(id)
    }

    /// The frames of a stack: resolved (inlined frames expanded, leading
    /// allocator frames left out), or raw.
    fn frames_of(&mut self, addresses: &[usize]) -> Vec<FrameId> {
        let mut frames = Vec::with_capacity(addresses.len());
        let mut leading = true;
        for &address in addresses {
            let resolved = self.resolve(address as u64);
            let count = resolved.len();
            // Until the program's first frame, the allocator's frames are
            // left out: at one address, every frame up to the outermost
            // allocator frame (the allocator, inlined into its caller,
            // and what it inlined); the frames outside it are the
            // caller's, and stay.
            let mut skip = 0;
            if leading {
                skip = resolved
                    .iter()
                    .rposition(|(function, file, _)| is_machinery(function, file))
                    .map_or(0, |outermost| outermost + 1);
                if skip == count {
                    continue;
                }
            }
            leading = false;
            for (i, (function, file, line)) in resolved.into_iter().enumerate().skip(skip) {
                let function = function.map(|f| self.string(&f));
                let file = file.map(|f| self.string(&f));
                let frame = Frame {
                    address: address as u64,
                    function,
                    file,
                    line: line.filter(|&line| line != 0),
                    inlined: i + 1 < count,
                };
                frames.push(self.frame(frame));
            }
        }
        // A stack entirely inside the allocator (none should be) keeps
        // its frames rather than vanish.
        if frames.is_empty() && !addresses.is_empty() {
            for &address in addresses {
                frames.push(self.frame(Frame {
                    address: address as u64,
                    function: None,
                    file: None,
                    line: None,
                    inlined: false,
                }));
            }
        }
        frames.truncate(u16::MAX as usize);
        frames
    }

    /// The frames at one return address, innermost first: function, file
    /// and line of each (all `None` in raw mode or when unknown).
    #[allow(clippy::type_complexity)]
    fn resolve(&mut self, address: u64) -> Vec<(Option<String>, Option<String>, Option<u32>)> {
        #[cfg(feature = "symbolize")]
        if self.names == StackNames::Resolved
            && let Some(symbolizer) = self.symbolizer.as_mut()
        {
            return symbolizer
                .resolve(address)
                .iter()
                .map(|f| (f.function.clone(), f.file.clone(), f.line))
                .collect();
        }
        let _ = address;
        vec![(None, None, None)]
    }

    /// The tables, with the module map in raw mode.
    pub(crate) fn finish(mut self) -> CallStacks {
        if self.names == StackNames::Raw {
            self.add_modules();
        }
        std::mem::take(&mut self.stacks)
    }

    /// The process's module map, for symbolizing raw addresses elsewhere.
    #[cfg(feature = "symbolize")]
    fn add_modules(&mut self) {
        let Some(modules) = self.symbolizer.as_ref().map(|s| s.modules().to_vec()) else {
            return;
        };
        for module in modules {
            let path = self.string(&module.path.to_string_lossy());
            self.stacks.modules.push(crate::model::stacks::Module {
                start: module.start,
                end: module.end,
                file_offset: module.file_offset,
                path,
                build_id: module.build_id.clone().unwrap_or_default(),
            });
        }
    }

    /// Without the `symbolize` feature the module map is not read: raw
    /// addresses are written alone.
    #[cfg(not(feature = "symbolize"))]
    fn add_modules(&mut self) {}
}

/// The process's symbolizer goes back for the next export.
#[cfg(feature = "symbolize")]
impl Drop for Builder {
    fn drop(&mut self) {
        if self.process
            && let Some(symbolizer) = self.symbolizer.take()
        {
            crate::process_symbols::PROCESS.give_back(std::process::id(), symbolizer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_frames_and_stacks_are_stored_once_and_ids_follow_the_blocks() {
        let tracker = memscope_tracker::MemoryTracker::new();
        tracker.record_alloc_with_stack(0x1000, 8, 1, &[0x10, 0x20]);
        tracker.record_alloc_with_stack(0x2000, 8, 2, &[0x10, 0x20]);
        tracker.record_alloc_with_stack(0x3000, 8, 3, &[0x10, 0x30]);
        tracker.record_alloc_at(0x4000, 8, 4);
        let snapshot = tracker.snapshot();
        let places = Places::of(&snapshot, Some(StackNames::Raw), true);
        let stacks = places.stacks.unwrap();
        assert_eq!(stacks.stacks.len(), 2);
        assert_eq!(stacks.frames.len(), 3, "0x10 is one frame in two stacks");
        let by_ptr: HashMap<usize, Option<StackId>> = snapshot
            .blocks()
            .zip(&places.stack_of)
            .map(|(b, &id)| (b.ptr, id))
            .collect();
        assert_eq!(by_ptr[&0x1000], by_ptr[&0x2000]);
        assert_ne!(by_ptr[&0x1000], by_ptr[&0x3000]);
        assert_eq!(by_ptr[&0x4000], None);
        stacks.validate().unwrap();
        assert_eq!(places.thread_of.len(), 4);
    }

    #[test]
    fn without_stacks_there_are_no_places() {
        let tracker = memscope_tracker::MemoryTracker::new();
        tracker.record_alloc_with_stack(0x1000, 8, 1, &[0x10]);
        let places = Places::of(&tracker.snapshot(), None, true);
        assert!(places.stacks.is_none() && places.threads.is_none());
        assert!(places.stack_of.is_empty() && places.thread_of.is_empty());
    }
}
