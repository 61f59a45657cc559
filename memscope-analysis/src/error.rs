//! [`AnalysisError`]: why a file could not be analysed.

use std::path::PathBuf;

use memscope_export::FormatError;

/// Why a file could not be analysed: it could not be read, or it is not
/// a sound memscope file. Every view of a file that was read succeeds.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// The input could not be read, or breaks a rule of the format; the
    /// reader's error says what and at which byte.
    #[error("{}{source}", match .path { Some(path) if !source_names_file(source) => format!("{}: ", path.display()), _ => String::new() })]
    Input {
        /// The file, when the input was one.
        path: Option<PathBuf>,
        /// What went wrong.
        source: FormatError,
    },
}

/// Whether the reader's error names the file already (an i/o error does).
fn source_names_file(source: &FormatError) -> bool {
    matches!(source, FormatError::Io { path: Some(_), .. })
}

impl AnalysisError {
    /// A problem reading `path` (or the caller's stream, for `None`).
    pub(crate) fn input(path: Option<&std::path::Path>, source: FormatError) -> Self {
        AnalysisError::Input {
            path: path.map(|p| p.to_path_buf()),
            source,
        }
    }

    /// The reader's error.
    pub fn format_error(&self) -> &FormatError {
        match self {
            AnalysisError::Input { source, .. } => source,
        }
    }

    /// The reader's error, taken out.
    pub fn into_format_error(self) -> FormatError {
        match self {
            AnalysisError::Input { source, .. } => source,
        }
    }
}

impl From<FormatError> for AnalysisError {
    fn from(source: FormatError) -> Self {
        AnalysisError::input(None, source)
    }
}

/// What an analysis returns.
pub type AnalysisResult<T> = Result<T, AnalysisError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_s_problem_is_prefixed_with_the_file_once() {
        let version = FormatError::UnsupportedVersion {
            found: 3,
            supported: 2,
            offset: 8,
        };
        let err = AnalysisError::input(Some(std::path::Path::new("a.memscope")), version);
        assert_eq!(
            err.to_string(),
            "a.memscope: unsupported format version 3 at byte 8: this reader supports versions up to 2"
        );
        let io = FormatError::Io {
            action: "opening",
            path: Some("b.memscope".into()),
            source: std::io::Error::other("gone"),
        };
        let err = AnalysisError::input(Some(std::path::Path::new("b.memscope")), io);
        assert_eq!(err.to_string(), "i/o error opening b.memscope: gone");
    }
}
