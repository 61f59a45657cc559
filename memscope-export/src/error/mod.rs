//! The two error domains of this crate: [`FormatError`], what is wrong
//! with a file being read (or with reading it), and [`ExportError`], what
//! went wrong while exporting (or writing any output). Their i/o variants
//! are the answer to "did the input or the output fail?": a
//! [`FormatError::Io`] is always the input, an [`ExportError::Io`] always
//! the output. [`WatchError`] is the third domain: the snapshots that
//! outlive the process (a watcher, a signal, the snapshot at exit).

mod export;
mod format;
#[cfg(unix)]
mod watch;

use std::fmt;
use std::path::Path;

pub use export::{ExportError, ExportResult};
pub use format::{FormatError, FormatResult};
#[cfg(unix)]
pub use watch::WatchError;

/// A segment tag, shown as a Rust byte string, e.g. `b"sIDS"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag(pub [u8; 4]);

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        EscapedBytes(&self.0).fmt(f)
    }
}

/// What a zstd frame of a file holds: the records, or the content of an
/// extension segment (FORMAT.md, "zstd frames (both versions)").
///
/// ```
/// use memscope_export::{FramePart, Tag};
///
/// assert_eq!(FramePart::Records.to_string(), "the records");
/// assert_eq!(FramePart::Segment(Tag(*b"sSTR")).to_string(), r#"segment b"sSTR""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FramePart {
    /// The records of a file with the COMPRESSED flag.
    Records,
    /// The body of the extension segment with this tag.
    Segment(Tag),
}

impl fmt::Display for FramePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FramePart::Records => f.write_str("the records"),
            FramePart::Segment(tag) => write!(f, "segment {tag}"),
        }
    }
}

/// Bytes shown as a Rust byte string.
pub(crate) struct EscapedBytes<'a>(&'a [u8]);

impl fmt::Display for EscapedBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("b\"")?;
        for &b in self.0 {
            write!(f, "{}", std::ascii::escape_default(b))?;
        }
        f.write_str("\"")
    }
}

/// Bytes shown in hexadecimal, space-separated (`50 2a 4d 18`), or
/// `nothing` when there are none.
pub(crate) struct HexBytes<'a>(pub(crate) &'a [u8]);

impl fmt::Display for HexBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("nothing");
        }
        for (i, b) in self.0.iter().enumerate() {
            let gap = if i == 0 { "" } else { " " };
            write!(f, "{gap}{b:02x}")?;
        }
        Ok(())
    }
}

/// The input of a [`FormatError::Io`]: the file, or the caller's stream.
pub(crate) struct Input<'a>(Option<&'a Path>);

impl fmt::Display for Input<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}", path.display()),
            None => f.write_str("input stream"),
        }
    }
}

/// The output of an [`ExportError::Io`]: the file, or the caller's stream.
pub(crate) struct Output<'a>(Option<&'a Path>);

impl fmt::Display for Output<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}", path.display()),
            None => f.write_str("output stream"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memscope_binary::CodecError;
    use std::path::Path;

    #[test]
    fn errors_stay_small_enough_to_return_by_value() {
        // Under clippy's 128-byte large-error threshold.
        assert!(
            size_of::<FormatError>() < 128,
            "{}",
            size_of::<FormatError>()
        );
        assert!(
            size_of::<ExportError>() < 128,
            "{}",
            size_of::<ExportError>()
        );
    }

    #[test]
    fn io_error_names_the_action_and_the_file() {
        let source = std::io::Error::other("disk full");
        let err = ExportError::io("writing", Some(Path::new("out/a.json")), source);
        assert_eq!(err.to_string(), "i/o error writing out/a.json: disk full");
    }

    #[test]
    fn an_output_error_without_a_file_names_the_output_stream() {
        let err = ExportError::io("writing", None, std::io::Error::other("broken pipe"));
        assert_eq!(
            err.to_string(),
            "i/o error writing output stream: broken pipe"
        );
    }

    #[test]
    fn an_input_error_without_a_file_names_the_input_stream() {
        let err = FormatError::io("reading", None, std::io::Error::other("reset"));
        assert_eq!(err.to_string(), "i/o error reading input stream: reset");
        // Whatever the action is called: the type says it is the input.
        let err = FormatError::io("opening", None, std::io::Error::other("reset"));
        assert_eq!(err.to_string(), "i/o error opening input stream: reset");
    }

    #[test]
    fn in_file_names_the_file_of_a_stream_error_but_keeps_a_known_one() {
        let from_stream = ExportError::io("writing", None, std::io::Error::other("full"));
        assert_eq!(
            from_stream.in_file(Path::new("b.json")).to_string(),
            "i/o error writing b.json: full"
        );
        let known = ExportError::io(
            "replacing",
            Some(Path::new("a.json")),
            std::io::Error::other("x"),
        );
        assert_eq!(
            known.in_file(Path::new("b.json")).to_string(),
            "i/o error replacing a.json: x"
        );
        let input = FormatError::io("reading", None, std::io::Error::other("x"));
        assert_eq!(
            input.in_file(Path::new("c.memscope")).to_string(),
            "i/o error reading c.memscope: x"
        );
    }

    #[test]
    fn json_errors_caused_by_the_writer_become_io_errors() {
        struct Broken;
        impl std::io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("no space"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = ExportError::from(serde_json::to_writer(Broken, &1u8).unwrap_err());
        assert!(
            matches!(
                &err,
                ExportError::Io {
                    action: "writing",
                    path: None,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn codec_errors_pass_through_unchanged_and_writer_failures_become_output_errors() {
        let codec = CodecError::unexpected_end(3, 8, 5);
        let message = codec.to_string();
        assert_eq!(ExportError::from(codec).to_string(), message);
        let failed = CodecError::io(0, std::io::Error::other("full"));
        assert_eq!(
            ExportError::from(failed).to_string(),
            "i/o error writing output stream: full"
        );
    }

    #[test]
    fn a_version_error_names_both_versions_and_the_offset() {
        let err = FormatError::UnsupportedVersion {
            found: 9,
            supported: 1,
            offset: crate::format::VERSION_OFFSET as u64,
        };
        assert_eq!(
            err.to_string(),
            "unsupported format version 9 at byte 8: this reader supports versions up to 1"
        );
    }
}
