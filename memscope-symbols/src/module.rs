//! [`Module`]: one entry of a process's module map, the executable code of
//! one file mapped at one address range. It carries exactly what a
//! version-2 file's `sMOD` segment stores per module, so a module map read
//! back from a file is a `Vec<Module>` for
//! [`Symbolizer::for_modules`](crate::Symbolizer::for_modules).

use std::fmt;
use std::path::PathBuf;

use crate::error::Hex;

/// The executable code of one file (the program or a shared library) as
/// mapped into a process.
///
/// An address `a` with `start <= a < end` comes from byte
/// `a - start + file_offset` of the file at `path`. A file mapped with
/// several executable segments is several modules with the same path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Module {
    /// The file as the process loaded it: absolute for shared libraries,
    /// the resolved path of the executable.
    pub path: PathBuf,
    /// First address of the mapped code.
    pub start: u64,
    /// One past the last address of the mapped code.
    pub end: u64,
    /// The file offset that is mapped at `start`.
    pub file_offset: u64,
    /// The GNU build id (`.note.gnu.build-id`) of the image that was
    /// loaded, when it has one. A file is only used to resolve this
    /// module's addresses if its own build id is the same.
    pub build_id: Option<Vec<u8>>,
}

impl Module {
    /// Whether `address` lies in this module's code.
    pub fn contains(&self, address: u64) -> bool {
        self.start <= address && address < self.end
    }

    /// The build id in lower-case hex, as `readelf -n` and
    /// `/usr/lib/debug/.build-id/` spell it; `None` without one.
    pub fn build_id_hex(&self) -> Option<String> {
        self.build_id.as_deref().map(|id| Hex(id).to_string())
    }
}

impl fmt::Display for Module {
    /// `0x5555..-0x5556.. @0x1000 /path/to/file (build id ab12..)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:#x}-{:#x} @{:#x} {}",
            self.start,
            self.end,
            self.file_offset,
            self.path.display()
        )?;
        if let Some(id) = &self.build_id {
            write!(f, " (build id {})", Hex(id))?;
        }
        Ok(())
    }
}
