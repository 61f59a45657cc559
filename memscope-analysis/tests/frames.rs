//! Frames as every view shows them, on stacks as a Rust program records
//! them: the allocator's frames dropped everywhere, the runtime above
//! `main` folded away, the call site the innermost frame of the program
//! (closures by parent and line), source paths short (relative to the
//! program's root, the library's crate, the dependency's directory)
//! unless asked whole; a stack without the program attributed to its
//! innermost named frame; a dependency of the program's family counted
//! as the program.

use std::io::Cursor;

use memscope_analysis::{Analysis, FrameClass, Grouping, Naming, Options, ShownFrame, Tally};
use memscope_export::{CallStacks, StackId};
use memscope_test_support::{FrameSpec, detailed, file_bytes, placed, record, stacks_of};
use memscope_tracker::AllocationInfo;

/// A source file of the standard library, as rustc records it.
macro_rules! rustc {
    ($path:literal) => {
        concat!(
            "/rustc/17067e9ac6d7e98f18d4b3b3e7ea9c8a1c5b9e31/library/",
            $path
        )
    };
}

/// A source file of a dependency from crates.io, as Cargo unpacks it.
macro_rules! registry {
    ($path:literal) => {
        concat!(
            "/home/u/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/",
            $path
        )
    };
}

/// `sizes.len()` records, every one under the first stack of `stacks`.
fn analysis(sizes: &[usize], stacks: &CallStacks) -> Analysis {
    let records: Vec<AllocationInfo> = sizes
        .iter()
        .enumerate()
        .map(|(i, &size)| record(0x1000 + i * 0x1000, size, i as u64, None, None))
        .collect();
    let places = vec![1; records.len()];
    let bytes = file_bytes(
        detailed(),
        &placed(&records, &places, &[]),
        Some(stacks),
        None,
    );
    Analysis::read(Cursor::new(bytes), Options::default()).expect("the fixture reads")
}

fn first() -> StackId {
    StackId::from_index(0)
}

/// Every label any view shows of the file's first stack.
fn every_label(analysis: &Analysis) -> Vec<String> {
    let naming = Naming::default();
    let mut labels: Vec<String> = analysis.top_stacks(10, 100, naming).stacks[0]
        .stack
        .frames
        .iter()
        .map(|f| f.label.clone())
        .collect();
    for by in [Grouping::Function, Grouping::File, Grouping::Crate] {
        let grouped = analysis.group(by, 100, naming);
        labels.extend(grouped.rows.into_iter().map(|g| g.label));
        labels.extend(grouped.inclusive.unwrap().into_iter().map(|g| g.label));
    }
    let tree = analysis.flame_tree(naming).unwrap();
    labels.extend(
        tree.paths()
            .flat_map(|(path, _)| path.split(';').map(str::to_owned)),
    );
    labels.extend(
        analysis
            .largest_blocks(naming)
            .into_iter()
            .filter_map(|b| b.call_site.map(|site| site.label)),
    );
    labels
}

/// A stack as a Rust program on Linux records it, innermost first.
fn rust_stack() -> Vec<FrameSpec<'static>> {
    vec![
        (
            Some("alloc::alloc::alloc"),
            Some(rustc!("alloc/src/alloc.rs")),
            95,
            true,
        ),
        (Some("__rust_alloc"), None, 0, false),
        (
            Some(
                "<memscope_tracker::allocator::TrackingAllocator as core::alloc::global::GlobalAlloc>::alloc",
            ),
            Some(registry!("memscope-tracker-0.1.0/src/allocator.rs")),
            60,
            false,
        ),
        (
            Some("alloc::raw_vec::RawVec<T>::grow_one"),
            Some(rustc!("alloc/src/raw_vec/mod.rs")),
            340,
            false,
        ),
        (
            Some("indexmap::map::core::IndexMapCore<K,V>::reserve_entries"),
            Some(registry!("indexmap-2.7.0/src/map/core.rs")),
            215,
            false,
        ),
        (
            Some("app::parse::{closure#0}<R>"),
            Some("/home/u/app/src/parse.rs"),
            81,
            true,
        ),
        (
            Some("app::parse"),
            Some("/home/u/app/src/parse.rs"),
            77,
            false,
        ),
        (
            Some("app::main"),
            Some("/home/u/app/src/main.rs"),
            12,
            false,
        ),
        (
            Some("std::rt::lang_start::{closure#0}"),
            Some(rustc!("std/src/rt.rs")),
            206,
            false,
        ),
        (
            Some("core::ops::function::FnOnce::call_once"),
            Some(rustc!("core/src/ops/function.rs")),
            250,
            false,
        ),
        (
            Some("std::rt::lang_start_internal"),
            Some(rustc!("std/src/rt.rs")),
            175,
            false,
        ),
        (
            Some("__libc_start_call_main"),
            Some("../sysdeps/nptl/libc_start_call_main.h"),
            58,
            false,
        ),
        (None, None, 0, false),
    ]
}

#[test]
fn a_rust_stack_is_attributed_to_the_program_s_closure_with_the_machinery_and_the_runtime_out_of_sight()
 {
    let stacks = stacks_of(&[&rust_stack()]);
    let analysis = analysis(&[64, 128, 4096], &stacks);
    let table = analysis.frames().unwrap();
    let naming = Naming::default();

    let classes: Vec<FrameClass> = table
        .frames(first(), naming)
        .iter()
        .map(|f| f.class)
        .collect();
    use FrameClass::*;
    assert_eq!(
        classes,
        [
            Allocator, Allocator, Allocator, Std, Dependency, Program, Program, Program, Runtime,
            Runtime, Runtime, Runtime, Runtime
        ]
    );

    // The call site: the program's closure, by its parent and line.
    let site = table.call_site(first(), naming).unwrap();
    assert_eq!(
        (site.position, site.label.as_str(), site.location()),
        (5, "app::parse::{closure}@81", "src/parse.rs:81".to_owned())
    );
    assert_eq!(site.name, "app::parse::{closure#0}<R>");
    let whole = Naming {
        full_names: true,
        ..Naming::default()
    };
    assert_eq!(
        table.call_site(first(), whole).unwrap().label,
        "app::parse::{closure#0}<R>"
    );

    let all = Tally::new(3, 4288);
    let by_function = analysis.group(Grouping::Function, 10, naming);
    assert_eq!(
        (
            by_function.rows[0].label.as_str(),
            by_function.rows[0].bytes
        ),
        ("app::parse::{closure}@81", all.bytes)
    );
    let by_crate = analysis.group(Grouping::Crate, 10, naming);
    let crates: Vec<(&str, u64)> = by_crate
        .rows
        .iter()
        .map(|g| (g.label.as_str(), g.bytes))
        .collect();
    assert_eq!(crates, [("app", 4288)]);
    let inclusive: Vec<(&str, u64)> = by_crate
        .inclusive
        .as_deref()
        .unwrap()
        .iter()
        .map(|g| (g.label.as_str(), g.bytes))
        .collect();
    assert_eq!(inclusive, [("app", 4288), ("indexmap", 4288)]);

    // From `main` down to the call site: nothing of the runtime above it
    // nor of the library and the allocator beneath it.
    let tree = analysis.flame_tree(naming).unwrap();
    let paths: Vec<(&str, Tally)> = tree.paths().collect();
    assert_eq!(
        paths,
        [("app::main;app::parse;app::parse::{closure}@81", all)]
    );

    // The stack as shown: neither the allocator's frames nor the runtime.
    let shown = &analysis.top_stacks(10, 100, naming).stacks[0].stack;
    let frames: Vec<(&str, Option<&str>)> = shown
        .frames
        .iter()
        .map(|f| (f.label.as_str(), f.file.as_deref()))
        .collect();
    assert_eq!(
        frames,
        [
            (
                "alloc::raw_vec::RawVec::grow_one",
                Some("alloc/src/raw_vec/mod.rs")
            ),
            (
                "indexmap::map::core::IndexMapCore::reserve_entries",
                Some("indexmap-2.7.0/src/map/core.rs")
            ),
            ("app::parse::{closure}@81", Some("src/parse.rs")),
            ("app::parse", Some("src/parse.rs")),
            ("app::main", Some("src/main.rs")),
        ]
    );
    assert_eq!((shown.depth, shown.left_out), (13, 8));

    let machinery = [
        "alloc::alloc::alloc",
        "__rust_alloc",
        "<memscope_tracker::allocator::TrackingAllocator as core::alloc::global::GlobalAlloc>::alloc",
    ];
    let labels = every_label(&analysis);
    for label in &labels {
        assert!(
            !machinery.contains(&label.as_str())
                && !label.contains("memscope_tracker")
                && !label.contains("allocator.rs"),
            "{label} in {labels:?}"
        );
    }
}

#[test]
fn source_paths_are_short_unless_asked_whole() {
    let stacks = stacks_of(&[&rust_stack()]);
    let analysis = analysis(&[64], &stacks);
    let table = analysis.frames().unwrap();
    assert_eq!(table.program_root(), Some("/home/u/app"));
    let files = |naming: Naming| -> Vec<Option<String>> {
        table
            .frames(first(), naming)
            .into_iter()
            .skip(3)
            .take(5)
            .map(|f: ShownFrame| f.file)
            .collect()
    };
    let short = |s: &str| Some(s.to_owned());
    assert_eq!(
        files(Naming::default()),
        [
            short("alloc/src/raw_vec/mod.rs"),
            short("indexmap-2.7.0/src/map/core.rs"),
            short("src/parse.rs"),
            short("src/parse.rs"),
            short("src/main.rs"),
        ]
    );
    let full = Naming {
        full_paths: true,
        ..Naming::default()
    };
    assert_eq!(
        files(full),
        [
            Some(rustc!("alloc/src/raw_vec/mod.rs").to_owned()),
            Some(registry!("indexmap-2.7.0/src/map/core.rs").to_owned()),
            short("/home/u/app/src/parse.rs"),
            short("/home/u/app/src/parse.rs"),
            short("/home/u/app/src/main.rs"),
        ]
    );
    let by_file = |naming| {
        analysis.group(Grouping::File, 10, naming).rows[0]
            .label
            .clone()
    };
    assert_eq!(by_file(Naming::default()), "src/parse.rs");
    assert_eq!(by_file(full), "/home/u/app/src/parse.rs");
    // Whole names keep whole paths apart: the two options are independent.
    let both = Naming {
        full_names: true,
        full_paths: false,
    };
    let site = table.call_site(first(), both).unwrap();
    assert_eq!(
        (site.label.as_str(), site.file.as_deref()),
        ("app::parse::{closure#0}<R>", Some("src/parse.rs"))
    );
}

#[test]
fn a_stack_without_the_program_is_attributed_to_its_innermost_library_frame_by_name() {
    // The runtime allocating before `main`: an address without a symbol
    // (a stripped library), the allocator, then only the standard library
    // and the C start-up.
    let stacks = stacks_of(&[&[
        (None, None, 0, false),
        (Some("__rust_alloc"), None, 0, false),
        (
            Some("alloc::sync::Arc<T>::new"),
            Some(rustc!("alloc/src/sync.rs")),
            400,
            true,
        ),
        (
            Some("std::thread::Thread::new"),
            Some(rustc!("std/src/thread/mod.rs")),
            1400,
            false,
        ),
        (
            Some("std::rt::init"),
            Some(rustc!("std/src/rt.rs")),
            110,
            false,
        ),
        (
            Some("std::rt::lang_start_internal"),
            Some(rustc!("std/src/rt.rs")),
            175,
            false,
        ),
        (Some("main"), None, 0, false),
        (
            Some("__libc_start_call_main"),
            Some("../sysdeps/nptl/libc_start_call_main.h"),
            58,
            false,
        ),
        (None, None, 0, false),
    ]]);
    let analysis = analysis(&[48, 16], &stacks);
    let table = analysis.frames().unwrap();
    let naming = Naming::default();

    let site = table.call_site(first(), naming).unwrap();
    assert_eq!(
        (site.position, site.label.as_str(), site.resolved),
        (2, "alloc::sync::Arc::new", true)
    );
    let rows = |by| -> Vec<(String, u64)> {
        analysis
            .group(by, 10, naming)
            .rows
            .into_iter()
            .map(|g| (g.label, g.bytes))
            .collect()
    };
    assert_eq!(
        rows(Grouping::Function),
        [("alloc::sync::Arc::new".to_owned(), 64)]
    );
    assert_eq!(rows(Grouping::File), [("alloc/src/sync.rs".to_owned(), 64)]);
    assert_eq!(rows(Grouping::Crate), [("alloc".to_owned(), 64)]);
    let tree = analysis.flame_tree(naming).unwrap();
    let paths: Vec<&str> = tree.paths().map(|(path, _)| path).collect();
    assert_eq!(paths, ["alloc::sync::Arc::new"]);
    let largest = analysis.largest_blocks(naming);
    let sites: Vec<Option<&str>> = largest
        .iter()
        .map(|b| b.call_site.as_ref().map(|s| s.label.as_str()))
        .collect();
    assert_eq!(sites, [Some("alloc::sync::Arc::new"); 2]);
    for label in every_label(&analysis) {
        assert!(!label.starts_with("0x"), "a bare address: {label}");
    }
}

#[test]
fn a_dependency_of_the_program_s_family_counts_as_the_program() {
    // The program `jaq`; `jaq_json` and `jaq_core` from the registry are of
    // its family, `serde_json` and `jaqx` are not.
    let frames: Vec<FrameSpec<'static>> = vec![
        (Some("__rust_alloc"), None, 0, false),
        (
            Some("alloc::raw_vec::RawVec<T>::grow_one"),
            Some(rustc!("alloc/src/raw_vec/mod.rs")),
            340,
            false,
        ),
        (
            Some("serde_json::de::Deserializer<R>::parse_str"),
            Some(registry!("serde_json-1.0.133/src/de.rs")),
            1500,
            false,
        ),
        (
            Some("jaqx::scan"),
            Some(registry!("jaqx-0.3.0/src/lib.rs")),
            8,
            false,
        ),
        (
            Some("jaq_json::read::parse_many<R>"),
            Some(registry!("jaq-json-1.1.0/src/read.rs")),
            40,
            false,
        ),
        (
            Some("jaq_core::filter::run"),
            Some(registry!("jaq-core-2.0.0/src/filter.rs")),
            132,
            false,
        ),
        (
            Some("jaq::main"),
            Some("/home/u/jaq/jaq/src/main.rs"),
            9,
            false,
        ),
        (
            Some("std::rt::lang_start_internal"),
            Some(rustc!("std/src/rt.rs")),
            175,
            false,
        ),
    ];
    let stacks = stacks_of(&[&frames]);
    let analysis = analysis(&[256], &stacks);
    let table = analysis.frames().unwrap();
    let naming = Naming::default();

    let classes: Vec<(String, FrameClass)> = table
        .frames(first(), naming)
        .into_iter()
        .map(|f| (f.label, f.class))
        .collect();
    let expected = [
        ("__rust_alloc", FrameClass::Allocator),
        ("alloc::raw_vec::RawVec::grow_one", FrameClass::Std),
        (
            "serde_json::de::Deserializer::parse_str",
            FrameClass::Dependency,
        ),
        ("jaqx::scan", FrameClass::Dependency),
        ("jaq_json::read::parse_many", FrameClass::Program),
        ("jaq_core::filter::run", FrameClass::Program),
        ("jaq::main", FrameClass::Program),
        ("std::rt::lang_start_internal", FrameClass::Runtime),
    ];
    let expected: Vec<(String, FrameClass)> =
        expected.iter().map(|&(l, c)| (l.to_owned(), c)).collect();
    assert_eq!(classes, expected);

    // The call site is the family's frame, and its crate owns the bytes.
    let site = table.call_site(first(), naming).unwrap();
    assert_eq!(
        (site.label.as_str(), site.location()),
        (
            "jaq_json::read::parse_many",
            "jaq-json-1.1.0/src/read.rs:40".to_owned()
        )
    );
    let crates: Vec<(String, u64)> = analysis
        .group(Grouping::Crate, 10, naming)
        .rows
        .into_iter()
        .map(|g| (g.label, g.bytes))
        .collect();
    assert_eq!(crates, [("jaq_json".to_owned(), 256)]);
    let tree = analysis.flame_tree(naming).unwrap();
    let paths: Vec<&str> = tree.paths().map(|(path, _)| path).collect();
    assert_eq!(
        paths,
        ["jaq::main;jaq_core::filter::run;jaq_json::read::parse_many"]
    );
}

#[test]
fn the_tracker_s_own_sources_beside_the_program_do_not_move_its_root() {
    // The tracker as a path dependency, next to the program's directory.
    let stacks = stacks_of(&[&[
        (
            Some(
                "<memscope_tracker::allocator::TrackingAllocator as core::alloc::global::GlobalAlloc>::alloc",
            ),
            Some("/home/u/memscope/memscope-tracker/src/allocator.rs"),
            116,
            false,
        ),
        (
            Some("app::parse"),
            Some("/home/u/app/src/parse.rs"),
            12,
            false,
        ),
        (Some("app::main"), Some("/home/u/app/src/main.rs"), 3, false),
    ]]);
    let analysis = analysis(&[64], &stacks);
    let table = analysis.frames().unwrap();
    assert_eq!(table.program_root(), Some("/home/u/app"));
    let site = table.call_site(first(), Naming::default()).unwrap();
    assert_eq!(
        (site.label.as_str(), site.location().as_str()),
        ("app::parse", "src/parse.rs:12")
    );
    let crates: Vec<String> = analysis
        .group(Grouping::Crate, 10, Naming::default())
        .rows
        .into_iter()
        .map(|g| g.label)
        .collect();
    assert_eq!(crates, ["app"]);
}

#[test]
fn a_method_of_the_program_s_trait_is_the_program_s_whatever_type_it_is_on() {
    // No files: a program built without line tables. The program's trait
    // implemented for a standard-library type and for a dependency's.
    let stacks = stacks_of(&[
        &[
            (Some("__rust_alloc"), None, 0, false),
            (Some("alloc::raw_vec::RawVec<T>::grow_one"), None, 0, false),
            (
                Some("<alloc::vec::Vec<u8> as app::parse::Parse>::parse"),
                None,
                0,
                false,
            ),
            (Some("app::main"), None, 0, false),
        ],
        &[
            (Some("__rust_alloc"), None, 0, false),
            (
                Some("<serde_json::value::Value as app::show::Show>::show"),
                None,
                0,
                false,
            ),
            (Some("app::main"), None, 0, false),
        ],
    ]);
    let analysis = analysis(&[64], &stacks);
    let table = analysis.frames().unwrap();
    let naming = Naming::default();
    for (index, label) in [
        (0, "<alloc::vec::Vec as app::parse::Parse>::parse"),
        (1, "<serde_json::value::Value as app::show::Show>::show"),
    ] {
        let site = table.call_site(StackId::from_index(index), naming).unwrap();
        assert_eq!(
            (site.label.as_str(), site.class),
            (label, FrameClass::Program)
        );
    }
}

#[test]
fn a_table_built_by_hand_with_a_frame_it_lacks_shows_the_frames_it_has() {
    let mut stacks =
        stacks_of(&[&[(Some("app::main"), Some("/home/u/app/src/main.rs"), 3, false)]]);
    let main = stacks.stacks[0].frames[0];
    // A frame id past the table's end, as only a hand-built table can hold.
    stacks.stacks[0]
        .frames
        .insert(0, memscope_export::FrameId::from_index(7));
    let table = memscope_analysis::frames::FrameTable::new(stacks);
    let naming = Naming::default();
    let labels: Vec<String> = table
        .frames(first(), naming)
        .into_iter()
        .map(|f| f.label)
        .collect();
    assert_eq!(labels, ["app::main"]);
    assert_eq!(table.class(main), FrameClass::Program);
    assert_eq!(table.call_site(first(), naming).unwrap().label, "app::main");
}

#[test]
fn a_function_has_one_label_inlined_or_not() {
    // Debug info names the inlined copy by its bare name; the symbol of
    // the copy that is not inlined has its whole path, the type included.
    let file = Some("/home/u/app/src/buf.rs");
    let main = (Some("app::main"), Some("/home/u/app/src/main.rs"), 3, false);
    let stacks = stacks_of(&[
        &[
            (Some("push<u8>"), file, 20, true),
            (Some("app::fill"), file, 40, false),
            main,
        ],
        &[(Some("app::buf::Buf::push<u16>"), file, 21, false), main],
    ]);
    let records = [
        record(0x1000, 8, 1, None, None),
        record(0x2000, 16, 2, None, None),
    ];
    let bytes = file_bytes(
        detailed(),
        &placed(&records, &[1, 2], &[]),
        Some(&stacks),
        None,
    );
    let analysis = Analysis::read(Cursor::new(bytes), Options::default()).unwrap();
    let rows: Vec<(String, u64)> = analysis
        .group(Grouping::Function, 10, Naming::default())
        .inclusive
        .unwrap()
        .into_iter()
        .map(|g| (g.label, g.count))
        .collect();
    assert!(
        rows.contains(&("app::buf::Buf::push".to_owned(), 2)),
        "{rows:?}"
    );
}

#[test]
fn without_line_tables_the_program_is_the_crate_of_its_main() {
    // Cargo's default release profile: symbols, no files.
    let stacks = stacks_of(&[&[
        (Some("__rust_alloc"), None, 0, false),
        (
            Some("alloc::raw_vec::RawVecInner::finish_grow"),
            None,
            0,
            false,
        ),
        (
            Some("indexmap::map::core::IndexMapCore<K,V>::reserve_entries"),
            None,
            0,
            false,
        ),
        (Some("app::parse::parse_object"), None, 0, false),
        (Some("app::main"), None, 0, false),
        (Some("std::rt::lang_start_internal"), None, 0, false),
        (Some("main"), None, 0, false),
    ]]);
    let analysis = analysis(&[64], &stacks);
    let table = analysis.frames().unwrap();
    let naming = Naming::default();
    assert_eq!(
        table.call_site(first(), naming).unwrap().label,
        "app::parse::parse_object"
    );
    let crates: Vec<String> = analysis
        .group(Grouping::Crate, 10, naming)
        .rows
        .into_iter()
        .map(|g| g.label)
        .collect();
    assert_eq!(crates, ["app"]);
}
