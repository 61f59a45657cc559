//! The stack and the thread of each record, read beside the records
//! instead of kept: `sIDS` and `tHRD` hold 4 bytes a record each, after
//! the records in the file, and a reader that kept them would hold 8
//! bytes a record for the whole read. When opening the file the reader
//! checks them once, streaming ([`PerRecord::Beside`] is where they are);
//! during the records' pass it reads them again through a second view of
//! the input, one entry a record ([`EntryStream`]). Memory is then a
//! buffer (and, for a compressed segment, a zstd window no larger than
//! the 4 bytes a record FORMAT.md's budget charges for it) per segment,
//! whatever the number of records.

use std::io::{self, BufRead, BufReader, Read};

use crate::error::{FormatError, FormatResult};
use crate::read::shared::{Shared, View};

/// The stack (or thread) of each record of a file.
#[derive(Debug, Default)]
pub(crate) enum PerRecord<T> {
    /// The file has none.
    #[default]
    None,
    /// Kept, one for each record.
    Kept(Vec<Option<T>>),
    /// Read beside the records, from there.
    Beside(EntriesAt),
}

/// Where the per-record entries of a segment are, for reading them again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntriesAt {
    /// Where the segment's body begins, for errors.
    pub(crate) body_at: u64,
    /// How they are stored.
    pub(crate) stored: Stored,
}

/// How the entries are stored.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stored {
    /// In a plain body: the file offset of the first entry.
    Plain {
        /// The file offset of the first entry.
        first: u64,
    },
    /// In a compressed body: the frame, and where the entries begin in
    /// its content.
    #[cfg_attr(not(feature = "zstd"), allow(dead_code))]
    Compressed {
        /// Where the frame begins in the file.
        frame_at: u64,
        /// The content's bytes before the first entry.
        first: u64,
        /// The window the frame was allowed (a power of two's log).
        window_log: u32,
    },
}

/// How much of an entry stream is buffered.
const BUFFER: usize = 16 * 1024;

/// The entries of one segment as the records' pass reads them: 4 bytes,
/// one a record, in order.
pub(crate) struct EntryStream<R> {
    input: Input<R>,
    body_at: u64,
}

/// Where an entry stream reads from.
enum Input<R> {
    Plain(BufReader<View<R>>),
    #[cfg(feature = "zstd")]
    Compressed(BufReader<zstd::stream::read::Decoder<'static, BufReader<View<R>>>>),
}

impl<R: Read> EntryStream<R> {
    /// Opens the entries `at` describes, in `shared`.
    pub(crate) fn open(shared: &Shared<R>, at: &EntriesAt) -> FormatResult<Self> {
        let input = match at.stored {
            Stored::Plain { first } => {
                Input::Plain(BufReader::with_capacity(BUFFER, shared.view(first)))
            }
            #[cfg(feature = "zstd")]
            Stored::Compressed {
                frame_at,
                first,
                window_log,
            } => {
                let changed = |_| FormatError::PrefetchMismatch { offset: at.body_at };
                let stored = BufReader::with_capacity(BUFFER, shared.view(frame_at));
                let mut decoder = zstd::stream::read::Decoder::with_buffer(stored)
                    .map_err(changed)?
                    .single_frame();
                decoder.window_log_max(window_log).map_err(changed)?;
                let mut content = BufReader::with_capacity(BUFFER, decoder);
                let skipped = io::copy(&mut content.by_ref().take(first), &mut io::sink());
                if skipped.map_err(changed)? < first {
                    return Err(changed(io::ErrorKind::UnexpectedEof.into()));
                }
                Input::Compressed(content)
            }
            #[cfg(not(feature = "zstd"))]
            Stored::Compressed { .. } => {
                return Err(FormatError::CompressionUnsupported { offset: at.body_at });
            }
        };
        Ok(EntryStream {
            input,
            body_at: at.body_at,
        })
    }

    /// The next record's entry, as stored: an index + 1, 0 for none.
    pub(crate) fn next(&mut self) -> FormatResult<u32> {
        // One variant without zstd: the match is still the one place that
        // knows them all.
        #[cfg_attr(not(feature = "zstd"), allow(clippy::infallible_destructuring_match))]
        let input: &mut dyn BufRead = match &mut self.input {
            Input::Plain(input) => input,
            #[cfg(feature = "zstd")]
            Input::Compressed(input) => input,
        };
        let mut entry = [0u8; 4];
        // The common case: the entry whole in the buffer.
        let buffered = input
            .fill_buf()
            .map_err(|e| FormatError::io("reading", None, e))?;
        if let Some(word) = buffered.first_chunk::<4>() {
            entry = *word;
            input.consume(4);
        } else {
            input.read_exact(&mut entry).map_err(|e| match e.kind() {
                // Checked when the file was opened: it has changed since.
                io::ErrorKind::UnexpectedEof => FormatError::PrefetchMismatch {
                    offset: self.body_at,
                },
                _ => FormatError::io("reading", None, e),
            })?;
        }
        Ok(u32::from_le_bytes(entry))
    }

    /// The error for an entry that names nothing: checked when the file
    /// was opened, it has changed since.
    pub(crate) fn changed(&self) -> FormatError {
        FormatError::PrefetchMismatch {
            offset: self.body_at,
        }
    }
}

/// The entry streams of the records' pass, opened at the first record.
pub(crate) struct Beside<R> {
    /// The stack of each record.
    pub(crate) stacks: Option<EntryStream<R>>,
    /// The thread of each record.
    pub(crate) threads: Option<EntryStream<R>>,
}

impl<R> Default for Beside<R> {
    fn default() -> Self {
        Beside {
            stacks: None,
            threads: None,
        }
    }
}

/// The entry of `per_record` for record `index` (the records' pass asks
/// in order), reading it beside the records through `stream` (opened in
/// `shared` at the first record) when it is not kept; an entry read there
/// must name one of the `count` stacks or threads there are, else the
/// file has changed since it was opened and checked.
pub(crate) fn entry<R: Read, T: Copy>(
    per_record: &PerRecord<T>,
    stream: &mut Option<EntryStream<R>>,
    shared: &Shared<R>,
    index: u32,
    count: usize,
    from_wire: impl Fn(u32) -> Option<T>,
) -> FormatResult<Option<T>> {
    match per_record {
        PerRecord::None => Ok(None),
        PerRecord::Kept(entries) => Ok(entries.get(index as usize).copied().flatten()),
        PerRecord::Beside(at) => {
            let stream = match stream {
                Some(stream) => stream,
                None => stream.insert(EntryStream::open(shared, at)?),
            };
            let entry = stream.next()?;
            if entry as usize > count {
                return Err(stream.changed());
            }
            Ok(from_wire(entry))
        }
    }
}
