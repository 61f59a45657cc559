//! Writes the fuzzers' seed corpora: small real exports in every variant
//! (for `read_file`), their records with a layout selector byte (for
//! `decode_records`). Run from the repository root:
//!
//! `cargo run --example fuzz_seeds`

use std::path::Path;

use memscope_binary::{BinaryRecord, Layout};
use memscope_export::{BinaryExportConfig, BinaryExporter};
use memscope_tracker::MemoryTracker;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tracker = MemoryTracker::new();
    let names = [String::from("buffer"), String::from("index")];
    for (i, value) in names.iter().enumerate() {
        tracker.record_alloc_at(value.as_ptr() as usize, value.capacity(), i as u64);
        tracker.track_var(value, &format!("var{i}"));
    }
    for i in 0..6 {
        tracker.record_alloc_at(0x4000 + i * 0x40, 8 << i, 100 + i as u64);
    }
    let read_dir = Path::new("fuzz/seeds/read_file");
    let decode_dir = Path::new("fuzz/seeds/decode_records");
    std::fs::create_dir_all(read_dir)?;
    std::fs::create_dir_all(decode_dir)?;
    for details in [false, true] {
        for level in [0, 3] {
            for checksum in [false, true] {
                let config = BinaryExportConfig::new()
                    .include_details(details)
                    .compression_level(level)
                    .checksum(checksum)
                    .timestamp(1);
                let mut file = Vec::new();
                BinaryExporter::new(config).export_to_writer(&tracker, &mut file)?;
                let name = format!("d{}-z{}-c{}.memscope", details as u8, level, checksum as u8);
                std::fs::write(read_dir.join(name), &file)?;
            }
        }
    }
    tracker.with_live_allocations(|_, live| -> std::io::Result<()> {
        for (i, record) in live.enumerate() {
            for (selector, layout) in [(0u8, Layout::Basic), (1, Layout::Detailed)] {
                let mut seed = vec![selector];
                seed.extend(record.to_bytes(layout).map_err(std::io::Error::other)?);
                std::fs::write(decode_dir.join(format!("record{i}-{selector}")), seed)?;
            }
        }
        Ok(())
    })?;
    println!("seeds written under fuzz/seeds/");
    Ok(())
}
