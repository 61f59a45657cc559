//! [`ResolvedFrame`]: what one captured address becomes, field for field
//! the frame of a version-2 file's `sFRM` segment without its address.

use std::fmt;

/// One frame at a resolved address.
///
/// An address resolves to one frame, or to several when functions were
/// inlined there: innermost first, each but the last with `inlined` set
/// (FORMAT.md's INLINED flag: "inlined into the frame that follows it").
/// A frame whose three names are all `None` is unknown: the address is in
/// no module, or in one that could not be read, or in code that neither
/// the debug info nor the symbol table covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ResolvedFrame {
    /// The function, demangled without the hash suffix
    /// (`my_crate::module::function`, `<T as Trait>::method`); from the
    /// debug info, or from the symbol table when the module has none.
    /// Non-Rust names are given as they are (C++ names stay mangled).
    pub function: Option<String>,
    /// The source file, as the debug info records it (usually absolute).
    /// `None` without debug info.
    pub file: Option<String>,
    /// The line in `file`; `None` without debug info or where the debug
    /// info records line 0 (compiler-generated code).
    pub line: Option<u32>,
    /// This frame was inlined into the frame that follows it; at the same
    /// address.
    pub inlined: bool,
}

impl ResolvedFrame {
    /// A frame nothing is known about.
    pub fn unknown() -> Self {
        Self::default()
    }

    /// Whether nothing is known about this frame: no function, file or
    /// line.
    pub fn is_unknown(&self) -> bool {
        self.function.is_none() && self.file.is_none() && self.line.is_none()
    }
}

impl fmt::Display for ResolvedFrame {
    /// `function at file:line`, with `??` for what is unknown and
    /// ` (inlined)` for an inlined frame, as addr2line prints frames.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.function.as_deref().unwrap_or("??"))?;
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, " at {file}:{line}")?,
            (Some(file), None) => write!(f, " at {file}")?,
            (None, _) => {}
        }
        if self.inlined {
            f.write_str(" (inlined)")?;
        }
        Ok(())
    }
}
