//! [`Symbolizer`]: return addresses in, frames out, each address resolved
//! once.

use std::path::PathBuf;

use crate::error::SymbolError;
use crate::file::ObjectFile;
use crate::frame::ResolvedFrame;
use crate::memo::Memo;
use crate::module::Module;
use crate::process;

/// Resolves return addresses of one process to functions, files and
/// lines, with inlined frames expanded.
///
/// Build it at export time, after the tracker's snapshot is taken and
/// outside its locks: it reads files, allocates for every name, and (with
/// a tracking allocator installed) its own allocations are tracked like
/// any others. It is `Send`, not `Sync`: one export thread owns it.
///
/// Each module's file is opened and parsed the first time an address in
/// it is resolved, and each address is resolved once: a repeated address
/// costs one hash probe ([`SymbolizerStats`] counts both).
///
/// Nothing about one module fails the whole: a file that is missing,
/// unreadable, not an object file or rebuilt since the addresses were
/// recorded (build id mismatch) gives unknown frames for its addresses, a
/// file with broken DWARF gives the names its symbol table has, and the
/// reason is kept, once per file, in [`problems`](Self::problems) for the
/// caller to report (as warnings: the export itself succeeded).
pub struct Symbolizer {
    memo: Memo,
    memo_hits: u64,
    resolver: Resolver,
}

/// Everything but the memo, so that a memo miss can resolve while the
/// memo's entry is borrowed.
struct Resolver {
    /// Sorted by `start`.
    modules: Vec<Module>,
    /// Per module: its index in `files`.
    module_file: Vec<usize>,
    /// Per module: its load bias, once its file is loaded; `None` before,
    /// or when the file does not map the module's offset.
    module_bias: Vec<Option<u64>>,
    /// One per distinct (path, build id).
    files: Vec<FileSlot>,
    problems: Vec<SymbolError>,
    lookups: u64,
    file_loads: usize,
}

/// A module file and the state of its loading.
struct FileSlot {
    /// The path to open (which for a running program whose file was
    /// replaced is `/proc/self/exe`, not the module's path).
    open_path: PathBuf,
    build_id: Option<Vec<u8>>,
    state: FileState,
}

enum FileState {
    NotLoaded,
    Loaded(ObjectFile),
    /// Loading failed; the reason is in `problems`.
    Failed,
}

/// Counters of a [`Symbolizer`]'s work, for tests and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SymbolizerStats {
    /// Files opened and parsed, successfully or not; at most one per
    /// distinct module file.
    pub file_loads: usize,
    /// Addresses resolved (memo misses).
    pub lookups: u64,
    /// Addresses answered from the memo.
    pub memo_hits: u64,
}

// The export may run on a thread of its own.
const _: () = {
    const fn assert_send<T: Send>() {}
    assert_send::<Symbolizer>();
};

impl Symbolizer {
    /// A symbolizer for the running process: its executable and every
    /// shared library loaded now, with the build ids of the loaded images.
    ///
    /// Only the module map is read here (on Linux through
    /// `dl_iterate_phdr`, which takes the dynamic loader's lock: never
    /// call this from an allocator hook); files are loaded when first
    /// needed. Libraries loaded after this call are not known to it. The
    /// vDSO has no file and is left out.
    ///
    /// # Errors
    ///
    /// [`SymbolError::UnsupportedPlatform`] anywhere but Linux on x86_64
    /// or aarch64, and [`SymbolError::CurrentExe`] when the executable's
    /// path cannot be found.
    pub fn for_current_process() -> Result<Self, SymbolError> {
        let mapped = process::current_process()?;
        Ok(Self::build(
            mapped
                .into_iter()
                .map(|mapped| (mapped.module, mapped.open_path))
                .collect(),
        ))
    }

    /// A symbolizer for addresses recorded in another process (or an
    /// earlier run), given that process's module map: typically the
    /// `sMOD` segment of a version-2 file, with each path pointing to the
    /// same files on this machine.
    ///
    /// A module with a build id is only resolved through a file with the
    /// same build id; otherwise its addresses are unknown and
    /// [`problems`](Self::problems) says [`SymbolError::BuildIdMismatch`].
    /// A module without one is trusted to be the right file.
    pub fn for_modules(modules: Vec<Module>) -> Self {
        Self::build(modules.into_iter().map(|module| (module, None)).collect())
    }

    fn build(mut modules: Vec<(Module, Option<PathBuf>)>) -> Self {
        modules.sort_by_key(|(module, _)| module.start);
        let mut files: Vec<FileSlot> = Vec::new();
        let mut module_file = Vec::with_capacity(modules.len());
        for (module, open_path) in &modules {
            let open_path = open_path.as_ref().unwrap_or(&module.path);
            let index = files
                .iter()
                .position(|file| file.open_path == *open_path && file.build_id == module.build_id)
                .unwrap_or_else(|| {
                    files.push(FileSlot {
                        open_path: open_path.clone(),
                        build_id: module.build_id.clone(),
                        state: FileState::NotLoaded,
                    });
                    files.len() - 1
                });
            module_file.push(index);
        }
        let modules: Vec<Module> = modules.into_iter().map(|(module, _)| module).collect();
        Self {
            memo: Memo::default(),
            memo_hits: 0,
            resolver: Resolver {
                module_bias: vec![None; modules.len()],
                modules,
                module_file,
                files,
                problems: Vec::new(),
                lookups: 0,
                file_loads: 0,
            },
        }
    }

    /// The frames at `return_address`, innermost first, inlined frames
    /// expanded (each but the last has `inlined` set).
    ///
    /// `return_address` is an address as a stack walk captures it: where
    /// execution continues after a call. The call instruction is before
    /// it, and may be the last instruction of a function or of an inlined
    /// block, so the lookup is done at `return_address - 1`, which is
    /// inside the call. An address that is not a return address (a
    /// function's own address, say) should be given plus one.
    ///
    /// Never fails: an unknown address (0, in no module, in a module that
    /// cannot be read) gives one frame with no names, and
    /// [`problems`](Self::problems) says why when a file was at fault.
    /// The result is memoized: the same address again costs one hash
    /// probe. The slice borrows the symbolizer; copy what you keep.
    pub fn resolve(&mut self, return_address: u64) -> &[ResolvedFrame] {
        match self.memo.entry(return_address) {
            std::collections::hash_map::Entry::Occupied(entry) => {
                self.memo_hits += 1;
                entry.into_mut()
            }
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(self.resolver.resolve(return_address).into_boxed_slice())
            }
        }
    }

    /// The module map, sorted by start address: what a raw-address export
    /// writes (FORMAT.md's `sMOD`) for [`for_modules`](Self::for_modules)
    /// to read elsewhere.
    pub fn modules(&self) -> &[Module] {
        &self.resolver.modules
    }

    /// The module whose code holds `return_address - 1` (the same rule as
    /// [`resolve`](Self::resolve)), without loading anything.
    pub fn module_of(&self, return_address: u64) -> Option<&Module> {
        let index = self.resolver.module_index(return_address.checked_sub(1)?)?;
        Some(&self.resolver.modules[index])
    }

    /// Why some addresses resolved to unknown or name-only frames, in the
    /// order they were met: each module file that could not be used, once;
    /// each file whose DWARF could not be loaded, once; the first DWARF
    /// lookup error of each file. Empty when everything resolved as well as
    /// the files allow. (A module without debug info is no problem: it
    /// just gives names without files and lines.)
    pub fn problems(&self) -> &[SymbolError] {
        &self.resolver.problems
    }

    /// How much work was done so far.
    pub fn stats(&self) -> SymbolizerStats {
        SymbolizerStats {
            file_loads: self.resolver.file_loads,
            lookups: self.resolver.lookups,
            memo_hits: self.memo_hits,
        }
    }
}

impl Resolver {
    fn resolve(&mut self, return_address: u64) -> Vec<ResolvedFrame> {
        self.lookups += 1;
        let mut frames = match return_address.checked_sub(1) {
            Some(address) => self.frames_at(address),
            None => Vec::new(),
        };
        if frames.is_empty() {
            frames.push(ResolvedFrame::unknown());
        }
        let outermost = frames.len() - 1;
        for frame in &mut frames[..outermost] {
            frame.inlined = true;
        }
        frames
    }

    fn frames_at(&mut self, address: u64) -> Vec<ResolvedFrame> {
        let Some(module) = self.module_index(address) else {
            return Vec::new();
        };
        let Some(bias) = self.bias(module) else {
            return Vec::new();
        };
        let FileState::Loaded(file) = &mut self.files[self.module_file[module]].state else {
            return Vec::new();
        };
        file.frames(address.wrapping_sub(bias), &mut self.problems)
    }

    fn module_index(&self, address: u64) -> Option<usize> {
        let after = self.modules.partition_point(|m| m.start <= address);
        let index = after.checked_sub(1)?;
        self.modules[index].contains(address).then_some(index)
    }

    /// The module's load bias, loading its file first if needed; `None`
    /// when the file cannot be used (the reason is in `problems`).
    fn bias(&mut self, module: usize) -> Option<u64> {
        if let Some(bias) = self.module_bias[module] {
            return Some(bias);
        }
        let slot = &mut self.files[self.module_file[module]];
        if let FileState::NotLoaded = slot.state {
            self.file_loads += 1;
            slot.state = match ObjectFile::load(&slot.open_path, slot.build_id.as_deref()) {
                Ok((file, problem)) => {
                    self.problems.extend(problem);
                    FileState::Loaded(file)
                }
                Err(error) => {
                    self.problems.push(error);
                    FileState::Failed
                }
            };
            // Every module of this file gets its bias now, so that a
            // module the file does not map is reported once, not per
            // address.
            if let FileState::Loaded(file) = &slot.state {
                for (index, &file_index) in self.module_file.iter().enumerate() {
                    if file_index != self.module_file[module] {
                        continue;
                    }
                    match file.bias(&self.modules[index]) {
                        Ok(bias) => self.module_bias[index] = Some(bias),
                        Err(error) => self.problems.push(error),
                    }
                }
            }
        }
        self.module_bias[module]
    }
}
