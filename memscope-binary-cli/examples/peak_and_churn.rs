//! A program whose memory problem is gone by the time it exports: it
//! builds a 200 MB index, drops it, churns through a million short
//! buffers, and ends small. `summary --at peak` must name the builder,
//! `--temporary` and `--total` the churn; `--at now` sees neither.
//!
//! `cargo run --release -p memscope-binary-cli --example peak_and_churn -- OUT`
//!
//! The test `memscope-binary-cli/tests/cli/peak.rs` runs it and reads its
//! file with the CLI.

use std::hint::black_box;

use memscope_export::{BinaryExportConfig, TrackerBinaryExport};
use memscope_tracker::{TrackingAllocator, global_tracker};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

/// Chunks of the index: 200 of 1 MB.
const CHUNKS: usize = 200;
/// One chunk's bytes.
const CHUNK: usize = 1_000_000;
/// Short-lived buffers the churn allocates and frees.
const CHURN: usize = 1_000_000;

/// Builds the big index: 200 chunks of 1 MB, live together.
#[inline(never)]
fn build_index() -> Vec<Vec<u8>> {
    let mut index = Vec::with_capacity(CHUNKS);
    for i in 0..CHUNKS {
        index.push(vec![i as u8; CHUNK]);
    }
    black_box(index)
}

/// A million 32-byte buffers, each freed before the next is allocated.
#[inline(never)]
fn churn() -> usize {
    let mut sum = 0;
    for i in 0..CHURN {
        let buffer = black_box(vec![i as u8; 32]);
        sum += buffer[0] as usize;
    }
    sum
}

/// What the program keeps to the end: a little.
#[inline(never)]
fn keep_results() -> Vec<u64> {
    black_box((0..1000).collect())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "peak_and_churn.memscope".to_owned());
    let index = build_index();
    let first: usize = index.iter().map(|chunk| chunk[0] as usize).sum();
    drop(index);
    let churned = churn();
    let results = keep_results();
    let report = global_tracker().export_to_binary_with_config(&out, BinaryExportConfig::new())?;
    println!(
        "{first} {churned} {}; {} live blocks in {out}",
        results.len(),
        report.allocations_count
    );
    Ok(())
}
