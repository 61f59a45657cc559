//! The corpus of hostile files: for each rule of FORMAT.md that issue 26
//! specified, a small file that breaks it (or that the rule says stays
//! valid), with the outcome the reader must give. The library's tests
//! read each and check the exact error (`tests/format_rules.rs`); the
//! command-line tool's tests validate each under an address-space limit.
//!
//! Every file here is built from a sound export of [`six_records`] by
//! changing what the rule is about, so that nothing else can be what the
//! reader refuses.
//!
//! ```
//! use memscope_test_support::hostile::{Outcome, corpus};
//!
//! for file in corpus() {
//!     assert!(file.name.ends_with(".memscope"));
//!     assert!(!file.rule.is_empty());
//!     assert!(file.bytes.starts_with(b"MEMSCOPE"));
//!     if let Outcome::Reads { records } = file.outcome {
//!         assert!(records <= 6, "{}", file.name);
//!     }
//! }
//! ```

use memscope_export::{BinaryExportConfig, FormatError, FramePart, Tag, memory_budget};

use crate::{EXPORTED, file_bytes, placed, six_allocations, six_records, three_stacks};

/// What reading a corpus file must give.
pub enum Outcome {
    /// The file is valid: it reads, with this many records.
    Reads {
        /// How many records it holds.
        records: u32,
    },
    /// The file is refused with the error this predicate accepts: the
    /// rule's own variant, at the right offset.
    Refused(Box<dyn Fn(&FormatError) -> bool>),
}

/// One file of the corpus.
pub struct Hostile {
    /// A file name for it, `RULE.memscope`.
    pub name: &'static str,
    /// The rule, in FORMAT.md's words.
    pub rule: &'static str,
    /// The file.
    pub bytes: Vec<u8>,
    /// What reading it must give.
    pub outcome: Outcome,
}

impl Hostile {
    fn refused(
        name: &'static str,
        rule: &'static str,
        bytes: Vec<u8>,
        check: impl Fn(&FormatError) -> bool + 'static,
    ) -> Self {
        Hostile {
            name,
            rule,
            bytes,
            outcome: Outcome::Refused(Box::new(check)),
        }
    }

    fn reads(name: &'static str, rule: &'static str, bytes: Vec<u8>, records: u32) -> Self {
        Hostile {
            name,
            rule,
            bytes,
            outcome: Outcome::Reads { records },
        }
    }
}

/// An extension segment: its tag and its body.
pub type Segment = ([u8; 4], Vec<u8>);

/// A version-2 file without footer cut into what precedes its extension
/// segments (header, stats, records) and each segment but `ENDS`.
pub fn split_segments(file: &[u8]) -> (Vec<u8>, Vec<Segment>) {
    let ends = file.len() - 20;
    assert_eq!(&file[ends..ends + 4], b"ENDS", "a file without footer");
    let first = u64::from_le_bytes(file[ends + 12..].try_into().expect("8 bytes")) as usize;
    let mut segments = Vec::new();
    let mut at = first;
    while at < ends {
        let tag: [u8; 4] = file[at..at + 4].try_into().expect("4 bytes");
        let len = u64::from_le_bytes(file[at + 4..at + 12].try_into().expect("8 bytes")) as usize;
        segments.push((tag, file[at + 12..at + 12 + len].to_vec()));
        at += 12 + len;
    }
    (file[..first].to_vec(), segments)
}

/// `head` followed by `segments` and the `ENDS` that closes them (no
/// footer).
pub fn join_segments(head: &[u8], segments: &[Segment]) -> Vec<u8> {
    let mut out = head.to_vec();
    for (tag, body) in segments {
        out.extend_from_slice(tag);
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(body);
    }
    out.extend_from_slice(b"ENDS");
    out.extend_from_slice(&8u64.to_le_bytes());
    out.extend_from_slice(&(head.len() as u64).to_le_bytes());
    out
}

/// Where the body of segment `tag` begins in `file` (without footer).
pub fn body_offset(file: &[u8], tag: &[u8; 4]) -> u64 {
    let (head, segments) = split_segments(file);
    let mut at = head.len() as u64;
    for (t, body) in &segments {
        if t == tag {
            return at + 12;
        }
        at += 12 + body.len() as u64;
    }
    panic!("no segment {}", Tag(*tag))
}

/// `file` with the body of its segment `tag` changed by `change`.
pub fn with_body(file: &[u8], tag: &[u8; 4], change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let (head, mut segments) = split_segments(file);
    let (_, body) = segments
        .iter_mut()
        .find(|(t, _)| t == tag)
        .unwrap_or_else(|| panic!("no segment {}", Tag(*tag)));
    change(body);
    join_segments(&head, &segments)
}

/// The records, stacks and threads of [`six_records`] as a version-2 file
/// without footer, compressed at level 3 or plain.
pub fn version_2(compressed: bool) -> Vec<u8> {
    let (records, stacks, threads) = six_records();
    file_bytes(config(compressed), &records, Some(&stacks), Some(&threads))
}

/// The records of [`six_records`] without stacks or threads: a version-1
/// file without footer, compressed at level 3 or plain.
pub fn version_1(compressed: bool) -> Vec<u8> {
    let records = placed(&six_allocations(), &[], &[]);
    file_bytes(config(compressed), &records, None, None)
}

fn config(compressed: bool) -> BinaryExportConfig {
    BinaryExportConfig::new()
        .checksum(false)
        .timestamp(EXPORTED)
        .compression_level(if compressed { 3 } else { 0 })
}

/// Where the records begin: after the header, the stats segment and the
/// allocation segment's tag and count.
const RECORDS: u64 = 92;

/// A zstd skippable frame (magic 0x184D2A50) holding `content`.
pub fn skippable_frame(content: &[u8]) -> Vec<u8> {
    let mut frame = vec![0x50, 0x2A, 0x4D, 0x18];
    frame.extend_from_slice(&(content.len() as u32).to_le_bytes());
    frame.extend_from_slice(content);
    frame
}

/// Every file of the corpus.
pub fn corpus() -> Vec<Hostile> {
    let mut files = frames();
    files.extend(tags());
    files.extend(tables());
    files.extend(ends());
    files.extend(budget());
    files
}

/// "zstd frames (both versions)".
fn frames() -> Vec<Hostile> {
    let sstr = FramePart::Segment(Tag(*b"sSTR"));
    let mut files = Vec::new();

    // Bytes after a segment's frame, inside its body.
    let file = version_2(true);
    let body_at = body_offset(&file, b"sSTR");
    let (_, segments) = split_segments(&file);
    let stored = segments
        .iter()
        .find(|(t, _)| t == b"sSTR")
        .expect("sSTR")
        .1
        .len() as u64;
    files.push(Hostile::refused(
        "frame-trailing-bytes-in-a-segment.memscope",
        "a segment's frame ends at the end of its body",
        with_body(&file, b"sSTR", |body| body.extend_from_slice(&[0; 3])),
        move |e| {
            matches!(e, FormatError::FrameTrailing { part, offset, extra: 3 }
                if *part == sstr && *offset == body_at + stored)
        },
    ));
    files.push(Hostile::refused(
        "frame-skippable-after-a-segment-frame.memscope",
        "skippable frames are not allowed after the frame",
        with_body(&file, b"sSTR", |body| {
            body.extend_from_slice(&skippable_frame(b"note"))
        }),
        move |e| {
            matches!(e, FormatError::FrameTrailing { part, offset, extra: 12 }
                if *part == sstr && *offset == body_at + stored)
        },
    ));
    files.push(Hostile::refused(
        "frame-skippable-instead-of-a-segment-frame.memscope",
        "skippable frames are not allowed where the frame begins",
        with_body(&file, b"sSTR", |body| {
            let frame = body.split_off(8);
            body.extend_from_slice(&skippable_frame(b"note"));
            body.extend_from_slice(&frame);
        }),
        move |e| {
            matches!(e, FormatError::NotAFrame { part, found, offset }
                if *part == sstr && found[..] == [0x50, 0x2A, 0x4D, 0x18] && *offset == body_at + 8)
        },
    ));

    // Bytes between the records' frame and the first segment (version 2).
    let (head, segments) = split_segments(&file);
    let mut longer = head.clone();
    longer.extend_from_slice(&[0; 5]);
    let frame_end = head.len() as u64;
    files.push(Hostile::refused(
        "frame-trailing-bytes-after-the-records-v2.memscope",
        "the records' frame ends where the first extension segment begins",
        join_segments(&longer, &segments),
        move |e| {
            matches!(e, FormatError::FrameTrailing { part: FramePart::Records, offset, extra: 5 }
                if *offset == frame_end)
        },
    ));

    // Bytes after the records' frame (version 1, no footer).
    let mut file = version_1(true);
    let frame_end = file.len() as u64;
    file.extend_from_slice(&skippable_frame(b""));
    files.push(Hostile::refused(
        "frame-trailing-skippable-after-the-records-v1.memscope",
        "the records' frame ends at the footer or the end of the file",
        file,
        move |e| {
            matches!(e, FormatError::FrameTrailing { part: FramePart::Records, offset, extra: 8 }
                if *offset == frame_end)
        },
    ));

    // A skippable frame where the records' frame begins.
    let file = version_1(true);
    let mut skipped = file[..RECORDS as usize].to_vec();
    skipped.extend_from_slice(&skippable_frame(b"note"));
    skipped.extend_from_slice(&file[RECORDS as usize..]);
    files.push(Hostile::refused(
        "frame-skippable-instead-of-the-records-frame.memscope",
        "the records are one zstd frame, not a skippable one",
        skipped,
        |e| {
            matches!(e, FormatError::NotAFrame { part: FramePart::Records, found, offset: RECORDS }
                if found[..] == [0x50, 0x2A, 0x4D, 0x18])
        },
    ));

    // An unknown ancillary segment in a compressed file is skipped unread:
    // its body is no content length and no frame, and the file reads.
    let file = version_2(true);
    let (head, mut segments) = split_segments(&file);
    segments.insert(0, (*b"xNEW", vec![1, 2, 3]));
    files.push(Hostile::reads(
        "unknown-compressed-ancillary-segment-unread.memscope",
        "a reader skips an ancillary segment it does not know without looking into it",
        join_segments(&head, &segments),
        6,
    ));
    files
}

/// `file` (version 2, without footer) with `segment` inserted before its
/// first extension segment; returns the file and where the segment is.
fn with_first_segment(file: &[u8], segment: Segment) -> (Vec<u8>, u64) {
    let (head, mut segments) = split_segments(file);
    segments.insert(0, segment);
    (join_segments(&head, &segments), head.len() as u64)
}

/// "Extension segments": what a tag is, and which may repeat.
fn tags() -> Vec<Hostile> {
    let mut files = Vec::new();
    let file = version_2(false);
    for (name, tag) in [
        ("tag-with-a-digit.memscope", *b"s1TR"),
        ("tag-of-four-nuls.memscope", [0; 4]),
        ("tag-with-a-byte-above-127.memscope", *b"\xe9STR"),
    ] {
        let (bad, at) = with_first_segment(&file, (tag, vec![1, 2, 3]));
        files.push(Hostile::refused(
            name,
            "a tag is four ASCII letters",
            bad,
            move |e| matches!(e, FormatError::InvalidTag { tag: t, offset } if *t == Tag(tag) && *offset == at),
        ));
    }
    let (head, mut segments) = split_segments(&file);
    segments.insert(0, (*b"xNEW", vec![1]));
    segments.push((*b"xNEW", vec![2, 2]));
    files.push(Hostile::reads(
        "unknown-ancillary-segment-twice.memscope",
        "an ancillary tag that a reader does not know may appear any number of times",
        join_segments(&head, &segments),
        6,
    ));
    let ids = segments
        .iter()
        .find(|(t, _)| t == b"sIDS")
        .expect("sIDS")
        .clone();
    let again = join_segments(&head, &segments).len() as u64 - 20;
    segments.push(ids);
    files.push(Hostile::refused(
        "known-segment-twice.memscope",
        "each tag this document specifies appears at most once",
        join_segments(&head, &segments),
        move |e| matches!(e, FormatError::DuplicateSegment { tag, offset } if *tag == Tag(*b"sIDS") && *offset == again),
    ));
    files
}

/// The stack tables: what they may hold, and what belongs to STACKS.
fn tables() -> Vec<Hostile> {
    let mut files = Vec::new();

    // Frame flags: bit 0 only.
    let file = version_2(false);
    let frames_at = body_offset(&file, b"sFRM");
    files.push(Hostile::refused(
        "frame-flag-bit-1.memscope",
        "a frame's flags bits 1-31 are written as 0",
        with_body(&file, b"sFRM", |body| body[4 + 20] |= 0b10),
        move |e| matches!(e, FormatError::ReservedFrameFlags { flags, offset } if flags & 0b10 != 0 && *offset == frames_at),
    ));

    // sMOD in a file without STACKS.
    let (records, _, threads) = six_records();
    let threads_only = file_bytes(config(false), &records, None, Some(&threads));
    let (bad, at) = with_first_segment(&threads_only, (*b"sMOD", 0u32.to_le_bytes().to_vec()));
    files.push(Hostile::refused(
        "modules-without-stacks.memscope",
        "sMOD appears only in a file with STACKS",
        bad,
        move |e| {
            matches!(e, FormatError::StacksFlagMismatch { flag_set: false, tag, offset }
                if *tag == Tag(*b"sMOD") && *offset == at)
        },
    ));

    // Unused entries, duplicates and a stack of depth 0 are valid.
    files.push(Hostile::reads(
        "stacks-unused-duplicate-and-empty.memscope",
        "unused entries, duplicates and stacks of depth 0 are valid",
        odd_but_valid_stacks(),
        6,
    ));
    files
}

/// A version-2 file whose stack tables hold what the exporter never
/// writes but a reader accepts: [`three_stacks`], then a duplicate of
/// the first string and an unused string, a duplicate of the first frame,
/// and stacks 4 (depth 0), 5 (a duplicate of stack 1) and 6 (no record
/// has it). Records 0 to 5 have stacks 1, 5, 2, 4, 3 and none.
pub fn odd_but_valid_stacks() -> Vec<u8> {
    let mut stacks = three_stacks();
    let first = stacks.strings[0].clone();
    stacks.strings.push(first);
    stacks.strings.push("unused".into());
    let frame = stacks.frames[0];
    let copy = stacks.push_frame(frame);
    stacks.push_stack([]);
    let frames = stacks.stacks[0].frames.clone();
    stacks.push_stack(frames);
    stacks.push_stack([copy]);
    let records = placed(&six_allocations(), &[1, 5, 2, 4, 3, 0], &[]);
    file_bytes(config(false), &records, Some(&stacks), None)
}

/// `ENDS`: its length, and a file that has nothing else.
fn ends() -> Vec<Hostile> {
    let mut files = Vec::new();
    for compressed in [false, true] {
        let mut file = version_1(compressed);
        file[8] = 2;
        let ends = file.len() as u64;
        file.extend_from_slice(b"ENDS");
        file.extend_from_slice(&8u64.to_le_bytes());
        file.extend_from_slice(&ends.to_le_bytes());
        files.push(Hostile::reads(
            if compressed {
                "version-2-with-only-ends-compressed.memscope"
            } else {
                "version-2-with-only-ends.memscope"
            },
            "a version-2 file whose only extension segment is ENDS reads as version 1 would",
            file,
            6,
        ));
    }

    let mut file = version_2(false);
    let ends_at = file.len() - 20;
    file[ends_at + 4..ends_at + 12].copy_from_slice(&16u64.to_le_bytes());
    files.push(Hostile::refused(
        "ends-length-16.memscope",
        "ENDS has length 8",
        file,
        move |e| matches!(e, FormatError::EndLength { found: 16, offset } if *offset == ends_at as u64),
    ));

    let file = version_2(false);
    let (head, mut segments) = split_segments(&file);
    let early = join_segments(&head, &segments).len() as u64 - 20;
    segments.push((*b"ENDS", vec![0; 9]));
    files.push(Hostile::refused(
        "ends-length-9-before-the-last.memscope",
        "ENDS has length 8, wherever it is met",
        join_segments(&head, &segments),
        move |e| matches!(e, FormatError::EndLength { found: 9, offset } if *offset == early),
    ));
    files
}

/// A compressed segment body: the content length, then one zstd frame
/// (level 3, its content size stated, as the exporter writes it) of
/// `content`.
pub fn compressed_body(content: &[u8]) -> Vec<u8> {
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3).expect("zstd level 3");
    encoder
        .set_pledged_src_size(Some(content.len() as u64))
        .expect("a size");
    std::io::Write::write_all(&mut encoder, content).expect("in memory");
    let frame = encoder.finish().expect("in memory");
    [&(content.len() as u64).to_le_bytes()[..], &frame].concat()
}

/// A compressed segment body whose content is `prefix` then `zeros` zero
/// bytes, framed by hand (no compression to wait for): the content
/// length, then a frame with a 128 KiB window stating its content size,
/// `prefix` as a raw block and the zeros as RLE blocks.
pub fn zeros_body(prefix: &[u8], zeros: u64) -> Vec<u8> {
    const BLOCK: u64 = 128 << 10;
    assert!(prefix.len() as u64 <= BLOCK);
    let length = prefix.len() as u64 + zeros;
    let mut body = length.to_le_bytes().to_vec();
    // Magic; an 8-byte content size, not a single segment; window 2^17.
    body.extend_from_slice(&[0x28, 0xB5, 0x2F, 0xFD, 0xC0, 7 << 3]);
    body.extend_from_slice(&length.to_le_bytes());
    let block = |body: &mut Vec<u8>, last: bool, kind: u32, size: u64| {
        let head = u32::from(last) | kind << 1 | (size as u32) << 3;
        body.extend_from_slice(&head.to_le_bytes()[..3]);
    };
    block(&mut body, zeros == 0, 0, prefix.len() as u64);
    body.extend_from_slice(prefix);
    let mut left = zeros;
    while left > 0 {
        let size = left.min(BLOCK);
        left -= size;
        block(&mut body, left == 0, 1, size);
        body.push(0);
    }
    body
}

/// A table's content: its count, then `entry` that many times.
fn table(count: u32, entry: &[u8]) -> Vec<u8> {
    let mut content = count.to_le_bytes().to_vec();
    for _ in 0..count {
        content.extend_from_slice(entry);
    }
    content
}

/// Whether `e` is the memory budget of a file of `len` bytes refused for
/// `what` at `offset`.
fn over_budget(e: &FormatError, len: usize, what: &str, offset: u64) -> bool {
    matches!(e, FormatError::MemoryBudget { what: w, needed, budget, offset: o }
        if *w == what && *o == offset && *budget == memory_budget(len as u64) && needed > budget)
}

/// "Memory budget (both versions)": files that cost more than their
/// budget, each refused where the total passes it, and files that cost
/// much more than their size and still fit it.
fn budget() -> Vec<Hostile> {
    let mut files = Vec::new();
    let file = version_2(true);

    // 524,286 stacks of depth 0: 1 MiB of content (the most a table
    // stored in a few hundred bytes may have), 32 MiB of stacks in memory.
    let empty = 524_286;
    let stacks = with_body(&file, b"sSTK", |body| {
        *body = compressed_body(&table(empty, &[0, 0]))
    });
    let at = body_offset(&stacks, b"sSTK");
    let len = stacks.len();
    files.push(Hostile::refused(
        "budget-empty-stacks.memscope",
        "a file holds at most 32 MiB + 16 bytes a byte of it: 64 + 8 x depth a stack",
        stacks,
        move |e| over_budget(e, len, "the stacks of segment sSTK", at),
    ));

    // 262,143 empty strings (12 MiB) and 393,216 empty stacks (24 MiB):
    // neither table passes the budget alone; together they do.
    let both = with_body(&file, b"sSTR", |body| {
        *body = compressed_body(&table(262_143, &[0; 4]))
    });
    let both = with_body(&both, b"sSTK", |body| {
        *body = compressed_body(&table(393_216, &[0, 0]))
    });
    let at = body_offset(&both, b"sSTK");
    let len = both.len();
    files.push(Hostile::refused(
        "budget-two-tables-together.memscope",
        "the budget is the file's, not each segment's",
        both,
        move |e| over_budget(e, len, "the stacks of segment sSTK", at),
    ));

    // 2^22 records, each with a stack id and a thread: 32 MiB, from two
    // segments of a few hundred bytes (the records themselves are never
    // reached).
    let records = 1u32 << 22;
    let mut many = file.clone();
    many[88..92].copy_from_slice(&records.to_le_bytes());
    let many = with_body(&many, b"sIDS", |body| {
        *body = zeros_body(&records.to_le_bytes(), 4 * u64::from(records));
    });
    let many = with_body(&many, b"tHRD", |body| {
        let (_, _, threads) = six_records();
        let mut table = (threads.threads.len() as u32).to_le_bytes().to_vec();
        for thread in &threads.threads {
            table.extend_from_slice(&thread.id.to_le_bytes());
            table.extend_from_slice(&(thread.name.len() as u16).to_le_bytes());
            table.extend_from_slice(thread.name.as_bytes());
        }
        table.extend_from_slice(&records.to_le_bytes());
        *body = zeros_body(&table, 4 * u64::from(records));
    });
    let at = body_offset(&many, b"tHRD");
    let len = many.len();
    files.push(Hostile::refused(
        "budget-per-record-entries.memscope",
        "4 bytes a record for its stack, 4 for its thread",
        many,
        move |e| over_budget(e, len, "the threads of segment tHRD", at),
    ));

    // Compressed records whose frame asks for a 128 MiB window (allowed
    // for 2^23 records), in a file of 108 bytes.
    let mut window = version_1(true)[..RECORDS as usize].to_vec();
    window[88..92].copy_from_slice(&(1u32 << 23).to_le_bytes());
    // Magic; no content size, not a single segment; window 2^(10 + 17);
    // one last, empty raw block.
    window.extend_from_slice(&[0x28, 0xB5, 0x2F, 0xFD, 0x00, 17 << 3, 0x01, 0x00, 0x00]);
    let len = window.len();
    files.push(Hostile::refused(
        "budget-records-window.memscope",
        "the window of the records' frame is held while they are read",
        window,
        move |e| over_budget(e, len, "the zstd window of the records", RECORDS),
    ));

    // 65,536 distinct strings: 4 MiB in memory from a few hundred KiB,
    // within the budget.
    let strings = with_body(&file, b"sSTR", |body| {
        let mut content = 65_536u32.to_le_bytes().to_vec();
        for i in 0..65_536u32 {
            let text = format!("app::f{i:05}");
            content.extend_from_slice(&(text.len() as u32).to_le_bytes());
            content.extend_from_slice(text.as_bytes());
        }
        *body = compressed_body(&content);
    });
    files.push(Hostile::reads(
        "budget-distinct-strings-within.memscope",
        "a table that costs more than its file's size, within the budget, reads",
        strings,
        6,
    ));

    // One unused string that brings the table to 1 MiB (the most a
    // table stored in a few hundred bytes may hold) reads; one of 4 MiB
    // is refused before it is inflated.
    for (name, fits) in [
        ("unused-string-of-1-mib.memscope", true),
        ("unused-string-of-4-mib.memscope", false),
    ] {
        let (_, segments) = split_segments(&file);
        let content =
            zstd::decode_all(&segments.iter().find(|(t, _)| t == b"sSTR").expect("sSTR").1[8..])
                .expect("the exporter's frame");
        let count = u32::from_le_bytes(content[..4].try_into().expect("4 bytes"));
        // The count, the strings there are, a length, and the string.
        let length = if fits {
            (1 << 20) - content.len() - 4
        } else {
            4 << 20
        };
        let mut grown = (count + 1).to_le_bytes().to_vec();
        grown.extend_from_slice(&content[4..]);
        grown.extend_from_slice(&(length as u32).to_le_bytes());
        grown.resize(grown.len() + length, b'x');
        let grown_len = grown.len() as u64;
        let bigger = with_body(&file, b"sSTR", |body| *body = compressed_body(&grown));
        let at = body_offset(&bigger, b"sSTR");
        if fits {
            files.push(Hostile::reads(name, "an unused string is valid", bigger, 6));
        } else {
            files.push(Hostile::refused(
                name,
                "a table compressed past 256 times holds at most 1 MiB",
                bigger,
                move |e| {
                    matches!(e, FormatError::SegmentTooLong { tag, length, limit: 1_048_576, offset }
                        if *tag == Tag(*b"sSTR") && *length == grown_len && *offset == at)
                },
            ));
        }
    }
    files
}
