//! The errors a user can cause, each printed by `main` as one line.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use memscope_analysis::limits::LimitsError;
use memscope_export::{ExportError, FormatError};
use memscope_interchange::InterchangeError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// An input file could not be opened or read, or is not a sound
    /// memscope file. The library's error says what and at which byte.
    #[error("{}", prefixed(path, source))]
    Input {
        /// The file as the user named it.
        path: PathBuf,
        /// What went wrong.
        source: FormatError,
    },
    /// An output file could not be created, written, synced or put in
    /// place; the library's error names the file and the step.
    #[error(transparent)]
    File(#[from] ExportError),
    /// A view by call stack asked of a file without call stacks.
    #[error(
        "{}: no call stacks: flag STACKS at byte {} is clear, and {needed_by} needs them",
        .path.display(),
        memscope_export::format::FLAGS_OFFSET
    )]
    NoStacks {
        /// The file as the user named it.
        path: PathBuf,
        /// The option that needs them, e.g. `--by function`.
        needed_by: String,
    },
    /// A view of the peak, of the whole run or of the churn asked of a
    /// file that carries no call-site totals (no `sITE` segment).
    #[error(
        "{}: no call-site totals for {option}: the file has no sITE segment (written before they existed, or with BinaryExportConfig::history(false)); export it again with this version's tracker",
        .path.display()
    )]
    NoHistory {
        /// The file as the user named it.
        path: PathBuf,
        /// The option that needs them.
        option: &'static str,
    },
    /// A view by thread asked of a file that carries no threads.
    #[error("{}: no threads for --by thread: {reason}", .path.display())]
    NoThreads {
        /// The file as the user named it.
        path: PathBuf,
        /// Why, and what to do.
        reason: &'static str,
    },
    /// A conversion to another format could not carry what the file
    /// holds (its error says what and where).
    #[error("{}: {source}", .path.display())]
    Convert {
        /// The file as the user named it.
        path: PathBuf,
        /// What went wrong (boxed: the other variants are small).
        source: Box<InterchangeError>,
    },
    /// Limits could not be evaluated on the file (`check`).
    #[error("{}: {source}", .path.display())]
    Limits {
        /// The file as the user named it.
        path: PathBuf,
        /// Why.
        source: LimitsError,
    },
    /// Output to a stream could not be written.
    #[error("{action} {target}: {source}")]
    Output {
        /// Where it was going.
        target: Target,
        /// What was being done, e.g. `cannot write`.
        action: &'static str,
        /// What the operating system said.
        source: io::Error,
    },
}

/// Why a size (`64KiB`) or a percentage (`10%`) given on the command line
/// was refused; clap prints it after the option and what was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// Nothing was given, or no digits before the unit.
    #[error("no number: {}", crate::units::SIZE_SYNTAX)]
    NoNumber,
    /// A decimal point, a sign or another character where digits go.
    #[error("not a whole number of bytes: {}", crate::units::SIZE_SYNTAX)]
    NotWhole,
    /// `KB`, `MB`, `K`, `M`...: 1000 to some, 1024 to others.
    #[error(
        "{unit} is ambiguous (1000 or 1024 bytes?): write {number}{binary} for {binary_bytes} bytes, or {decimal_bytes}"
    )]
    Ambiguous {
        /// The unit as typed.
        unit: String,
        /// The number before it.
        number: u64,
        /// The binary unit of the same letter: `KiB`, `MiB`...
        binary: &'static str,
        /// `number` of `binary`, in bytes.
        binary_bytes: u128,
        /// `number` thousands (millions...) of bytes.
        decimal_bytes: u128,
    },
    /// A unit that is not a size's.
    #[error("unknown unit {unit:?}: use B, KiB, MiB, GiB, TiB, PiB or EiB")]
    UnknownUnit {
        /// The unit as typed.
        unit: String,
    },
    /// More than 64 bits of bytes.
    #[error("too large: at most 18446744073709551615 bytes (16 EiB less one byte)")]
    TooLarge,
    /// A percentage not written as digits, at most two decimals, then `%`.
    #[error("not a percentage: {}", crate::units::PERCENT_SYNTAX)]
    NotPercent,
}

/// A problem in the file at `path`, prefixed with the file unless the
/// library's error already names it (an i/o error does).
fn prefixed(path: &Path, source: &FormatError) -> String {
    match source {
        FormatError::Io { path: Some(_), .. } => source.to_string(),
        FormatError::MemoryBudget { .. } => format!(
            "{}: {source} (32 MiB + 16 bytes for each byte of the file; --max-memory SIZE gives more)",
            path.display()
        ),
        _ => format!("{}: {source}", path.display()),
    }
}

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file the user named.
    File(PathBuf),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Stdout => f.write_str("standard output"),
            Target::File(path) => write!(f, "{}", path.display()),
        }
    }
}

impl CliError {
    /// A failed read of, or a problem in, the file at `path`.
    pub fn input(path: impl Into<PathBuf>, source: FormatError) -> Self {
        CliError::Input {
            path: path.into(),
            source,
        }
    }

    /// A failed write to standard output.
    pub fn stdout(source: io::Error) -> Self {
        CliError::Output {
            target: Target::Stdout,
            action: "cannot write",
            source,
        }
    }

    /// A failed conversion of the file at `path` to `target`: its input
    /// and its output are reported as every command reports them.
    pub fn conversion(path: &Path, target: Target, error: InterchangeError) -> Self {
        match error {
            InterchangeError::Input(source) => CliError::input(path, source),
            InterchangeError::Output { source, .. } => CliError::Output {
                target,
                action: "cannot write",
                source,
            },
            source => CliError::Convert {
                path: path.to_owned(),
                source: Box::new(source),
            },
        }
    }

    /// Whether this is standard output closed by its reader (`| head`):
    /// not an error worth reporting.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(
            self,
            CliError::Output { target: Target::Stdout, source, .. }
                if source.kind() == io::ErrorKind::BrokenPipe
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_problem_is_prefixed_with_the_file() {
        let err = CliError::input(
            "a.memscope",
            FormatError::UnsupportedVersion {
                found: 3,
                supported: 2,
                offset: memscope_export::format::VERSION_OFFSET as u64,
            },
        );
        assert_eq!(
            err.to_string(),
            "a.memscope: unsupported format version 3 at byte 8: this reader supports versions up to 2"
        );
    }

    #[test]
    fn only_a_broken_pipe_on_standard_output_is_quiet() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(CliError::stdout(pipe()).is_broken_pipe());
        let file = CliError::Output {
            target: Target::File("out.json".into()),
            action: "cannot write",
            source: pipe(),
        };
        assert!(!file.is_broken_pipe());
        assert!(!CliError::stdout(io::Error::other("disk full")).is_broken_pipe());
    }
}
