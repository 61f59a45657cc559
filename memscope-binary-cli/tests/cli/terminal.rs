//! Nothing a terminal would act on reaches it: a name or a path holding a
//! character of each class (C0, C1, DEL, bidirectional controls, zero-width
//! characters, line and paragraph separators) goes through every command,
//! and what comes out holds none of them raw. Text shows them as
//! `\u{202e}`, JSON as `\u202e`, and JSON still parses back to the name.

use std::path::{Path, PathBuf};

use memscope_export::escape::needs_escape;

use crate::common::{Run, detailed, record, run, s, write};

/// One character of each class, with what it is.
const CLASSES: [(&str, char); 10] = [
    ("C0: escape", '\u{1b}'),
    ("C0: bell", '\u{7}'),
    ("DEL", '\u{7f}'),
    ("C1: control sequence introducer", '\u{9b}'),
    ("bidi: right-to-left override", '\u{202e}'),
    ("bidi: left-to-right isolate", '\u{2066}'),
    ("zero-width space", '\u{200b}'),
    ("zero-width no-break space", '\u{feff}'),
    ("line separator", '\u{2028}'),
    ("paragraph separator", '\u{2029}'),
];

/// A name with `c` inside, followed by digits it could reverse or hide.
fn hostile(prefix: &str, c: char) -> String {
    format!("{prefix}{c}1234")
}

/// A file, itself named with `c`, whose record names hold `c`.
fn file_with(dir: &Path, c: char, generation: usize) -> PathBuf {
    let records: Vec<_> = (0..=generation)
        .map(|i| {
            record(
                0x1000 + i * 0x100,
                64 * (i + 1),
                i as u64,
                Some(&hostile("var", c)),
                Some(&hostile("Type", c)),
            )
        })
        .collect();
    write(dir, &hostile("file", c), detailed(), &records)
}

/// Asserts that `out` shows the terminal nothing to act on: no character
/// `needs_escape` lists raw in either stream, but the newlines that end
/// lines.
fn assert_safe(what: &str, class: &str, out: &Run) {
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let raw: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && needs_escape(c))
            .collect();
        assert!(
            raw.is_empty(),
            "{what}, {class}: {stream} holds {raw:?}:\n{text}"
        );
    }
}

#[test]
fn every_class_of_character_comes_out_escaped_from_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for (class, c) in CLASSES {
        let old = file_with(dir.path(), c, 0);
        let new = dir.path().join(hostile("new", c));
        std::fs::copy(file_with(dir.path(), c, 2), &new).unwrap();
        let json = dir.path().join(hostile("out", c) + ".json");
        let missing = dir.path().join(hostile("missing", c));
        let text_escape = format!("\\u{{{:x}}}", u32::from(c));

        let inspect = run(["inspect", s(&old), "--records", "5"]);
        inspect.assert_ok();
        assert_safe("inspect", class, &inspect);
        // The path in the header, and the names in the records.
        assert!(inspect.line("file ").contains(&text_escape), "{class}");
        assert!(
            inspect
                .stdout
                .contains(&format!("\"var{text_escape}1234\"")),
            "{class}"
        );

        let summary = run(["summary", s(&new)]);
        summary.assert_ok();
        assert_safe("summary", class, &summary);
        assert!(
            summary
                .stdout
                .contains(&format!("\"Type{text_escape}1234\"")),
            "{class}"
        );

        let diff = run(["diff", s(&old), s(&new)]);
        diff.assert_ok();
        assert_safe("diff", class, &diff);
        assert!(diff.line("old ").contains(&text_escape), "{class}");
        assert!(diff.line("new ").contains(&text_escape), "{class}");

        // The limits of CI, broken, in Markdown (text goes through the
        // tables above): paths and names as code spans, escaped.
        let small = write(
            dir.path(),
            &hostile("small", c),
            detailed(),
            &[record(0x1000, 8, 0, Some(&hostile("var", c)), None)],
        );
        for args in [
            vec!["check", s(&new), "--max-live", "0B", "--format", "markdown"],
            vec![
                "diff",
                s(&small),
                s(&new),
                "--fail-if-grown",
                "0B",
                "--format",
                "markdown",
            ],
        ] {
            let out = run(&args);
            assert_eq!((out.code, out.stderr.as_str()), (3, ""), "{args:?}");
            assert_safe(&args.join(" "), class, &out);
            assert!(
                out.stdout.contains(&text_escape),
                "{args:?}: {}",
                out.stdout
            );
        }

        for args in [
            vec!["summary", s(&new), "--json"],
            vec!["diff", s(&old), s(&new), "--json"],
            vec!["to-json", s(&new)],
        ] {
            let out = run(&args);
            out.assert_ok();
            assert_safe(&args.join(" "), class, &out);
        }
        let converted = run(["to-json", s(&new)]);
        let document: serde_json::Value = serde_json::from_str(&converted.stdout).unwrap();
        assert_eq!(
            document["allocations"][0]["var_name"],
            hostile("var", c),
            "{class}: the escapes parse back to the name"
        );

        run(["to-json", s(&new), "-o", s(&json)]).assert_ok();
        let written = std::fs::read_to_string(&json).unwrap();
        assert_eq!(written, converted.stdout, "{class}");

        let validate = run(["validate", s(&new)]);
        validate.assert_ok();
        assert_safe("validate", class, &validate);

        // Error lines name the file: escaped too.
        for command in ["validate", "inspect", "summary", "to-json"] {
            let failed = run([command, s(&missing)]);
            failed.assert_one_error_line(&[&text_escape]);
            assert_safe(command, class, &failed);
        }
        let failed = run(["diff", s(&old), s(&missing)]);
        failed.assert_one_error_line(&[&text_escape]);
        assert_safe("diff", class, &failed);
    }
}

#[test]
fn json_writes_del_c1_and_bidi_controls_as_u_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "names.memscope",
        detailed(),
        &[record(0x1000, 8, 1, Some("a\u{7f}b\u{85}c\u{202e}d"), None)],
    );
    let converted = run(["to-json", s(&path)]);
    converted.assert_ok();
    assert!(
        converted
            .stdout
            .contains(r#""var_name":"a\u007fb\u0085c\u202ed""#),
        "{}",
        converted.stdout
    );
    let summary = run(["summary", s(&path), "--json"]);
    assert!(
        summary
            .stdout
            .contains(r#""label": "a\u007fb\u0085c\u202ed""#),
        "{}",
        summary.stdout
    );
}
