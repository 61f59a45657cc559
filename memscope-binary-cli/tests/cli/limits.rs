//! Limits for CI: `check FILE --max-live SIZE ...` and `diff OLD NEW
//! --fail-if-grown PERCENT|SIZE` exit 0 when every limit holds, 3 when
//! one is broken (1 stays an error, 2 a usage error), in each format:
//! text naming every breach, JSON (`--format json` is `--json`), and
//! Markdown for a pull-request comment.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{detailed, record, run, s, stacked, write};

/// Exit status of a command that found a limit broken.
const BROKEN: i32 = 3;

/// `stacked`'s program after a change that keeps 1000 more bytes at
/// `app::load`: the six records of 1676 bytes with one of 1300 at
/// `app::load` grown to 2300. Total 2676 bytes: +59.7%.
fn grown(dir: &Path) -> PathBuf {
    let mut records = memscope_test_support::six_allocations();
    records[3].size += 1000;
    let stacks = memscope_test_support::three_stacks();
    crate::common::write_with_stacks(
        dir,
        "grown.memscope",
        detailed(),
        &records,
        &stacks,
        &[1, 1, 2, 2, 3, 0],
    )
}

/// The words of `line`.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// The words of the first line starting with `prefix` after the line
/// starting with `FAILED` (the growth limit's table, after the diff's).
fn failed_row<'a>(stdout: &'a str, prefix: &str) -> Vec<&'a str> {
    let from = stdout.find("\nFAILED").expect("a FAILED line");
    let line = stdout[from..]
        .lines()
        .find(|line| line.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} after FAILED in\n{stdout}"));
    words(line)
}

#[test]
fn check_exits_0_when_every_limit_holds_even_at_its_value() {
    let dir = tempfile::tempdir().unwrap();
    // 6 blocks of 1676 bytes; the stats say the peak was 1776.
    let path = stacked(dir.path(), "a.memscope");

    let out = run([
        "check",
        s(&path),
        "--max-live",
        "1676",
        "--max-peak",
        "1776B",
        "--max-blocks",
        "6",
        "--site",
        "app::load",
        "--max-bytes",
        "1300",
    ]);
    out.assert_ok();
    assert_eq!(
        out.line(s(&path)),
        format!("{}: all 4 limits hold", s(&path))
    );
    assert_eq!(
        words(out.line("  live bytes")),
        [
            "live", "bytes", "1676", "(1.64", "KiB)", "1676", "(1.64", "KiB)", "-", "holds"
        ]
    );
    assert!(!out.stdout.contains("BROKEN"), "{}", out.stdout);
}

#[test]
fn check_exits_3_and_names_each_breach_with_the_limit_what_it_found_and_how_much_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let out = run([
        "check",
        s(&path),
        "--max-live",
        "1KiB",
        "--max-peak",
        "2KiB",
        "--max-blocks",
        "5",
        "--site",
        "app::",
        "--max-bytes",
        "1000",
        "--site",
        "index",
        "--max-bytes",
        "0B",
    ]);
    assert_eq!((out.code, out.stderr.as_str()), (BROKEN, ""), "{out:#?}");
    assert_eq!(
        out.line(s(&path)),
        format!("{}: 4 of 5 limits broken", s(&path))
    );
    assert_eq!(
        words(out.line("  live bytes")),
        [
            "live", "bytes", "1024", "(1.00", "KiB)", "1676", "(1.64", "KiB)", "652", "BROKEN"
        ]
    );
    assert_eq!(
        words(out.line("  peak bytes")),
        [
            "peak", "bytes", "2048", "(2.00", "KiB)", "1776", "(1.73", "KiB)", "-", "holds"
        ]
    );
    assert_eq!(
        words(out.line("  live blocks")),
        ["live", "blocks", "5", "6", "1", "BROKEN"]
    );
    // `app::` is in every call site's label: 1664 bytes together.
    assert_eq!(
        words(out.line("  bytes at call sites matching \"app::\"")),
        [
            "bytes",
            "at",
            "call",
            "sites",
            "matching",
            "\"app::\"",
            "1000",
            "1664",
            "(1.62",
            "KiB)",
            "664",
            "BROKEN"
        ]
    );
    assert_eq!(
        out.line("call sites matching \"app::\""),
        "call sites matching \"app::\" (top 3 of 3)"
    );
    assert_eq!(
        words(out.line("  bytes at call sites matching \"index\"")).last(),
        Some(&"BROKEN")
    );
    // A limit broken: the call sites holding the most follow.
    assert_eq!(
        words(out.line("  app::load")),
        ["app::load", "2", "1300", "77.6%"]
    );
}

#[test]
fn check_says_when_a_site_pattern_matches_nothing_and_lets_it_hold() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let out = run(["check", s(&path), "--site", "cache", "--max-bytes", "0"]);
    out.assert_ok();
    assert_eq!(
        out.line("no call site"),
        "no call site's label contains \"cache\" (the labels are those of `summary --by function`)"
    );
    let markdown = run([
        "check",
        s(&path),
        "--site",
        "cache",
        "--max-bytes",
        "0",
        "--format",
        "markdown",
    ]);
    markdown.assert_ok();
    assert_eq!(
        markdown.line("No call site"),
        "No call site's label contains `cache` (the labels are those of `summary --by function`)."
    );
}

#[test]
fn check_json_is_the_library_s_result_and_the_same_as_format_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let args = ["check", s(&path), "--max-blocks", "5"];

    let json_flag = run(args.iter().copied().chain(["--json"]));
    let format_json = run(args.iter().copied().chain(["--format", "json"]));
    assert_eq!(json_flag.code, BROKEN, "{json_flag:#?}");
    assert_eq!(format_json.code, BROKEN);
    assert_eq!(json_flag.stdout, format_json.stdout);
    let check: Value = serde_json::from_str(&json_flag.stdout).unwrap();
    assert_eq!(
        check,
        json!({
            "holds": false, "broken_count": 1,
            "limits": [{"measure": "live_blocks", "max": 5, "actual": 6, "over_by": 1, "holds": false}],
            "records": 6, "bytes": 1676, "peak_bytes": 1776, "counted": "now"
        })
    );

    let held = run(["check", s(&path), "--max-blocks", "6", "--format", "json"]);
    held.assert_ok();
    let check: Value = serde_json::from_str(&held.stdout).unwrap();
    assert_eq!(check["holds"], true);
}

#[test]
fn check_markdown_is_a_verdict_a_table_of_limits_and_the_top_call_sites() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let args = [
        "check",
        s(&path),
        "--max-live",
        "1KiB",
        "--site",
        "load",
        "--max-bytes",
        "2KiB",
        "--format",
        "markdown",
        "--top",
        "2",
    ];

    let out = run(args);
    assert_eq!((out.code, out.stderr.as_str()), (BROKEN, ""), "{out:#?}");
    let expected = format!(
        "### ❌ memscope check: 1 of 2 limits broken

`{}`: 6 live blocks holding 1.64 KiB; peak 1.73 KiB.

| limit | max | actual | over by |  |
| :-- | --: | --: | --: | :-- |
| live bytes | 1 KiB | 1.64 KiB | 652 B | ❌ **broken** |
| bytes at call sites matching `load` (1 call site) | 2 KiB | 1.27 KiB |  | ✅ holds |

Call sites holding the most live bytes (top 2 of 3):

| call site | blocks | bytes | share |
| :-- | --: | --: | --: |
| `app::load` | 2 | 1.27 KiB | 77.6% |
| `app::index::add` | 2 | 300 B | 17.9% |

",
        s(&path)
    );
    assert_eq!(out.stdout, expected);

    let held = run([
        "check",
        s(&path),
        "--max-live",
        "1MiB",
        "--format",
        "markdown",
    ]);
    held.assert_ok();
    assert!(
        held.stdout
            .starts_with("### ✅ memscope check: the limit holds\n"),
        "{}",
        held.stdout
    );
    assert!(!held.stdout.contains("Call sites"), "only when broken");
}

#[test]
fn check_fails_with_one_error_line_when_the_file_cannot_answer() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.memscope");
    run(["check", s(&missing), "--max-live", "0"])
        .assert_one_error_line(&["missing.memscope", "No such file or directory"]);

    // A call-site limit needs call sites: an error, not a pass.
    let flat = write(
        dir.path(),
        "flat.memscope",
        detailed(),
        &[record(0x1000, 64, 1, None, None)],
    );
    let out = run(["check", s(&flat), "--site", "cache", "--max-bytes", "0"]);
    out.assert_one_error_line(&["flat.memscope", "no call stacks", "--site needs them"]);
    assert_eq!(out.stdout, "");
}

#[test]
fn check_refuses_a_usage_it_cannot_judge_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let p = s(&path);
    let refused: [(&[&str], &str); 6] = [
        (&["check", p], "no limit given"),
        (
            &["check", p, "--site", "a", "--site", "b", "--max-bytes", "1"],
            "2 --site but 1 --max-bytes",
        ),
        (&["check", p, "--site", "a"], "--max-bytes <SIZE>"),
        (
            &["check", p, "--max-live", "64KB"],
            "KB is ambiguous (1000 or 1024 bytes?): write 64KiB for 65536 bytes, or 64000",
        ),
        (
            &["check", p, "--max-peak", "1.5MiB"],
            "not a whole number of bytes",
        ),
        (
            &["check", p, "--max-live", "2 parsecs"],
            "unknown unit \"parsecs\"",
        ),
    ];
    for (args, needle) in refused {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:#?}");
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "");
    }
}

#[test]
fn diff_fail_if_grown_exits_0_within_the_limit_and_3_past_it_naming_what_grew() {
    let dir = tempfile::tempdir().unwrap();
    let old = stacked(dir.path(), "old.memscope");
    let new = grown(dir.path());

    // +1000 bytes of 1676: 59.66%.
    let within = run(["diff", s(&old), s(&new), "--fail-if-grown", "60%"]);
    within.assert_ok();
    assert_eq!(
        within.line("growth limit"),
        "growth limit: 60% of OLD's 1676 live bytes, 1005 bytes, for all live blocks and for each of the 1 changed call site"
    );
    assert_eq!(within.line("ok:"), "ok: nothing grew by more");

    let past = run(["diff", s(&old), s(&new), "--fail-if-grown", "999"]);
    assert_eq!((past.code, past.stderr.as_str()), (BROKEN, ""), "{past:#?}");
    assert_eq!(
        past.line("FAILED"),
        "FAILED: all live blocks and 1 call site grew by more"
    );
    assert_eq!(
        failed_row(&past.stdout, "  all live blocks"),
        ["all", "live", "blocks", "1676", "2676", "+1000", "999", "1"]
    );
    assert_eq!(
        failed_row(&past.stdout, "  app::load "),
        ["app::load", "1300", "2300", "+1000", "999", "1"]
    );
    // The difference comes first, as without the limit.
    assert!(past.stdout.starts_with("old  "), "{}", past.stdout);
}

#[test]
fn diff_fail_if_grown_catches_a_call_site_that_grew_while_the_whole_did_not() {
    let dir = tempfile::tempdir().unwrap();
    let old = stacked(dir.path(), "old.memscope");
    // The same 1676 bytes; app::index::add took the 64 of app::main.
    let new = crate::common::later(dir.path());

    let out = run(["diff", s(&old), s(&new), "--fail-if-grown", "0B"]);
    assert_eq!(out.code, BROKEN, "{out:#?}");
    assert_eq!(out.line("FAILED"), "FAILED: 1 call site grew by more");
    assert_eq!(
        failed_row(&out.stdout, "  app::index::add "),
        ["app::index::add", "300", "364", "+64", "0", "64"]
    );
}

#[test]
fn diff_fail_if_grown_json_adds_the_growth_check_and_format_json_is_json() {
    let dir = tempfile::tempdir().unwrap();
    let old = stacked(dir.path(), "old.memscope");
    let new = grown(dir.path());
    let args = ["diff", s(&old), s(&new), "--fail-if-grown", "10%"];

    let json_flag = run(args.iter().copied().chain(["--json"]));
    let format_json = run(args.iter().copied().chain(["--format", "json"]));
    assert_eq!((json_flag.code, format_json.code), (BROKEN, BROKEN));
    assert_eq!(json_flag.stdout, format_json.stdout);
    let diff: Value = serde_json::from_str(&json_flag.stdout).unwrap();
    assert_eq!(diff["totals"][0]["bytes_delta"], 1000, "the diff is whole");
    assert_eq!(
        diff["growth"],
        json!({
            "threshold": {"percent": 10},
            "holds": false,
            "total": {
                "label": "all live blocks", "old_bytes": 1676, "new_bytes": 2676,
                "growth": 1000, "allowed": 167, "over_by": 833, "holds": false
            },
            "sites_over": [{
                "label": "app::load", "old_bytes": 1300, "new_bytes": 2300,
                "growth": 1000, "allowed": 167, "over_by": 833, "holds": false
            }],
            "sites_checked": 1
        })
    );

    // Without --fail-if-grown, the JSON is the difference alone, as before.
    let plain = run(["diff", s(&old), s(&new), "--json"]);
    plain.assert_ok();
    let plain: Value = serde_json::from_str(&plain.stdout).unwrap();
    assert_eq!(plain.get("growth"), None);
    let formatted = run(["diff", s(&old), s(&new), "--format", "json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&formatted.stdout).unwrap(),
        plain
    );
}

#[test]
fn diff_fail_if_grown_markdown_is_a_verdict_what_grew_too_much_and_the_top_call_sites() {
    let dir = tempfile::tempdir().unwrap();
    let old = stacked(dir.path(), "old.memscope");
    let new = grown(dir.path());

    let out = run([
        "diff",
        s(&old),
        s(&new),
        "--fail-if-grown",
        "10%",
        "--format",
        "markdown",
    ]);
    assert_eq!((out.code, out.stderr.as_str()), (BROKEN, ""), "{out:#?}");
    let expected = format!(
        "### ❌ memscope diff: all live blocks and 1 call site grew by more than 10%

`{}` → `{}`: live bytes 1.64 KiB → 2.61 KiB (+1000 B, +59.7%), live blocks 6 → 6 (0).

Growth allowed: 167 B (10% of OLD's live bytes), for all live blocks and for each of the 1 changed call site.

What grew by more:

| what | old | new | growth | over by |
| :-- | --: | --: | --: | --: |
| all live blocks | 1.64 KiB | 2.61 KiB | +1000 B | 833 B |
| `app::load` | 1.27 KiB | 2.25 KiB | +1000 B | 833 B |

The call sites that changed most (top 1 of 1, largest growth first):

| call site | old bytes | new bytes | change | blocks |
| :-- | --: | --: | --: | --: |
| `app::load` | 1.27 KiB | 2.25 KiB | +1000 B | 0 |

",
        s(&old),
        s(&new)
    );
    assert_eq!(out.stdout, expected);

    let held = run([
        "diff",
        s(&old),
        s(&new),
        "--fail-if-grown",
        "1KiB",
        "--format",
        "markdown",
    ]);
    held.assert_ok();
    assert!(
        held.stdout
            .starts_with("### ✅ memscope diff: nothing grew by more than 1 KiB\n"),
        "{}",
        held.stdout
    );
    assert!(
        !held.stdout.contains("What grew by more"),
        "{}",
        held.stdout
    );
    assert!(held.stdout.contains("| `app::load` |"), "{}", held.stdout);
}

#[test]
fn diff_markdown_without_a_limit_and_without_stacks_says_what_it_compared() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "old.memscope",
        detailed(),
        &[record(0x1000, 64, 1, Some("cache"), Some("Vec<u8>"))],
    );
    let new = write(
        dir.path(),
        "new.memscope",
        detailed(),
        &[
            record(0x1000, 64, 1, Some("cache"), Some("Vec<u8>")),
            record(0x2000, 64, 2, Some("cache"), Some("Vec<u8>")),
        ],
    );
    let out = run(["diff", s(&old), s(&new), "--format", "markdown"]);
    out.assert_ok();
    assert!(
        out.stdout.starts_with("### memscope diff\n"),
        "{}",
        out.stdout
    );
    // No call stacks: the type names that changed stand in.
    assert!(
        out.stdout
            .contains("| `Vec<u8>` | 64 B | 128 B | +64 B | +1 |"),
        "{}",
        out.stdout
    );

    // Only the whole is checked without call stacks, and said so.
    let checked = run(["diff", s(&old), s(&new), "--fail-if-grown", "64B"]);
    checked.assert_ok();
    assert!(
        checked
            .line("growth limit")
            .ends_with("for all live blocks (not by call site: the files have no call stacks)"),
        "{}",
        checked.stdout
    );
}

#[test]
fn diff_fail_if_grown_refuses_junk_with_status_2_and_errors_keep_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let old = stacked(dir.path(), "old.memscope");
    let o = s(&old);
    let refused: [(&[&str], &str); 4] = [
        (
            &["diff", o, o, "--fail-if-grown", "1.234%"],
            "not a percentage",
        ),
        (
            &["diff", o, o, "--fail-if-grown", "10MB"],
            "MB is ambiguous",
        ),
        (
            &["diff", o, o, "--fail-if-grown", "1%", "--at", "later"],
            "[possible values: now, peak]",
        ),
        (
            &["diff", o, o, "--json", "--format", "text"],
            "cannot be used with",
        ),
    ];
    for (args, needle) in refused {
        let out = run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:#?}");
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
    }
    // A bare number is a size in bytes; `--at now` is the default.
    run(["diff", o, o, "--fail-if-grown", "10"]).assert_ok();
    run(["diff", o, o, "--fail-if-grown", "0B", "--at", "now"]).assert_ok();

    // A file without call-site totals cannot be measured at its peak.
    run(["diff", o, o, "--fail-if-grown", "1%", "--at", "peak"])
        .assert_one_error_line(&["no call-site totals for --at peak"]);

    let missing = dir.path().join("missing.memscope");
    run(["diff", o, s(&missing), "--fail-if-grown", "0B"])
        .assert_one_error_line(&["missing.memscope", "No such file or directory"]);
}
