//! Call stacks captured by the tracking allocator through frame pointers
//! (this workspace builds with `-C force-frame-pointers=yes`, see
//! `.cargo/config.toml`): a block allocated in a known function, at a
//! known depth, has that function's return addresses in its stack, in
//! order; identical stacks are stored once.

use memscope_tracker::{TrackingAllocator, global_tracker};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

/// Generous: a function's code is far smaller than this.
const FUNCTION_SPAN: usize = 4096;

/// Where each of `functions` (their addresses) ends: at the next one's
/// start, or [`FUNCTION_SPAN`] after its own.
fn spans(functions: &[usize]) -> Vec<(usize, usize)> {
    functions
        .iter()
        .map(|&start| {
            let next = functions.iter().copied().filter(|&f| f > start).min();
            (start, next.unwrap_or(start + FUNCTION_SPAN))
        })
        .collect()
}

#[inline(never)]
fn allocate_here(size: usize) -> Vec<u8> {
    std::hint::black_box(vec![7u8; size])
}

#[inline(never)]
fn one_level_up(size: usize) -> Vec<u8> {
    let v = allocate_here(size);
    std::hint::black_box(v)
}

/// Where in `stack` a return address inside `[start, end)` appears.
fn position_in(stack: &[usize], (start, end): (usize, usize)) -> Option<usize> {
    stack.iter().position(|&a| a > start && a < end)
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn a_block_allocated_in_a_known_function_has_it_and_its_caller_in_order() {
    let block = one_level_up(4321);
    let snapshot = global_tracker().snapshot();
    let live = snapshot
        .blocks()
        .find(|b| b.ptr == block.as_ptr() as usize)
        .expect("the block is tracked");
    let stack = snapshot.stack(live.stack_id).expect("it has a stack");
    let this =
        a_block_allocated_in_a_known_function_has_it_and_its_caller_in_order as *const () as usize;
    let spans = spans(&[
        allocate_here as *const () as usize,
        one_level_up as *const () as usize,
        this,
    ]);
    let inner = position_in(stack, spans[0]).expect("allocate_here is in it");
    let outer = position_in(stack, spans[1]).expect("its caller is in it");
    assert!(inner < outer, "innermost first: {stack:x?}");
    let test = position_in(stack, spans[2]);
    assert!(
        test.is_some_and(|t| t > outer),
        "and the test above them: {stack:x?}"
    );
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn blocks_allocated_from_one_place_share_one_stack() {
    let blocks: Vec<Vec<u8>> = (0..10).map(|_| one_level_up(1234)).collect();
    let snapshot = global_tracker().snapshot();
    let ids: std::collections::BTreeSet<u32> = snapshot
        .blocks()
        .filter(|b| blocks.iter().any(|v| v.as_ptr() as usize == b.ptr))
        .map(|b| b.stack_id)
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert!(!ids.contains(&0));
    assert!(snapshot.stats().call_stacks >= 1);
}

#[test]
fn the_stack_table_is_counted_in_the_stats() {
    let kept: Vec<Vec<u8>> = (0..3).map(|i| allocate_here(100 + i)).collect();
    let stats = global_tracker().stats();
    assert!(kept.len() == 3);
    if cfg!(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    )) {
        assert!(stats.call_stacks >= 1);
        assert!(stats.call_stack_bytes >= 8 * stats.call_stacks);
        assert!(stats.call_stack_bytes <= memscope_tracker::STACK_TABLE_BUDGET + 16 * 1024);
    }
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn an_export_names_the_function_and_file_that_allocated_each_block() {
    use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};

    let block = one_level_up(5555);
    let mut file = Vec::new();
    BinaryExporter::new(BinaryExportConfig::new())
        .export_to_writer(global_tracker(), &mut file)
        .unwrap();
    let mut reader = BinaryReader::from_bytes(&file).unwrap();
    assert_eq!(
        reader.header().version,
        2,
        "a file with stacks is version 2"
    );
    let mut records = reader.records();
    let record = records
        .by_ref()
        .map(Result::unwrap)
        .find(|r| r.allocation.ptr == block.as_ptr() as usize)
        .expect("the block is in the file");
    let stack = record.stack.expect("the block has a stack");
    let functions: Vec<&str> = stack.frames().filter_map(|f| f.function).collect();
    records.by_ref().for_each(|r| {
        r.unwrap();
    });
    let inner = functions
        .iter()
        .position(|f| f.ends_with("call_stacks::allocate_here"))
        .unwrap_or_else(|| panic!("allocate_here in {functions:#?}"));
    let outer = functions
        .iter()
        .position(|f| f.ends_with("call_stacks::one_level_up"))
        .unwrap_or_else(|| panic!("one_level_up in {functions:#?}"));
    assert!(inner < outer);
    let frame = stack
        .frames()
        .find(|f| {
            f.function
                .is_some_and(|n| n.ends_with("call_stacks::allocate_here"))
        })
        .unwrap();
    assert!(
        frame
            .file
            .is_some_and(|f| f.ends_with("tests/call_stacks.rs")),
        "{frame:?}"
    );
    assert!(frame.line.is_some());
    // The allocator's own frames are left out: the stack starts in the
    // code that allocated.
    assert!(
        !functions[0].starts_with("memscope_tracker")
            && !functions[0].starts_with("__rust_alloc")
            && !functions[0].starts_with("__rustc::"),
        "{functions:#?}"
    );
    assert!(
        functions.iter().all(|f| !f.starts_with("__rustc::")),
        "no allocator shim anywhere: {functions:#?}"
    );
    drop(block);
}
