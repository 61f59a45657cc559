//! `diff OLD NEW [--top N] [--json]`

use serde_json::{Value, json};

use crate::common::{detailed, record, run, s, write};

/// Two exports of one program: `cache` grew from 2 to 5 blocks, `name`
/// shrank, `index` appeared, `scratch` stayed the same.
fn before_and_after(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let old = [
        record(0x1000, 100, 1, Some("cache"), Some("Vec<u8>")),
        record(0x2000, 100, 1, Some("cache"), Some("Vec<u8>")),
        record(0x3000, 400, 1, Some("name"), Some("String")),
        record(0x4000, 50, 1, Some("scratch"), Some("Box<[u8]>")),
    ];
    let new = [
        record(0x1000, 100, 1, Some("cache"), Some("Vec<u8>")),
        record(0x2000, 100, 1, Some("cache"), Some("Vec<u8>")),
        record(0x5000, 1000, 2, Some("cache"), Some("Vec<u8>")),
        record(0x6000, 1000, 2, Some("cache"), Some("Vec<u8>")),
        record(0x7000, 2800, 2, Some("cache"), Some("Vec<u8>")),
        record(0x3000, 40, 1, Some("name"), Some("String")),
        record(0x4000, 50, 1, Some("scratch"), Some("Box<[u8]>")),
        record(0x8000, 64, 2, Some("index"), Some("HashMap<u32, u32>")),
        record(0x9000, 8, 2, None, None),
    ];
    (
        write(dir, "old.memscope", detailed(), &old),
        write(dir, "new.memscope", detailed(), &new),
    )
}

#[test]
fn diff_shows_what_grew_most_first_by_type_and_by_variable() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = before_and_after(dir.path());

    let out = run(["diff", s(&old), s(&new)]);
    out.assert_ok();
    assert_eq!(
        out.words("  all records"),
        ["all", "records", "4", "9", "+5", "650", "5162", "+4512"]
    );
    assert_eq!(
        out.line("by type name"),
        "by type name, largest growth first (top 3 of 3 changed)"
    );
    let types = &out.stdout[out.stdout.find("by type name").unwrap()..];
    let rows: Vec<Vec<&str>> = types
        .lines()
        .skip(2)
        .take(3)
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["Vec<u8>", "2", "5", "+3", "200", "5000", "+4800"],
            vec!["HashMap<u32,", "u32>", "0", "1", "+1", "0", "64", "+64"],
            vec!["String", "1", "1", "0", "400", "40", "-360"],
        ]
    );
    assert_eq!(
        out.words("  cache"),
        ["cache", "2", "5", "+3", "200", "5000", "+4800"]
    );
    // Unchanged names are left out.
    assert!(!out.stdout.contains("scratch"), "{}", out.stdout);
}

#[test]
fn diff_top_keeps_the_largest_growths() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = before_and_after(dir.path());

    let out = run(["diff", s(&old), s(&new), "--top", "1"]);
    out.assert_ok();
    assert_eq!(
        out.line("by variable name"),
        "by variable name, largest growth first (top 1 of 3 changed)"
    );
    assert!(out.stdout.contains("  cache"), "{}", out.stdout);
    assert!(!out.stdout.contains("  index"), "{}", out.stdout);
}

#[test]
fn diff_json_gives_the_deltas_for_machines() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = before_and_after(dir.path());

    let out = run(["diff", s(&old), s(&new), "--json"]);
    out.assert_ok();
    let diff: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        diff["by_var"][0],
        json!({
            "label": "cache", "name_bytes": 5,
            "old_count": 2, "new_count": 5, "count_delta": 3,
            "old_bytes": 200, "new_bytes": 5000, "bytes_delta": 4800
        })
    );
    assert_eq!(diff["by_var"][2]["label"], "name");
    assert_eq!(diff["by_var"][2]["bytes_delta"], -360);
    assert_eq!(diff["vars_changed"], 3);
    assert_eq!(diff["totals"][1]["label"], "without var_name");
    assert_eq!(diff["totals"][1]["bytes_delta"], 8);
    assert_eq!(diff["max_names"], 10_000);
    assert_eq!(diff["other_var_names"]["new_count"], 0);
}

#[test]
fn diff_of_a_file_with_itself_shows_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let (old, _) = before_and_after(dir.path());

    let out = run(["diff", s(&old), s(&old)]);
    out.assert_ok();
    // By type name, by variable name, by size.
    assert_eq!(
        out.stdout.matches("  no change").count(),
        3,
        "{}",
        out.stdout
    );
    assert_eq!(
        out.line("largest blocks"),
        "largest blocks allocated since OLD was exported (top 0; a block reallocated since counts as new)"
    );
}

#[test]
fn diff_of_files_without_names_says_so_and_shows_growth_by_size_and_the_new_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let basic = |name: &str, exported: u64, records: &[memscope_tracker::AllocationInfo]| {
        write(
            dir.path(),
            name,
            memscope_export::BinaryExportConfig::new().timestamp(exported),
            records,
        )
    };
    let old = basic(
        "old.memscope",
        1_000,
        &[
            record(0x10, 32, 100, None, None),
            record(0x20, 100, 200, None, None),
        ],
    );
    // One block kept, one freed, three new ones (allocated after 1 000 ns).
    let new = basic(
        "new.memscope",
        5_000,
        &[
            record(0x10, 32, 100, None, None),
            record(0x30, 4096, 2_000, None, None),
            record(0x40, 4000, 3_000, None, None),
            record(0x50, 8, 4_000, None, None),
        ],
    );
    let out = run(["diff", s(&old), s(&new), "--top", "2"]);
    out.assert_ok();
    assert!(
        out.stdout.contains(
            "no record carries a name (type_name, var_name) and there are no call stacks"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("by type name"), "no empty name tables");
    assert_eq!(
        out.words("  all records"),
        ["all", "records", "2", "4", "+2", "132", "8136", "+8004"]
    );
    // Growth by size: 64 B to 128 B lost its block, 4 KiB gained two.
    assert_eq!(
        out.words("   64 B"),
        ["64", "B", "128", "B", "1", "0", "-1", "100", "0", "-100"]
    );
    assert_eq!(
        out.words("  2 KiB"),
        ["2", "KiB", "4", "KiB", "0", "1", "+1", "0", "4000", "+4000"]
    );
    assert_eq!(
        out.line("largest blocks"),
        "largest blocks allocated since OLD was exported (top 2; a block reallocated since counts as new)"
    );
    assert_eq!(out.words("  0x30")[..2], ["0x30", "4096"]);
    assert_eq!(out.words("  0x40")[..2], ["0x40", "4000"]);
    assert!(
        !out.stdout.contains("0x10 "),
        "the block from before is not new"
    );

    let swapped = run(["diff", s(&new), s(&old)]);
    swapped.assert_ok();
    assert!(
        swapped
            .stdout
            .contains("note: OLD was exported after NEW; are they in the right order?"),
        "{}",
        swapped.stdout
    );

    let json = run(["diff", s(&old), s(&new), "--json"]);
    json.assert_ok();
    let diff: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(diff["carries_names"], false);
    assert_eq!(diff["old_exported"], 1_000);
    assert_eq!(diff["largest_new"][0]["ptr"], 0x30);
    assert_eq!(diff["largest_new"][0]["timestamp_alloc"], 2_000);
    assert_eq!(diff["by_size"][0]["min"], 8);
    assert_eq!(diff["by_size"][0]["count_delta"], 1);
}

#[test]
fn diff_names_the_damaged_one_of_the_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = before_and_after(dir.path());
    let mut bytes = std::fs::read(&new).unwrap();
    bytes.truncate(bytes.len() - 1);
    std::fs::write(&new, bytes).unwrap();

    run(["diff", s(&old), s(&new)]).assert_one_error_line(&[&format!("{}: ", s(&new))]);
}
