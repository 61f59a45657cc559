//! The program of the CI guide (docs/CI.md): a small service that loads
//! its settings, handles a batch of requests, and exports its live blocks
//! at the end, for `memscope-binary check` and `diff --fail-if-grown` to
//! judge in CI.
//!
//! `cargo run --release -p memscope-binary-cli --example ci_snapshot -- OUT [--leak]`
//!
//! `--leak` stands for the pull request that brings a leak: each request's
//! buffer is kept (`Box::leak`) instead of freed, 1 MiB in all. The
//! end-to-end test (`memscope-binary-cli/tests/cli/ci.rs`) runs it both
//! ways, as CI would run the main branch and the pull request.

use std::hint::black_box;

use memscope_export::{BinaryExportConfig, TrackerBinaryExport};
use memscope_tracker::{TrackingAllocator, global_tracker};

// Every heap allocation goes through the tracker, with its call stack.
#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

/// The settings, kept for the whole run.
#[inline(never)]
fn load_settings() -> Vec<String> {
    black_box(
        (0..64)
            .map(|i| format!("setting.{i} = {}", i * 7))
            .collect(),
    )
}

/// One request: a 4 KiB buffer, freed when it is handled, unless `leak`.
#[inline(never)]
fn handle(request: u32, leak: bool) -> usize {
    let buffer = vec![request as u8; 4096];
    let handled = black_box(&buffer).len();
    if leak {
        // The bug: the buffer outlives its request.
        let _kept: &'static mut [u8] = Box::leak(buffer.into_boxed_slice());
    }
    black_box(handled)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .unwrap_or_else(|| "snapshot.memscope".to_owned());
    let leak = args.any(|arg| arg == "--leak");

    let settings = load_settings();
    let handled: usize = (0..256).map(|request| handle(request, leak)).sum();

    // The snapshot CI checks: the blocks live now, with their call stacks.
    let config = BinaryExportConfig::new().include_details(true);
    let report = global_tracker().export_to_binary_with_config(&out, config)?;
    println!(
        "{} settings, {handled} bytes handled; {} live blocks in {out}",
        settings.len(),
        report.allocations_count
    );
    Ok(())
}
