//! Expected expansions: the code the derive generates for a few
//! representative inputs, checked in next to them, so that a change to the
//! generated code shows up in review as a diff of ordinary Rust.
//!
//! Each `tests/expand/NAME.rs` holds one derive input; the derive's output,
//! pretty-printed with `prettyplease`, must equal `tests/expand/NAME.expanded.rs`.
//! After an intended change, regenerate the files and read the diff:
//!
//! ```text
//! MEMSCOPE_EXPAND=overwrite cargo test -p memscope-binary-derive
//! git diff memscope-binary-derive/tests/expand
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The variable that, set to `overwrite`, rewrites the expected files
/// instead of comparing against them.
const OVERWRITE_VAR: &str = "MEMSCOPE_EXPAND";

#[test]
fn expansions_match_the_checked_in_files() {
    let overwrite = std::env::var_os(OVERWRITE_VAR).is_some_and(|value| value == "overwrite");
    let inputs = inputs();
    assert!(
        !inputs.is_empty(),
        "no inputs in {}",
        expand_dir().display()
    );
    let mut failures = String::new();
    for input in &inputs {
        let expected_path = input.with_extension("expanded.rs");
        let actual = expand_file(input);
        if overwrite {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if let Some(difference) = first_difference(&expected, &actual) {
            let _ = writeln!(
                failures,
                "\n{} does not match the expansion of {}:\n{difference}",
                relative(&expected_path),
                relative(input),
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{failures}\nIf the change is intended, regenerate with `{OVERWRITE_VAR}=overwrite cargo test -p memscope-binary-derive` and review the diff."
    );
}

/// `path` from the crate's directory, as a reader would type it.
fn relative(path: &Path) -> String {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(crate_dir)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn expand_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand")
}

/// Every `*.rs` in `tests/expand` that is not itself an expansion, sorted.
fn inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(expand_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.ends_with(".rs") && !name.ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    inputs
}

/// The derive's output for the input in `path`, pretty-printed.
fn expand_file(path: &Path) -> String {
    let source = std::fs::read_to_string(path).unwrap();
    let input: syn::DeriveInput = syn::parse_str(&source)
        .unwrap_or_else(|e| panic!("{} is not a derive input: {e}", path.display()));
    let output = crate::derive(&input);
    let file: syn::File = syn::parse2(output.clone()).unwrap_or_else(|e| {
        panic!(
            "the expansion of {} does not parse: {e}\n{output}",
            path.display()
        )
    });
    prettyplease::unparse(&file)
}

/// `None` when the texts are equal; else the first line that differs, with
/// a few lines of each side from there.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let line = expected
        .iter()
        .zip(&actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let excerpt = |lines: &[&str]| {
        let shown: Vec<String> = lines
            .iter()
            .skip(line)
            .take(6)
            .enumerate()
            .map(|(i, text)| format!("  {:>4} | {text}", line + i + 1))
            .collect();
        if shown.is_empty() {
            "  (end of file)".to_owned()
        } else {
            shown.join("\n")
        }
    };
    Some(format!(
        "first difference at line {}\nexpected:\n{}\nactual:\n{}",
        line + 1,
        excerpt(&expected),
        excerpt(&actual),
    ))
}
