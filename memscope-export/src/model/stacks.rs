//! [`CallStacks`]: where live blocks were allocated, as a version-2 file
//! carries it (FORMAT.md, "Version 2"): strings, frames (inlined frames
//! expanded), stacks of frames, and, for frames not symbolized, the
//! modules they lie in. Each record names its stack by [`StackId`]; the
//! reader hands each record out with its stack
//! ([`Record::stack`](crate::Record::stack)).
//!
//! This is the model, with typed ids; how the segments encode it is
//! `crate::wire`'s business. Which frames are the program's and which
//! the runtime's is a question of policy, answered by
//! `memscope-analysis`.

use crate::error::{FormatError, Tag};
use crate::model::ids::{FrameId, StackId, StringId};
use crate::wire;

/// One frame: an address and, when known, the function, file and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Frame {
    /// The return address as captured.
    pub address: u64,
    /// The function's name, when known.
    pub function: Option<StringId>,
    /// The source file, when known.
    pub file: Option<StringId>,
    /// The line, when known (never 0).
    pub line: Option<u32>,
    /// Whether it was inlined into the frame that follows it in a stack.
    pub inlined: bool,
}

/// One stack: its frames, innermost (the allocating function) first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Stack {
    /// The frames.
    pub frames: Vec<FrameId>,
}

/// A module mapped in the process at export time: for symbolizing raw
/// addresses elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// Start of the module's executable mapping.
    pub start: u64,
    /// End of that mapping (exclusive).
    pub end: u64,
    /// The file offset mapped at `start`.
    pub file_offset: u64,
    /// The module's path.
    pub path: StringId,
    /// The GNU build id, empty when the module has none.
    pub build_id: Vec<u8>,
}

/// A frame with its names looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResolvedFrame<'a> {
    /// The return address as captured.
    pub address: u64,
    /// The function, when known.
    pub function: Option<&'a str>,
    /// The source file, when known.
    pub file: Option<&'a str>,
    /// The line, when known.
    pub line: Option<u32>,
    /// Whether it was inlined into the next frame.
    pub inlined: bool,
}

/// The call stack tables of a version-2 file.
///
/// ```
/// use memscope_export::{CallStacks, Frame};
///
/// let mut stacks = CallStacks::default();
/// let main = stacks.intern_string("main");
/// let file = stacks.intern_string("src/main.rs");
/// let frame = stacks.push_frame(Frame { address: 0x1234, function: Some(main), file: Some(file), line: Some(7), inlined: false });
/// let id = stacks.push_stack([frame]);
/// stacks.validate().unwrap();
///
/// let stack = stacks.stack(id).unwrap();
/// let innermost = stack.frames().next().unwrap();
/// assert_eq!((innermost.function, innermost.line), (Some("main"), Some(7)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallStacks {
    /// The string table: function names, file and module paths.
    pub strings: Vec<String>,
    /// The frame table.
    pub frames: Vec<Frame>,
    /// The stack table.
    pub stacks: Vec<Stack>,
    /// The module map, when the frames carry raw addresses.
    pub modules: Vec<Module>,
}

impl CallStacks {
    /// The id of `text` in the string table, adding it if new. Linear in
    /// the table: for building small tables in tests and tools (the
    /// exporter interns with a map).
    pub fn intern_string(&mut self, text: &str) -> StringId {
        match self.strings.iter().position(|s| s == text) {
            Some(i) => StringId::from_index(i),
            None => {
                self.strings.push(text.to_owned());
                StringId::from_index(self.strings.len() - 1)
            }
        }
    }

    /// Adds a frame; returns its id.
    pub fn push_frame(&mut self, frame: Frame) -> FrameId {
        self.frames.push(frame);
        FrameId::from_index(self.frames.len() - 1)
    }

    /// Adds the frame that [`resolve`](Self::resolve) gives back as
    /// `frame`, its names interned (linearly, as
    /// [`intern_string`](Self::intern_string)); returns its id. For
    /// building small tables in tests and tools.
    ///
    /// ```
    /// use memscope_export::{CallStacks, ResolvedFrame};
    ///
    /// let mut stacks = CallStacks::default();
    /// let frame = ResolvedFrame { address: 0x10, function: Some("app::main"), file: None, line: Some(7), inlined: true };
    /// let id = stacks.push_resolved(frame);
    /// assert_eq!(stacks.resolve(stacks.frame(id).unwrap()), frame);
    /// ```
    pub fn push_resolved(&mut self, frame: ResolvedFrame<'_>) -> FrameId {
        let function = frame.function.map(|f| self.intern_string(f));
        let file = frame.file.map(|f| self.intern_string(f));
        self.push_frame(Frame {
            address: frame.address,
            function,
            file,
            line: frame.line.filter(|&line| line != 0),
            inlined: frame.inlined,
        })
    }

    /// Adds a stack of frames, innermost first; returns its id.
    pub fn push_stack(&mut self, frames: impl IntoIterator<Item = FrameId>) -> StackId {
        self.stacks.push(Stack {
            frames: frames.into_iter().collect(),
        });
        StackId::from_index(self.stacks.len() - 1)
    }

    /// The string `id` names.
    pub fn string(&self, id: StringId) -> Option<&str> {
        self.strings.get(id.index()).map(String::as_str)
    }

    /// The frame `id` names.
    pub fn frame(&self, id: FrameId) -> Option<&Frame> {
        self.frames.get(id.index())
    }

    /// The stack `id` names, as a view that resolves its frames as they
    /// are asked for.
    pub fn stack(&self, id: StackId) -> Option<StackView<'_>> {
        let stack = self.stacks.get(id.index())?;
        Some(StackView {
            stacks: self,
            id,
            frames: &stack.frames,
        })
    }

    /// Every stack, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = StackView<'_>> + '_ {
        self.stacks
            .iter()
            .enumerate()
            .map(|(index, stack)| StackView {
                stacks: self,
                id: StackId::from_index(index),
                frames: &stack.frames,
            })
    }

    /// A frame with its names looked up.
    pub fn resolve(&self, frame: &Frame) -> ResolvedFrame<'_> {
        let string = |id: Option<StringId>| id.and_then(|id| self.string(id));
        ResolvedFrame {
            address: frame.address,
            function: string(frame.function),
            file: string(frame.file),
            line: frame.line,
            inlined: frame.inlined,
        }
    }

    /// Checks every cross-reference: string, frame and module indices in
    /// range, and stacks no deeper than a file can hold (65,535 frames).
    /// (A line of 0 is written as an unknown line.)
    pub fn validate(&self) -> Result<(), FormatError> {
        self.check(|_| 0)
    }

    /// [`validate`](Self::validate), with errors placed at the start of
    /// the body of the segment at fault (`at` gives it per tag).
    pub(crate) fn check(&self, at: impl Fn([u8; 4]) -> u64) -> Result<(), FormatError> {
        let out_of_range = |what: &'static str, index: usize, count: usize, tag: [u8; 4]| {
            FormatError::IndexOutOfRange {
                what,
                index: index as u64,
                count: count as u64,
                tag: Tag(tag),
                offset: at(tag),
            }
        };
        let strings = self.strings.len();
        for frame in &self.frames {
            for id in [frame.function, frame.file].into_iter().flatten() {
                if id.index() >= strings {
                    return Err(out_of_range("string", id.index(), strings, wire::FRAMES));
                }
            }
        }
        for stack in &self.stacks {
            for &frame in &stack.frames {
                if frame.index() >= self.frames.len() {
                    return Err(out_of_range(
                        "frame",
                        frame.index(),
                        self.frames.len(),
                        wire::STACKS,
                    ));
                }
            }
            if stack.frames.len() > usize::from(u16::MAX) {
                return Err(FormatError::StackTooDeep {
                    depth: stack.frames.len() as u64,
                    max: u64::from(u16::MAX),
                    offset: at(wire::STACKS),
                });
            }
        }
        for module in &self.modules {
            if module.path.index() >= strings {
                return Err(out_of_range(
                    "string",
                    module.path.index(),
                    strings,
                    wire::MODULES,
                ));
            }
        }
        Ok(())
    }

    /// Whether `id` names a stack of the table.
    pub(crate) fn has(&self, id: StackId) -> bool {
        id.index() < self.stacks.len()
    }

    /// How many distinct strings the frames name: for tests of interning.
    #[cfg(test)]
    pub(crate) fn distinct_strings(&self) -> usize {
        self.strings
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
    }
}

/// One stack of a [`CallStacks`], its frames resolved as they are asked
/// for: innermost (the allocating function) first.
///
/// ```
/// use memscope_export::{CallStacks, ResolvedFrame};
///
/// let mut stacks = CallStacks::default();
/// let frame = |function| ResolvedFrame { address: 0x10, function: Some(function), file: None, line: None, inlined: false };
/// let inner = stacks.push_resolved(frame("app::load"));
/// let outer = stacks.push_resolved(frame("app::main"));
/// let id = stacks.push_stack([inner, outer]);
///
/// let stack = stacks.stack(id).unwrap();
/// let names: Vec<_> = stack.frames().filter_map(|f| f.function).collect();
/// assert_eq!(names, ["app::load", "app::main"]);
/// assert_eq!(stack.len(), 2);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct StackView<'a> {
    stacks: &'a CallStacks,
    id: StackId,
    frames: &'a [FrameId],
}

impl<'a> StackView<'a> {
    /// Its id.
    pub fn id(&self) -> StackId {
        self.id
    }

    /// The tables it belongs to.
    pub fn tables(&self) -> &'a CallStacks {
        self.stacks
    }

    /// How many frames it has.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Whether it has no frame.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// Its frames' ids, innermost first.
    pub fn frame_ids(&self) -> &'a [FrameId] {
        self.frames
    }

    /// Its frames, innermost first, resolved.
    pub fn frames(&self) -> Frames<'a> {
        Frames {
            stacks: self.stacks,
            ids: self.frames.iter(),
        }
    }

    /// Frame `position` (0 for the innermost), resolved.
    pub fn frame(&self, position: usize) -> Option<ResolvedFrame<'a>> {
        self.frames
            .get(position)
            .map(|&id| self.stacks.resolve_id(id))
    }
}

impl<'a> IntoIterator for StackView<'a> {
    type Item = ResolvedFrame<'a>;
    type IntoIter = Frames<'a>;

    fn into_iter(self) -> Frames<'a> {
        self.frames()
    }
}

/// The frames of a [`StackView`], resolved one by one: innermost first,
/// or outermost first from the back.
#[derive(Debug, Clone)]
pub struct Frames<'a> {
    stacks: &'a CallStacks,
    ids: std::slice::Iter<'a, FrameId>,
}

impl<'a> Iterator for Frames<'a> {
    type Item = ResolvedFrame<'a>;

    fn next(&mut self) -> Option<ResolvedFrame<'a>> {
        self.ids.next().map(|&id| self.stacks.resolve_id(id))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl DoubleEndedIterator for Frames<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.ids.next_back().map(|&id| self.stacks.resolve_id(id))
    }
}

impl ExactSizeIterator for Frames<'_> {}

impl std::iter::FusedIterator for Frames<'_> {}

impl CallStacks {
    /// The frame `id` names, resolved; a frame of no known name at
    /// address 0 when the id is out of range (a validated table has
    /// none).
    fn resolve_id(&self, id: FrameId) -> ResolvedFrame<'_> {
        match self.frame(id) {
            Some(frame) => self.resolve(frame),
            None => ResolvedFrame {
                address: 0,
                function: None,
                file: None,
                line: None,
                inlined: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_what_is_out_of_range() {
        let mut stacks = CallStacks::default();
        let f = stacks.push_frame(Frame {
            address: 1,
            function: Some(StringId::from_index(4)),
            file: None,
            line: None,
            inlined: false,
        });
        stacks.push_stack([f]);
        let err = stacks.validate().unwrap_err();
        assert!(
            matches!(
                err,
                FormatError::IndexOutOfRange {
                    what: "string",
                    index: 4,
                    ..
                }
            ),
            "{err}"
        );
        stacks.strings = vec!["a".into(); 5];
        stacks.validate().unwrap();
        stacks.push_stack([FrameId::from_index(3)]);
        assert!(matches!(
            stacks.validate(),
            Err(FormatError::IndexOutOfRange { what: "frame", .. })
        ));
    }

    #[test]
    fn interning_keeps_one_copy_of_each_string() {
        let mut stacks = CallStacks::default();
        let a = stacks.intern_string("a");
        let b = stacks.intern_string("b");
        assert_eq!(stacks.intern_string("a"), a);
        assert_ne!(a, b);
        assert_eq!(stacks.distinct_strings(), stacks.strings.len());
        assert_eq!(stacks.string(b), Some("b"));
    }

    #[test]
    fn a_view_walks_its_frames_both_ways_without_copying_the_stack() {
        let mut stacks = CallStacks::default();
        let ids: Vec<FrameId> = (0..3)
            .map(|i| {
                stacks.push_resolved(ResolvedFrame {
                    address: i,
                    function: None,
                    file: None,
                    line: None,
                    inlined: false,
                })
            })
            .collect();
        let id = stacks.push_stack(ids.iter().copied());
        let view = stacks.stack(id).unwrap();
        let outermost_first: Vec<u64> = view.frames().rev().map(|f| f.address).collect();
        assert_eq!(outermost_first, [2, 1, 0]);
        assert_eq!(view.frame(1).unwrap().address, 1);
        assert!(view.frame(3).is_none());
        assert_eq!(stacks.iter().len(), 1);
        assert!(stacks.stack(StackId::from_index(1)).is_none());
    }
}
