//! Blocks by type name and by variable name: how names are ranked, what
//! counts as unnamed, what happens to names past the name table's budget
//! (`Options::max_names`), how two files of a `Comparison` share one
//! table, and how a kept block (`ShownRecord`) serializes.

use std::io::Cursor;

use memscope_analysis::{Analysis, Comparison, Grouping, Naming, Options, SHOWN_BYTES, Tally};
use memscope_export::BinaryReader;
use memscope_test_support::{detailed, file_bytes, placed, record, stacks_of};
use memscope_tracker::AllocationInfo;
use serde_json::json;

/// `records`, without stacks or threads, read with `options`.
fn analysis(records: &[AllocationInfo], options: Options) -> Analysis {
    let bytes = file_bytes(detailed(), &placed(records, &[], &[]), None, None);
    Analysis::read(Cursor::new(bytes), options).expect("the fixture reads")
}

/// The rows of a grouping as (label, count, bytes).
fn rows(analysis: &Analysis, by: Grouping, top: usize) -> Vec<(String, u64, u64)> {
    analysis
        .group(by, top, Naming::default())
        .rows
        .into_iter()
        .map(|g| (g.label, g.count, g.bytes))
        .collect()
}

fn owned(rows: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    rows.iter()
        .map(|&(label, count, bytes)| (label.to_owned(), count, bytes))
        .collect()
}

#[test]
fn types_are_ranked_by_bytes_then_count_then_name() {
    let analysis = analysis(
        &[
            record(1, 100, 1, None, Some("Small")),
            record(2, 100, 2, None, Some("Small")),
            record(3, 1000, 3, None, Some("Big")),
            record(4, 200, 4, None, Some("Tie-b")),
            record(5, 200, 5, None, Some("Tie-a")),
            record(6, 50, 6, None, None),
        ],
        Options::default(),
    );
    assert_eq!(
        rows(&analysis, Grouping::Type, 10),
        owned(&[
            ("Big", 1, 1000),
            ("Small", 2, 200),
            ("Tie-a", 1, 200),
            ("Tie-b", 1, 200),
        ])
    );
    let by_type = analysis.group(Grouping::Type, 10, Naming::default());
    assert_eq!(by_type.distinct, 4);
    assert_eq!(by_type.without, Tally::new(1, 50));
    assert_eq!(analysis.by_type().distinct(), 4);
    assert_eq!(analysis.untyped(), Tally::new(1, 50));
    assert_eq!(analysis.total(), Tally::new(6, 1650));
}

#[test]
fn unnamed_counts_records_without_a_var_name_but_not_empty_names() {
    let analysis = analysis(
        &[
            record(1, 10, 1, None, Some("T")),
            record(2, 20, 2, None, None),
            record(3, 40, 3, Some(""), None),
            record(4, 80, 4, Some("buf"), None),
        ],
        Options::default(),
    );
    assert_eq!(analysis.unnamed(), Tally::new(2, 30));
    assert_eq!(analysis.by_var().distinct(), 2);
    assert_eq!(
        rows(&analysis, Grouping::Var, 10),
        owned(&[("buf", 1, 80), ("", 1, 40)])
    );
    assert_eq!(
        analysis.group(Grouping::Var, 10, Naming::default()).without,
        Tally::new(2, 30)
    );
}

#[test]
fn names_past_the_table_are_counted_as_other_and_the_totals_stay_whole() {
    // 1,000 distinct names of 10 KiB each, a table of 10 names.
    let records: Vec<AllocationInfo> = (0..1000)
        .map(|i| {
            let name = format!("{i:04}{}", "n".repeat(10 << 10));
            record(0x1000 + i * 16, i + 1, i as u64, Some(&name), Some(&name))
        })
        .collect();
    let options = Options {
        max_names: 10,
        largest: 5,
    };
    let analysis = analysis(&records, options);
    let names = analysis.names();
    assert_eq!((names.types.len(), names.vars.len()), (10, 10));
    assert_eq!((names.types.max(), names.vars.max()), (10, 10));

    let by_type = analysis.group(Grouping::Type, 100, Naming::default());
    assert_eq!(by_type.distinct, 10);
    let named: u64 = by_type.rows.iter().map(|g| g.bytes).sum();
    // The first ten names seen: sizes 1 to 10.
    assert_eq!(named, (1..=10).sum::<u64>());
    let total = (1..=1000).sum::<u64>();
    assert_eq!(by_type.other_names, Tally::new(990, total - named));
    assert_eq!(by_type.other_names, analysis.by_type().other);
    assert_eq!(analysis.by_var().other, analysis.by_type().other);
    assert_eq!(analysis.total(), Tally::new(1000, total));
    // Every row's name is kept as its first 256 bytes, with its length.
    assert_eq!(by_type.rows[0].label, format!("0009{}", "n".repeat(252)));
    assert_eq!(by_type.rows[0].name_bytes, 4 + (10 << 10));
    assert!(by_type.rows[0].is_cut());

    let largest = analysis.largest();
    let sizes: Vec<u64> = largest.iter().map(|r| r.size).collect();
    assert_eq!(sizes, [1000, 999, 998, 997, 996]);
    let var = largest[0].var_name.as_ref().expect("the record's var_name");
    assert_eq!(var.name, format!("0999{}", "n".repeat(SHOWN_BYTES - 4)));
    assert_eq!(var.name_bytes, 4 + (10 << 10));
    assert!(var.is_cut());
}

#[test]
fn two_files_numbered_by_one_table_are_exact_for_every_name_it_holds() {
    let file = |names: &[&str]| {
        let records: Vec<AllocationInfo> = names
            .iter()
            .enumerate()
            .map(|(i, name)| record(0x1000 + i * 16, 10, i as u64, None, Some(name)))
            .collect();
        file_bytes(detailed(), &placed(&records, &[], &[]), None, None)
    };
    let (old, new) = (
        file(&["a", "b", "c", "d", "a"]),
        file(&["d", "e", "a", "a"]),
    );
    let options = Options {
        max_names: 3,
        ..Options::default()
    };
    let comparison = Comparison::of_readers(
        BinaryReader::from_bytes(&old).unwrap(),
        BinaryReader::from_bytes(&new).unwrap(),
        options,
    )
    .expect("both fixtures read");
    // a, b, c hold the table; d and e are other in both files.
    let table = &comparison.new_file().names().types;
    let held: Vec<&str> = (0..table.len())
        .map(|n| table.name(n).name.as_str())
        .collect();
    assert_eq!(held, ["a", "b", "c"]);
    let counts = |analysis: &Analysis| -> Vec<u64> {
        (0..table.len())
            .map(|n| analysis.by_type().get(n).count)
            .collect()
    };
    assert_eq!(counts(comparison.old_file()), [2, 1, 1]);
    assert_eq!(counts(comparison.new_file()), [2, 0, 0]);
    assert_eq!(
        (
            comparison.old_file().by_type().other,
            comparison.new_file().by_type().other
        ),
        (Tally::new(1, 10), Tally::new(2, 20))
    );

    let diff = comparison.diff(10, 5, Naming::default());
    let changed: Vec<(&str, i128, i128)> = diff
        .by_type
        .iter()
        .map(|c| (c.label.as_str(), c.tally.count_delta, c.tally.bytes_delta))
        .collect();
    assert_eq!(changed, [("b", -1, -10), ("c", -1, -10)], "a held still");
    assert_eq!((diff.other_types.tally.count_delta, diff.max_names), (1, 3));
}

#[test]
fn a_shown_record_serializes_like_the_document_plus_the_lengths() {
    let records = [
        record(16, 8, 3, Some(&"v".repeat(300)), None),
        record(32, 4, 5, Some("buf"), Some("Vec<u8>")),
    ];
    let stacks = stacks_of(&[&[(Some("app::main"), Some("/home/u/app/src/main.rs"), 3, false)]]);
    let bytes = file_bytes(
        detailed(),
        &placed(&records, &[0, 1], &[]),
        Some(&stacks),
        None,
    );
    let analysis = Analysis::read(Cursor::new(bytes), Options::default()).unwrap();
    let json = serde_json::to_value(analysis.largest()).unwrap();
    assert_eq!(
        json,
        json!([
            {
                "ptr": 16,
                "size": 8,
                "timestamp_alloc": 3,
                "var_name": "v".repeat(SHOWN_BYTES),
                "type_name": null,
                "var_name_bytes": 300,
                "type_name_bytes": null,
                "stack": null,
            },
            {
                "ptr": 32,
                "size": 4,
                "timestamp_alloc": 5,
                "var_name": "buf",
                "type_name": "Vec<u8>",
                "var_name_bytes": 3,
                "type_name_bytes": 7,
                "stack": 1,
            },
        ])
    );
}
