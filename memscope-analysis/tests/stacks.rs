//! Blocks by call stack (`Analysis::top_stacks`) and by the function,
//! file and crate of their call site (`Analysis::group`): stacks ranked
//! by bytes with the frames between the innermost and a deep call site
//! left out; the call site the innermost frame of the program outside
//! the allocator; inclusive groups counting a block once per stack.

use std::io::Cursor;

use memscope_analysis::{Analysis, Grouping, Naming, Options, Tally};
use memscope_export::CallStacks;
use memscope_test_support::{detailed, file_bytes, placed, record, stacks_of};
use memscope_tracker::AllocationInfo;

/// Records of `sizes`, record `i` under the stack of index `stacks[i] - 1`.
fn analysis(sizes: &[usize], places: &[u32], stacks: &CallStacks) -> Analysis {
    let records: Vec<AllocationInfo> = sizes
        .iter()
        .enumerate()
        .map(|(i, &size)| record(0x1000 + i * 0x100, size, i as u64, None, None))
        .collect();
    let bytes = file_bytes(
        detailed(),
        &placed(&records, places, &[]),
        Some(stacks),
        None,
    );
    Analysis::read(Cursor::new(bytes), Options::default()).expect("the fixture reads")
}

/// Groups as (label, count, bytes).
fn rows(groups: &[memscope_analysis::Group]) -> Vec<(String, u64, u64)> {
    groups
        .iter()
        .map(|g| (g.label.clone(), g.count, g.bytes))
        .collect()
}

fn owned(rows: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    rows.iter()
        .map(|&(label, count, bytes)| (label.to_owned(), count, bytes))
        .collect()
}

#[test]
fn stacks_are_ranked_by_bytes_with_the_frames_between_the_innermost_and_the_call_site_folded() {
    let stacks = stacks_of(&[
        &[(Some("app::tiny"), Some("/home/u/app/src/tiny.rs"), 1, false)],
        &[
            (
                Some("alloc::raw_vec::finish_grow<A>"),
                Some(
                    "/rustc/17067e9ac6d7e98f18d4b3b3e7ea9c8a1c5b9e31/library/alloc/src/raw_vec/mod.rs",
                ),
                480,
                false,
            ),
            (
                Some("alloc::vec::Vec<T,A>::push<T,A>"),
                Some(
                    "/rustc/17067e9ac6d7e98f18d4b3b3e7ea9c8a1c5b9e31/library/alloc/src/vec/mod.rs",
                ),
                9,
                true,
            ),
            (
                Some("core::iter::traits::iterator::Iterator::fold<I,B,F>"),
                Some(
                    "/rustc/17067e9ac6d7e98f18d4b3b3e7ea9c8a1c5b9e31/library/core/src/iter/traits/iterator.rs",
                ),
                2500,
                true,
            ),
            (Some("app::add"), Some("/home/u/app/src/add.rs"), 2, false),
            (Some("app::main"), Some("/home/u/app/src/main.rs"), 3, false),
            (Some("_start"), None, 0, false),
        ],
    ]);
    let analysis = analysis(&[10, 100, 200, 200, 7], &[1, 2, 2, 2, 0], &stacks);

    let top = analysis.top_stacks(10, 3, Naming::default());
    let ranked: Vec<(u32, u64, u64)> = top
        .stacks
        .iter()
        .map(|r| (r.id, r.count, r.bytes))
        .collect();
    assert_eq!(ranked, [(2, 3, 500), (1, 1, 10)]);
    assert_eq!(top.stack_count, 2);
    assert_eq!(top.without_stack, Tally::new(1, 7));
    assert_eq!(top.depth, 3);
    // Three frames of six: the innermost, then the call site (past the
    // first three) and its caller; the runtime's `_start` never.
    let shown = &top.stacks[0].stack;
    assert_eq!(
        (shown.depth, shown.call_site, shown.left_out),
        (6, Some(3), 3)
    );
    let frames: Vec<(usize, &str, Option<&str>)> = shown
        .frames
        .iter()
        .map(|f| (f.position, f.label.as_str(), f.file.as_deref()))
        .collect();
    assert_eq!(
        frames,
        [
            (
                0,
                "alloc::raw_vec::finish_grow",
                Some("alloc/src/raw_vec/mod.rs")
            ),
            (3, "app::add", Some("src/add.rs")),
            (4, "app::main", Some("src/main.rs")),
        ]
    );
    let small = &top.stacks[1].stack;
    assert_eq!(
        (small.depth, small.call_site, small.left_out),
        (1, Some(0), 0)
    );
    assert_eq!(small.frames[0].label, "app::tiny");

    // Deep enough to reach the call site: the first frames as they are.
    let top = analysis.top_stacks(1, 4, Naming::default());
    assert_eq!(top.stacks.len(), 1, "top limits the rows");
    assert_eq!(top.stack_count, 2, "but not the count of stacks");
    let shown = &top.stacks[0].stack;
    let positions: Vec<usize> = shown.frames.iter().map(|f| f.position).collect();
    assert_eq!(positions, [0, 1, 2, 3]);
    assert_eq!(shown.left_out, 2);
    let push = &shown.frames[1];
    assert_eq!(
        (push.label.as_str(), push.location(), push.inlined),
        (
            "alloc::vec::Vec::push",
            "alloc/src/vec/mod.rs:9".to_owned(),
            true
        )
    );
}

#[test]
fn the_call_site_is_the_innermost_program_frame_outside_the_allocator_and_inclusive_counts_once_per_stack()
 {
    let stacks = stacks_of(&[
        &[
            (Some("__rust_alloc"), None, 0, false),
            (Some("app::load"), Some("/home/u/app/src/load.rs"), 5, false),
            (Some("app::main"), Some("/home/u/app/src/main.rs"), 9, false),
            (Some("app::load"), Some("/home/u/app/src/load.rs"), 7, false),
        ],
        // An address without a symbol outside the program, then the
        // program without line tables.
        &[(None, None, 0, false), (Some("app::main"), None, 1, false)],
    ]);
    let analysis = analysis(&[40, 60, 10], &[1, 1, 2], &stacks);

    let by_function = analysis.group(Grouping::Function, 10, Naming::default());
    assert_eq!(
        rows(&by_function.rows),
        owned(&[("app::load", 2, 100), ("app::main", 1, 10)])
    );
    assert_eq!(by_function.distinct, 2);
    assert_eq!(by_function.without, Tally::default());
    assert_eq!(
        rows(by_function.inclusive.as_deref().unwrap()),
        owned(&[("app::main", 3, 110), ("app::load", 2, 100)]),
        "once per stack, the allocator and the address outside the program left out"
    );
    assert_eq!(by_function.inclusive_distinct, Some(2));

    let by_file = analysis.group(Grouping::File, 10, Naming::default());
    assert_eq!(rows(&by_file.rows), owned(&[("src/load.rs", 2, 100)]));
    assert_eq!(
        by_file.without,
        Tally::new(1, 10),
        "a call site without a file"
    );
    assert_eq!(
        rows(by_file.inclusive.as_deref().unwrap()),
        owned(&[("src/load.rs", 2, 100), ("src/main.rs", 2, 100)])
    );
    assert_eq!(by_file.inclusive_distinct, Some(2));

    let by_crate = analysis.group(Grouping::Crate, 10, Naming::default());
    assert_eq!(rows(&by_crate.rows), owned(&[("app", 3, 110)]));
}

#[test]
fn a_recursive_generic_function_counts_once_per_stack_anywhere_in_it() {
    let file = Some("/home/u/app/src/parse.rs");
    let stacks = stacks_of(&[&[
        (Some("app::seq<app::A>"), file, 7, false),
        (Some("app::seq<app::B>"), file, 9, false),
        (Some("app::main"), Some("/home/u/app/src/main.rs"), 3, false),
    ]]);
    let analysis = analysis(&[10, 20], &[1, 1], &stacks);
    let by_function = analysis.group(Grouping::Function, 10, Naming::default());
    assert_eq!(
        rows(by_function.inclusive.as_deref().unwrap()),
        owned(&[("app::main", 2, 30), ("app::seq", 2, 30)]),
        "two instances of app::seq in one stack: its blocks once"
    );
}

#[test]
fn the_instances_of_a_generic_function_are_one_function_unless_names_are_whole() {
    let file = Some("/home/u/app/src/load.rs");
    let main = (Some("app::main"), Some("/home/u/app/src/main.rs"), 3, false);
    let stacks = stacks_of(&[
        &[(Some("app::load<u8>"), file, 7, false), main],
        &[
            (Some("app::load<alloc::string::String>"), file, 7, false),
            main,
        ],
    ]);
    let analysis = analysis(&[10, 20, 30], &[1, 2, 2], &stacks);

    let short = analysis.group(Grouping::Function, 10, Naming::default());
    assert_eq!(rows(&short.rows), owned(&[("app::load", 3, 60)]));
    assert_eq!(short.distinct, 1);
    // The whole name shown on hover is the instance holding the most.
    assert_eq!(
        short.rows[0].name.as_deref(),
        Some("app::load<alloc::string::String>")
    );

    let whole = Naming {
        full_names: true,
        ..Naming::default()
    };
    assert_eq!(
        rows(&analysis.group(Grouping::Function, 10, whole).rows),
        owned(&[
            ("app::load<alloc::string::String>", 2, 50),
            ("app::load<u8>", 1, 10)
        ])
    );
}

#[test]
fn whole_names_keep_apart_the_closures_debug_info_names_alike() {
    // Inlined closures: debug info names each `{closure#0}`, bare.
    let file = Some("/home/u/app/src/parse.rs");
    let stacks = stacks_of(&[
        &[
            (Some("{closure#0}"), file, 81, true),
            (Some("app::parse"), file, 80, false),
        ],
        &[
            (Some("{closure#0}"), file, 132, true),
            (Some("app::parse_many"), file, 130, false),
        ],
    ]);
    let analysis = analysis(&[10, 20], &[1, 2], &stacks);
    let whole = Naming {
        full_names: true,
        ..Naming::default()
    };
    assert_eq!(
        rows(&analysis.group(Grouping::Function, 10, whole).rows),
        owned(&[
            ("app::parse_many::{closure}@132", 1, 20),
            ("app::parse::{closure}@81", 1, 10)
        ])
    );
}
