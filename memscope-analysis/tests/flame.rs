//! The flame tree of a file (`Analysis::flame_tree`): its stacks merged
//! by their frames' labels, each path from the program's entry down to
//! the call site, the allocator's and the standard library's frames
//! beneath the call site left out, blocks without a stack under a frame
//! of their own.

use std::io::Cursor;

use memscope_analysis::{Analysis, NO_STACK, Naming, Options, Tally};
use memscope_test_support::{detailed, file_bytes, placed, record, stacks_of};
use memscope_tracker::AllocationInfo;

#[test]
fn stacks_merge_by_their_frames_names_from_the_entry_down_to_the_call_site() {
    let main = (
        Some("app::main"),
        Some("/home/u/app/src/main.rs"),
        10,
        false,
    );
    let stacks = stacks_of(&[
        &[
            (Some("__rust_alloc"), None, 0, false),
            (
                Some("alloc::raw_vec::finish_grow<A>"),
                Some(
                    "/rustc/17067e9ac6d7e98f18d4b3b3e7ea9c8a1c5b9e31/library/alloc/src/raw_vec/mod.rs",
                ),
                480,
                false,
            ),
            (
                Some("app::index::add"),
                Some("/home/u/app/src/index.rs"),
                42,
                false,
            ),
            main,
        ],
        &[
            (Some("app::load"), Some("/home/u/app/src/load.rs"), 7, false),
            main,
        ],
        &[(None, None, 0, false), main],
        // Stack 2's function from another line, another frame: the same
        // path.
        &[
            (Some("app::load"), Some("/home/u/app/src/load.rs"), 8, false),
            main,
        ],
    ]);
    assert_ne!(stacks.stacks[1].frames[0], stacks.stacks[3].frames[0]);
    let sizes = [100, 200, 1000, 64, 300, 12];
    let records: Vec<AllocationInfo> = sizes
        .iter()
        .enumerate()
        .map(|(i, &size)| record(0x1000 + i * 0x1000, size, i as u64, None, None))
        .collect();
    let bytes = file_bytes(
        detailed(),
        &placed(&records, &[1, 1, 2, 3, 4, 0], &[]),
        Some(&stacks),
        None,
    );
    let analysis = Analysis::read(Cursor::new(bytes), Options::default()).unwrap();

    let tree = analysis
        .flame_tree(Naming::default())
        .expect("the file has stacks");
    assert_eq!(tree.total(), Tally::new(6, 1676));
    let paths: Vec<(&str, u64, u64)> = tree
        .paths()
        .map(|(path, own)| (path, own.count, own.bytes))
        .collect();
    assert_eq!(
        paths,
        [
            (NO_STACK, 1, 12),
            // The address without a symbol is outside the program.
            ("app::main", 1, 64),
            ("app::main;app::index::add", 2, 300),
            ("app::main;app::load", 2, 1300),
        ]
    );
    assert_eq!(
        tree.frame_count(),
        4,
        "(no call stack), app::main, add, load"
    );
}

#[test]
fn a_file_without_stacks_has_no_flame_tree() {
    let records = [record(0x1000, 8, 1, None, None)];
    let bytes = file_bytes(detailed(), &placed(&records, &[], &[]), None, None);
    let analysis = Analysis::read(Cursor::new(bytes), Options::default()).unwrap();
    assert_eq!(analysis.flame_tree(Naming::default()), None);
}
