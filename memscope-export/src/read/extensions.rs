//! The extension segments of a version-2 file (FORMAT.md, "Extension
//! segments"): found from `ENDS` at the end of the file and read ahead
//! of the records ([`prefetch`]), or read where they are, after the
//! records, under the checksum ([`read_extensions`]). Either way every
//! rule of FORMAT.md's "Version 2" is checked, and what they hold comes
//! out as the model: the tables, and the stack and thread of each record.

use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};

use memscope_binary::{BinaryRecord, Layout};

use crate::error::{FormatError, FormatResult, Tag};
use crate::format::{FileLayout, Flags, RECORDS_OFFSET};
use crate::model::ids::{StackId, ThreadIndex};
use crate::model::stacks::CallStacks;
use crate::model::threads::Threads;
use crate::read::source::{Source, read_up_to, segment};
use crate::wire::stacks::StackSegments;
use crate::wire::{self, EndBody, SegmentHead};

/// One extension segment of a version-2 file, where the reader met it.
///
/// ```
/// use memscope_export::{ExtensionSegment, Tag};
///
/// let segment = ExtensionSegment { tag: Tag(*b"sFRM"), offset: 300, length: 52 };
/// assert_eq!(segment.end(), 364);
/// assert_eq!(segment.meaning(), "call stacks: frames");
/// assert!(!segment.is_critical());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionSegment {
    /// Its tag.
    pub tag: Tag,
    /// Where it begins (its tag), from the start of the file.
    pub offset: u64,
    /// The length of its body as stored (compressed, in a compressed
    /// file), without the 12 bytes of tag and length.
    pub length: u64,
}

impl ExtensionSegment {
    /// The offset just past its body.
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(12).saturating_add(self.length)
    }

    /// Whether a reader that does not know it must refuse the file (the
    /// tag's first letter is upper case).
    pub fn is_critical(&self) -> bool {
        wire::is_critical(self.tag.0)
    }

    /// What it holds, in words.
    pub fn meaning(&self) -> &'static str {
        wire::meaning(self.tag.0)
    }
}

/// What the extension segments of a version-2 file hold (nothing, for a
/// version-1 file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Extensions {
    /// Where the first one begins (or `ENDS`, when there is none).
    pub(crate) start: u64,
    /// Each segment, in file order, `ENDS` last.
    pub(crate) segments: Vec<ExtensionSegment>,
    /// The call stacks, when the STACKS flag is set.
    pub(crate) stacks: Option<CallStacks>,
    /// The stack of each record, when there are stacks.
    pub(crate) stack_of: Vec<Option<StackId>>,
    /// The threads, when the file has `tHRD`.
    pub(crate) threads: Option<Threads>,
    /// The thread of each record, when there are threads.
    pub(crate) thread_of: Vec<Option<ThreadIndex>>,
}

/// Reads the extension segments of a version-2 file from the end of
/// `input`: `ENDS`, the last 20 bytes before the footer, gives where they
/// begin; they are read and checked from there, in the memory the
/// segments justify. Leaves `input` wherever it stopped.
pub(crate) fn prefetch<R: Read + Seek>(
    input: &mut R,
    flags: Flags,
    count: u32,
) -> FormatResult<Extensions> {
    let seeking = |e| FormatError::io("seeking in", None, e);
    let end = input.seek(SeekFrom::End(0)).map_err(seeking)?;
    let footer = FileLayout::new(flags, 0).trailer_size();
    let ends_len = (SegmentHead::BASIC_SIZE.min + EndBody::BASIC_SIZE.min) as u64;
    let records = RECORDS_OFFSET as u64;
    let ends_at = end
        .checked_sub(footer + ends_len)
        .filter(|&at| at >= records)
        .ok_or(FormatError::MissingEnd {
            offset: end.saturating_sub(footer).max(records),
        })?;
    input.seek(SeekFrom::Start(ends_at)).map_err(seeking)?;
    let mut tail = [0u8; 20];
    if read_up_to(input, &mut tail)? < tail.len() {
        return Err(FormatError::MissingEnd { offset: ends_at });
    }
    let head = segment(
        "ENDS",
        ends_at,
        SegmentHead::decode_slice(&tail, Layout::Basic),
    )?
    .0;
    if head.tag != wire::END || head.length != 8 {
        return Err(FormatError::MissingEnd { offset: ends_at });
    }
    let first = wire::decode_body::<EndBody>(wire::END, &tail[12..], ends_at + 12)?.first_segment;
    if first < records || first > ends_at {
        return Err(FormatError::EndOffsetOutOfRange {
            found: first,
            min: records,
            offset: ends_at,
        });
    }
    input.seek(SeekFrom::Start(first)).map_err(seeking)?;
    // Never past `ENDS`: a length that runs on reads no footer.
    let area = ends_at + ends_len - first;
    let mut source = Source::new(input.by_ref().take(area));
    source.base = first;
    let extensions = read_extensions(&mut source, flags, u64::from(count))?;
    if source.offset() != ends_at + ends_len {
        return Err(FormatError::TrailingBytes {
            after: "ENDS segment",
            offset: source.offset(),
            compressed: false,
        });
    }
    Ok(extensions)
}

/// The most bytes one extension segment's content may have: the reader's
/// allocation budget per segment (FORMAT.md, "Version 2").
pub const MAX_SEGMENT: u64 = 1 << 30;

/// Reads the extension segments of a version-2 file, up to and including
/// `ENDS`, checking every rule of FORMAT.md's "Version 2"; returns where
/// they are and what they hold.
pub(crate) fn read_extensions<R: Read>(
    source: &mut Source<R>,
    flags: Flags,
    records: u64,
) -> FormatResult<Extensions> {
    let first = source.offset();
    let mut stacks = StackSegments::default();
    let mut threads = None;
    let mut segments = Vec::new();
    // Where each tag's body begins: a tag twice is an error, however many
    // distinct (ancillary) tags a file holds.
    let mut seen: HashMap<[u8; 4], u64> = HashMap::new();
    loop {
        let at = source.offset();
        let mut head = [0u8; 12];
        let got = read_up_to(source, &mut head)?;
        if got == 0 {
            return Err(FormatError::MissingEnd { offset: at });
        }
        let head = segment(
            "extension segment head",
            at,
            SegmentHead::decode_slice(&head[..got], Layout::Basic),
        )?
        .0;
        let tag = head.tag;
        let body_at = at + 12;
        if seen.contains_key(&tag) {
            return Err(FormatError::DuplicateSegment {
                tag: Tag(tag),
                offset: at,
            });
        }
        segments.push(ExtensionSegment {
            tag: Tag(tag),
            offset: at,
            length: head.length,
        });
        if tag == wire::END {
            let mut body = [0u8; 8];
            let got = read_up_to(source, &mut body)?;
            if head.length != 8 || got < 8 {
                return Err(FormatError::SegmentCut {
                    tag: Tag(tag),
                    length: head.length,
                    available: got as u64,
                    offset: body_at,
                });
            }
            let end = wire::decode_body::<EndBody>(tag, &body, body_at)?;
            if end.first_segment != first {
                return Err(FormatError::EndOffsetMismatch {
                    found: end.first_segment,
                    expected: first,
                    offset: at,
                });
            }
            break;
        }
        seen.insert(tag, body_at);
        if !wire::is_known(tag) {
            if wire::is_critical(tag) {
                return Err(FormatError::UnknownCriticalSegment {
                    tag: Tag(tag),
                    offset: at,
                });
            }
            let skipped = io::copy(&mut source.by_ref().take(head.length), &mut io::sink())
                .map_err(|e| FormatError::io("reading", None, e))?;
            if skipped < head.length {
                return Err(FormatError::SegmentCut {
                    tag: Tag(tag),
                    length: head.length,
                    available: skipped,
                    offset: body_at,
                });
            }
            continue;
        }
        if head.length > MAX_SEGMENT + 8 {
            return Err(FormatError::SegmentTooLong {
                tag: Tag(tag),
                length: head.length,
                limit: MAX_SEGMENT + 8,
                offset: at,
            });
        }
        // Grown as bytes arrive: a length that lies costs no more memory
        // than the bytes that are there.
        let mut body = Vec::new();
        source
            .by_ref()
            .take(head.length)
            .read_to_end(&mut body)
            .map_err(|e| FormatError::io("reading", None, e))?;
        if (body.len() as u64) < head.length {
            return Err(FormatError::SegmentCut {
                tag: Tag(tag),
                length: head.length,
                available: body.len() as u64,
                offset: body_at,
            });
        }
        let (content, content_at) = if flags.contains(Flags::COMPRESSED) {
            // Offsets in a decompressed body count from its start.
            (decompress_body(tag, &body, body_at)?, 0)
        } else {
            (body, body_at)
        };
        if tag == wire::THREADS {
            threads = Some(wire::threads::decode(&content, content_at, records)?);
        } else {
            stacks.apply(tag, &content, content_at)?;
        }
    }
    let has = |tag| seen.contains_key(&tag);
    let required = [wire::STRINGS, wire::FRAMES, wire::STACKS, wire::IDS];
    if flags.contains(Flags::STACKS) {
        if let Some(&tag) = required.iter().find(|&&tag| !has(tag)) {
            return Err(FormatError::StacksFlagMismatch {
                flag_set: true,
                tag: Tag(tag),
            });
        }
    } else if let Some(&tag) = required
        .iter()
        .chain(&[wire::MODULES])
        .find(|&&tag| has(tag))
    {
        return Err(FormatError::StacksFlagMismatch {
            flag_set: false,
            tag: Tag(tag),
        });
    }
    let (stacks, stack_of) = if flags.contains(Flags::STACKS) {
        let (tables, ids) =
            stacks.into_model(records, |tag| seen.get(&tag).copied().unwrap_or(0))?;
        (Some(tables), ids)
    } else {
        (None, Vec::new())
    };
    let (threads, thread_of) = match threads {
        Some((table, of_records)) => (Some(table), of_records),
        None => (None, Vec::new()),
    };
    Ok(Extensions {
        start: first,
        segments,
        stacks,
        stack_of,
        threads,
        thread_of,
    })
}

/// The content of a compressed segment body: a u64 content length, then
/// one zstd frame of exactly that many bytes.
#[cfg(feature = "zstd")]
fn decompress_body(tag: [u8; 4], body: &[u8], body_at: u64) -> FormatResult<Vec<u8>> {
    let bad = |reason: String| FormatError::SegmentDecompression {
        tag: Tag(tag),
        offset: body_at,
        reason,
    };
    let (length, frame) = body
        .split_first_chunk::<8>()
        .ok_or_else(|| bad("shorter than its 8-byte content length".into()))?;
    let length = u64::from_le_bytes(*length);
    if length > MAX_SEGMENT {
        return Err(FormatError::SegmentTooLong {
            tag: Tag(tag),
            length,
            limit: MAX_SEGMENT,
            offset: body_at,
        });
    }
    let mut decoder = zstd::stream::read::Decoder::new(frame)
        .map_err(|e| bad(e.to_string()))?
        .single_frame();
    decoder.window_log_max(30).map_err(|e| bad(e.to_string()))?;
    let mut content = Vec::new();
    decoder
        .take(length + 1)
        .read_to_end(&mut content)
        .map_err(|e| bad(e.to_string()))?;
    if content.len() as u64 != length {
        return Err(bad(format!(
            "the frame holds {} bytes, the content length says {length}",
            content.len()
        )));
    }
    Ok(content)
}

/// Without the `zstd` feature, compressed segments cannot be read.
#[cfg(not(feature = "zstd"))]
fn decompress_body(_tag: [u8; 4], _body: &[u8], body_at: u64) -> FormatResult<Vec<u8>> {
    Err(FormatError::CompressionUnsupported { offset: body_at })
}
