//! [`InterchangeError`]: why a conversion failed.

use std::io;

use memscope_export::FormatError;

/// Why a conversion failed: its input, its output, or a figure the output
/// format cannot carry.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// The input could not be read, or is not a sound memscope file; the
    /// reader's error says what and at which byte.
    #[error(transparent)]
    Input(#[from] FormatError),
    /// Writing the output failed.
    #[error("cannot write the {format} output: {source}")]
    Output {
        /// The output format: `pprof` or `Parquet`.
        format: &'static str,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// A figure of the input is larger than the field of the output that
    /// carries it.
    #[error(
        "{what} is {found}, more than the {field} of the {format} output holds (at most {max})"
    )]
    OutOfRange {
        /// The output format.
        format: &'static str,
        /// What the figure is, e.g. `the live bytes of sample 3`.
        what: String,
        /// The figure.
        found: u128,
        /// The field it goes to, e.g. `signed 64-bit sample value`.
        field: &'static str,
        /// The largest figure that field holds.
        max: u128,
    },
    /// A table of the call sites' totals over the run was asked of a
    /// file that has none.
    #[error(
        "no call-site totals: the file has no sITE segment (it was written before they existed, by another writer, or with history(false)), so it has no call-site table"
    )]
    NoSiteTotals,
    /// The Parquet encoder refused what it was given.
    #[error("the Parquet encoder failed: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

impl InterchangeError {
    /// A failed write of the `format` output.
    pub(crate) fn output(format: &'static str) -> impl Fn(io::Error) -> Self + Copy {
        move |source| InterchangeError::Output { format, source }
    }
}

/// What a conversion returns.
pub type InterchangeResult<T> = Result<T, InterchangeError>;
