//! [`SymbolError`], the one error type of this crate.
//!
//! Only [`Symbolizer::for_current_process`](crate::Symbolizer::for_current_process)
//! returns it as an `Err`. Everything that goes wrong with one module
//! while resolving (a file that is gone, is not an object file, was
//! rebuilt since the addresses were recorded, has broken DWARF) is kept in
//! [`Symbolizer::problems`](crate::Symbolizer::problems) instead, and that
//! module's addresses resolve to unknown frames (or, for broken DWARF, to
//! names from the symbol table): one bad library must not cost the whole
//! export its stacks.

use std::fmt;
use std::path::PathBuf;

/// What went wrong while reading a module map or a module.
///
/// Each variant names the file and, where there is one, the offset or
/// address, and says what was expected and what was found.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SymbolError {
    /// The module map of the current process cannot be read on this
    /// platform; [`Symbolizer::for_modules`](crate::Symbolizer::for_modules)
    /// still works.
    #[error(
        "symbolizing the current process is not supported on {os}/{arch}: expected linux on x86_64 or aarch64"
    )]
    UnsupportedPlatform {
        /// `std::env::consts::OS`.
        os: &'static str,
        /// `std::env::consts::ARCH`.
        arch: &'static str,
    },

    /// The path of the running executable could not be found.
    #[error("cannot find the path of the running executable: {source}")]
    CurrentExe {
        /// The error `std::env::current_exe` returned.
        #[source]
        source: std::io::Error,
    },

    /// A module's file could not be opened or mapped.
    #[error("cannot read module {}: {source}", .path.display())]
    Io {
        /// The module's file.
        path: PathBuf,
        /// The error the operating system returned.
        #[source]
        source: std::io::Error,
    },

    /// A module's file is not an object file this crate can read, or its
    /// headers are malformed.
    #[error("cannot parse module {} as an object file: {message}", .path.display())]
    Parse {
        /// The module's file.
        path: PathBuf,
        /// What the parser reported.
        message: String,
    },

    /// A module's file on disk is not the one that was loaded when the
    /// addresses were recorded: resolving would give wrong names.
    #[error(
        "build id mismatch in {}: expected {}, found {}",
        .path.display(),
        Hex(.expected),
        .found.as_deref().map_or_else(|| "none".to_owned(), |id| Hex(id).to_string())
    )]
    BuildIdMismatch {
        /// The module's file.
        path: PathBuf,
        /// The build id of the module map (what was loaded).
        expected: Vec<u8>,
        /// The build id of the file on disk, `None` when it has none.
        found: Option<Vec<u8>>,
    },

    /// No loadable segment of a module's file covers the file offset at
    /// which the module map says its code was mapped.
    #[error(
        "no loadable segment of {} covers file offset {offset:#x}: expected a segment mapping the module's code",
        .path.display()
    )]
    NoSegment {
        /// The module's file.
        path: PathBuf,
        /// The file offset of the module's first mapped byte.
        offset: u64,
    },

    /// A module's debug information could not be loaded (it is then
    /// resolved by its symbol table alone, if that could be read).
    #[error("cannot load the debug information of {}: {message}", .path.display())]
    DebugInfo {
        /// The module's file.
        path: PathBuf,
        /// What the DWARF reader reported.
        message: String,
    },

    /// Looking up an address in a module's DWARF failed; the address was
    /// resolved through the symbol table instead. Reported once per
    /// module, for the first address that failed.
    #[error(
        "malformed DWARF in {} at file-relative address {address:#x}: {message}",
        .path.display()
    )]
    Dwarf {
        /// The module's file.
        path: PathBuf,
        /// The address looked up, relative to the file (before load bias).
        address: u64,
        /// What the DWARF reader reported.
        message: String,
    },
}

/// Lower-case hex of a build id, as `readelf -n` prints it.
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}
