//! `summary --by thread`: the live bytes of each allocating thread, from a
//! file's `tHRD` segment.

use memscope_export::{Thread, Threads};

use crate::common::{detailed, placed, record, run, s, stacked, write};

/// Four records: two of `loader` (id 2), one of an unnamed thread (id 5),
/// one whose thread is unknown.
fn threaded(dir: &std::path::Path) -> std::path::PathBuf {
    let records = [
        record(0x1000, 100, 1, None, None),
        record(0x2000, 300, 2, None, None),
        record(0x3000, 1000, 3, None, None),
        record(0x4000, 7, 4, None, None),
    ];
    let threads = Threads {
        threads: vec![
            Thread {
                id: 2,
                name: "loader\u{1b}[31m".into(),
            },
            Thread {
                id: 5,
                name: String::new(),
            },
        ],
    };
    let records = placed(&records, &[], &[1, 1, 2, 0]);
    memscope_test_support::write_file(
        dir,
        "threads.memscope",
        detailed(),
        &records,
        None,
        Some(&threads),
    )
}

#[test]
fn summary_by_thread_ranks_threads_by_live_bytes_with_their_names_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = threaded(dir.path());
    let out = run(["summary", s(&path), "--by", "thread"]);
    out.assert_ok();
    assert_eq!(
        out.line("by allocating thread"),
        "by allocating thread (top 2 of 2)"
    );
    assert_eq!(
        out.words("       5"),
        ["5", "(unnamed)", "1", "1000", "71.1%"]
    );
    // A name that needs escaping is shown escaped, in quotes.
    assert_eq!(
        out.words("       2"),
        ["2", "\"loader\\u{1b}[31m\"", "2", "400", "28.4%"]
    );
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert_eq!(
        out.line("  records whose"),
        "  records whose thread is unknown: 1 holding 7 bytes (0.5%)"
    );

    let json = run(["summary", s(&path), "--by", "thread", "--json"]);
    json.assert_ok();
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["by"], "thread");
    assert_eq!(value["distinct"], 2);
    assert_eq!(value["rows"][0]["thread_id"], 5);
    assert_eq!(
        (
            value["rows"][0]["label"].as_str(),
            value["rows"][0]["name_bytes"].as_u64()
        ),
        (Some("(unnamed)"), Some(0)),
        "a thread without a name"
    );
    assert_eq!(value["rows"][1]["label"], "loader\u{1b}[31m");
    assert_eq!(value["rows"][1]["bytes"], 400);
    assert_eq!(value["without"]["bytes"], 7);
}

#[test]
fn summary_by_thread_of_a_file_without_threads_says_how_to_get_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "v1.memscope",
        detailed(),
        &[record(0x1000, 8, 1, None, None)],
    );
    run(["summary", s(&path), "--by", "thread"])
        .assert_one_error_line(&["no threads", "with_call_stacks"]);
}

#[test]
fn summary_by_thread_of_a_file_with_stacks_but_no_threads_names_the_export_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "stacks-only.memscope");
    run(["summary", s(&path), "--by", "thread"])
        .assert_one_error_line(&["no threads", "BinaryExportConfig::threads(false)"]);
}
