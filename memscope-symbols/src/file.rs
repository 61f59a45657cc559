//! One module's file, loaded the first time one of its addresses is
//! resolved: its build id checked, its loadable segments noted (to turn
//! runtime addresses into file-relative ones), and its DWARF and symbol
//! table opened through `addr2line`'s loader.

use std::fs::File;
use std::path::{Path, PathBuf};

use addr2line::Loader;
use object::{Object, ObjectSegment, SegmentFlags, elf};

use crate::error::SymbolError;
use crate::frame::ResolvedFrame;
use crate::module::Module;

/// A loaded module file.
pub(crate) struct ObjectFile {
    /// The path the file was opened by, for error messages.
    path: PathBuf,
    /// Its loadable segments, to find a module's load bias.
    segments: Vec<Segment>,
    /// DWARF (when present) and the symbol table.
    lookup: Lookup,
    /// Whether a DWARF lookup error has been reported for this file; later
    /// ones are not, so one broken file cannot flood the problem list.
    dwarf_error_reported: bool,
}

/// Where names come from.
enum Lookup {
    /// DWARF through addr2line, with its symbol table for what the DWARF
    /// does not cover.
    Debug(Box<Loader>),
    /// The symbol table alone, copied out of the file: its DWARF is
    /// broken (the reason is in the problem list).
    Symbols(SymbolTable),
}

/// Function symbols sorted by address: start, size (0 when unknown) and
/// raw name.
struct SymbolTable(Vec<(u64, u64, Box<str>)>);

impl SymbolTable {
    fn new(object: &object::File<'_>) -> Self {
        let map = object.symbol_map();
        Self(
            map.symbols()
                .iter()
                .map(|symbol| (symbol.address(), symbol.size(), symbol.name().into()))
                .collect(),
        )
    }

    /// The symbol containing `address`, by the rule of object's
    /// `SymbolMap::containing`.
    fn containing(&self, address: u64) -> Option<&str> {
        let index = self.0.partition_point(|s| s.0 <= address).checked_sub(1)?;
        let (start, size, name) = &self.0[index];
        (*size == 0 || address - start < *size).then_some(name)
    }
}

/// A loadable segment: `file_size` bytes from `file_offset` in the file
/// are mapped at the file-relative virtual address `address`.
struct Segment {
    file_offset: u64,
    file_size: u64,
    address: u64,
    /// The segment's alignment, the page size it was linked for.
    align: u64,
    executable: bool,
}

impl Segment {
    /// Whether the segment's bytes include file offset `offset`.
    fn maps(&self, offset: u64) -> bool {
        self.file_offset <= offset && offset - self.file_offset < self.file_size
    }

    /// Whether the segment's pages include file offset `offset`: from the
    /// page boundary at or below its first byte.
    fn maps_page_of(&self, offset: u64) -> bool {
        let page_start = if self.align.is_power_of_two() {
            self.file_offset & !(self.align - 1)
        } else {
            self.file_offset
        };
        // Saturating: the sizes come from the file, which may be corrupt.
        page_start <= offset
            && offset - page_start < self.file_size.saturating_add(self.file_offset - page_start)
    }
}

impl ObjectFile {
    /// Opens the file at `path` and checks it is the image with
    /// `build_id` when one is given. A file whose DWARF cannot be loaded
    /// is still used, by its symbol table, and comes with the problem.
    ///
    /// The headers are read through a mapping of the file: only the pages
    /// that hold the ELF header, program headers and notes are read from
    /// disk. If the file is truncated while mapped, reading it raises
    /// `SIGBUS`, as it does for any reader that maps it (the DWARF loader
    /// maps it too).
    pub(crate) fn load(
        path: &Path,
        build_id: Option<&[u8]>,
    ) -> Result<(Self, Option<SymbolError>), SymbolError> {
        let io = |source| SymbolError::Io {
            path: path.to_path_buf(),
            source,
        };
        let parse = |error: object::Error| SymbolError::Parse {
            path: path.to_path_buf(),
            message: error.to_string(),
        };
        let file = File::open(path).map_err(io)?;
        // SAFETY: the mapping is read-only and dropped at the end of this
        // function; see above for a file truncated meanwhile.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        let object = object::File::parse(&*map).map_err(parse)?;

        if let Some(expected) = build_id {
            let found = object.build_id().map_err(parse)?;
            if found != Some(expected) {
                return Err(SymbolError::BuildIdMismatch {
                    path: path.to_path_buf(),
                    expected: expected.to_vec(),
                    found: found.map(<[u8]>::to_vec),
                });
            }
        }

        let segments = object
            .segments()
            .filter_map(|segment| {
                let (file_offset, file_size) = segment.file_range();
                (file_size > 0).then(|| Segment {
                    file_offset,
                    file_size,
                    address: segment.address(),
                    align: segment.align(),
                    executable: matches!(
                        segment.flags(),
                        SegmentFlags::Elf { p_flags, .. } if p_flags.0 & elf::PF_X.0 != 0
                    ),
                })
            })
            .collect();

        let (lookup, problem) = match Loader::new(path) {
            Ok(loader) => (Lookup::Debug(Box::new(loader)), None),
            Err(error) => {
                let problem = SymbolError::DebugInfo {
                    path: path.to_path_buf(),
                    message: error.to_string(),
                };
                (Lookup::Symbols(SymbolTable::new(&object)), Some(problem))
            }
        };
        let file = Self {
            path: path.to_path_buf(),
            segments,
            lookup,
            dwarf_error_reported: false,
        };
        Ok((file, problem))
    }

    /// The load bias of `module` when this file is mapped as it says:
    /// runtime address = file-relative address + bias (wrapping).
    ///
    /// The segment that maps the module's file offset gives it. A segment
    /// maps whole pages, so a module map may start below the segment's own
    /// offset, at its page boundary (as `/proc/<pid>/maps` shows), where
    /// the file's page may also belong to the segment before: executable
    /// segments are tried first, since a module is executable code.
    pub(crate) fn bias(&self, module: &Module) -> Result<u64, SymbolError> {
        let offset = module.file_offset;
        let segment = (self.segments.iter())
            .find(|s| s.executable && s.maps_page_of(offset))
            .or_else(|| self.segments.iter().find(|s| s.maps(offset)))
            .or_else(|| self.segments.iter().find(|s| s.maps_page_of(offset)))
            .ok_or_else(|| SymbolError::NoSegment {
                path: module.path.clone(),
                offset,
            })?;
        // The segment maps file offset `o` to `address + (o - file_offset)`.
        let relative = segment
            .address
            .wrapping_add(offset)
            .wrapping_sub(segment.file_offset);
        Ok(module.start.wrapping_sub(relative))
    }

    /// The frames at the file-relative address `address`, innermost first,
    /// `inlined` not yet set. Empty when neither the DWARF nor the symbol
    /// table knows the address.
    ///
    /// A DWARF error falls back to the symbol table and is pushed to
    /// `problems` the first time only.
    pub(crate) fn frames(
        &mut self,
        address: u64,
        problems: &mut Vec<SymbolError>,
    ) -> Vec<ResolvedFrame> {
        let mut frames = Vec::new();
        if let Err(error) = self.dwarf_frames(address, &mut frames) {
            frames.clear();
            if !self.dwarf_error_reported {
                self.dwarf_error_reported = true;
                problems.push(SymbolError::Dwarf {
                    path: self.path.clone(),
                    address,
                    message: error.to_string(),
                });
            }
        }
        // Without DWARF (a release build without debuginfo, a stripped
        // system library) the symbol table names the function. With DWARF
        // it names the outermost frame when the DWARF has no name there
        // (assembly), or only the bare name: `debug = "line-tables-only"`
        // records `index_words` where the symbol says
        // `my_crate::words::index_words`.
        let outermost = frames.last().map(|frame| frame.function.as_deref());
        let needs_symbol = match outermost {
            None | Some(None) => true,
            Some(Some(name)) => !name.contains("::"),
        };
        let symbol = match &self.lookup {
            _ if !needs_symbol => None,
            Lookup::Debug(loader) => loader.find_symbol(address),
            Lookup::Symbols(table) => table.containing(address),
        };
        if let Some(symbol) = symbol {
            let symbol = demangle(symbol);
            match frames.last_mut() {
                None => frames.push(ResolvedFrame {
                    function: Some(symbol),
                    ..ResolvedFrame::unknown()
                }),
                Some(frame) => match &frame.function {
                    None => frame.function = Some(symbol),
                    Some(bare) if qualifies(&symbol, bare) => frame.function = Some(symbol),
                    // A symbol of another name (an alias, or the DWARF
                    // knows better): keep the DWARF's.
                    Some(_) => {}
                },
            }
        }
        frames
    }

    fn dwarf_frames(
        &self,
        address: u64,
        frames: &mut Vec<ResolvedFrame>,
    ) -> Result<(), Box<dyn std::error::Error>> {
        let Lookup::Debug(loader) = &self.lookup else {
            return Ok(());
        };
        let mut iter = loader.find_frames(address)?;
        while let Some(frame) = iter.next()? {
            let function = match &frame.function {
                Some(name) => Some(demangle(&name.raw_name()?)),
                None => None,
            };
            let (file, line) = match frame.location {
                Some(location) => (
                    location.file.map(str::to_owned),
                    // DWARF line 0 means "no line".
                    location.line.filter(|&line| line != 0),
                ),
                None => (None, None),
            };
            frames.push(ResolvedFrame {
                function,
                file,
                line,
                inlined: false,
            });
        }
        Ok(())
    }
}

/// Whether `qualified` is `bare` with a path before it: `a::b::f` and `f`.
fn qualifies(qualified: &str, bare: &str) -> bool {
    qualified
        .strip_suffix(bare)
        .is_some_and(|path| path.ends_with("::"))
}

/// A Rust symbol demangled without its hash suffix
/// (`memscope_tracker::tracker::MemoryTracker::record_alloc`); any other
/// name (C, or C++ which this crate does not demangle) as it is.
pub(crate) fn demangle(name: &str) -> String {
    match rustc_demangle::try_demangle(name) {
        Ok(demangled) => format!("{demangled:#}"),
        Err(_) => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{demangle, qualifies};

    #[test]
    fn rust_symbols_are_demangled_without_the_hash() {
        assert_eq!(
            demangle("_ZN4core3ptr13drop_in_place17h0123456789abcdefE"),
            "core::ptr::drop_in_place"
        );
        assert_eq!(demangle("malloc"), "malloc", "C names stay as they are");
    }

    #[test]
    fn a_symbol_qualifies_a_bare_name_only_at_a_path_separator() {
        assert!(qualifies("my_crate::words::index_words", "index_words"));
        assert!(!qualifies("my_crate::words::reindex_words", "index_words"));
        assert!(!qualifies("index_words", "index_words"));
        assert!(!qualifies("__libc_malloc", "malloc"));
    }
}
