//! Writes a large detailed memscope file, to time the command on:
//! 1,000,000 records by default, about two thirds of them named with one of
//! a few thousand variable names and one of 40 type names.
//!
//! `cargo run --release -p memscope-tools --bin large_snapshot -- OUT [RECORDS] [--stacks]`
//! then `time target/release/memscope-binary summary OUT`.
//!
//! With `--stacks`, a version-2 file: each record also has one of 3,000
//! call stacks, 10 to 13 frames deep, drawn from a program of 8 services
//! of 16 handlers of 10 stages of 5 helpers (for `report`'s flame graph).

use memscope_export::{
    BinaryExportConfig, BinaryExporter, CallStacks, FileContents, PlacedRecord, ResolvedFrame,
    StackId,
};
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
    let usage = "usage: large_snapshot OUT [RECORDS] [--stacks]";
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or(usage)?;
    let rest: Vec<String> = args.collect();
    let with_stacks = rest.iter().any(|arg| arg == "--stacks");
    let count: usize = match rest.iter().find(|arg| *arg != "--stacks") {
        Some(n) => n
            .parse()
            .map_err(|_| format!("{usage}: RECORDS is {n:?}"))?,
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
    let written = if with_stacks {
        let stacks = call_stacks(&mut rng);
        let distinct = stacks.stacks.len() as u64;
        let placed: Vec<PlacedRecord> = records
            .into_iter()
            .map(|record| {
                let index = (rng.next() % distinct).min(rng.next() % distinct) as usize;
                PlacedRecord::new(record).with_stack(StackId::from_index(index))
            })
            .collect();
        let contents = FileContents::new(stats, &placed).with_stacks(&stacks);
        exporter.export(&contents, &out)?
    } else {
        exporter.export(&FileContents::new(stats, &records), &out)?
    };
    println!(
        "{out}: {} records, {} bytes",
        written.allocations_count, written.file_size
    );
    Ok(())
}

/// 3,000 distinct call stacks, innermost first: the allocator's frames,
/// a helper, a stage, a handler, a service, then the program's entry.
fn call_stacks(rng: &mut Rng) -> CallStacks {
    let mut stacks = CallStacks::default();
    let frame = |stacks: &mut CallStacks, function: &str, file: &str, line: u32| {
        stacks.push_resolved(ResolvedFrame {
            address: 0x5555_0000_0000 + stacks.frames.len() as u64 * 16,
            function: Some(function),
            file: Some(file),
            line: Some(line),
            inlined: false,
        })
    };
    let alloc = [
        frame(&mut stacks, "__rust_alloc", "src/alloc.rs", 1),
        frame(
            &mut stacks,
            "alloc::raw_vec::finish_grow",
            "raw_vec.rs",
            480,
        ),
    ];
    let entry = [
        frame(&mut stacks, "app::main", "src/main.rs", 12),
        frame(&mut stacks, "std::rt::lang_start_internal", "rt.rs", 174),
        frame(&mut stacks, "main", "", 0),
    ];
    let mut seen = std::collections::HashSet::new();
    while stacks.stacks.len() < 3000 {
        let (service, handler) = (rng.next() % 8, rng.next() % 16);
        let (stage, helper) = (rng.next() % 10, rng.next() % 5);
        if !seen.insert((service, handler, stage, helper)) {
            continue;
        }
        let file = format!("src/service{service}.rs");
        let mut frames = alloc.to_vec();
        if helper > 0 {
            let name = format!("app::util::helper{helper}");
            frames.push(frame(&mut stacks, &name, "src/util.rs", helper as u32));
        }
        let name = format!("app::service{service}::handler{handler}::stage{stage}");
        frames.push(frame(&mut stacks, &name, &file, 100 + stage as u32));
        let name = format!("app::service{service}::handler{handler}");
        frames.push(frame(&mut stacks, &name, &file, 10 + handler as u32));
        let name = format!("app::service{service}::run");
        frames.push(frame(&mut stacks, &name, &file, 1));
        frames.extend(entry);
        stacks.push_stack(frames);
    }
    stacks
}
