//! [`AnalysisError`]: why a file could not be analysed.

use std::path::PathBuf;

use memscope_export::FormatError;

use crate::analysis::Which;

/// Why a file could not be analysed: it could not be read, or it is not
/// a sound memscope file. Every view of a file that was read succeeds.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// The input could not be read, or breaks a rule of the format; the
    /// reader's error says what and at which byte.
    #[error("{}{source}", input_prefix(.path.as_deref(), *.which, .source))]
    Input {
        /// The file, when the input was one.
        path: Option<PathBuf>,
        /// Which file of a [`Comparison`](crate::Comparison) it was;
        /// `None` for a single file.
        which: Option<Which>,
        /// What went wrong.
        source: FormatError,
    },
}

/// What an input error's message starts with: the file's path (unless
/// the reader's error names it already), else which of two files it was.
fn input_prefix(
    path: Option<&std::path::Path>,
    which: Option<Which>,
    source: &FormatError,
) -> String {
    match (path, which) {
        (Some(_), _) if source_names_file(source) => String::new(),
        (Some(path), _) => format!("{}: ", path.display()),
        (None, Some(Which::Old)) => "the old file: ".to_owned(),
        (None, Some(Which::New)) => "the new file: ".to_owned(),
        (None, None) => String::new(),
    }
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
            which: None,
            source,
        }
    }

    /// This error, as one of the two files of a comparison.
    pub(crate) fn of_file(self, file: Which) -> Self {
        match self {
            AnalysisError::Input { path, source, .. } => AnalysisError::Input {
                path,
                which: Some(file),
                source,
            },
        }
    }

    /// Which file of a [`Comparison`](crate::Comparison) could not be
    /// read; `None` for a single file.
    pub fn which(&self) -> Option<Which> {
        match self {
            AnalysisError::Input { which, .. } => *which,
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
