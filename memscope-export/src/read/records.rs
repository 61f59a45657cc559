//! [`Records`]: the records of a file, each decoded, checked and handed
//! out with its call stack and thread; after the last, the end of the
//! file is checked (the extension segments where they are, the same bytes
//! as read ahead; the footer's checksum; nothing after).

#[cfg(feature = "zstd")]
use std::io;
use std::io::{BufRead, Read};

use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, Layout};
use memscope_tracker::{AllocationInfo, AllocationRecord};

#[cfg(feature = "zstd")]
use crate::error::FramePart;
use crate::error::{FormatError, FormatResult};
use crate::format::{FOOTER, Flags, Footer, RECORDS_OFFSET};
use crate::model::ids::{StackId, ThreadIndex};
use crate::model::record::Record;
use crate::model::stacks::{CallStacks, StackView};
use crate::model::threads::{ThreadView, Threads};
use crate::read::beside::{Beside, entry};
use crate::read::budget::Budget;
use crate::read::extensions::{Extensions, check_again};
#[cfg(feature = "zstd")]
use crate::read::frame::{self, FrameHead, Replayed};
use crate::read::shared::{Shared, View};
#[cfg(feature = "zstd")]
use crate::read::source::BUFFER;
use crate::read::source::{Source, read_up_to, segment};

/// Where the records come from; each state owns what it reads, so no
/// state can be built without it.
pub(crate) enum State<R: Read> {
    /// Plain records, straight from the file.
    Plain(Source<R>),
    /// Compressed records whose frame is not open yet.
    FrameAhead(Source<R>),
    /// Compressed records, from the open frame.
    #[cfg(feature = "zstd")]
    InFrame(Frame<R>),
    /// After the end of the file checked out, or after an error.
    Done,
}

#[cfg(feature = "zstd")]
type Frame<R> = io::BufReader<zstd::stream::read::Decoder<'static, Replayed<Source<R>>>>;

/// How far the records of a file have been read: what [`Records`]
/// advances, kept by the reader between iterations. The records come
/// through one view of the shared input; the stack and thread of each,
/// when they are not kept, through others beside it.
pub(crate) struct Cursor<R: Read> {
    pub(crate) state: State<View<R>>,
    /// The input, for the views beside the records.
    pub(crate) shared: Shared<R>,
    /// The stack and thread of each record, read beside the records.
    pub(crate) beside: Beside<R>,
    /// How many records have been yielded.
    pub(crate) index: u32,
    /// Offset of the next record: in the file, or in the decompressed
    /// record bytes.
    pub(crate) offset: u64,
    /// The file's memory budget, with what the tables hold charged.
    #[cfg_attr(not(feature = "zstd"), allow(dead_code))]
    pub(crate) budget: Budget,
}

impl<R: Read> Cursor<R> {
    /// The cursor before the first record of a file with `flags`, reading
    /// from `source`, a view of `shared`; `budget` is what remains of its
    /// memory budget.
    pub(crate) fn new(
        source: Source<View<R>>,
        shared: Shared<R>,
        flags: Flags,
        budget: Budget,
    ) -> Self {
        Cursor {
            shared,
            beside: Beside::default(),
            state: if flags.contains(Flags::COMPRESSED) {
                State::FrameAhead(source)
            } else {
                State::Plain(source)
            },
            index: 0,
            offset: RECORDS_OFFSET as u64,
            budget,
        }
    }
}

/// What the records' pass needs to know of the file besides its cursor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub(crate) layout: Layout,
    pub(crate) flags: Flags,
    pub(crate) version: u32,
    pub(crate) count: u32,
    /// Where the records end in the file (see `BinaryReader`): where a
    /// compressed file's frame must end.
    #[cfg_attr(not(feature = "zstd"), allow(dead_code))]
    pub(crate) records_end: u64,
}

/// The records of a [`BinaryReader`](crate::BinaryReader), each decoded,
/// checked, and handed out as a [`Record`] with its call stack and thread
/// borrowed from the file's tables. The iterator ends after the last
/// record once the end of the file has checked out, or with the first
/// error (which it yields, then stops).
pub struct Records<'r, R: Read> {
    pub(crate) cursor: &'r mut Cursor<R>,
    pub(crate) tables: &'r Extensions,
    pub(crate) shape: Shape,
}

impl<R: Read> std::fmt::Debug for Records<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records")
            .field("count", &self.shape.count)
            .field("index", &self.cursor.index)
            .finish_non_exhaustive()
    }
}

impl<'r, R: Read> Records<'r, R> {
    /// The file's call stacks, when it has them.
    pub fn stacks(&self) -> Option<&'r CallStacks> {
        self.tables.stacks.as_ref()
    }

    /// The file's threads, when it has them.
    pub fn threads(&self) -> Option<&'r Threads> {
        self.tables.threads.as_ref()
    }

    /// How many records have been yielded.
    pub fn position(&self) -> u32 {
        self.cursor.index
    }

    /// `allocation`, record `index`, with its stack and thread; an error
    /// ends the iteration.
    fn placed<A>(&mut self, allocation: A, index: u32) -> FormatResult<Record<'r, A>> {
        let cursor = &mut *self.cursor;
        match place(self.tables, &mut cursor.beside, &cursor.shared, index) {
            Ok((stack, thread)) => Ok(Record {
                allocation,
                stack,
                thread,
                sample_mean: self.tables.mean_of.get(index as usize).copied(),
            }),
            Err(e) => {
                cursor.state = State::Done;
                Err(e)
            }
        }
    }

    /// Visits every remaining record without building an owned
    /// [`AllocationInfo`] for it: each comes as a [`Record`] whose
    /// allocation is an [`AllocationRecord`] borrowing the reader's
    /// buffer, decoded where it lies. The same checks as the iterator, the
    /// end of the file included; stops at the first error and returns it.
    /// Afterwards the iteration is over.
    ///
    /// ```
    /// use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
    /// use memscope_tracker::MemoryTracker;
    ///
    /// let tracker = MemoryTracker::new();
    /// tracker.record_alloc_at(0x1000, 64, 7);
    /// tracker.record_alloc_at(0x2000, 32, 8);
    /// let mut file = Vec::new();
    /// BinaryExporter::new(BinaryExportConfig::new().include_details(true))
    ///     .export_to_writer(&tracker, &mut file)
    ///     .unwrap();
    ///
    /// let mut reader = BinaryReader::from_bytes(&file).unwrap();
    /// let mut bytes = 0;
    /// reader.records().visit(|record| bytes += record.allocation.size).unwrap();
    /// assert_eq!(bytes, 96);
    /// ```
    pub fn visit(
        &mut self,
        mut each: impl FnMut(Record<'r, AllocationRecord<'_>>),
    ) -> FormatResult<()> {
        loop {
            // Every record whole in the buffer, decoded in place.
            let layout = self.shape.layout;
            let first = self.cursor.index;
            let left = self.shape.count - first;
            let tables = self.tables;
            let Cursor {
                state,
                shared,
                beside,
                ..
            } = &mut *self.cursor;
            let mut failed = None;
            let mut visited = |allocation: AllocationRecord<'_>, nth: u32| match place(
                tables,
                beside,
                shared,
                first + nth,
            ) {
                Ok((stack, thread)) => {
                    each(Record {
                        allocation,
                        stack,
                        thread,
                        sample_mean: tables.mean_of.get((first + nth) as usize).copied(),
                    });
                    true
                }
                Err(e) => {
                    failed = Some(e);
                    false
                }
            };
            let (bytes, records) = match state {
                State::Plain(source) => visit_buffered(source, layout, left, &mut visited),
                #[cfg(feature = "zstd")]
                State::InFrame(frame) => visit_buffered(frame, layout, left, &mut visited),
                _ => (0, 0),
            };
            self.cursor.offset += bytes;
            self.cursor.index += records;
            if let Some(e) = failed {
                self.cursor.state = State::Done;
                return Err(e);
            }
            // The rest, one record at a time: buffer edges, the frame's
            // start, errors, the end of the file.
            if matches!(self.cursor.state, State::Done) {
                return Ok(());
            }
            let index = self.cursor.index;
            match self.next_record() {
                Ok(Some(record)) => {
                    let record = self.placed(AllocationRecord::from(&record), index)?;
                    each(record);
                }
                Ok(None) => {
                    self.cursor.state = State::Done;
                    return Ok(());
                }
                Err(e) => {
                    self.cursor.state = State::Done;
                    return Err(e);
                }
            }
        }
    }

    fn next_record(&mut self) -> FormatResult<Option<AllocationInfo>> {
        if matches!(self.cursor.state, State::FrameAhead(_)) {
            self.start_frame()?;
        }
        if self.cursor.index == self.shape.count {
            self.finish()?;
            return Ok(None);
        }
        let index = u64::from(self.cursor.index);
        let offset = self.cursor.offset;
        let (record, used) = match &mut self.cursor.state {
            State::Plain(source) => {
                next_record(source, self.shape.layout).map_err(|e| FormatError::Record {
                    index,
                    source: e.shifted(offset),
                })?
            }
            #[cfg(feature = "zstd")]
            State::InFrame(frame) => {
                next_record(frame, self.shape.layout).map_err(|e| match e {
                    CodecError::Io { source, .. } => FormatError::Decompression {
                        offset: RECORDS_OFFSET as u64,
                        reason: source.to_string(),
                    },
                    e => FormatError::CompressedRecord {
                        index,
                        source: e.shifted(offset),
                    },
                })?
            }
            State::FrameAhead(_) | State::Done => return Ok(None),
        };
        self.cursor.offset += used as u64;
        self.cursor.index += 1;
        Ok(Some(record))
    }

    /// Opens the zstd frame (FORMAT.md, "zstd frames (both versions)"),
    /// refusing what is not one frame, and one that declares more
    /// decompressed bytes than `count` records can occupy, or a window
    /// larger than that.
    #[cfg(feature = "zstd")]
    fn start_frame(&mut self) -> FormatResult<()> {
        let State::FrameAhead(mut source) = std::mem::replace(&mut self.cursor.state, State::Done)
        else {
            return Ok(());
        };
        let at = RECORDS_OFFSET as u64;
        let bad = |reason: String| FormatError::Decompression { offset: at, reason };
        let count = self.shape.count;
        let size = AllocationInfo::encoded_size(self.shape.layout);
        let most = u64::from(count).saturating_mul(size.max.unwrap_or(usize::MAX) as u64);
        let head = FrameHead::read(&mut source, FramePart::Records, at)?;
        if let Some(declared) = head.content_size
            && declared > most
        {
            return Err(bad(format!(
                "the frame declares {declared} bytes, but {count} records occupy at most {most}"
            )));
        }
        // The decoder's window is its one large allocation: no larger than
        // the records can justify (2^10 is zstd's smallest window).
        let window_log = frame::window_log_for(most, 10);
        head.check_window(window_log, FramePart::Records, at)?;
        self.cursor
            .budget
            .charge(head.window, "the zstd window of the records", at)?;
        let mut decoder = zstd::stream::read::Decoder::with_buffer(head.then(source))
            .map_err(|e| bad(e.to_string()))?
            .single_frame();
        decoder
            .window_log_max(window_log)
            .map_err(|e| bad(e.to_string()))?;
        self.cursor.state = State::InFrame(io::BufReader::with_capacity(BUFFER, decoder));
        self.cursor.offset = 0;
        Ok(())
    }

    /// Without the `zstd` feature, compressed records cannot be read.
    #[cfg(not(feature = "zstd"))]
    fn start_frame(&mut self) -> FormatResult<()> {
        self.cursor.state = State::Done;
        Err(FormatError::CompressionUnsupported {
            offset: RECORDS_OFFSET as u64,
        })
    }

    /// After the last record: nothing more in the frame, then the
    /// extension segments (the same bytes as read ahead), then the footer
    /// if the flag says so, then the end of the file.
    fn finish(&mut self) -> FormatResult<()> {
        let mut source = match std::mem::replace(&mut self.cursor.state, State::Done) {
            State::Plain(source) => source,
            #[cfg(feature = "zstd")]
            State::InFrame(mut frame) => {
                let mut probe = [0u8; 1];
                let extra = read_up_to(&mut frame, &mut probe).map_err(|e| match e {
                    FormatError::Io { source, .. } => FormatError::Decompression {
                        offset: RECORDS_OFFSET as u64,
                        reason: source.to_string(),
                    },
                    e => e,
                })?;
                if extra > 0 {
                    return Err(FormatError::TrailingBytes {
                        after: "last record",
                        offset: self.cursor.offset,
                        compressed: true,
                    });
                }
                let (_, source) = frame.into_inner().finish().into_inner();
                // The frame ends where the records do: at the first
                // extension segment, or at the footer.
                let at = source.offset();
                if at < self.shape.records_end {
                    return Err(FormatError::FrameTrailing {
                        part: FramePart::Records,
                        offset: at,
                        extra: self.shape.records_end - at,
                    });
                }
                source
            }
            State::FrameAhead(_) | State::Done => return Ok(()),
        };
        let flags = self.shape.flags;
        if self.shape.version >= 2 {
            check_again(&mut source, self.tables)?;
        }
        let records_end = source.offset();
        if flags.contains(Flags::CHECKSUM) {
            let computed = source.crc();
            let mut footer = [0u8; FOOTER.fixed_size];
            let got = read_up_to(&mut source, &mut footer)?;
            if got == 0 {
                return Err(FormatError::MissingFooter {
                    offset: records_end,
                });
            }
            let footer = segment(
                FOOTER.name,
                records_end,
                Footer::decode_slice(&footer[..got], Layout::Basic),
            )?
            .0;
            if footer.crc32 != computed {
                return Err(FormatError::ChecksumMismatch {
                    expected: footer.crc32,
                    found: computed,
                    offset: records_end + 4,
                });
            }
        }
        let end = source.offset();
        let mut probe = [0u8; 1];
        if read_up_to(&mut source, &mut probe)? > 0 {
            return Err(FormatError::TrailingBytes {
                after: if flags.contains(Flags::CHECKSUM) {
                    "footer"
                } else {
                    "last record"
                },
                offset: end,
                compressed: false,
            });
        }
        Ok(())
    }
}

impl<'r, R: Read> Iterator for Records<'r, R> {
    type Item = FormatResult<Record<'r>>;

    fn next(&mut self) -> Option<Self::Item> {
        // The common case, kept short: a plain record whole in the buffer.
        let index = self.cursor.index;
        if let State::Plain(source) = &mut self.cursor.state
            && index < self.shape.count
            && let Ok(buffered) = source.fill_buf()
            && let Ok((record, used)) = AllocationInfo::decode_slice(buffered, self.shape.layout)
        {
            source.consume(used);
            self.cursor.offset += used as u64;
            self.cursor.index += 1;
            return Some(self.placed(record, index));
        }
        // Everything else: buffer edges, frames, errors, the end.
        if matches!(self.cursor.state, State::Done) {
            return None;
        }
        match self.next_record() {
            Ok(Some(record)) => Some(self.placed(record, index)),
            Ok(None) => {
                self.cursor.state = State::Done;
                None
            }
            Err(e) => {
                self.cursor.state = State::Done;
                Some(Err(e))
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.shape.count - self.cursor.index) as usize;
        // An error may end the iteration early, or add one item.
        (0, Some(left + 1))
    }
}

/// Record `index`'s stack and thread, from `tables`, or read beside the
/// records (through `beside`, in `shared`) when they are not kept.
fn place<'t, R: Read>(
    tables: &'t Extensions,
    beside: &mut Beside<R>,
    shared: &Shared<R>,
    index: u32,
) -> FormatResult<(Option<StackView<'t>>, Option<ThreadView<'t>>)> {
    let stack = match &tables.stacks {
        Some(stacks) => entry(
            &tables.stack_of,
            &mut beside.stacks,
            shared,
            index,
            stacks.stacks.len(),
            StackId::from_wire,
        )?
        .and_then(|id| stacks.stack(id)),
        None => None,
    };
    let thread = match &tables.threads {
        Some(threads) => entry(
            &tables.thread_of,
            &mut beside.threads,
            shared,
            index,
            threads.threads.len(),
            ThreadIndex::from_wire,
        )?
        .and_then(|index| {
            threads
                .get(index)
                .map(|thread| ThreadView { index, thread })
        }),
        None => None,
    };
    Ok((stack, thread))
}

/// Decodes, borrowed, the records that lie whole in `input`'s buffer, at
/// most `left` of them, and hands each to `each` with its position among
/// them, until `each` says to stop (by returning `false`); returns the
/// bytes and records consumed. The first record that does not decode
/// (cut by the buffer's end, or malformed) is left for the slow path,
/// which reads across the edge or reports the error where it is.
fn visit_buffered<B: BufRead>(
    input: &mut B,
    layout: Layout,
    left: u32,
    each: &mut impl FnMut(AllocationRecord<'_>, u32) -> bool,
) -> (u64, u32) {
    let Ok(buffered) = input.fill_buf() else {
        return (0, 0);
    };
    let mut at = 0;
    let mut records = 0;
    while records < left {
        match AllocationRecord::decode_borrowed(&buffered[at..], layout) {
            Ok((record, used)) => {
                let go_on = each(record, records);
                at += used;
                records += 1;
                if !go_on {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    input.consume(at);
    (at as u64, records)
}

/// Decodes one record from `input`, from its buffer when the record fits
/// there (no copy), or reading across the buffer's end when it does not.
fn next_record<B: BufRead>(
    input: &mut B,
    layout: Layout,
) -> Result<(AllocationInfo, usize), CodecError> {
    let buffered = input.fill_buf().map_err(|e| CodecError::io(0, e))?;
    match AllocationInfo::decode_slice(buffered, layout) {
        Ok((record, used)) => {
            input.consume(used);
            Ok((record, used))
        }
        // Cut by the buffer's end (or the input's): decode as a stream,
        // which reads on and reports a real end precisely.
        Err(CodecError::UnexpectedEnd { .. }) => {
            let record = AllocationInfo::read_with(input, layout)?;
            let used = record.encoded_len(layout);
            Ok((record, used))
        }
        Err(e) => Err(e),
    }
}
