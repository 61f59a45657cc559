//! The corpus of hostile files (`memscope_test_support::hostile`), one for
//! each rule of FORMAT.md that issue 26 specified, through the command
//! with its address space limited: a file that breaks a rule is refused
//! by `validate` with exit 1 and one `error:` line; a file that a rule
//! says stays valid goes through every command that reads it.

#![cfg(unix)]

use memscope_test_support::hostile::{Outcome, corpus};

use crate::common::{run_limited, s};

/// The address-space limit (`ulimit -v`, in KiB) every run has: the
/// budget test's, 64 MiB.
const LIMIT_KIB: u32 = 64 << 10;

#[test]
fn every_file_of_the_corpus_is_refused_in_one_line_or_read_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for file in corpus() {
        let path = dir.path().join(file.name);
        std::fs::write(&path, &file.bytes).unwrap();
        let path = s(&path);
        let validate = run_limited(LIMIT_KIB, &["validate", path]);
        match file.outcome {
            Outcome::Refused(_) => {
                validate.assert_one_error_line(&[]);
            }
            Outcome::Reads { records } => {
                validate.assert_ok();
                let summary = run_limited(LIMIT_KIB, &["summary", path, "--json"]);
                summary.assert_ok();
                let json: serde_json::Value = serde_json::from_str(&summary.stdout).unwrap();
                assert_eq!(json["records"], records, "{}", file.name);
                for args in [
                    &["inspect", path][..],
                    &["diff", path, path],
                    &["report", path, "-o", s(&out)],
                    &["to-json", path, "-o", s(&out)],
                    &["to-pprof", path, "-o", s(&out)],
                    &["to-parquet", path, "-o", s(&out)],
                ] {
                    let run = run_limited(LIMIT_KIB, args);
                    assert_eq!(
                        (run.code, run.stderr.as_str()),
                        (0, ""),
                        "{}: {args:?}",
                        file.name
                    );
                }
            }
        }
    }
}

#[test]
fn a_sound_file_over_its_budget_is_refused_naming_it_and_reads_with_max_memory() {
    let dir = tempfile::tempdir().unwrap();
    let file = corpus()
        .into_iter()
        .find(|file| file.name == "budget-two-tables-together.memscope")
        .unwrap();
    let path = dir.path().join(file.name);
    std::fs::write(&path, &file.bytes).unwrap();
    let path = s(&path);
    let budget = memscope_export::memory_budget(file.bytes.len() as u64).to_string();
    run_limited(LIMIT_KIB, &["summary", path]).assert_one_error_line(&[
        "the stacks of segment sSTK",
        &format!("past its budget of {budget} bytes"),
        "--max-memory",
    ]);
    // 650,000 empty strings and stacks take about 40 MB: given 48 MiB, the
    // file reads, still within the address-space limit.
    for command in ["validate", "summary"] {
        run_limited(LIMIT_KIB, &[command, path, "--max-memory", "48MiB"]).assert_ok();
    }
    run_limited(LIMIT_KIB, &["--max-memory", "48MiB", "validate", path]).assert_ok();
}
