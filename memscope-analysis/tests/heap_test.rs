//! `assert_heap!`: a held limit passes quietly; a broken one panics with
//! every broken limit, what was measured, and the evidence: a file of the
//! closure's live blocks, with their call sites, that the analysis (and
//! so `memscope-binary summary`) opens.

use std::panic::{AssertUnwindSafe, catch_unwind};

use memscope_analysis::{Analysis, Grouping, KIB, Naming, assert_heap};
use memscope_tracker::{TrackingAllocator, measure};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

#[inline(never)]
fn leaky_cache() -> Vec<u64> {
    vec![7; 512]
}

fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("the assertion fails");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[test]
fn held_limits_pass() {
    let (kept, stats) = measure(leaky_cache);
    assert_heap!(
        stats,
        allocations == 1,
        peak_bytes <= 64 * KIB,
        leaked_bytes == 4096
    );
    drop(kept);
}

#[test]
fn a_broken_limit_names_itself_and_a_file_of_the_live_blocks_with_their_call_sites() {
    let (kept, stats) = measure(leaky_cache);
    let message = panic_message(|| {
        assert_heap!(
            stats,
            allocations <= 1,
            leaked_blocks == 0,
            peak_bytes < 100
        );
    });
    assert!(
        message.starts_with(
            "heap assertion failed: leaked_blocks == 0 (found 1), peak_bytes < 100 (found 4096)"
        ),
        "{message}"
    );
    assert!(
        message.contains("measured: HeapStats { allocations: 1,"),
        "{message}"
    );
    let path = message
        .split("evidence: ")
        .nth(1)
        .and_then(|rest| rest.split(" (").next())
        .expect("the message names the evidence file");
    assert!(
        path.contains("a_broken_limit_names_itself"),
        "named after the test: {path}"
    );
    let analysis = Analysis::open(path).expect("the evidence opens");
    assert_eq!((analysis.total().count, analysis.total().bytes), (1, 4096));
    let sites = analysis.group(Grouping::Function, 1, Naming::default());
    assert!(
        sites.rows[0].label.ends_with("leaky_cache"),
        "{:?}",
        sites.rows[0].label
    );
    assert!(
        message.contains("leaky_cache"),
        "the top call sites are inline: {message}"
    );
    std::fs::remove_file(path).unwrap();
    drop(kept);
}
