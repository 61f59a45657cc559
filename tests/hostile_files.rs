//! Hostile files against the reader: every truncation of every variant is
//! an error, every single-bit flip of a checksummed file is detected, and
//! lying length and count fields cost no more memory than the input
//! justifies, which a counting allocator in this test binary proves.
//!
//! The counter sees Rust's heap only: zstd's decoder allocates its window
//! with C's malloc. What bounds that is the reader refusing, from the frame
//! header, a declared size or a window larger than the record count allows;
//! the bomb tests assert that refusal.
//!
//! A version-2 file's extension segments are bounded by the rest of the
//! file (FORMAT.md, "Rules for readers, version 2"): the segment bombs
//! below (each known segment's frame declaring or inflating to far more
//! than it may hold) are refused before or as they inflate, and reading a
//! sound file keeps each record's stack and thread ids once.

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::cell::Cell;

use std::io::Read;

use memscope_binary::{BinaryRecord, Layout};
use memscope_export::format::RECORDS_OFFSET;
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, CallStacks, FileContents, FormatError,
    FormatResult, FramePart, Module, PlacedRecord, ResolvedFrame, Tag, Thread, Threads,
};
use memscope_tracker::{AllocationInfo, MemoryStats};

/// System's allocator, also counting what the current thread has live and
/// its peak, so a test can measure its own allocations while others run.
struct PerThreadCounting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards its arguments unchanged to `System` and
// returns what it returned; the counting touches only thread-locals, never
// the memory, and cannot unwind.
unsafe impl GlobalAlloc for PerThreadCounting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let _ = LIVE.try_with(|live| {
                live.set(live.get() + layout.size());
                let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
            });
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        // SAFETY: forwarded unchanged; the caller upholds `dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) };
        let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(layout.size())));
    }
}

#[global_allocator]
static ALLOCATOR: PerThreadCounting = PerThreadCounting;

/// The most this thread had allocated at once while `f` ran, beyond what it
/// had before.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(before));
    let value = f();
    (value, PEAK.with(Cell::get) - before)
}

fn snapshot() -> (MemoryStats, Vec<AllocationInfo>) {
    let mut records = Vec::new();
    for i in 0..6usize {
        let mut record = AllocationInfo::new(0x1000 + i * 0x40, 16 * (i + 1), i as u64);
        if i % 2 == 0 {
            record.var_name = Some(format!("v{i}"));
            record.type_name = Some("alloc::string::String".into());
        }
        records.push(record);
    }
    let memory = records.iter().map(|r| r.size as u64).sum();
    let stats = MemoryStats {
        total_allocations: 6,
        active_allocations: 6,
        active_memory: memory,
        peak_memory: memory,
        total_allocated: memory,
        ..Default::default()
    };
    (stats, records)
}

fn variants() -> Vec<(&'static str, BinaryExportConfig)> {
    vec![
        ("basic", BinaryExportConfig::new().checksum(false)),
        (
            "detailed",
            BinaryExportConfig::new()
                .include_details(true)
                .checksum(false),
        ),
        (
            "compressed",
            BinaryExportConfig::new()
                .include_details(true)
                .compression_level(3)
                .checksum(false),
        ),
        (
            "checksummed",
            BinaryExportConfig::new().include_details(true),
        ),
        (
            "compressed+checksummed",
            BinaryExportConfig::new().compression_level(1),
        ),
    ]
}

fn export(config: BinaryExportConfig) -> Vec<u8> {
    let (stats, records) = snapshot();
    let mut file = Vec::new();
    BinaryExporter::new(config.timestamp(9))
        .export_to_writer(&FileContents::new(stats, &records), &mut file)
        .unwrap();
    file
}

fn read(bytes: &[u8]) -> FormatResult<Vec<AllocationInfo>> {
    BinaryReader::from_bytes(bytes)?
        .records()
        .map(|r| r.map(|r| r.allocation))
        .collect()
}

#[test]
fn every_truncation_of_every_variant_is_an_error() {
    let mut cuts = 0;
    for (name, config) in variants() {
        let file = export(config);
        assert_eq!(read(&file).unwrap().len(), 6, "{name} reads whole");
        for cut in 0..file.len() {
            let err = read(&file[..cut]).expect_err(&format!("{name} cut at {cut} read"));
            // One line, saying something.
            let message = err.to_string();
            assert!(!message.is_empty() && !message.contains('\n'), "{message}");
            cuts += 1;
        }
    }
    assert!(cuts > 500, "{cuts}");
}

#[test]
fn every_single_bit_flip_of_a_checksummed_file_is_detected() {
    for (name, config) in variants() {
        if !config.checksum {
            continue;
        }
        let file = export(config);
        for bit in 0..file.len() * 8 {
            let mut flipped = file.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(
                read(&flipped).is_err(),
                "{name}: flipping bit {bit} went unnoticed"
            );
        }
    }
}

#[test]
fn a_huge_record_count_allocates_nothing_for_it() {
    let mut file = export(BinaryExportConfig::new().checksum(false));
    file[88..92].copy_from_slice(&u32::MAX.to_le_bytes());
    let (result, peak) = peak_during(|| read(&file));
    assert!(
        matches!(result, Err(FormatError::CountExceedsInput { .. })),
        "refused before any record is read: {result:?}"
    );
    // The reader's 64 KiB buffer and the error, nothing per claimed record.
    assert!(peak < 100 * 1024, "peak {peak} bytes");
}

#[test]
fn a_huge_name_length_allocates_no_more_than_the_bytes_present() {
    let mut file = export(
        BinaryExportConfig::new()
            .include_details(true)
            .checksum(false),
    );
    // The first record's var_name length, set to the u16 maximum.
    let at = RECORDS_OFFSET + 24;
    file[at..at + 2].copy_from_slice(&u16::MAX.to_le_bytes());
    let (result, peak) = peak_during(|| read(&file));
    assert!(result.is_err());
    assert!(peak < 200 * 1024, "peak {peak} bytes");
}

#[test]
fn a_zstd_bomb_is_stopped_without_inflating_it() {
    // 64 MiB of zeros in a frame that honestly declares its size, in a file
    // that claims one record: refused from the frame header alone.
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    encoder.set_pledged_src_size(Some(64 << 20)).unwrap();
    std::io::copy(&mut std::io::repeat(0).take(64 << 20), &mut encoder).unwrap();
    let frame = encoder.finish().unwrap();
    let mut file = export(BinaryExportConfig::new().checksum(false))[..RECORDS_OFFSET].to_vec();
    file[12] = 0b10; // COMPRESSED
    file[88..92].copy_from_slice(&1u32.to_le_bytes());
    file.extend_from_slice(&frame);
    let (result, peak) = peak_during(|| read(&file));
    assert!(
        matches!(&result, Err(FormatError::Decompression { reason, .. }) if reason.contains("declares 67108864 bytes")),
        "{result:?}"
    );
    assert!(peak < 1 << 20, "peak {peak} bytes");

    // The same bomb without a declared size: the window it needs is refused
    // (one record may need 1 KiB, zstd's smallest).
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    encoder.include_contentsize(false).unwrap();
    std::io::Write::write_all(&mut encoder, &vec![0u8; 64 << 20]).unwrap();
    let frame = encoder.finish().unwrap();
    file.truncate(RECORDS_OFFSET);
    file.extend_from_slice(&frame);
    let (result, peak) = peak_during(|| read(&file));
    assert!(
        matches!(
            result,
            Err(FormatError::FrameWindowTooLarge {
                part: FramePart::Records,
                limit: 1024,
                offset: 92,
                ..
            })
        ),
        "{result:?}"
    );
    assert!(peak < 1 << 20, "peak {peak} bytes");
}

#[test]
fn a_small_window_bomb_stops_after_the_counted_records() {
    // A frame with zstd's smallest window that inflates to 64 MiB, in a file
    // that claims two basic records: decoding stops one byte past them.
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    encoder.include_contentsize(false).unwrap();
    encoder.window_log(10).unwrap();
    let mut content = AllocationInfo::new(1, 2, 3)
        .to_bytes(Layout::Basic)
        .unwrap();
    content.extend_from_slice(
        &AllocationInfo::new(4, 5, 6)
            .to_bytes(Layout::Basic)
            .unwrap(),
    );
    content.resize(64 << 20, 0);
    std::io::Write::write_all(&mut encoder, &content).unwrap();
    drop(content);
    let frame = encoder.finish().unwrap();
    let mut file = export(BinaryExportConfig::new().checksum(false))[..RECORDS_OFFSET].to_vec();
    file[12] = 0b10;
    file[88..92].copy_from_slice(&2u32.to_le_bytes());
    file.extend_from_slice(&frame);
    let (result, peak) = peak_during(|| read(&file));
    assert!(
        matches!(
            result,
            Err(FormatError::TrailingBytes {
                compressed: true,
                offset: 48,
                ..
            })
        ),
        "{result:?}"
    );
    // Buffers only: the reader's and the decoder's, not the 64 MiB.
    assert!(peak < 1 << 20, "peak {peak} bytes");
}

/// A version-2 file with every known extension segment (`sSTR`, `sFRM`,
/// `sSTK`, `sIDS`, `sMOD`, `tHRD`) and no footer: `n` records, each with
/// one of two stacks and one of two threads.
fn v2_file(n: usize, config: BinaryExportConfig) -> Vec<u8> {
    let mut stacks = CallStacks::default();
    let main = stacks.push_resolved(ResolvedFrame {
        address: 0x5000,
        function: Some("app::main"),
        file: Some("src/main.rs"),
        line: Some(9),
        inlined: false,
    });
    let load = stacks.push_resolved(ResolvedFrame {
        address: 0x5100,
        function: Some("app::load"),
        file: None,
        line: None,
        inlined: false,
    });
    let path = stacks.intern_string("/bin/app");
    stacks.modules.push(Module {
        start: 0x5000,
        end: 0x6000,
        file_offset: 0,
        path,
        build_id: vec![7; 20],
    });
    let at_main = stacks.push_stack([main]);
    let at_load = stacks.push_stack([load, main]);
    let mut threads = Threads::default();
    let first = threads.push(Thread {
        id: 1,
        name: "main".into(),
    });
    let second = threads.push(Thread {
        id: 2,
        name: "io".into(),
    });
    let records: Vec<PlacedRecord> = (0..n)
        .map(|i| {
            PlacedRecord::new(AllocationInfo::new(0x10_0000 + i * 16, 16, i as u64))
                .with_stack(if i % 3 == 0 { at_load } else { at_main })
                .with_thread(if i % 5 == 0 { second } else { first })
        })
        .collect();
    let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let contents = FileContents::new(stats, &records)
        .with_stacks(&stacks)
        .with_threads(&threads);
    let mut file = Vec::new();
    BinaryExporter::new(config.checksum(false).timestamp(9))
        .export_to_writer(&contents, &mut file)
        .unwrap();
    file
}

/// An extension segment: its tag and its body.
type TaggedBody = ([u8; 4], Vec<u8>);

/// A file without footer cut into what precedes its extension segments
/// and each segment, `ENDS` left out.
fn split(file: &[u8]) -> (Vec<u8>, Vec<TaggedBody>) {
    let ends = file.len() - 20;
    assert_eq!(&file[ends..ends + 4], b"ENDS");
    let first = u64::from_le_bytes(file[ends + 12..].try_into().unwrap()) as usize;
    let mut segments = Vec::new();
    let mut at = first;
    while at < ends {
        let tag: [u8; 4] = file[at..at + 4].try_into().unwrap();
        let len = u64::from_le_bytes(file[at + 4..at + 12].try_into().unwrap()) as usize;
        segments.push((tag, file[at + 12..at + 12 + len].to_vec()));
        at += 12 + len;
    }
    (file[..first].to_vec(), segments)
}

/// `file` with the body of its segment `tag` replaced by `body`.
fn with_body(file: &[u8], tag: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let (mut out, segments) = split(file);
    let first = out.len() as u64;
    let mut found = false;
    for (t, b) in segments {
        let b = if &t == tag {
            found = true;
            body
        } else {
            &b
        };
        out.extend_from_slice(&t);
        out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        out.extend_from_slice(b);
    }
    assert!(found, "no segment {}", Tag(*tag));
    out.extend_from_slice(b"ENDS");
    out.extend_from_slice(&8u64.to_le_bytes());
    out.extend_from_slice(&first.to_le_bytes());
    out
}

/// The content of `file`'s compressed segment `tag`.
fn content_of(file: &[u8], tag: &[u8; 4]) -> Vec<u8> {
    let (_, segments) = split(file);
    let (_, body) = segments.into_iter().find(|(t, _)| t == tag).unwrap();
    zstd::decode_all(&body[8..]).unwrap()
}

/// A compressed segment body stating `length` bytes of content, whose
/// frame holds `content` (read as it is compressed, never held whole),
/// declaring its size in the frame header or not, with a window of at
/// most 2^`window_log` bytes.
fn compressed_body(
    length: u64,
    content: impl Read,
    declared: Option<u64>,
    window_log: u32,
) -> Vec<u8> {
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    encoder.include_contentsize(declared.is_some()).unwrap();
    encoder.set_pledged_src_size(declared).unwrap();
    encoder.window_log(window_log).unwrap();
    let mut content = content;
    std::io::copy(&mut content, &mut encoder).unwrap();
    let frame = encoder.finish().unwrap();
    [&length.to_le_bytes()[..], &frame].concat()
}

/// 64 MiB of zeros, as a reader.
fn zeros() -> impl Read {
    std::io::repeat(0).take(64 << 20)
}

const BOMB: u64 = 64 << 20;

#[test]
fn a_compressed_table_that_states_more_than_its_stored_bytes_justify_is_refused_unread() {
    let file = v2_file(10, BinaryExportConfig::new().compression_level(3));
    read(&file).unwrap();
    for tag in [b"sSTR", b"sFRM", b"sSTK", b"sMOD"] {
        // 64 MiB of content, honestly declared, in a frame of a few KiB.
        let body = compressed_body(BOMB, zeros(), Some(BOMB), 17);
        assert!(body.len() < 8 << 10, "{}", body.len());
        let bombed = with_body(&file, tag, &body);
        let (result, peak) = peak_during(|| read(&bombed));
        // The budget: 256 times the stored bytes, at least 1 MiB.
        assert!(
            matches!(
                result,
                Err(FormatError::SegmentTooLong { tag: Tag(t), length: BOMB, limit: 1_048_576, .. }) if &t == tag
            ),
            "{}: {result:?}",
            Tag(*tag)
        );
        assert!(peak < 1 << 20, "{}: peak {peak} bytes", Tag(*tag));
    }
}

#[test]
fn a_compressed_per_record_segment_is_bounded_by_the_record_count() {
    let records = 10u64;
    let file = v2_file(
        records as usize,
        BinaryExportConfig::new().compression_level(3),
    );
    let body = compressed_body(BOMB, zeros(), Some(BOMB), 17);
    // sIDS: a count and 4 bytes a record.
    let (result, peak) = peak_during(|| read(&with_body(&file, b"sIDS", &body)));
    assert!(
        matches!(
            result,
            Err(FormatError::SegmentTooLong { tag: Tag(t), length: BOMB, limit, .. }) if &t == b"sIDS" && limit == 4 + 4 * records
        ),
        "{result:?}"
    );
    assert!(peak < 1 << 20, "peak {peak} bytes");
    // tHRD: two counts, 4 bytes a record, and a thread table of at most a
    // table's budget.
    let (result, peak) = peak_during(|| read(&with_body(&file, b"tHRD", &body)));
    assert!(
        matches!(
            result,
            Err(FormatError::SegmentTooLong { tag: Tag(t), length: BOMB, limit, .. }) if &t == b"tHRD" && limit == 8 + 4 * records + (1 << 20)
        ),
        "{result:?}"
    );
    assert!(peak < 1 << 20, "peak {peak} bytes");
}

#[test]
fn a_compressed_segment_whose_frame_lies_about_its_content_is_stopped_as_it_inflates() {
    let records = 1000;
    let file = v2_file(records, BinaryExportConfig::new().compression_level(3));
    for tag in [b"sSTR", b"sIDS", b"tHRD"] {
        let content = content_of(&file, tag);
        let length = content.len() as u64;
        // The window a writer that states the content size gets.
        let fits = length.next_power_of_two().trailing_zeros().max(10);
        // The frame header declares 64 MiB, the content length the truth:
        // refused from the header.
        let declared = compressed_body(length, zeros(), Some(BOMB), fits);
        let (result, peak) = peak_during(|| read(&with_body(&file, tag, &declared)));
        assert!(
            matches!(&result, Err(FormatError::SegmentDecompression { tag: Tag(t), reason, .. }) if t == tag && reason.contains("declares")),
            "{}: {result:?}",
            Tag(*tag)
        );
        assert!(peak < 1 << 20, "{}: peak {peak} bytes", Tag(*tag));
        // No size in the header, and the true content followed by 64 MiB
        // of zeros: decoding stops one byte past the content length.
        let endless = compressed_body(length, content.as_slice().chain(zeros()), None, fits);
        let (result, peak) = peak_during(|| read(&with_body(&file, tag, &endless)));
        assert!(
            matches!(&result, Err(FormatError::SegmentDecompression { tag: Tag(t), reason, .. }) if t == tag && reason.contains("holds more")),
            "{}: {result:?}",
            Tag(*tag)
        );
        assert!(peak < 1 << 20, "{}: peak {peak} bytes", Tag(*tag));
        // A window larger than both the content and the 8 MiB of zstd's
        // levels 1 to 19: refused, not allocated.
        let wide = compressed_body(length, content.as_slice().chain(zeros()), None, 24);
        let result = read(&with_body(&file, tag, &wide));
        assert!(
            matches!(&result, Err(FormatError::FrameWindowTooLarge { part: FramePart::Segment(Tag(t)), window: 16_777_216, limit: 8_388_608, .. }) if t == tag),
            "{}: {result:?}",
            Tag(*tag)
        );
        // As a writer that is not told the content size frames it (the
        // zstd command reading a pipe, at level 19): read.
        let streamed = compressed_body(length, content.as_slice(), None, 23);
        read(&with_body(&file, tag, &streamed)).unwrap_or_else(|e| panic!("{}: {e}", Tag(*tag)));
        // The true content and bytes after the frame, inside the body.
        let mut trailing = compressed_body(length, content.as_slice(), Some(length), fits);
        trailing.extend_from_slice(&[0; 3]);
        let result = read(&with_body(&file, tag, &trailing));
        assert!(
            matches!(&result, Err(FormatError::FrameTrailing { part: FramePart::Segment(Tag(t)), extra: 3, .. }) if t == tag),
            "{}: {result:?}",
            Tag(*tag)
        );
    }
}

#[test]
fn segments_that_compress_thousands_of_times_over_read_when_they_are_sound() {
    // Each record's stack and thread follow a short cycle: the per-record
    // segments shrink to a few hundred bytes.
    let records = 200_000;
    let file = v2_file(records, BinaryExportConfig::new().compression_level(3));
    let (_, segments) = split(&file);
    let (_, ids) = segments.iter().find(|(t, _)| t == b"sIDS").unwrap();
    let content = content_of(&file, b"sIDS").len();
    assert!(content / ids.len() > 1000, "{content} / {}", ids.len());
    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    assert_eq!(reader.records().filter(|r| r.is_ok()).count(), records);
}

/// `file` (compressed) with its per-record segments framed again with a
/// window of 128 KiB, as a streaming writer may: reading them again
/// beside the records then holds less than keeping them.
fn with_small_windows(file: &[u8]) -> Vec<u8> {
    let mut file = file.to_vec();
    for tag in [b"sIDS", b"tHRD"] {
        let content = content_of(&file, tag);
        let length = content.len() as u64;
        let body = compressed_body(length, content.as_slice(), None, 17);
        file = with_body(&file, tag, &body);
    }
    file
}

/// The stack (its frames' addresses) and the thread id of each record of
/// `file`, read by visiting and by iterating, which must agree.
fn places(file: &[u8]) -> Vec<(Option<Vec<u64>>, Option<u64>)> {
    let place = |stack: Option<memscope_export::StackView<'_>>,
                 thread: Option<memscope_export::ThreadView<'_>>| {
        (
            stack.map(|s| s.frames().map(|f| f.address).collect()),
            thread.map(|t| t.thread.id),
        )
    };
    let mut reader = BinaryReader::from_bytes(file).unwrap();
    let mut visited = Vec::new();
    reader
        .records()
        .visit(|r| visited.push(place(r.stack, r.thread)))
        .unwrap();
    let mut reader = BinaryReader::from_bytes(file).unwrap();
    let iterated: Vec<_> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            place(r.stack, r.thread)
        })
        .collect();
    assert_eq!(visited, iterated);
    visited
}

#[test]
fn the_stack_and_thread_read_beside_the_records_are_each_records_own() {
    // Record i: stack "load" when i % 3 == 0, else "main"; thread 2 when
    // i % 5 == 0, else 1 (see v2_file).
    let expected = |i: usize| {
        let stack = if i.is_multiple_of(3) {
            vec![0x5100, 0x5000]
        } else {
            vec![0x5000]
        };
        (Some(stack), Some(if i.is_multiple_of(5) { 2 } else { 1 }))
    };
    let records = 40_000;
    for (name, file) in [
        // 160 KB of ids: plain, read beside the records.
        ("plain", v2_file(records, BinaryExportConfig::new())),
        // Compressed with windows of 128 KiB: read beside them too.
        (
            "compressed",
            with_small_windows(&v2_file(
                records,
                BinaryExportConfig::new().compression_level(3),
            )),
        ),
        // Compressed as the exporter frames them (one window the size of
        // the content): kept.
        (
            "kept",
            v2_file(records, BinaryExportConfig::new().compression_level(3)),
        ),
    ] {
        let places = places(&file);
        assert_eq!(places.len(), records, "{name}");
        for (i, place) in places.into_iter().enumerate() {
            assert_eq!(place, expected(i), "{name}: record {i}");
        }
    }
}

#[test]
fn reading_a_version_2_file_keeps_no_per_record_state() {
    // The tables and the buffers, not 4 bytes a record for each of the
    // stack and the thread (1.2 MB here). zstd's windows are C's, not
    // counted here: FORMAT.md's budget charges them.
    let records = 150_000;
    for (name, file) in [
        ("plain", v2_file(records, BinaryExportConfig::new())),
        (
            "compressed",
            with_small_windows(&v2_file(
                records,
                BinaryExportConfig::new().compression_level(3),
            )),
        ),
    ] {
        let (read, peak) = peak_during(|| {
            let mut reader = BinaryReader::from_bytes(&file)?;
            let mut count = 0;
            reader.records().visit(|_| count += 1)?;
            Ok::<_, FormatError>(count)
        });
        assert_eq!(read.unwrap(), records, "{name}");
        assert!(peak < 512 << 10, "{name}: peak {peak} bytes");
    }
    // As the exporter frames them, the ids are kept: 8 bytes a record.
    let file = v2_file(records, BinaryExportConfig::new().compression_level(3));
    let (read, peak) = peak_during(|| read(&file).map(|r| r.len()));
    assert_eq!(read.unwrap(), records);
    assert!(peak > 8 * records, "kept: peak {peak} bytes");
}

#[test]
fn a_stack_id_changed_after_the_file_was_opened_is_refused_where_it_is_read() {
    let records = 40_000;
    let file = v2_file(records, BinaryExportConfig::new());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changing.memscope");
    std::fs::write(&path, &file).unwrap();
    let mut reader = BinaryReader::open(&path).unwrap();
    // Record 30,000's stack becomes stack 9 of 2.
    let (head, segments) = split(&file);
    let mut at = head.len();
    for (tag, body) in &segments {
        if tag == b"sIDS" {
            break;
        }
        at += 12 + body.len();
    }
    let body_at = at + 12;
    let mut changed = file.clone();
    changed[body_at + 4 + 4 * 30_000] = 9;
    std::fs::write(&path, &changed).unwrap();
    let mut read = 0;
    let err = reader
        .records()
        .find_map(|r| {
            read += 1;
            r.err()
        })
        .unwrap();
    assert!(
        matches!(err, FormatError::PrefetchMismatch { offset } if offset == body_at as u64),
        "{err}"
    );
    assert_eq!(read, 30_001, "the records before it were read");
}
