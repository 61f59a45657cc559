//! [`CallStacks`]: where each live block was allocated, as a version-2
//! file carries it (FORMAT.md, "Version 2"): deduplicated strings, frames
//! (inlined frames expanded), stacks of frame indices, and one stack id per
//! record. Each segment body is a derived [`BinaryRecord`].

use memscope_binary::{BinaryRecord, CodecError, Layout};

use crate::error::{FormatError, Tag};

/// Bit 0 of [`Frame::flags`]: the frame was inlined into the frame that
/// follows it in a stack.
pub const INLINED: u32 = 1 << 0;

/// One frame: an address and, when known, the function, file and line.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[binary(size = 24)]
pub struct Frame {
    /// The return address as captured.
    pub address: u64,
    /// The function's name: string index + 1, 0 when unknown.
    pub function: u32,
    /// The source file: string index + 1, 0 when unknown.
    pub file: u32,
    /// The line, 0 when unknown.
    pub line: u32,
    /// Frame flags; bit 0 is [`INLINED`].
    pub flags: u32,
}

impl Frame {
    /// Whether the frame was inlined into the one after it.
    pub fn is_inlined(&self) -> bool {
        self.flags & INLINED != 0
    }
}

/// One stack: frame indices, innermost (the allocating function) first.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Stack {
    /// Indices into [`CallStacks::frames`].
    #[binary(len = u16)]
    pub frames: Vec<u32>,
}

/// A module mapped in the process at export time: for symbolizing raw
/// addresses elsewhere.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub struct Module {
    /// Start of the module's executable mapping.
    pub start: u64,
    /// End of that mapping (exclusive).
    pub end: u64,
    /// The file offset mapped at `start`.
    pub file_offset: u64,
    /// The module's path: a string index.
    pub path: u32,
    /// The GNU build id, empty when the module has none.
    #[binary(len = u16)]
    pub build_id: Vec<u8>,
}

/// One string of the string table.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StringEntry {
    #[binary(len = u32)]
    pub(crate) text: String,
}

/// The body of `sSTR`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StringsBody {
    pub(crate) strings: Vec<StringEntry>,
}

/// The body of `sFRM`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FramesBody {
    pub(crate) frames: Vec<Frame>,
}

/// The body of `sSTK`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StacksBody {
    pub(crate) stacks: Vec<Stack>,
}

/// The body of `sIDS`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IdsBody {
    pub(crate) ids: Vec<u32>,
}

/// The body of `sMOD`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ModulesBody {
    pub(crate) modules: Vec<Module>,
}

/// The call stacks of a version-2 file.
///
/// ```
/// use memscope_export::{CallStacks, Frame};
///
/// let mut stacks = CallStacks::default();
/// let main = stacks.intern_string("main");
/// let file = stacks.intern_string("src/main.rs");
/// let frame = stacks.push_frame(Frame { address: 0x1234, function: main + 1, file: file + 1, line: 7, flags: 0 });
/// let stack = stacks.push_stack(vec![frame]);
/// stacks.ids = vec![stack, 0];
/// stacks.validate(2).unwrap();
/// let resolved = stacks.stack_of_record(0).unwrap();
/// assert_eq!(resolved[0].function, Some("main"));
/// assert_eq!(resolved[0].line, Some(7));
/// assert!(stacks.stack_of_record(1).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallStacks {
    /// The string table: function names, file and module paths.
    pub strings: Vec<String>,
    /// The frame table.
    pub frames: Vec<Frame>,
    /// The stack table; a stack's id is its index + 1.
    pub stacks: Vec<Stack>,
    /// The stack id of each record, in record order; 0 for none.
    pub ids: Vec<u32>,
    /// The module map, when the frames carry raw addresses.
    pub modules: Vec<Module>,
}

/// A frame with its names looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl CallStacks {
    /// The index of `text` in the string table, adding it if new. Linear
    /// in the table: for building small tables in tests and tools; the
    /// exporter interns with a map.
    pub fn intern_string(&mut self, text: &str) -> u32 {
        match self.strings.iter().position(|s| s == text) {
            Some(i) => i as u32,
            None => {
                self.strings.push(text.to_owned());
                (self.strings.len() - 1) as u32
            }
        }
    }

    /// Adds a frame; returns its index.
    pub fn push_frame(&mut self, frame: Frame) -> u32 {
        self.frames.push(frame);
        (self.frames.len() - 1) as u32
    }

    /// Adds the frame that [`resolve`](Self::resolve) would give back as
    /// `frame`, its names interned (linearly, as
    /// [`intern_string`](Self::intern_string)); returns its index. For
    /// building small tables in tests and tools.
    ///
    /// ```
    /// use memscope_export::{CallStacks, ResolvedFrame};
    ///
    /// let mut stacks = CallStacks::default();
    /// let frame = ResolvedFrame { address: 0x10, function: Some("app::main"), file: None, line: Some(7), inlined: true };
    /// let index = stacks.push_resolved(frame);
    /// assert_eq!(stacks.resolve(&stacks.frames[index as usize]), frame);
    /// ```
    pub fn push_resolved(&mut self, frame: ResolvedFrame<'_>) -> u32 {
        let mut string = |text: Option<&str>| text.map_or(0, |t| self.intern_string(t) + 1);
        let (function, file) = (string(frame.function), string(frame.file));
        self.push_frame(Frame {
            address: frame.address,
            function,
            file,
            line: frame.line.unwrap_or(0),
            flags: if frame.inlined { INLINED } else { 0 },
        })
    }

    /// Adds a stack of frame indices, innermost first; returns its id
    /// (index + 1).
    pub fn push_stack(&mut self, frames: Vec<u32>) -> u32 {
        self.stacks.push(Stack { frames });
        self.stacks.len() as u32
    }

    /// The stack with id `id` (1-based), its frames resolved.
    pub fn stack(&self, id: u32) -> Option<Vec<ResolvedFrame<'_>>> {
        let stack = self.stacks.get((id as usize).checked_sub(1)?)?;
        Some(
            stack
                .frames
                .iter()
                .filter_map(|&f| self.frames.get(f as usize))
                .map(|f| self.resolve(f))
                .collect(),
        )
    }

    /// The stack of record `index`, its frames resolved; `None` when the
    /// record has none.
    pub fn stack_of_record(&self, index: usize) -> Option<Vec<ResolvedFrame<'_>>> {
        self.stack(*self.ids.get(index)?)
    }

    /// A frame with its names looked up.
    pub fn resolve(&self, frame: &Frame) -> ResolvedFrame<'_> {
        let string = |index: u32| {
            (index as usize)
                .checked_sub(1)
                .and_then(|i| self.strings.get(i))
                .map(String::as_str)
        };
        ResolvedFrame {
            address: frame.address,
            function: string(frame.function),
            file: string(frame.file),
            line: (frame.line != 0).then_some(frame.line),
            inlined: frame.is_inlined(),
        }
    }

    /// The stack id of record `index`: 0 when it has none (or there is
    /// no such record).
    pub fn id_of_record(&self, index: usize) -> u32 {
        self.ids.get(index).copied().unwrap_or(0)
    }

    /// The call site of stack `id`: where the program asked for memory,
    /// its innermost frame outside the allocation machinery
    /// ([`is_allocator_function`]) and the standard library's own frames
    /// ([`is_library_function`]: `Vec` growing, `String` formatting, ...).
    /// When every frame is library code, the innermost frame outside the
    /// allocator; when every frame is the allocator, the innermost frame.
    /// A frame whose function is unknown counts as the program's. `None`
    /// for an unknown id or an empty stack.
    ///
    /// ```
    /// use memscope_export::{CallStacks, Frame};
    ///
    /// let mut stacks = CallStacks::default();
    /// let mut frame = |stacks: &mut CallStacks, name: &str| {
    ///     let function = stacks.intern_string(name) + 1;
    ///     stacks.push_frame(Frame { address: 0x10, function, file: 0, line: 0, flags: 0 })
    /// };
    /// let frames = vec![
    ///     frame(&mut stacks, "__rustc::__rust_realloc"),
    ///     frame(&mut stacks, "alloc::raw_vec::RawVecInner<A>::finish_grow"),
    ///     frame(&mut stacks, "app::build_index"),
    ///     frame(&mut stacks, "app::main"),
    /// ];
    /// let id = stacks.push_stack(frames);
    /// assert_eq!(stacks.call_site(id).unwrap().function, Some("app::build_index"));
    /// ```
    pub fn call_site(&self, id: u32) -> Option<ResolvedFrame<'_>> {
        let index = self.call_site_index(id)?;
        let stack = self.stacks.get((id as usize).checked_sub(1)?)?;
        let frame = self.frames.get(*stack.frames.get(index)? as usize)?;
        Some(self.resolve(frame))
    }

    /// Where the [`call_site`](Self::call_site) of stack `id` is in it:
    /// its position, innermost first.
    pub fn call_site_index(&self, id: u32) -> Option<usize> {
        let stack = self.stacks.get((id as usize).checked_sub(1)?)?;
        let frames = || {
            stack
                .frames
                .iter()
                .filter_map(|&f| self.frames.get(f as usize))
                .map(|f| self.resolve(f))
        };
        frames().next()?;
        // The first frame of the program's own, else the first outside
        // the allocator (a stack entirely in the standard library), else
        // the innermost.
        frames()
            .position(|frame| is_program_frame(&frame))
            .or_else(|| frames().position(|frame| !is_machinery(&frame, false)))
            .or(Some(0))
    }

    /// Checks every cross-reference: string, frame and stack indices in
    /// range, one id per record, reserved frame flags clear.
    pub fn validate(&self, records: u64) -> Result<(), FormatError> {
        self.check(records, |_| 0)
    }

    /// [`validate`](Self::validate), with errors placed at the start of
    /// the body of the segment at fault (`at` gives it per tag).
    pub(crate) fn check(
        &self,
        records: u64,
        at: impl Fn([u8; 4]) -> u64,
    ) -> Result<(), FormatError> {
        let out_of_range = |what: &'static str, index: u64, count: usize, tag: [u8; 4]| {
            FormatError::IndexOutOfRange {
                what,
                index,
                count: count as u64,
                tag: crate::error::Tag(tag),
                offset: at(tag),
            }
        };
        if self.ids.len() as u64 != records {
            return Err(FormatError::StackIdCount {
                found: self.ids.len() as u64,
                records,
                offset: at(IDS),
            });
        }
        let strings = self.strings.len();
        for frame in &self.frames {
            for index in [frame.function, frame.file] {
                if index as usize > strings {
                    return Err(out_of_range(
                        "string",
                        u64::from(index) - 1,
                        strings,
                        FRAMES,
                    ));
                }
            }
            if frame.flags & !INLINED != 0 {
                return Err(FormatError::ReservedFrameFlags {
                    flags: frame.flags,
                    offset: at(FRAMES),
                });
            }
        }
        for stack in &self.stacks {
            for &frame in &stack.frames {
                if frame as usize >= self.frames.len() {
                    return Err(out_of_range(
                        "frame",
                        u64::from(frame),
                        self.frames.len(),
                        STACKS,
                    ));
                }
            }
        }
        for &id in &self.ids {
            if id as usize > self.stacks.len() {
                return Err(out_of_range(
                    "stack",
                    u64::from(id) - 1,
                    self.stacks.len(),
                    IDS,
                ));
            }
        }
        for module in &self.modules {
            if module.path as usize >= strings {
                return Err(out_of_range(
                    "string",
                    u64::from(module.path),
                    strings,
                    MODULES,
                ));
            }
        }
        Ok(())
    }
}

/// Whether `function` belongs to the allocation machinery itself: the
/// tracking allocator, the global-allocator shims and the `alloc` entry
/// points. Frames in them say nothing about which code allocated: the
/// exporter leaves leading ones out of the stacks it writes, and a call
/// site ([`CallStacks::call_site`]) is the first frame outside them.
///
/// ```
/// use memscope_export::is_allocator_function;
///
/// assert!(is_allocator_function("__rust_alloc"));
/// assert!(is_allocator_function("__rustc::__rust_realloc"));
/// assert!(is_allocator_function("alloc::alloc::exchange_malloc"));
/// assert!(!is_allocator_function("alloc::vec::from_elem"));
/// ```
pub fn is_allocator_function(function: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "memscope_tracker::",
        "<memscope_tracker::",
        "__rust_alloc",
        "__rust_realloc",
        "__rg_",
        "__rdl_",
        // The allocator shims as v0 symbols demangle (`__rustc::__rust_alloc`).
        "__rustc::",
        "alloc::alloc::",
        "std::alloc::",
        "<std::alloc::System",
    ];
    PREFIXES.iter().any(|prefix| function.starts_with(prefix))
}

/// Source files of the allocation machinery: the tracker's (whose
/// allocator hook inlines several of them) and the standard library's
/// `alloc` entry points. Debug info names inlined
/// functions without their path (`alloc`, `realloc`), so the file is what
/// tells them apart.
pub(crate) fn is_allocator_file(file: &str) -> bool {
    // Every source file of the tracker is its own machinery (the allocator
    // hook inlines code of several of them: fork.rs, tracker.rs, ...):
    // a path with the components `memscope-tracker` (or, from a registry,
    // `memscope-tracker-<version>`) and then `src`, either separator.
    const SUFFIXES: [&str; 2] = ["library/alloc/src/alloc.rs", "library/std/src/alloc.rs"];
    let components: Vec<&str> = file.split(['/', '\\']).collect();
    let tracker = components.windows(2).any(|pair| {
        let versioned = pair[0]
            .strip_prefix("memscope-tracker-")
            .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()));
        (pair[0] == "memscope-tracker" || versioned) && pair[1] == "src"
    });
    tracker || SUFFIXES.iter().any(|suffix| file.ends_with(suffix))
}

/// Whether `frame` is the program's own: neither the allocator's nor the
/// standard library's, by its function's path or, for inlined frames that
/// debug info names without a path, by its source file. A frame with no
/// symbol may be anyone's, and counts as the program's.
///
/// ```
/// use memscope_export::{ResolvedFrame, is_program_frame};
///
/// let frame = |function, file| ResolvedFrame { address: 1, function, file, line: None, inlined: false };
/// assert!(is_program_frame(&frame(Some("app::main"), Some("src/main.rs"))));
/// assert!(!is_program_frame(&frame(Some("alloc::raw_vec::finish_grow"), None)));
/// // An inlined frame named without its path: its file tells.
/// assert!(!is_program_frame(&frame(Some("try_allocate_in<A>"), Some("/rustc/abc/library/alloc/src/raw_vec/mod.rs"))));
/// assert!(is_program_frame(&frame(None, None)));
/// ```
pub fn is_program_frame(frame: &ResolvedFrame<'_>) -> bool {
    !is_machinery(frame, true)
}

/// Whether `frame` belongs to the allocator, or (when `library`) to the
/// standard library.
fn is_machinery(frame: &ResolvedFrame<'_>, library: bool) -> bool {
    let by_name = frame
        .function
        .is_some_and(|name| is_allocator_function(name) || (library && is_library_function(name)));
    let by_file = frame
        .file
        .is_some_and(|file| is_allocator_file(file) || (library && is_library_file(file)));
    by_name || by_file
}

/// Whether `file` is a source file of the standard library or of a crate
/// it is built from: the paths rustc's prebuilt library records
/// (`/rustc/<commit>/library/...`, `/rust/deps/hashbrown-.../...`), or a
/// local `rust-src` copy (`.../lib/rustlib/src/rust/library/...`).
///
/// ```
/// use memscope_export::is_library_file;
///
/// assert!(is_library_file("/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/alloc/src/raw_vec/mod.rs"));
/// assert!(is_library_file("/rust/deps/hashbrown-0.16.1/src/raw/mod.rs"));
/// assert!(!is_library_file("examples/quickstart.rs"));
/// assert!(!is_library_file("/home/me/app/src/rustc/mod.rs"));
/// ```
pub fn is_library_file(file: &str) -> bool {
    file.starts_with("/rustc/")
        || file.starts_with("/rust/deps/")
        || file.contains("/lib/rustlib/src/rust/library/")
}

/// Whether `function` is the standard library's own code: a path in
/// `alloc`, `core` or `std` (or `hashbrown`, which std's `HashMap` is), a
/// library trait's method on a type that is not a path of another crate
/// (`<str as alloc::string::ToString>::to_string`), or `main`, the entry
/// point rustc generates to start the runtime. A method of the
/// program's own type stays the program's, whoever defined the trait
/// (`<app::Config as core::clone::Clone>::clone`). Used to find the call
/// site of a stack ([`CallStacks::call_site`]).
///
/// ```
/// use memscope_export::is_library_function;
///
/// assert!(is_library_function("alloc::raw_vec::RawVec<T,A>::grow_one"));
/// assert!(is_library_function("<alloc::vec::Vec<T> as core::clone::Clone>::clone"));
/// assert!(is_library_function("<str as alloc::string::ToString>::to_string"));
/// assert!(is_library_function("<&str as <std::ffi::os_str::OsString>::push::SpecPushTo>::spec_push_to"));
/// assert!(!is_library_function("<app::Config as core::clone::Clone>::clone"));
/// assert!(!is_library_function("<&app::Config as core::fmt::Debug>::fmt"));
/// assert!(is_library_function("main"));
/// assert!(!is_library_function("app::main"));
/// ```
pub fn is_library_function(function: &str) -> bool {
    const CRATES: [&str; 4] = ["alloc::", "core::", "std::", "hashbrown::"];
    // A path, seen through the references, pointers, slices and trait
    // objects around it.
    fn path_of(mut text: &str) -> &str {
        for prefix in ["<", "&mut ", "&", "*const ", "*mut ", "[", "(", "dyn "] {
            while let Some(rest) = text.strip_prefix(prefix) {
                text = rest;
            }
        }
        text
    }
    let library = |text: &str| {
        let path = path_of(text);
        CRATES.iter().any(|krate| path.starts_with(krate))
    };
    if function == "main" || library(function) {
        return true;
    }
    match function
        .strip_prefix('<')
        .and_then(|inner| inner.split_once(" as "))
    {
        Some((self_type, trait_path)) => {
            library(trait_path) && (library(self_type) || !path_of(self_type).contains("::"))
        }
        None => false,
    }
}

/// One extension segment of a version-2 file, where the reader met it.
///
/// ```
/// use memscope_export::{ExtensionSegment, Tag};
///
/// let segment = ExtensionSegment { tag: Tag(*b"sFRM"), offset: 300, length: 52 };
/// assert_eq!(segment.end(), 364);
/// assert_eq!(segment.meaning(), "call stacks: frames");
/// assert!(!segment.is_critical());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionSegment {
    /// Its tag.
    pub tag: Tag,
    /// Where it begins (its tag), from the start of the file.
    pub offset: u64,
    /// The length of its body as stored (compressed, in a compressed
    /// file), without the 12 bytes of tag and length.
    pub length: u64,
}

impl ExtensionSegment {
    /// The offset just past its body.
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(12).saturating_add(self.length)
    }

    /// Whether a reader that does not know it must refuse the file (the
    /// tag's first letter is upper case).
    pub fn is_critical(&self) -> bool {
        is_critical(self.tag.0)
    }

    /// What it holds, in words.
    pub fn meaning(&self) -> &'static str {
        match self.tag.0 {
            STRINGS => "call stacks: strings",
            FRAMES => "call stacks: frames",
            STACKS => "call stacks: stacks",
            IDS => "call stacks: the stack of each record",
            MODULES => "call stacks: modules",
            crate::threads::THREADS => "threads: the thread of each record",
            END => "end of the extension segments",
            _ => "unknown ancillary segment, skipped",
        }
    }
}

/// The tags of the version-2 segments, in the order the writer puts them.
pub(crate) const STRINGS: [u8; 4] = *b"sSTR";
pub(crate) const FRAMES: [u8; 4] = *b"sFRM";
pub(crate) const STACKS: [u8; 4] = *b"sSTK";
pub(crate) const IDS: [u8; 4] = *b"sIDS";
pub(crate) const MODULES: [u8; 4] = *b"sMOD";
pub(crate) const END: [u8; 4] = *b"ENDS";

/// Whether a tag is critical: its first letter is upper case.
pub(crate) fn is_critical(tag: [u8; 4]) -> bool {
    tag[0].is_ascii_uppercase()
}

/// The head of an extension segment: its tag and body length.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(size = 12)]
pub(crate) struct SegmentHead {
    pub(crate) tag: [u8; 4],
    pub(crate) length: u64,
}

/// The body of `ENDS`: where the extension segments begin.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(size = 8)]
pub(crate) struct EndBody {
    pub(crate) first_segment: u64,
}

/// A segment's tag and its encoded body.
pub(crate) type EncodedSegment = ([u8; 4], Vec<u8>);

/// The encoded bodies of the stack segments, in writing order.
pub(crate) fn encode_bodies(stacks: &CallStacks) -> Result<Vec<EncodedSegment>, CodecError> {
    let mut bodies = vec![
        (
            STRINGS,
            StringsBody {
                strings: stacks
                    .strings
                    .iter()
                    .map(|s| StringEntry { text: s.clone() })
                    .collect(),
            }
            .to_bytes(Layout::Basic)?,
        ),
        (
            FRAMES,
            FramesBody {
                frames: stacks.frames.clone(),
            }
            .to_bytes(Layout::Basic)?,
        ),
        (
            STACKS,
            StacksBody {
                stacks: stacks.stacks.clone(),
            }
            .to_bytes(Layout::Basic)?,
        ),
        (
            IDS,
            IdsBody {
                ids: stacks.ids.clone(),
            }
            .to_bytes(Layout::Basic)?,
        ),
    ];
    if !stacks.modules.is_empty() {
        bodies.push((
            MODULES,
            ModulesBody {
                modules: stacks.modules.clone(),
            }
            .to_bytes(Layout::Basic)?,
        ));
    }
    Ok(bodies)
}

/// Decodes a whole segment body as `T`, refusing bytes left over.
pub(crate) fn decode_body<T: BinaryRecord>(
    tag: [u8; 4],
    body: &[u8],
    body_offset: u64,
) -> Result<T, FormatError> {
    let (value, used) =
        T::decode_slice(body, Layout::Basic).map_err(|source| FormatError::SegmentBody {
            tag: crate::error::Tag(tag),
            source: source.shifted(body_offset),
        })?;
    if used != body.len() {
        return Err(FormatError::SegmentTrailing {
            tag: crate::error::Tag(tag),
            offset: body_offset + used as u64,
            extra: (body.len() - used) as u64,
        });
    }
    Ok(value)
}

/// Fills `stacks` from the body of the known segment `tag`.
pub(crate) fn apply_body(
    stacks: &mut CallStacks,
    tag: [u8; 4],
    body: &[u8],
    body_offset: u64,
) -> Result<(), FormatError> {
    match tag {
        STRINGS => {
            stacks.strings = decode_body::<StringsBody>(tag, body, body_offset)?
                .strings
                .into_iter()
                .map(|s| s.text)
                .collect();
        }
        FRAMES => stacks.frames = decode_body::<FramesBody>(tag, body, body_offset)?.frames,
        STACKS => stacks.stacks = decode_body::<StacksBody>(tag, body, body_offset)?.stacks,
        IDS => stacks.ids = decode_body::<IdsBody>(tag, body, body_offset)?.ids,
        MODULES => stacks.modules = decode_body::<ModulesBody>(tag, body, body_offset)?.modules,
        _ => {}
    }
    Ok(())
}

/// Whether the reader knows `tag`: the stack segments, `tHRD` and `ENDS`.
pub(crate) fn is_known(tag: [u8; 4]) -> bool {
    matches!(
        tag,
        STRINGS | FRAMES | STACKS | IDS | MODULES | END | crate::threads::THREADS
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_24_bytes_field_by_field() {
        let frame = Frame {
            address: 0x0102_0304_0506_0708,
            function: 1,
            file: 2,
            line: 300,
            flags: INLINED,
        };
        #[rustfmt::skip]
        let expected: [u8; 24] = [
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // address
            1, 0, 0, 0,                                     // function: string 0
            2, 0, 0, 0,                                     // file: string 1
            0x2c, 0x01, 0, 0,                               // line 300
            1, 0, 0, 0,                                     // INLINED
        ];
        assert_eq!(frame.to_bytes(Layout::Basic).unwrap(), expected);
    }

    #[test]
    fn tags_say_critical_or_ancillary_by_their_first_letter() {
        assert!(is_critical(END));
        for tag in [STRINGS, FRAMES, STACKS, IDS, MODULES] {
            assert!(!is_critical(tag), "{tag:?}");
        }
    }

    #[test]
    fn validation_names_what_is_out_of_range() {
        let mut stacks = CallStacks::default();
        let f = stacks.push_frame(Frame {
            address: 1,
            function: 5,
            file: 0,
            line: 0,
            flags: 0,
        });
        stacks.push_stack(vec![f]);
        stacks.ids = vec![1];
        let err = stacks.validate(1).unwrap_err();
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
        stacks.validate(1).unwrap();
        stacks.ids = vec![2];
        assert!(matches!(
            stacks.validate(1),
            Err(FormatError::IndexOutOfRange { what: "stack", .. })
        ));
        assert!(matches!(
            stacks.validate(2),
            Err(FormatError::StackIdCount {
                found: 1,
                records: 2,
                ..
            })
        ));
    }
}
