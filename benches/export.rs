//! Exporting 1M allocation records to a file vs the I/O floor: the same
//! number of bytes written with one plain `write_all`. Also the in-memory
//! encode into a pre-sized buffer. Ratios come from one run.
//!
//! `cargo bench --bench export -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use memscope_binary::{BinaryExportConfig, BinaryExporter, MemoryTracker};

const RECORDS: usize = 1_000_000;

fn tracker() -> MemoryTracker {
    let tracker = MemoryTracker::new();
    for i in 0..RECORDS {
        tracker.record_alloc_at(0x7f00_0000_0000 + i * 64, 16 + i % 1024, i as u64);
    }
    tracker
}

fn export(c: &mut Criterion) {
    let tracker = tracker();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.bin");
    let basic = BinaryExporter::new(BinaryExportConfig::new().checksum(false).timestamp(1));
    let size = basic.export(&tracker, &path).unwrap().file_size;
    let floor_bytes = vec![0x5au8; size];

    let mut group = c.benchmark_group("export_1m_basic");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function("io_floor_write_all", |b| {
        b.iter(|| {
            let mut file = std::fs::File::create(&path).unwrap();
            file.write_all(&floor_bytes).unwrap();
            file.flush().unwrap();
        })
    });
    group.bench_function("binary_to_writer_file", |b| {
        b.iter(|| {
            let file = std::fs::File::create(&path).unwrap();
            basic.export_to_writer(&tracker, file).unwrap()
        })
    });
    group.bench_function("binary_export_atomic", |b| {
        b.iter(|| basic.export(&tracker, &path).unwrap())
    });
    // The tracker's snapshot alone: locking the shards and visiting every
    // record, with no encoding at all.
    group.bench_function("snapshot_iteration_only", |b| {
        b.iter(|| {
            tracker.with_live_allocations(|_, records| records.map(|r| r.size).sum::<usize>())
        })
    });
    let mut memory = Vec::with_capacity(size + 64);
    group.bench_function("binary_to_presized_vec", |b| {
        b.iter(|| {
            memory.clear();
            basic.export_to_writer(&tracker, &mut memory).unwrap();
            black_box(memory.len())
        })
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
