//! The CI workflow of docs/CI.md end to end, on a real program: the
//! example `ci_snapshot` (`memscope-binary-cli/examples/ci_snapshot.rs`)
//! run as the main branch runs it, twice, and as a pull request that
//! leaks runs it (`--leak`), each run exporting its snapshot; then
//! `check` and `diff --fail-if-grown` judge them as the CI job does.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use crate::common::{run, s};

/// The example `ci_snapshot`, built.
pub fn example() -> PathBuf {
    crate::common::example("ci_snapshot")
}

/// Starts the example exporting to `dir/name`, leaking when `leak`.
fn start(example: &Path, dir: &Path, name: &str, leak: bool) -> (Child, PathBuf) {
    let path = dir.join(name);
    let mut command = Command::new(example);
    command.arg(&path);
    if leak {
        command.arg("--leak");
    }
    (command.spawn().unwrap(), path)
}

#[test]
fn a_leak_in_a_pull_request_fails_check_and_diff_and_the_comment_names_its_call_site() {
    let dir = tempfile::tempdir().unwrap();
    let example = example();
    // The three runs at once: the main branch twice, the pull request once.
    let runs = [
        start(&example, dir.path(), "main.memscope", false),
        start(&example, dir.path(), "rerun.memscope", false),
        start(&example, dir.path(), "pr.memscope", true),
    ];
    let [main, rerun, pr] = runs.map(|(mut child, path)| {
        assert!(child.wait().unwrap().success(), "{}", path.display());
        path
    });

    // Absolute limits: the main branch keeps them, the leak breaks both.
    let limits = [
        "--max-live",
        "64KiB",
        "--site",
        "handle",
        "--max-bytes",
        "0B",
    ];
    let check = |path: &Path| run(["check", s(path)].into_iter().chain(limits));
    check(&main).assert_ok();
    let broken = check(&pr);
    assert_eq!(broken.code, 3, "{broken:#?}");
    assert!(
        broken.line("  live bytes").ends_with("BROKEN"),
        "{}",
        broken.stdout
    );
    // 256 buffers of 4 KiB, kept at the one call site.
    assert!(
        broken
            .line("  bytes at call sites matching \"handle\"")
            .contains(" 0  1048576 (1.00 MiB)   1048576 (1.00 MiB)  BROKEN"),
        "{}",
        broken.stdout
    );

    // Growth: two runs of one build compare clean; the leak does not.
    run(["diff", s(&main), s(&rerun), "--fail-if-grown", "10%"]).assert_ok();
    let comment = run([
        "diff",
        s(&main),
        s(&pr),
        "--fail-if-grown",
        "10%",
        "--format",
        "markdown",
    ]);
    assert_eq!(comment.code, 3, "{comment:#?}");
    let text = &comment.stdout;
    assert!(
        text.starts_with(
            "### ❌ memscope diff: all live blocks and 1 call site grew by more than 10%\n"
        ),
        "{text}"
    );
    // What grew too much, then the top changed call sites: the leak first.
    let rows: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("| `ci_snapshot::handle` |"))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(
        rows[0].starts_with("| `ci_snapshot::handle` | 0 B | 1.00 MiB | +1.00 MiB | "),
        "{text}"
    );
    assert_eq!(
        rows[1], "| `ci_snapshot::handle` | 0 B | 1.00 MiB | +1.00 MiB | +256 |",
        "{text}"
    );
    let top = text.find("The call sites that changed most").unwrap();
    assert!(
        text[top..]
            .lines()
            .nth(4)
            .is_some_and(|first| first == rows[1]),
        "the leak is the first row: {text}"
    );
}
