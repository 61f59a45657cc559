//! What every command does with the mistakes a user can make: one line on
//! standard error, a non-zero exit status, never a panic.

use std::io::Read;
use std::process::Stdio;

use crate::common::{detailed, many, run, s, write};

#[test]
fn every_command_reports_a_missing_file_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.memscope");
    let out_json = dir.path().join("out.json");
    let m = s(&missing);
    let out_pprof = dir.path().join("out.pb.gz");
    let out_parquet = dir.path().join("out.parquet");
    let out_symbolized = dir.path().join("out.memscope");
    let commands: [&[&str]; 14] = [
        &["inspect", m],
        &["inspect", m, "--records", "5"],
        &["validate", m],
        &["summary", m, "--json"],
        &["diff", m, m],
        &[
            "diff",
            m,
            m,
            "--fail-if-grown",
            "10%",
            "--format",
            "markdown",
        ],
        &["check", m, "--max-live", "0B"],
        &["to-json", m],
        &["to-json", m, "-o", s(&out_json)],
        &["to-pprof", m],
        &["to-pprof", m, "-o", s(&out_pprof)],
        &["to-parquet", m],
        &["to-parquet", m, "-o", s(&out_parquet)],
        &["symbolize", m, "-o", s(&out_symbolized)],
    ];
    for args in commands {
        let out = run(args);
        out.assert_one_error_line(&["missing.memscope", "No such file or directory"]);
        assert_eq!(out.stdout, "", "{args:?}");
    }
    assert!(!out_json.exists() && !out_pprof.exists() && !out_parquet.exists());
}

#[test]
fn a_directory_is_not_a_file() {
    let dir = tempfile::tempdir().unwrap();

    run(["validate", s(dir.path())]).assert_one_error_line(&[s(dir.path()), "Is a directory"]);
}

#[test]
fn a_usage_error_exits_with_status_2() {
    let out = run(["summary"]);
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.starts_with("error: "), "{out:#?}");
    assert_eq!(run(["frobnicate"]).code, 2);
}

#[test]
fn a_usage_error_quotes_what_was_typed_escaped() {
    for typed in ["\u{1b}[2J", "\u{9b}2J", "x\u{202e}1234", "\u{200b}"] {
        let out = run(["summary", "file", "--top", typed]);
        assert_eq!(out.code, 2, "{out:#?}");
        assert!(out.stderr.starts_with("error: "), "{out:#?}");
        let raw: Vec<char> = out
            .stderr
            .chars()
            .filter(|&c| c != '\n' && memscope_export::escape::needs_escape(c))
            .collect();
        assert!(raw.is_empty(), "{raw:?} in {}", out.stderr);
        // clap's plain rendering drops escape sequences itself; the rest
        // is escaped here.
        if !typed.contains('[') {
            assert!(out.stderr.contains("\\u{"), "{}", out.stderr);
        }
    }
}

/// Runs the command with its standard output closed as soon as it starts,
/// as `| head` does once it has read enough.
fn with_stdout_closed(args: &[&str]) -> (std::process::ExitStatus, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("memscope-binary"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap(), stderr)
}

#[test]
fn a_reader_that_stops_reading_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // Far more output than a pipe holds, so writing must fail.
    let path = write(dir.path(), "big.memscope", detailed(), &many(5000));
    for args in [
        &["to-json", s(&path)][..],
        &["inspect", s(&path), "--records", "5000"],
    ] {
        let (status, stderr) = with_stdout_closed(args);
        assert!(status.success(), "{args:?}: {status}, {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn symbolize_refuses_a_file_without_a_module_map_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "plain.memscope", detailed(), &many(3));
    let out_path = dir.path().join("out.memscope");
    let out = run(["symbolize", s(&file), "-o", s(&out_path)]);
    out.assert_one_error_line(&["cannot be symbolized", "no call stacks"]);
    assert!(!out_path.exists());
}
