//! From a tracker snapshot's raw call stacks to a file's [`CallStacks`]:
//! each distinct return address resolved once (memoized by
//! `memscope_symbols::Symbolizer`), inlined frames expanded, the
//! allocator's own frames left out, strings, frames and stacks stored
//! once. Runs at export time, outside every tracker lock.

use std::collections::HashMap;

use memscope_tracker::{OVERFLOW_STACK, Snapshot};

use crate::stacks::{
    CallStacks, Frame, INLINED, is_allocator_file, is_allocator_function as is_allocator_frame,
};

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

/// Builds the file's stacks for `snapshot`, one id per block in snapshot
/// order.
pub(crate) fn call_stacks_of(snapshot: &Snapshot, names: StackNames) -> CallStacks {
    let mut builder = Builder::new(names);
    let mut ids = Vec::with_capacity(snapshot.len());
    let mut file_ids: HashMap<u32, u32> = HashMap::new();
    for block in snapshot.blocks() {
        let id = match block.stack_id {
            0 => 0,
            tracker_id => *file_ids
                .entry(tracker_id)
                .or_insert_with(|| builder.stack(tracker_id, snapshot.stack(tracker_id))),
        };
        ids.push(id);
    }
    let mut stacks = builder.finish();
    stacks.ids = ids;
    stacks
}

/// Interns strings, frames and stacks as they are met.
struct Builder {
    stacks: CallStacks,
    strings: HashMap<String, u32>,
    frames: HashMap<Frame, u32>,
    by_frames: HashMap<Vec<u32>, u32>,
    #[cfg(feature = "symbolize")]
    symbolizer: Option<memscope_symbols::Symbolizer>,
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
            symbolizer: memscope_symbols::Symbolizer::for_current_process().ok(),
            names,
        }
    }

    /// The index + 1 of `text` in the string table.
    fn string(&mut self, text: &str) -> u32 {
        if let Some(&index) = self.strings.get(text) {
            return index + 1;
        }
        let index = self.stacks.strings.len() as u32;
        self.stacks.strings.push(text.to_owned());
        self.strings.insert(text.to_owned(), index);
        index + 1
    }

    /// The index of `frame` in the frame table.
    fn frame(&mut self, frame: Frame) -> u32 {
        *self.frames.entry(frame).or_insert_with(|| {
            self.stacks.frames.push(frame);
            (self.stacks.frames.len() - 1) as u32
        })
    }

    /// The file's id of the tracker's stack `tracker_id`, whose return
    /// addresses are `addresses` (`None` for the overflow id).
    fn stack(&mut self, tracker_id: u32, addresses: Option<&[usize]>) -> u32 {
        let frames = match addresses {
            Some(addresses) => self.frames_of(addresses),
            None if tracker_id == OVERFLOW_STACK => {
                let function = self.string(OVERFLOW_NAME);
                vec![self.frame(Frame {
                    address: 0,
                    function,
                    file: 0,
                    line: 0,
                    flags: 0,
                })]
            }
            None => Vec::new(),
        };
        if frames.is_empty() {
            return 0;
        }
        if let Some(&id) = self.by_frames.get(&frames) {
            return id;
        }
        let id = self.stacks.push_stack(frames.clone());
        self.by_frames.insert(frames, id);
        id
    }

    /// The frames of a stack: resolved (inlined frames expanded, leading
    /// allocator frames left out), or raw.
    fn frames_of(&mut self, addresses: &[usize]) -> Vec<u32> {
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
                    .rposition(|(function, file, _)| {
                        function.as_deref().is_some_and(is_allocator_frame)
                            || file.as_deref().is_some_and(is_allocator_file)
                    })
                    .map_or(0, |outermost| outermost + 1);
                if skip == count {
                    continue;
                }
            }
            leading = false;
            for (i, (function, file, line)) in resolved.into_iter().enumerate().skip(skip) {
                let function = function.map_or(0, |f| self.string(&f));
                let file = file.map_or(0, |f| self.string(&f));
                let frame = Frame {
                    address: address as u64,
                    function,
                    file,
                    line: line.unwrap_or(0),
                    flags: if i + 1 < count { INLINED } else { 0 },
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
                    function: 0,
                    file: 0,
                    line: 0,
                    flags: 0,
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
    fn finish(mut self) -> CallStacks {
        if self.names == StackNames::Raw {
            self.add_modules();
        }
        self.stacks
    }

    /// The process's module map, for symbolizing raw addresses elsewhere.
    #[cfg(feature = "symbolize")]
    fn add_modules(&mut self) {
        let Some(symbolizer) = self.symbolizer.take() else {
            return;
        };
        for module in symbolizer.modules() {
            let path = self.string(&module.path.to_string_lossy()) - 1;
            self.stacks.modules.push(crate::stacks::Module {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allocation_machinery_is_recognised_by_name() {
        for name in [
            "memscope_tracker::tracker::MemoryTracker::record_alloc_captured",
            "<memscope_tracker::allocator::TrackingAllocator as core::alloc::global::GlobalAlloc>::alloc",
            "__rust_alloc",
            "__rust_realloc",
            "__rustc::__rust_realloc",
            "alloc::alloc::exchange_malloc",
        ] {
            assert!(is_allocator_frame(name), "{name}");
        }
        assert!(is_allocator_file(
            "/rustc/0123abcd/library/alloc/src/alloc.rs"
        ));
        assert!(is_allocator_file("/work/memscope-tracker/src/allocator.rs"));
        assert!(is_allocator_file("/work/memscope-tracker/src/fork.rs"));
        assert!(is_allocator_file(
            "/home/me/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/memscope-tracker-0.1.0/src/allocator.rs"
        ));
        assert!(is_allocator_file(
            r"C:\build\memscope-tracker\src\tracker.rs"
        ));
        assert!(!is_allocator_file("/work/my-memscope-tracker/src/main.rs"));
        assert!(!is_allocator_file(
            "/rustc/0123abcd/library/alloc/src/raw_vec.rs"
        ));
        for name in [
            "alloc::vec::from_elem",
            "my_app::load",
            "<alloc::raw_vec::RawVecInner>::grow_one",
        ] {
            assert!(!is_allocator_frame(name), "{name}");
        }
    }

    #[test]
    fn identical_frames_and_stacks_are_stored_once_and_ids_follow_the_blocks() {
        let tracker = memscope_tracker::MemoryTracker::new();
        tracker.record_alloc_with_stack(0x1000, 8, 1, &[0x10, 0x20]);
        tracker.record_alloc_with_stack(0x2000, 8, 2, &[0x10, 0x20]);
        tracker.record_alloc_with_stack(0x3000, 8, 3, &[0x10, 0x30]);
        tracker.record_alloc_at(0x4000, 8, 4);
        let snapshot = tracker.snapshot();
        let stacks = call_stacks_of(&snapshot, StackNames::Raw);
        assert_eq!(stacks.stacks.len(), 2);
        assert_eq!(stacks.frames.len(), 3, "0x10 is one frame in two stacks");
        let by_ptr: HashMap<usize, u32> = snapshot
            .blocks()
            .zip(&stacks.ids)
            .map(|(b, &id)| (b.ptr, id))
            .collect();
        assert_eq!(by_ptr[&0x1000], by_ptr[&0x2000]);
        assert_ne!(by_ptr[&0x1000], by_ptr[&0x3000]);
        assert_eq!(by_ptr[&0x4000], 0);
        stacks.validate(4).unwrap();
    }
}
