//! What each frame is ([`FrameClass`]), decided once per file for every
//! output: the allocator's machinery, the runtime above the program, the
//! standard library, dependencies, the program, and frames without a
//! symbol.

use std::collections::{HashMap, HashSet};

use memscope_export::{CallStacks, ResolvedFrame};
use serde::Serialize;

use crate::frames::source::{SourceKind, common_root, crate_dir, source_kind};
use crate::frames::symbol::{
    crate_of_function, elide_generics, is_c_runtime_function, is_closure_segment, is_std_function,
    segments, trait_crate_of,
};

/// What a frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameClass {
    /// The allocation machinery: the tracking allocator, the global
    /// allocator's shims, `alloc::alloc`. Dropped from every view.
    Allocator,
    /// The runtime above the program's code: the C start-up and thread
    /// entry, `std::rt`, and the standard library's frames between them
    /// and the program's first frame. Folded away by default.
    Runtime,
    /// The standard library (`std`, `core`, `alloc`, `hashbrown`).
    Std,
    /// A dependency: a crate from a registry, a git checkout or a
    /// `vendor/` directory, not of the program's family.
    Dependency,
    /// The program's own code: its sources, and the crates of its family
    /// (`jaq_json` for a program `jaq`).
    Program,
    /// A frame with no symbol, inside the program's module (or in a file
    /// that keeps raw addresses).
    Unresolved,
}

impl FrameClass {
    /// Its name in text: `allocator`, `runtime`, `std`, `dependency`,
    /// `program`, `unresolved`.
    pub fn name(self) -> &'static str {
        match self {
            FrameClass::Allocator => "allocator",
            FrameClass::Runtime => "runtime",
            FrameClass::Std => "std",
            FrameClass::Dependency => "dependency",
            FrameClass::Program => "program",
            FrameClass::Unresolved => "unresolved",
        }
    }
}

/// A frame's class read off the frame alone (the runtime is also a
/// matter of position: see [`StackShape`]), and its crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Intrinsic {
    pub(crate) class: FrameClass,
    /// The crate whose code it is, when known.
    pub(crate) krate: Option<String>,
    /// Whether it has no symbol and lies outside the program's module:
    /// folded into the runtime wherever it is.
    pub(crate) outside: bool,
}

/// What is known of the program from a file's frames as a whole: its
/// crates, its workspace root, its module.
#[derive(Debug, Clone, Default)]
pub(crate) struct Program {
    /// The crates of the program's own sources.
    pub(crate) crates: HashSet<String>,
    /// Crate directories of the program's sources and the crate each
    /// holds, as the qualified names of its functions say.
    pub(crate) dir_crates: HashMap<String, String>,
    /// The directory every crate of the program lies in.
    pub(crate) root: Option<String>,
    /// The address range of the program's executable, when the file keeps
    /// raw addresses with its module map.
    module: Option<(u64, u64)>,
    /// The path of each function with a qualified name, by its source
    /// file and last segment (generics elided), to qualify the bare name
    /// debug info gives the same function where it is inlined; `None`
    /// where two functions of one file end alike.
    pub(crate) qualified: HashMap<(String, String), Option<String>>,
}

impl Program {
    /// What `stacks`' frames say of the program.
    pub(crate) fn of(stacks: &CallStacks) -> Self {
        let mut program = Program {
            // The executable comes first in the module map.
            module: stacks.modules.first().map(|m| (m.start, m.end)),
            ..Program::default()
        };
        let mut dirs = HashSet::new();
        for frame in &stacks.frames {
            let frame = stacks.resolve(frame);
            let Some(file) = frame.file else { continue };
            if let Some(function) = frame.function {
                program.learn_qualified(function, file);
            }
            // The tracker's own sources, a path dependency of the program,
            // are not the program's.
            if source_kind(file) != SourceKind::Program
                || memscope_symbols::is_allocation_machinery(frame.function, Some(file))
            {
                continue;
            }
            let Some(dir) = crate_dir(file) else { continue };
            dirs.insert(dir.to_owned());
            if let Some(krate) = frame.function.and_then(crate_of_function)
                && !is_std_function(frame.function.unwrap_or(""))
            {
                program
                    .dir_crates
                    .entry(dir.to_owned())
                    .or_insert_with(|| krate.to_owned());
                program.crates.insert(krate.to_owned());
            }
        }
        if program.crates.is_empty() {
            // No source file says which code is the program's (a build
            // without line tables, cargo's default release profile): the
            // crate of its `main` does.
            program.crates = stacks
                .frames
                .iter()
                .filter_map(|frame| stacks.resolve(frame).function)
                .filter_map(|function| {
                    let elided = elide_generics(function);
                    match segments(&elided)[..] {
                        [krate, "main"] if !is_std_function(&elided) => Some(krate.to_owned()),
                        _ => None,
                    }
                })
                .collect();
        }
        program.root = common_root(dirs.iter().map(String::as_str));
        program
    }

    /// Remembers the path of `function`, found in `file`, if it is
    /// qualified and not a closure.
    fn learn_qualified(&mut self, function: &str, file: &str) {
        let elided = elide_generics(function);
        let parts = segments(&elided);
        let Some(&last) = parts.last() else { return };
        if (parts.len() < 2 && !elided.starts_with('<')) || is_closure_segment(last) {
            return;
        }
        let key = (file.to_owned(), last.to_owned());
        match self.qualified.get_mut(&key) {
            None => {
                self.qualified.insert(key, Some(elided));
            }
            Some(known) => {
                if known.as_deref() != Some(elided.as_str()) {
                    *known = None;
                }
            }
        }
    }

    /// The one qualified path of a function of `file` whose bare name is
    /// `name`; `None` when none or several are known.
    pub(crate) fn qualified_name(&self, file: &str, name: &str) -> Option<&str> {
        self.qualified
            .get(&(file.to_owned(), name.to_owned()))
            .and_then(|known| known.as_deref())
    }

    /// Whether the dependency `krate` is of the program's family: its name
    /// is a program crate's followed by `_` (`jaq_json` of `jaq`).
    pub(crate) fn is_family(&self, krate: &str) -> bool {
        self.crates.iter().any(|program| {
            krate
                .strip_prefix(program.as_str())
                .is_some_and(|rest| rest.starts_with('_'))
        })
    }

    /// The crate of a program source file, as its directory's functions
    /// say, else as the directory is named.
    pub(crate) fn crate_of_file(&self, file: &str) -> Option<String> {
        if let Some(krate) = crate::frames::source::target_crate(file) {
            return Some(krate);
        }
        let dir = crate_dir(file)?;
        Some(match self.dir_crates.get(dir) {
            Some(krate) => krate.clone(),
            None => crate::frames::source::crate_of_dir(dir.rsplit('/').next().unwrap_or(dir)),
        })
    }

    /// Whether an address lies in the program's executable; `None` when
    /// the file has no module map to tell.
    fn in_module(&self, address: u64) -> Option<bool> {
        self.module
            .map(|(start, end)| (start..end).contains(&address))
    }

    /// The class and crate of `frame`, alone.
    pub(crate) fn classify(&self, frame: &ResolvedFrame<'_>) -> Intrinsic {
        let intrinsic = |class, krate: Option<String>| Intrinsic {
            class,
            krate,
            outside: false,
        };
        if memscope_symbols::is_allocation_machinery(frame.function, frame.file) {
            return intrinsic(FrameClass::Allocator, None);
        }
        if let Some(file) = frame.file {
            return match source_kind(file) {
                SourceKind::Std { krate, .. } => intrinsic(FrameClass::Std, Some(krate)),
                SourceKind::CRuntime => intrinsic(FrameClass::Runtime, None),
                SourceKind::Dependency { krate, .. } => {
                    let class = if self.is_family(&krate) {
                        FrameClass::Program
                    } else {
                        FrameClass::Dependency
                    };
                    intrinsic(class, Some(krate))
                }
                SourceKind::Program => intrinsic(
                    FrameClass::Program,
                    frame
                        .function
                        .filter(|f| !is_std_function(f))
                        .and_then(crate_of_function)
                        .map(str::to_owned)
                        .or_else(|| self.crate_of_file(file)),
                ),
            };
        }
        match frame.function {
            Some(function) if is_c_runtime_function(function) => {
                intrinsic(FrameClass::Runtime, None)
            }
            Some(function) if is_std_function(function) => intrinsic(
                FrameClass::Std,
                crate_of_function(function).map(str::to_owned),
            ),
            Some(function) => {
                let mut krate = crate_of_function(function).map(str::to_owned);
                // A method of the program's trait on a dependency's type
                // is the program's: the dependency cannot see the trait.
                if let Some(of_trait) = trait_crate_of(function)
                    && self.crates.contains(of_trait)
                {
                    krate = Some(of_trait.to_owned());
                }
                let class = match &krate {
                    Some(k) if self.crates.contains(k) || self.is_family(k) => FrameClass::Program,
                    // A crate no source of the program names: a
                    // dependency built without line tables.
                    Some(_) if !self.crates.is_empty() => FrameClass::Dependency,
                    _ => FrameClass::Program,
                };
                intrinsic(class, krate)
            }
            None => Intrinsic {
                class: FrameClass::Unresolved,
                krate: None,
                // Symbolized files resolved what they could: what is left
                // has no symbols, and is not the program's.
                outside: !self.in_module(frame.address).unwrap_or(false),
            },
        }
    }
}

/// Where the parts of one stack are: which outer frames are the runtime,
/// and which frame is its call site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StackShape {
    /// Position (innermost first) from which every frame outward is the
    /// runtime; the stack's length when none is.
    pub runtime_from: usize,
    /// The call site's position: the innermost frame of the program; in a
    /// stack without one, the innermost named frame outside the
    /// allocator; in a stack of addresses only, the innermost frame.
    /// `None` for an empty stack.
    pub call_site: Option<usize>,
}

impl StackShape {
    /// The shape of a stack whose frames (innermost first) have
    /// `classes`; `named` says which have a function name.
    pub(crate) fn of(classes: &[(FrameClass, bool, bool)]) -> Self {
        // (class, named, outside the program's module)
        let folds = |&(class, _, outside): &(FrameClass, bool, bool)| {
            matches!(class, FrameClass::Std | FrameClass::Runtime)
                || (class == FrameClass::Unresolved && outside)
        };
        let kept = classes.iter().rposition(|frame| !folds(frame));
        let runtime_from = kept.map_or(0, |at| at + 1);
        let call_site = classes
            .iter()
            .position(|&(class, ..)| class == FrameClass::Program)
            .or_else(|| {
                classes
                    .iter()
                    .position(|&(class, named, _)| named && class != FrameClass::Allocator)
            })
            .or_else(|| {
                classes
                    .iter()
                    .position(|&(class, ..)| class != FrameClass::Allocator)
            })
            .or((!classes.is_empty()).then_some(0));
        StackShape {
            runtime_from,
            call_site,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memscope_export::Module;

    fn frame<'a>(function: Option<&'a str>, file: Option<&'a str>) -> ResolvedFrame<'a> {
        ResolvedFrame {
            address: 0x10,
            function,
            file,
            line: None,
            inlined: false,
        }
    }

    fn program(crates: &[&str]) -> Program {
        Program {
            crates: crates.iter().map(|c| c.to_string()).collect(),
            ..Program::default()
        }
    }

    #[test]
    fn each_frame_is_classed_by_its_file_first_then_its_name() {
        let p = program(&["jaq"]);
        let class =
            |function: Option<&str>, file: Option<&str>| p.classify(&frame(function, file)).class;
        let indexmap = "/r/.cargo/registry/src/index.crates.io-1/indexmap-2.7.0/src/map/core.rs";
        let jaq_json = "/r/.cargo/registry/src/index.crates.io-1/jaq-json-1.1.0/src/read.rs";
        assert_eq!(class(Some("__rust_alloc"), None), FrameClass::Allocator);
        assert_eq!(
            class(
                Some("finish_grow<A>"),
                Some("/rustc/x/library/alloc/src/raw_vec/mod.rs")
            ),
            FrameClass::Std
        );
        assert_eq!(
            class(Some("reserve_entries"), Some(indexmap)),
            FrameClass::Dependency
        );
        assert_eq!(
            class(Some("parse_many"), Some(jaq_json)),
            FrameClass::Program,
            "of the program's family"
        );
        assert_eq!(
            class(Some("jaq::main"), Some("/w/jaq/src/main.rs")),
            FrameClass::Program
        );
        assert_eq!(
            class(Some("__libc_start_call_main"), None),
            FrameClass::Runtime
        );
        assert_eq!(
            class(Some("std::rt::lang_start_internal"), None),
            FrameClass::Std
        );
        assert_eq!(class(Some("jaq_std::funs"), None), FrameClass::Program);
        assert_eq!(class(Some("serde::de::x"), None), FrameClass::Dependency);
        assert_eq!(class(None, None), FrameClass::Unresolved);
        assert!(p.classify(&frame(None, None)).outside);
    }

    #[test]
    fn a_raw_file_keeps_the_program_s_own_addresses_inside() {
        let mut stacks = CallStacks::default();
        let path = stacks.intern_string("/bin/app");
        stacks.modules.push(Module {
            start: 0x1000,
            end: 0x2000,
            file_offset: 0,
            path,
            build_id: Vec::new(),
        });
        let p = Program::of(&stacks);
        let at = |address| {
            p.classify(&ResolvedFrame {
                address,
                ..frame(None, None)
            })
            .outside
        };
        assert!(!at(0x1800));
        assert!(at(0x7f00_0000));
    }

    #[test]
    fn the_runtime_is_the_outer_run_of_library_frames_and_the_call_site_the_innermost_program_frame()
     {
        use FrameClass::*;
        let shape = StackShape::of(&[
            (Allocator, true, false),
            (Std, true, false),
            (Program, true, false),
            (Std, true, false),
            (Program, true, false),
            (Std, true, false),
            (Runtime, true, false),
            (Unresolved, false, true),
        ]);
        assert_eq!(
            shape,
            StackShape {
                runtime_from: 5,
                call_site: Some(2)
            }
        );
        // No program frame: the innermost named frame past the allocator.
        let shape = StackShape::of(&[
            (Allocator, true, false),
            (Std, true, false),
            (Runtime, true, false),
        ]);
        assert_eq!(
            shape,
            StackShape {
                runtime_from: 1,
                call_site: Some(1)
            }
        );
        // Addresses only: the innermost.
        let shape = StackShape::of(&[(Unresolved, false, false), (Unresolved, false, false)]);
        assert_eq!(
            shape,
            StackShape {
                runtime_from: 2,
                call_site: Some(0)
            }
        );
        assert_eq!(StackShape::of(&[]).call_site, None);
    }
}
