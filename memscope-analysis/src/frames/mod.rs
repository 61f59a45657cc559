//! Frames for people: what each frame of a file is ([`FrameClass`]), where
//! each stack's call site and runtime are ([`StackShape`]), and the one
//! label every output shows for a frame ([`ShownFrame`]).
//!
//! [`FrameTable`] decides all of it once per file, from the file's
//! [`CallStacks`]: every view (the summary's tables, the flame graph,
//! pprof, Parquet) asks it, so they never disagree.

mod classify;
mod label;
mod source;
mod symbol;

use memscope_export::{CallStacks, FrameId, ResolvedFrame, StackId};
use serde::Serialize;

pub use classify::{FrameClass, StackShape};
pub use source::{SourceKind, crate_of_dir, shown_path, source_kind};
pub use symbol::{crate_of_function, elide_generics, is_c_runtime_function, is_std_function};

use classify::{Intrinsic, Program};

/// How labels and paths are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Naming {
    /// Whole function names (with generic arguments and hashes as the
    /// symbolizer gave them) instead of short labels.
    pub full_names: bool,
    /// Absolute source paths instead of paths relative to the program's
    /// workspace, the library's crate or the dependency's directory.
    pub full_paths: bool,
}

/// A file's call stacks, every frame classified and every stack's shape
/// known.
///
/// ```
/// use memscope_analysis::frames::{FrameClass, FrameTable, Naming};
/// use memscope_export::{CallStacks, ResolvedFrame};
///
/// let mut stacks = CallStacks::default();
/// let mut frame = |function, file| stacks.push_resolved(ResolvedFrame { address: 0x10, function: Some(function), file: Some(file), line: Some(3), inlined: false });
/// let frames = [
///     frame("alloc::raw_vec::finish_grow<A>", "/rustc/c0ffee/library/alloc/src/raw_vec/mod.rs"),
///     frame("app::load", "/home/me/app/src/load.rs"),
///     frame("app::main", "/home/me/app/src/main.rs"),
///     frame("std::rt::lang_start_internal", "/rustc/c0ffee/library/std/src/rt.rs"),
/// ];
/// let id = stacks.push_stack(frames);
///
/// let table = FrameTable::new(stacks);
/// let site = table.call_site(id, Naming::default()).unwrap();
/// assert_eq!((site.label.as_str(), site.file.as_deref()), ("app::load", Some("src/load.rs")));
/// assert_eq!(table.shape(id).runtime_from, 3, "std::rt is the runtime");
/// assert_eq!(table.class(frames[0]), FrameClass::Std);
/// ```
#[derive(Debug, Clone, Default)]
pub struct FrameTable {
    stacks: CallStacks,
    program: Program,
    /// Per frame id.
    frames: Vec<Intrinsic>,
    /// Per stack id.
    shapes: Vec<StackShape>,
}

impl FrameTable {
    /// Classifies every frame and stack of `stacks`.
    pub fn new(stacks: CallStacks) -> Self {
        // A stack naming a frame the table does not hold (tables built by
        // hand; a file's are checked as they are read) keeps the frames
        // it can show.
        let mut stacks = stacks;
        let frame_count = stacks.frames.len();
        for stack in &mut stacks.stacks {
            stack.frames.retain(|id| id.index() < frame_count);
        }
        let program = Program::of(&stacks);
        let frames: Vec<Intrinsic> = stacks
            .frames
            .iter()
            .map(|frame| program.classify(&stacks.resolve(frame)))
            .collect();
        let shapes = stacks
            .stacks
            .iter()
            .map(|stack| {
                let classes: Vec<(FrameClass, bool, bool)> = stack
                    .frames
                    .iter()
                    .map(|&id| {
                        let intrinsic = &frames[id.index()];
                        let named = stacks.frames[id.index()].function.is_some();
                        (intrinsic.class, named, intrinsic.outside)
                    })
                    .collect();
                StackShape::of(&classes)
            })
            .collect();
        FrameTable {
            stacks,
            program,
            frames,
            shapes,
        }
    }

    /// The stack tables.
    pub fn stacks(&self) -> &CallStacks {
        &self.stacks
    }

    /// The directory all of the program's crates lie in, when its frames
    /// name source files.
    pub fn program_root(&self) -> Option<&str> {
        self.program.root.as_deref()
    }

    /// What frame `id` is, alone (the runtime is also a matter of a
    /// stack's shape: see [`shown_class`](Self::shown_class)).
    pub fn class(&self, id: FrameId) -> FrameClass {
        self.frames
            .get(id.index())
            .map_or(FrameClass::Unresolved, |f| f.class)
    }

    /// The crate whose code frame `id` is, when known.
    pub fn krate(&self, id: FrameId) -> Option<&str> {
        self.frames.get(id.index())?.krate.as_deref()
    }

    /// The shape of stack `id`: its runtime and its call site.
    pub fn shape(&self, id: StackId) -> StackShape {
        self.shapes.get(id.index()).copied().unwrap_or_default()
    }

    /// What the frame at `position` of stack `id` is, its place in the
    /// stack included: frames from the stack's runtime on, and frames
    /// without a symbol outside the program's module, are
    /// [`FrameClass::Runtime`].
    pub fn shown_class(&self, id: StackId, position: usize) -> FrameClass {
        let Some(stack) = self.stacks.stacks.get(id.index()) else {
            return FrameClass::Unresolved;
        };
        let Some(&frame) = stack.frames.get(position) else {
            return FrameClass::Unresolved;
        };
        let class = self.class(frame);
        // The runtime above the program, and frames without a symbol
        // outside the program's module wherever they are.
        let outside = self.frames.get(frame.index()).is_some_and(|f| f.outside);
        if class != FrameClass::Allocator && (position >= self.shape(id).runtime_from || outside) {
            FrameClass::Runtime
        } else {
            class
        }
    }

    /// Stack `id`'s frames, resolved, innermost first.
    fn resolved(&self, id: StackId) -> Vec<ResolvedFrame<'_>> {
        self.stacks
            .stack(id)
            .map(|stack| stack.frames().collect())
            .unwrap_or_default()
    }

    /// The frame at `position` of stack `id` as shown.
    pub fn frame(&self, id: StackId, position: usize, naming: Naming) -> Option<ShownFrame> {
        let frames = self.resolved(id);
        self.shown(id, &frames, position, naming)
    }

    /// Every frame of stack `id` as shown, innermost first.
    pub fn frames(&self, id: StackId, naming: Naming) -> Vec<ShownFrame> {
        let frames = self.resolved(id);
        (0..frames.len())
            .filter_map(|position| self.shown(id, &frames, position, naming))
            .collect()
    }

    /// The call site of stack `id` as shown.
    pub fn call_site(&self, id: StackId, naming: Naming) -> Option<ShownFrame> {
        let position = self.shape(id).call_site?;
        self.frame(id, position, naming)
    }

    /// The crate that owns the call site of stack `id`: the crate of its
    /// code, `(runtime)` for the C runtime, the module's file name for a
    /// frame without a symbol.
    pub fn call_site_crate(&self, id: StackId) -> Option<String> {
        let position = self.shape(id).call_site?;
        let frame_id = *self.stacks.stacks.get(id.index())?.frames.get(position)?;
        if let Some(krate) = self.krate(frame_id) {
            return Some(krate.to_owned());
        }
        let frame = self.stacks.resolve(self.stacks.frame(frame_id)?);
        Some(match self.class(frame_id) {
            FrameClass::Runtime => "(runtime)".to_owned(),
            _ if frame.function.is_none() => {
                let label = label::address_label(frame.address, &self.stacks);
                match label.rsplit_once('+') {
                    Some((module, _)) => module.to_owned(),
                    None => "(unknown)".to_owned(),
                }
            }
            _ => "(unknown)".to_owned(),
        })
    }

    fn shown(
        &self,
        id: StackId,
        frames: &[ResolvedFrame<'_>],
        position: usize,
        naming: Naming,
    ) -> Option<ShownFrame> {
        let frame = frames.get(position)?;
        let full = label::full_label(frame, &self.stacks);
        let short = label::short_label(frames, position, &self.program, &self.stacks);
        let file = frame.file.map(|file| {
            if naming.full_paths {
                file.to_owned()
            } else {
                shown_path(file, self.program.root.as_deref())
            }
        });
        Some(ShownFrame {
            position,
            address: frame.address,
            class: self.shown_class(id, position),
            // A whole name that is not a path (`{closure#0}`, `push<u8>`:
            // what debug info gives inlined functions) says less than the
            // short label, which places it: whole names keep the short.
            label: if naming.full_names && is_path(&full) {
                full.clone()
            } else {
                short
            },
            name: full,
            resolved: frame.function.is_some(),
            file,
            line: frame.line,
            inlined: frame.inlined,
        })
    }
}

/// Whether a function's name is a path (`app::load<u8>`,
/// `<T as Trait>::f`) rather than a bare name.
fn is_path(name: &str) -> bool {
    name.starts_with('<') || symbol::segments(name).len() > 1
}

/// A frame as every output shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ShownFrame {
    /// Its position in its stack, innermost first.
    pub position: usize,
    /// The return address as captured.
    pub address: u64,
    /// What it is, its place in the stack included.
    pub class: FrameClass,
    /// Its label: short ([`label`](self) rules), or whole with
    /// [`Naming::full_names`] when the whole name is a path (a bare name
    /// such as `{closure#0}` keeps its short label, which places it).
    pub label: String,
    /// Its whole name: the function as the symbolizer gave it, or the
    /// address label of a frame without a symbol.
    pub name: String,
    /// Whether the symbolizer named its function (else `label` and
    /// `name` are its module and offset, or its address).
    pub resolved: bool,
    /// Its source file, shortened unless [`Naming::full_paths`].
    pub file: Option<String>,
    /// The line, when known.
    pub line: Option<u32>,
    /// Whether it was inlined into the frame after it.
    pub inlined: bool,
}

impl ShownFrame {
    /// The frame as one line of text: its label, then `(file:line)`,
    /// `(file)`, or nothing when the file is unknown.
    ///
    /// ```
    /// use memscope_analysis::{FrameClass, ShownFrame};
    ///
    /// let frame = ShownFrame { position: 0, address: 0x10, class: FrameClass::Program, label: "app::load".into(), name: "app::load".into(), resolved: true, file: Some("src/load.rs".into()), line: Some(7), inlined: false };
    /// assert_eq!(frame.text(), "app::load (src/load.rs:7)");
    /// ```
    pub fn text(&self) -> String {
        match &self.file {
            Some(_) => format!("{} ({})", self.label, self.location()),
            None => self.label.clone(),
        }
    }

    /// `file:line`, `file`, `-:line` or `-`.
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            (None, Some(line)) => format!("-:{line}"),
            (None, None) => "-".to_owned(),
        }
    }
}
