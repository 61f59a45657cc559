//! Writes the fuzzers' seed corpora: small real exports in every variant
//! (for `read_file`), their records with a layout selector byte (for
//! `decode_records`), and exports with call stacks, resolved and raw with
//! the module map (version 2, for `read_v2` and `read_file`). Run from the
//! repository root:
//!
//! `cargo run -p memscope-tools --bin fuzz_seeds`

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
    write_stacked_seeds(read_dir)?;
    println!("seeds written under fuzz/seeds/");
    Ok(())
}

/// Version-2 seeds: blocks with call stacks (one address inside `main`,
/// which resolves to a name, file and line; others that resolve to
/// nothing) and one without, exported resolved and raw (with the module
/// map), plain and compressed.
fn write_stacked_seeds(read_dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let tracker = MemoryTracker::new();
    let inside_main = main as *const () as usize + 1;
    tracker.record_alloc_at(0x7000, 8, 199);
    tracker.record_alloc_with_stack(0x8000, 48, 200, &[inside_main, 0x20]);
    tracker.record_alloc_with_stack(0x8040, 16, 201, &[0x10, 0x20, 0x30]);
    tracker.record_alloc_with_stack(0x8080, 16, 202, &[inside_main, 0x20]);
    let v2_dir = Path::new("fuzz/seeds/read_v2");
    std::fs::create_dir_all(v2_dir)?;
    for symbolize in [true, false] {
        for level in [0, 3] {
            let config = BinaryExportConfig::new()
                .include_details(true)
                .compression_level(level)
                .symbolize(symbolize)
                .timestamp(1);
            let mut file = Vec::new();
            BinaryExporter::new(config).export_to_writer(&tracker, &mut file)?;
            let name = format!("stacks-s{}-z{level}.memscope", symbolize as u8);
            std::fs::write(v2_dir.join(&name), &file)?;
            std::fs::write(read_dir.join(&name), &file)?;
        }
    }
    Ok(())
}
