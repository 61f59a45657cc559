//! Reading 1M basic records back from a file, side by side in one run:
//! our streaming reader (owned records, and borrowed ones through
//! `Records::visit`), the I/O floor (`read_to_end` of the same file into
//! a reused, pre-sized vector), and serde_json parsing our JSON export of
//! the same records into typed structs.
//!
//! `cargo bench --manifest-path memscope-bench/Cargo.toml --bench read -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;
use std::io::{BufReader, Read};

use criterion::{Criterion, criterion_group, criterion_main};
use memscope_bench::contestants::json::JsonDocument;
use memscope_export::{
    BinaryExportConfig, BinaryExporter, BinaryReader, FileContents, JsonDocumentWriter, JsonTables,
};
use memscope_tracker::{AllocationInfo, MemoryStats};

const RECORDS: usize = 1_000_000;

fn snapshot() -> (MemoryStats, Vec<AllocationInfo>) {
    let records: Vec<AllocationInfo> = (0..RECORDS)
        .map(|i| AllocationInfo::new(0x7f00_0000_0000 + i * 64, 16 + i % 1024, i as u64))
        .collect();
    let memory = records.iter().map(|r| r.size as u64).sum();
    let stats = MemoryStats {
        total_allocations: RECORDS as u64,
        active_allocations: RECORDS as u64,
        active_memory: memory,
        peak_memory: memory,
        total_allocated: memory,
        ..Default::default()
    };
    (stats, records)
}

fn read(c: &mut Criterion) {
    let (stats, records) = snapshot();
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("records.bin");
    let json = dir.path().join("records.json");
    BinaryExporter::new(BinaryExportConfig::new())
        .export(&FileContents::new(stats, &records), &binary)
        .unwrap();
    let document = memscope_export::JsonDocument {
        timestamp: 1,
        stats: &stats,
        tables: JsonTables::None,
    };
    let out = std::io::BufWriter::new(std::fs::File::create(&json).unwrap());
    let mut writer = JsonDocumentWriter::begin(out, document).unwrap();
    for record in &records {
        writer.record(&record.into(), None, None).unwrap();
    }
    writer.finish().unwrap();
    drop(records);
    let size = std::fs::metadata(&binary).unwrap().len() as usize;

    let mut group = c.benchmark_group("read_1m_basic");
    group.sample_size(10);
    let mut floor = Vec::with_capacity(size);
    group.bench_function("io_floor_read_to_end", |b| {
        b.iter(|| {
            floor.clear();
            std::fs::File::open(&binary)
                .unwrap()
                .read_to_end(&mut floor)
                .unwrap();
            black_box(floor.len())
        })
    });
    group.bench_function("binary_reader", |b| {
        b.iter(|| {
            let mut reader = BinaryReader::open(&binary).unwrap();
            let mut bytes = 0u64;
            for record in reader.records() {
                bytes += record.unwrap().allocation.size as u64;
            }
            black_box(bytes)
        })
    });
    group.bench_function("binary_reader_visit_borrowed", |b| {
        b.iter(|| {
            let mut reader = BinaryReader::open(&binary).unwrap();
            let mut bytes = 0u64;
            reader
                .records()
                .visit(|record| bytes += record.allocation.size as u64)
                .unwrap();
            black_box(bytes)
        })
    });
    group.bench_function("serde_json_parse", |b| {
        b.iter(|| {
            let file = BufReader::new(std::fs::File::open(&json).unwrap());
            let document: JsonDocument = serde_json::from_reader(file).unwrap();
            black_box(document.allocations.len())
        })
    });
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
