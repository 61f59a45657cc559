//! Writes a large detailed memscope file, to time the command on:
//! 1,000,000 records by default, about two thirds of them named with one of
//! a few thousand variable names and one of 40 type names.
//!
//! With `--stacks`, a version-2 file: each record also has one of 1,024
//! call stacks, 8 to 24 frames deep, of 256 frames in 64 functions.
//!
//! `cargo run --release -p memscope-binary-cli --example large_snapshot -- OUT [RECORDS] [--stacks]`
//! then `time target/release/memscope-binary summary OUT`.

use std::fs::File;

use memscope_export::{BinaryExportConfig, BinaryExporter, CallStacks, Frame};
use memscope_tracker::{AllocationInfo, MemoryStats};

/// A small deterministic PRNG (xorshift), so every run writes the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const TYPES: [&str; 8] = [
    "alloc::vec::Vec<u8>",
    "alloc::string::String",
    "alloc::vec::Vec<u64>",
    "alloc::boxed::Box<[u8]>",
    "std::collections::hash::map::HashMap<u32, alloc::string::String>",
    "alloc::collections::btree::map::BTreeMap<u64, u64>",
    "alloc::vec::Vec<alloc::string::String>",
    "alloc::sync::Arc<std::sync::mutex::Mutex<alloc::vec::Vec<u8>>>",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: large_snapshot OUT [RECORDS] [--stacks]";
    let out = args.next().ok_or(usage)?;
    let rest: Vec<String> = args.collect();
    let with_stacks = rest.iter().any(|arg| arg == "--stacks");
    let count: usize = match rest.iter().find(|arg| *arg != "--stacks") {
        Some(n) => n.parse()?,
        None => 1_000_000,
    };

    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut stats = MemoryStats::default();
    let records: Vec<AllocationInfo> = (0..count)
        .map(|i| {
            // Sizes spread over powers of two from 8 B to 64 KiB, small
            // ones most common.
            let shift = 3 + (rng.next() % 14).min(rng.next() % 14);
            let size = (1usize << shift) + (rng.next() % (1 << shift)) as usize;
            let mut record = AllocationInfo::new(0x1000_0000 + i * 0x1_0000, size, i as u64);
            if !rng.next().is_multiple_of(3) {
                // 5 wrappers of 8 element types: 40 type names.
                let ty = rng.next() as usize % (TYPES.len() * 5);
                let (stage, element) = (ty / TYPES.len(), TYPES[ty % TYPES.len()]);
                record.type_name = Some(format!("app::stage{stage}::Buffer<{element}>"));
                let var = rng.next() % 3000;
                record.var_name = Some(format!("worker_{}.buffer_{var}", var % 16));
            }
            stats.total_allocations += 1;
            stats.active_allocations += 1;
            stats.active_memory += size as u64;
            stats.total_allocated += size as u64;
            stats.peak_memory = stats.active_memory;
            record
        })
        .collect();

    let config = BinaryExportConfig::new().include_details(true);
    let exporter = BinaryExporter::new(config);
    let file = File::create(&out)?;
    let written = if with_stacks {
        let mut stacks = call_stacks(&mut rng);
        let kinds = stacks.stacks.len() as u64;
        stacks.ids = (0..count)
            .map(|_| 1 + (rng.next() % kinds) as u32)
            .collect();
        exporter.write_snapshot_with_stacks(file, &stats, &records, &stacks)?
    } else {
        exporter.write_snapshot(file, &stats, &records)?
    };
    println!(
        "{out}: {} records, {} bytes",
        written.allocations_count, written.file_size
    );
    Ok(())
}

/// 1,024 stacks, 8 to 24 frames deep, of 256 frames: functions
/// `app::module{m}::function{f}` in `src/module{m}.rs`, 64 of them.
fn call_stacks(rng: &mut Rng) -> CallStacks {
    let mut stacks = CallStacks::default();
    for i in 0..256u32 {
        let (module, function) = (i % 8, i % 64 / 8);
        let name = stacks.intern_string(&format!("app::module{module}::function{function}"));
        let file = stacks.intern_string(&format!("src/module{module}.rs"));
        stacks.push_frame(Frame {
            address: 0x5555_0000_0000 + u64::from(i) * 0x40,
            function: name + 1,
            file: file + 1,
            line: 10 + i,
            flags: 0,
        });
    }
    for _ in 0..1024 {
        let depth = 8 + rng.next() % 17;
        let frames = (0..depth).map(|_| (rng.next() % 256) as u32).collect();
        stacks.push_stack(frames);
    }
    stacks
}
