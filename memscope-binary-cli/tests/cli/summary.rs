//! `summary FILE [--top N] [--json]`

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{detailed, record, run, s, write};

/// Seven records, 1676 bytes: three `Vec<u8>` (two named `a`, one `b`),
/// one big `String`, one unnamed `Box<[u8]>`, two with no names at all.
fn workload(dir: &Path) -> PathBuf {
    let records = [
        record(0x1000, 100, 1, Some("a"), Some("Vec<u8>")),
        record(0x2000, 200, 2, Some("a"), Some("Vec<u8>")),
        record(0x3000, 300, 3, Some("b"), Some("Vec<u8>")),
        record(0x4000, 1000, 4, Some("big"), Some("String")),
        record(0x5000, 64, 5, None, Some("Box<[u8]>")),
        record(0x6000, 5, 6, None, None),
        record(0x7000, 7, 7, None, None),
    ];
    write(dir, "workload.memscope", detailed(), &records)
}

#[test]
fn summary_ranks_type_names_by_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = workload(dir.path());

    let out = run(["summary", s(&path)]);
    out.assert_ok();
    assert_eq!(
        out.stdout.lines().next(),
        Some("7 records holding 1676 bytes (1.64 KiB)")
    );
    assert_eq!(out.line("by type name"), "by type name (top 3 of 3)");
    let table: Vec<Vec<&str>> = ["  String", "  Vec<u8>", "  Box<[u8]>"]
        .iter()
        .map(|row| out.words(row))
        .collect();
    assert_eq!(
        table,
        [
            ["String", "1", "1000", "59.7%"],
            ["Vec<u8>", "3", "600", "35.8%"],
            ["Box<[u8]>", "1", "64", "3.8%"],
        ]
    );
    let string_row = out.stdout.find("  String").unwrap();
    let vec_row = out.stdout.find("  Vec<u8>").unwrap();
    assert!(string_row < vec_row, "most bytes first:\n{}", out.stdout);
    assert_eq!(
        out.line("  records without a type name"),
        "  records without a type name: 2 holding 12 bytes (0.7%)"
    );
}

#[test]
fn summary_lists_the_largest_allocations_and_the_top_variables() {
    let dir = tempfile::tempdir().unwrap();
    let path = workload(dir.path());

    let out = run(["summary", s(&path), "--top", "2"]);
    out.assert_ok();
    assert_eq!(out.line("largest"), "largest allocations (top 2)");
    assert_eq!(
        out.words("  0x4000"),
        [
            "0x4000",
            "1000",
            "1970-01-01T00:00:00.000Z",
            "big",
            "String"
        ]
    );
    assert_eq!(
        out.words("  0x3000"),
        ["0x3000", "300", "1970-01-01T00:00:00.000Z", "b", "Vec<u8>"]
    );
    assert!(
        !out.stdout.contains("0x2000"),
        "only the top 2:\n{}",
        out.stdout
    );

    assert_eq!(out.line("variables"), "variables (top 2 of 3)");
    assert_eq!(out.words("  big"), ["big", "1", "1000", "59.7%"]);
    // `a` and `b` hold 300 bytes each; `a` in more records comes first.
    assert_eq!(out.words("  a "), ["a", "2", "300", "17.9%"]);
    assert_eq!(out.line("by type name"), "by type name (top 2 of 3)");
}

#[test]
fn summary_counts_unnamed_bytes_and_draws_a_size_histogram() {
    let dir = tempfile::tempdir().unwrap();
    let path = workload(dir.path());

    let out = run(["summary", s(&path)]);
    out.assert_ok();
    assert_eq!(
        out.line("unnamed"),
        "unnamed: 3 records without a var_name hold 76 bytes (76 B, 4.5%)"
    );
    let histogram = &out.stdout[out.stdout.find("size histogram").unwrap()..];
    let rows: Vec<Vec<&str>> = histogram
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().take(6).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["4", "B", "8", "B", "2", "12"],
            ["64", "B", "128", "B", "2", "164"],
            ["128", "B", "256", "B", "1", "200"],
            ["256", "B", "512", "B", "1", "300"],
            ["512", "B", "1", "KiB", "1", "1000"],
        ]
    );
}

#[test]
fn summary_json_holds_the_same_numbers_for_machines() {
    let dir = tempfile::tempdir().unwrap();
    let path = workload(dir.path());

    let out = run(["summary", s(&path), "--json", "--top", "1"]);
    out.assert_ok();
    let summary: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["records"], 7);
    assert_eq!(summary["bytes"], 1676);
    assert_eq!(
        summary["by_type"],
        json!([{"label": "String", "name": null, "name_bytes": 6, "count": 1, "bytes": 1000}])
    );
    assert_eq!(summary["type_names"], 3);
    assert_eq!(summary["untyped"], json!({"count": 2, "bytes": 12}));
    assert_eq!(
        summary["largest"],
        json!([{
            "ptr": 0x4000, "size": 1000, "timestamp_alloc": 4, "var_name": "big", "type_name": "String",
            "var_name_bytes": 3, "type_name_bytes": 6, "stack": null, "call_site": null
        }])
    );
    assert_eq!(
        summary["variables"],
        json!([{"label": "big", "name": null, "name_bytes": 3, "count": 1, "bytes": 1000}])
    );
    assert_eq!(summary["var_names"], 3);
    assert_eq!(summary["unnamed"], json!({"count": 3, "bytes": 76}));
    assert_eq!(summary["max_names"], 10_000);
    assert_eq!(summary["other_var_names"], json!({"count": 0, "bytes": 0}));
    assert_eq!(
        summary["histogram"][1],
        json!({"min": 64, "max": 127, "count": 2, "bytes": 164})
    );
}

#[test]
fn summary_of_a_file_without_names_or_stacks_says_so_instead_of_empty_name_tables() {
    let dir = tempfile::tempdir().unwrap();
    let records = [
        record(0x10, 32, 1, None, None),
        record(0x20, 96, 2, None, None),
    ];
    let path = write(
        dir.path(),
        "basic.memscope",
        memscope_export::BinaryExportConfig::new(),
        &records,
    );

    let out = run(["summary", s(&path), "--json"]);
    out.assert_ok();
    let summary: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["by_type"], json!([]));
    assert_eq!(summary["unnamed"], json!({"count": 2, "bytes": 128}));
    assert_eq!(summary["carries_names"], json!(false));

    let text = run(["summary", s(&path)]);
    text.assert_ok();
    assert!(
        text.stdout.contains(
            "no record carries a name (type_name, var_name) and there are no call stacks"
        ),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("TrackingAllocator::with_call_stacks()")
    );
    assert!(
        !text.stdout.contains("by type name"),
        "no empty name tables"
    );
    assert!(
        !text.stdout.contains("variables (top"),
        "no empty name tables"
    );
    // What it can show, it shows.
    assert_eq!(
        text.words("  0x20"),
        ["0x20", "96", "1970-01-01T00:00:00.000Z", "-", "-"]
    );
    assert!(text.stdout.contains("size histogram"));
}
