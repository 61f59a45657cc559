//! Hostile files against the reader: every truncation of every variant is
//! an error, every single-bit flip of a checksummed file is detected, and
//! lying length and count fields cost no more memory than the input
//! justifies, which a counting allocator in this test binary proves.
//!
//! The counter sees Rust's heap only: zstd's decoder allocates its window
//! with C's malloc. What bounds that is the reader refusing, from the frame
//! header, a declared size or a window larger than the record count allows;
//! the bomb tests assert that refusal.

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::cell::Cell;

use memscope_binary::{BinaryRecord, Layout};
use memscope_export::format::RECORDS_OFFSET;
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, FileContents, FormatError, FormatResult,
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
    let content = vec![0u8; 64 << 20];
    let frame = zstd::encode_all(content.as_slice(), 1).unwrap();
    drop(content);
    let mut file = export(BinaryExportConfig::new().checksum(false))[..RECORDS_OFFSET].to_vec();
    file[12] = 0b10; // COMPRESSED
    file[88..92].copy_from_slice(&1u32.to_le_bytes());
    file.extend_from_slice(&frame);
    let (result, peak) = peak_during(|| read(&file));
    assert!(
        matches!(result, Err(FormatError::Decompression { .. })),
        "{result:?}"
    );
    assert!(peak < 1 << 20, "peak {peak} bytes");

    // The same bomb without a declared size: the window it needs is refused.
    let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
    encoder.include_contentsize(false).unwrap();
    std::io::Write::write_all(&mut encoder, &vec![0u8; 64 << 20]).unwrap();
    let frame = encoder.finish().unwrap();
    file.truncate(RECORDS_OFFSET);
    file.extend_from_slice(&frame);
    let (result, peak) = peak_during(|| read(&file));
    assert!(
        matches!(result, Err(FormatError::Decompression { .. })),
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
