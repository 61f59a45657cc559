//! Writes a small file that names a great deal: N detailed records
//! (200,000 by default), each with its own var_name and type_name of BYTES
//! bytes (60 KiB by default), compressed with zstd. The names differ in
//! their first bytes and repeat after, so the file is about 5 MB while its
//! names add up to 24 GB: the file the commands' memory budget is measured
//! on.
//!
//! `cargo run --release -p memscope-tools --bin long_names -- OUT [RECORDS [BYTES]]`
//! then `/usr/bin/time -f "%M KiB" target/release/memscope-binary summary OUT`.
//!
//! The records are made as the exporter asks for them, never held.

use memscope_export::{BinaryExportConfig, BinaryExporter, FileContents};
use memscope_tracker::{AllocationInfo, MemoryStats};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: long_names OUT [RECORDS [BYTES]]")?;
    let count: usize = match args.next() {
        Some(n) => n.parse()?,
        None => 200_000,
    };
    let bytes: usize = match args.next() {
        Some(n) => n.parse()?,
        None => 60 * 1024,
    };
    if bytes > usize::from(u16::MAX) {
        return Err(format!("BYTES is at most {} (a u16 length prefix)", u16::MAX).into());
    }

    let size = |i: usize| 64 + i % 4096;
    let record = move |i: usize| {
        let mut info = AllocationInfo::new(0x1000_0000 + i * 0x1_0000, size(i), i as u64);
        info.var_name = Some(named(&format!("worker.buffer_{i:08}."), bytes));
        info.type_name = Some(named(&format!("app::Buffer{i:08}<"), bytes));
        info
    };
    let memory: u64 = (0..count).map(|i| size(i) as u64).sum();
    let stats = MemoryStats {
        total_allocations: count as u64,
        active_allocations: count as u64,
        active_memory: memory,
        peak_memory: memory,
        total_allocated: memory,
        ..MemoryStats::default()
    };

    let config = BinaryExportConfig::new()
        .include_details(true)
        .compression_level(3);
    let contents = FileContents::new(stats, (0..count).map(record));
    let written = BinaryExporter::new(config).export(&contents, &out)?;
    println!(
        "{out}: {} records, {} bytes, names of {bytes} bytes",
        written.allocations_count, written.file_size
    );
    Ok(())
}

/// `prefix` padded with `x` to `len` bytes (cut, if it is longer).
fn named(prefix: &str, len: usize) -> String {
    let mut name = String::with_capacity(len);
    name.push_str(&prefix[..prefix.len().min(len)]);
    name.extend(std::iter::repeat_n('x', len - name.len()));
    name
}
