use std::collections::HashMap;

use memscope_export::{BinaryExportConfig, TrackerBinaryExport};
use memscope_tracker::{TrackingAllocator, global_tracker, track_var};

// 1. Every heap allocation goes through the tracker, with its call stack.
#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = "the quick brown fox jumps over the lazy dog ".repeat(1_000);
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_owned()).or_default() += 1;
    }
    // 2. Optional: name what holds your data (here, the map's table).
    let named = track_var!(counts, "word counts");
    assert!(named.is_named(), "{named}");
    {
        // 3. Optional: leave out what you do not want to see.
        let _quiet = global_tracker().paused();
        let _scratch = vec![0u8; 1 << 20];
    }
    // 4. Export: call stacks, names and threads, in one file.
    let config = BinaryExportConfig::new().include_details(true);
    let report = global_tracker().export_to_binary_with_config("app.memscope", config)?;
    println!("{} live blocks in app.memscope", report.allocations_count);
    Ok(())
}
