//! The version-2 extension segments as bytes (FORMAT.md, "Extension
//! segments"): their tags, the head every segment starts with, `ENDS`,
//! and the bodies of the stack segments and of `tHRD`, each a derived
//! [`BinaryRecord`]. This is the only place that knows the file's
//! encodings of "none" (an index + 1, 0 for none): everything above it
//! works with the typed ids of [`crate::model::ids`]. A segment's content
//! is read in order from a [`content::Content`], so that the per-record
//! ids go straight into their final vectors.

pub(crate) mod content;
pub(crate) mod history;
pub(crate) mod sampling;
pub(crate) mod stacks;
pub(crate) mod threads;

use memscope_binary::{BinaryRecord, Layout};

use crate::error::{FormatError, Tag};

/// The tag of `sSTR`, the string table.
pub(crate) const STRINGS: [u8; 4] = *b"sSTR";
/// The tag of `sFRM`, the frame table.
pub(crate) const FRAMES: [u8; 4] = *b"sFRM";
/// The tag of `sSTK`, the stack table.
pub(crate) const STACKS: [u8; 4] = *b"sSTK";
/// The tag of `sIDS`, the stack of each record.
pub(crate) const IDS: [u8; 4] = *b"sIDS";
/// The tag of `sMOD`, the module map.
pub(crate) const MODULES: [u8; 4] = *b"sMOD";
/// The tag of `tHRD`, the threads and the thread of each record.
pub(crate) const THREADS: [u8; 4] = *b"tHRD";
/// The tag of `SMPL`, which says the records are a sample.
pub(crate) const SAMPLING: [u8; 4] = *b"SMPL";
/// The tag of `sITE`, each call site's totals over the run.
pub(crate) const SITES: [u8; 4] = *b"sITE";
/// The tag of `tIME`, the timeline of live memory.
pub(crate) const TIMELINE: [u8; 4] = *b"tIME";
/// The tag of `ENDS`, which closes the extension segments.
pub(crate) const END: [u8; 4] = *b"ENDS";

/// Whether a tag is critical: its first letter is upper case.
pub(crate) fn is_critical(tag: [u8; 4]) -> bool {
    tag[0].is_ascii_uppercase()
}

/// Whether `tag` is four ASCII letters, as every tag must be.
pub(crate) fn is_valid_tag(tag: [u8; 4]) -> bool {
    tag.iter().all(u8::is_ascii_alphabetic)
}

/// Whether the reader knows `tag`.
pub(crate) fn is_known(tag: [u8; 4]) -> bool {
    matches!(
        tag,
        STRINGS | FRAMES | STACKS | IDS | MODULES | END | THREADS | SAMPLING | SITES | TIMELINE
    )
}

/// Whether `tag` is one of the stack segments, which a file has only
/// with the STACKS flag: `sSTR`, `sFRM`, `sSTK`, `sIDS`, `sMOD`.
pub(crate) fn is_stack_segment(tag: [u8; 4]) -> bool {
    matches!(tag, STRINGS | FRAMES | STACKS | IDS | MODULES)
}

/// Whether `tag` is a table, whose size does not follow from the record
/// count: `sSTR`, `sFRM`, `sSTK`, `sMOD` (`tHRD` holds a table and an
/// entry per record).
pub(crate) fn is_table(tag: [u8; 4]) -> bool {
    matches!(tag, STRINGS | FRAMES | STACKS | MODULES)
}

/// What a segment holds, in words.
pub(crate) fn meaning(tag: [u8; 4]) -> &'static str {
    match tag {
        STRINGS => "call stacks: strings",
        FRAMES => "call stacks: frames",
        STACKS => "call stacks: stacks",
        IDS => "call stacks: the stack of each record",
        MODULES => "call stacks: modules",
        THREADS => "threads: the thread of each record",
        SAMPLING => "sampling: the records are samples, and their means",
        SITES => "call sites: allocated, freed, at the peak, temporary, over the run",
        TIMELINE => "timeline: live memory over the run, the peak, the snapshots",
        END => "end of the extension segments",
        _ => "unknown ancillary segment, skipped",
    }
}

/// What the memory charged for segment `tag` holds, by kind (FORMAT.md,
/// "Memory budget"), for [`FormatError::MemoryBudget`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Held {
    /// Its content, read whole before it is decoded.
    Content,
    /// Its entries, decoded.
    Entries,
    /// The window of its zstd frame.
    #[cfg_attr(not(feature = "zstd"), allow(dead_code))]
    Window,
}

/// What `held` is, in words, for segment `tag`.
pub(crate) fn held(tag: [u8; 4], held: Held) -> &'static str {
    match (held, tag) {
        (Held::Content, STRINGS) => "the content of segment sSTR",
        (Held::Content, FRAMES) => "the content of segment sFRM",
        (Held::Content, STACKS) => "the content of segment sSTK",
        (Held::Content, MODULES) => "the content of segment sMOD",
        (Held::Entries, STRINGS) => "the strings of segment sSTR",
        (Held::Entries, FRAMES) => "the frames of segment sFRM",
        (Held::Entries, STACKS) => "the stacks of segment sSTK",
        (Held::Entries, MODULES) => "the modules of segment sMOD",
        (Held::Entries, IDS) => "the stack of each record, in segment sIDS",
        (Held::Entries, THREADS) => "the threads of segment tHRD",
        (Held::Entries, SAMPLING) => "the sampling mean of each record, in segment SMPL",
        (Held::Entries, SITES) => "the call sites of segment sITE",
        (Held::Entries, TIMELINE) => "the buckets and marks of segment tIME",
        (Held::Window, SITES) => "the zstd window of segment sITE",
        (Held::Window, TIMELINE) => "the zstd window of segment tIME",
        (Held::Window, STRINGS) => "the zstd window of segment sSTR",
        (Held::Window, FRAMES) => "the zstd window of segment sFRM",
        (Held::Window, STACKS) => "the zstd window of segment sSTK",
        (Held::Window, MODULES) => "the zstd window of segment sMOD",
        (Held::Window, IDS) => "the zstd window of segment sIDS",
        (Held::Window, THREADS) => "the zstd window of segment tHRD",
        (Held::Window, SAMPLING) => "the zstd window of segment SMPL",
        _ => "an extension segment",
    }
}

/// The head of an extension segment: its tag and body length.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(size = 12)]
pub(crate) struct SegmentHead {
    pub(crate) tag: [u8; 4],
    pub(crate) length: u64,
}

/// The body of `ENDS`: where the extension segments begin.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(size = 8)]
pub(crate) struct EndBody {
    pub(crate) first_segment: u64,
}

/// A segment's tag and its encoded body.
pub(crate) type EncodedSegment = ([u8; 4], Vec<u8>);

/// Decodes a whole segment body as `T`, refusing bytes left over.
pub(crate) fn decode_body<T: BinaryRecord>(
    tag: [u8; 4],
    body: &[u8],
    body_offset: u64,
) -> Result<T, FormatError> {
    let (value, used) =
        T::decode_slice(body, Layout::Basic).map_err(|source| FormatError::SegmentBody {
            tag: Tag(tag),
            source: source.shifted(body_offset),
        })?;
    if used != body.len() {
        return Err(FormatError::SegmentTrailing {
            tag: Tag(tag),
            offset: body_offset + used as u64,
            extra: (body.len() - used) as u64,
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_say_critical_or_ancillary_by_their_first_letter() {
        assert!(is_critical(END));
        assert!(is_critical(SAMPLING) && is_known(SAMPLING));
        for tag in [
            STRINGS, FRAMES, STACKS, IDS, MODULES, THREADS, SITES, TIMELINE,
        ] {
            assert!(!is_critical(tag), "{tag:?}");
            assert!(is_known(tag));
        }
        assert!(!is_known(*b"xNEW"));
        assert!(is_valid_tag(*b"xNEW") && is_valid_tag(END));
        for tag in [*b"s1TR", [0; 4], *b"\xe9STR", *b"sST ", *b"_STR"] {
            assert!(!is_valid_tag(tag), "{tag:?}");
        }
        assert_eq!(meaning(*b"xNEW"), "unknown ancillary segment, skipped");
    }
}
