//! What was live at the peak, what churned: the example `peak_and_churn`
//! (`memscope-binary-cli/examples/peak_and_churn.rs`) builds a 200 MB
//! index, drops it, allocates and frees a million 32-byte buffers, and
//! exports at the end, when little is left. The file's call-site totals
//! must still name the builder at the peak and the churn over the run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{example, run, s};

/// The example's file, written once for every test here.
fn file() -> &'static Path {
    static FILE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = FILE.get_or_init(|| {
        let example = example("peak_and_churn");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("peak_and_churn.memscope");
        let status = Command::new(example).arg(&path).status().unwrap();
        assert!(status.success());
        (dir, path)
    });
    path
}

/// `summary FILE --by function --json` with `options`: the rows' labels,
/// counts and bytes.
fn by_function(options: &[&str]) -> Vec<(String, u64, u64)> {
    let path = s(file());
    let mut args = vec!["summary", &path, "--by", "function", "--json"];
    args.extend_from_slice(options);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["label"].as_str().unwrap().to_owned(),
                row["count"].as_u64().unwrap(),
                row["bytes"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn find<'a>(rows: &'a [(String, u64, u64)], label: &str) -> Option<&'a (String, u64, u64)> {
    rows.iter().find(|(l, _, _)| l == label)
}

#[test]
fn at_the_peak_the_builder_holds_its_exact_bytes_and_now_it_holds_none() {
    let peak = by_function(&["--at", "peak"]);
    // 200 chunks of 1 MB and the outer Vec's 200 pointers-and-lengths.
    assert_eq!(
        peak[0],
        (
            "peak_and_churn::build_index".to_owned(),
            201,
            200_000_000 + 200 * 24
        ),
        "{peak:?}"
    );
    let now = by_function(&["--at", "now"]);
    assert!(
        find(&now, "peak_and_churn::build_index").is_none(),
        "{now:?}"
    );
    assert_eq!(by_function(&[]), now, "now is the default");
}

#[test]
fn the_churn_site_has_a_million_temporary_blocks_and_a_million_in_total() {
    let temporary = by_function(&["--temporary"]);
    assert_eq!(
        temporary[0],
        ("peak_and_churn::churn".to_owned(), 1_000_000, 32_000_000),
        "{temporary:?}"
    );
    let total = by_function(&["--total"]);
    let churn = find(&total, "peak_and_churn::churn").unwrap();
    assert_eq!((churn.1, churn.2), (1_000_000, 32_000_000));
    assert_eq!(
        total[0].0, "peak_and_churn::build_index",
        "most bytes allocated"
    );
    let now = by_function(&[]);
    assert!(find(&now, "peak_and_churn::churn").is_none(), "{now:?}");
}

#[test]
fn a_snapshot_far_below_the_peak_says_so_and_points_at_it() {
    let out = run(["summary", s(file())]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first = out.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("note: this snapshot holds 0.004"),
        "{first}"
    );
    assert!(
        first.contains("of the run's peak (190.74 MiB at "),
        "{first}"
    );
    assert!(
        first.ends_with("`--at peak` shows what was live then"),
        "{first}"
    );
    let peak = run(["summary", s(file()), "--at", "peak"]);
    assert!(
        peak.stdout
            .starts_with("blocks live at the run's peak (190.74 MiB at "),
        "{}",
        peak.stdout
    );
}

#[test]
fn views_of_records_only_refuse_the_call_site_totals() {
    for by in ["thread", "type", "var"] {
        let out = run(["summary", s(file()), "--at", "peak", "--by", by]);
        assert_eq!(out.code, 2, "--by {by}: {}", out.stderr);
        assert!(
            out.stderr.contains("cannot be combined with --at peak"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn a_diff_at_the_peak_compares_the_peaks() {
    let out = run(["diff", s(file()), s(file()), "--at", "peak", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["measure"], "peak");
    let check = run([
        "check",
        s(file()),
        "--at",
        "peak",
        "--site",
        "build_index",
        "--max-bytes",
        "100MiB",
    ]);
    assert_eq!(
        check.code, 3,
        "the builder's 190 MiB at the peak break a 100 MiB limit: {}",
        check.stdout
    );
    let now = run([
        "check",
        s(file()),
        "--site",
        "build_index",
        "--max-bytes",
        "100MiB",
    ]);
    assert_eq!(now.code, 0, "now it holds nothing: {}", now.stdout);
}
