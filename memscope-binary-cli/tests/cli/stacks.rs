//! Files with call stacks (version 2) through every command: `summary`
//! by stack (the default), by function and by file; `diff` by stack,
//! matched by frames; `inspect`'s extension segments; `validate` of every
//! cut and every flipped byte; `to-json`.

use memscope_export::BinaryExportConfig;
use serde_json::Value;

use crate::common::{detailed, later, run, s, stacked, stacks_of, write, write_with_stacks};

/// The words of `line`.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// The lines of `text` from the first that contains `from`.
fn section<'a>(text: &'a str, from: &str) -> Vec<&'a str> {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in\n{text}"));
    text[start..].lines().collect()
}

/// The call site of each stack is marked: the innermost frame of the
/// program. The standard library's paths are shown from its crate on,
/// generic arguments elided, and a frame without a symbol outside the
/// program is the runtime's, left out.
#[test]
fn summary_of_a_file_with_stacks_ranks_its_stacks_with_their_frames_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let out = run(["summary", s(&path)]);
    out.assert_ok();
    let expected = concat!(
        "6 records holding 1676 bytes (1.64 KiB)\n",
        "\n",
        "by call stack, most live bytes first (top 3 of 3 stacks; frames innermost first, at most 10: --depth)\n",
        "  #  count  bytes  share  function                     file:line\n",
        "  1      2   1300  77.6%  app::load                    src/load.rs:7              call site\n",
        "                          app::main                    src/main.rs:10\n",
        "\n",
        "  2      2    300  17.9%  alloc::raw_vec::finish_grow  alloc/src/raw_vec.rs:480\n",
        "                          alloc::vec::Vec::push        alloc/src/vec/mod.rs:1200  inlined\n",
        "                          app::index::add              src/index.rs:42            call site\n",
        "                          app::main                    src/main.rs:10\n",
        "\n",
        "  3      1     64   3.8%  … 1 frame\n",
        "                          app::main                    src/main.rs:10             call site\n",
        "  records without a call stack: 1 holding 12 bytes (0.7%)\n",
    );
    assert_eq!(out.stdout, expected);
}

#[test]
fn depth_and_top_cut_the_stacks_and_say_how_many_frames_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let out = run(["summary", s(&path), "--depth", "1", "--top", "2"]);
    out.assert_ok();
    let lines = section(&out.stdout, "by call stack");
    assert!(lines[0].contains("(top 2 of 3 stacks;"), "{}", out.stdout);
    assert!(lines[0].contains("at most 1: --depth"), "{}", out.stdout);
    assert_eq!(lines[3].trim(), "… 1 more frame");
    assert_eq!(lines[6].trim(), "… 3 more frames");
    assert!(!out.stdout.contains("no symbol"), "only the top 2");
}

#[test]
fn summary_by_function_counts_the_call_site_and_every_function_of_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let out = run(["summary", s(&path), "--by", "function"]);
    out.assert_ok();
    assert_eq!(
        out.line("by function at"),
        "by function at the call site, the innermost frame of the program (top 3 of 3)"
    );
    assert_eq!(
        out.words("  app::load"),
        ["app::load", "2", "1300", "77.6%"]
    );
    // Beneath app::main, only a frame without a symbol, the runtime's:
    // app::main is where those bytes were allocated.
    assert_eq!(out.words("  app::main"), ["app::main", "1", "64", "3.8%"]);
    assert!(!out.stdout.contains("0x5555"), "{}", out.stdout);
    assert_eq!(
        out.line("  records without a call stack"),
        "  records without a call stack: 1 holding 12 bytes (0.7%)"
    );
    let inclusive = section(&out.stdout, "by function anywhere");
    // The program's functions: not the allocator's, not the library's,
    // not the runtime's.
    assert!(inclusive[0].ends_with("(top 3 of 3)"), "{}", inclusive[0]);
    assert!(!inclusive.iter().any(|line| line.contains("alloc::")));
    // Every record with a stack passes through main: counted once each.
    assert_eq!(
        inclusive[2].split_whitespace().collect::<Vec<_>>(),
        ["app::main", "5", "1664", "99.3%"]
    );
}

#[test]
fn summary_by_file_names_the_call_sites_file_and_counts_those_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let out = run(["summary", s(&path), "--by", "file"]);
    out.assert_ok();
    assert_eq!(
        out.words("  src/load.rs"),
        ["src/load.rs", "2", "1300", "77.6%"]
    );
    assert_eq!(
        out.line("  records without a call stack, or whose call site has no file"),
        "  records without a call stack, or whose call site has no file: 1 holding 12 bytes (0.7%)"
    );
    let inclusive = section(&out.stdout, "by file anywhere");
    assert!(inclusive[0].ends_with("(top 3 of 3)"), "{}", inclusive[0]);

    // A call site without a file.
    let stacks = stacks_of(&[&[(Some("app::main"), None, 0, false)]]);
    let records = [crate::common::record(0x10, 8, 1, None, None)];
    let path = write_with_stacks(
        dir.path(),
        "b.memscope",
        detailed(),
        &records,
        &stacks,
        &[1],
    );
    let out = run(["summary", s(&path), "--by", "file"]);
    out.assert_ok();
    assert_eq!(
        out.line("  records without a call stack, or whose call site has no file"),
        "  records without a call stack, or whose call site has no file: 1 holding 8 bytes (100.0%)"
    );
}

#[test]
fn summary_json_gives_the_same_rows_for_every_grouping() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let json = |args: &[&str]| -> Value {
        let mut all = vec!["summary", s(&path), "--json"];
        all.extend(args);
        let out = run(&all);
        out.assert_ok();
        // serde_json keeps the last of two equal keys: count them here.
        assert_eq!(out.stdout.matches("\"by\":").count(), 1, "{}", out.stdout);
        serde_json::from_str(&out.stdout).unwrap()
    };
    let by_stack = json(&["--depth", "1"]);
    assert_eq!(by_stack["by"], "stack");
    assert_eq!(
        (by_stack["records"].clone(), by_stack["bytes"].clone()),
        (6.into(), 1676.into())
    );
    assert_eq!(by_stack["stack_count"], 3);
    assert_eq!(
        by_stack["without_stack"],
        serde_json::json!({"count": 1, "bytes": 12})
    );
    let first = &by_stack["stacks"][0];
    assert_eq!(
        (
            first["id"].clone(),
            first["count"].clone(),
            first["bytes"].clone()
        ),
        (2.into(), 2.into(), 1300.into())
    );
    assert_eq!(first["depth"], 2);
    assert_eq!(first["call_site"], 0);
    assert_eq!(first["frames_left_out"], 1);
    assert_eq!(
        first["frames"][0],
        serde_json::json!({
            "position": 0, "address": 0x5555_0000_0004u64, "class": "program",
            "label": "app::load", "name": "app::load", "resolved": true,
            "file": "src/load.rs", "line": 7, "inlined": false
        })
    );

    // Every grouping has the same fields: the rows, how many there are,
    // what belongs to none.
    let by_function = json(&["--by", "function"]);
    assert_eq!(by_function["by"], "function");
    assert_eq!(by_function["distinct"], 3);
    assert_eq!(
        by_function["rows"][2],
        serde_json::json!({"label": "app::main", "name": null, "name_bytes": 9, "count": 1, "bytes": 64})
    );
    assert_eq!(by_function["inclusive"][0]["label"], "app::main");
    assert_eq!(
        by_function["without"],
        serde_json::json!({"count": 1, "bytes": 12})
    );

    let by_crate = json(&["--by", "crate"]);
    assert_eq!(by_crate["rows"][0]["label"], "app");
    assert_eq!(by_crate["rows"][0]["bytes"], 1664);

    let by_type = json(&["--by", "type"]);
    assert_eq!(by_type["rows"][0]["label"], "String");
    assert_eq!(by_type["without"]["count"], 2);
    let by_var = json(&["--by", "var"]);
    assert_eq!(by_var["rows"][0]["label"], "text");
    assert_eq!(by_var["without"]["count"], 3);
}

#[test]
fn summary_by_type_or_var_works_on_any_file_and_the_full_summary_stays_the_default_without_stacks()
{
    let dir = tempfile::tempdir().unwrap();
    let records = [crate::common::record(0x10, 8, 1, Some("v"), Some("T"))];
    let path = write(dir.path(), "v1.memscope", detailed(), &records);

    let out = run(["summary", s(&path), "--by", "type"]);
    out.assert_ok();
    assert_eq!(out.words("  T"), ["T", "1", "8", "100.0%"]);
    assert!(!out.stdout.contains("variables"), "{}", out.stdout);
    let out = run(["summary", s(&path)]);
    out.assert_ok();
    for heading in [
        "by type name",
        "largest allocations",
        "variables",
        "size histogram",
    ] {
        assert!(out.stdout.contains(heading), "{heading} in\n{}", out.stdout);
    }
    assert!(!out.stdout.contains("call stack"), "{}", out.stdout);
}

#[test]
fn a_grouping_by_stack_of_a_file_without_stacks_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "v1.memscope",
        detailed(),
        &crate::common::many(3),
    );

    for by in ["stack", "function", "file"] {
        let out = run(["summary", s(&path), "--by", by]);
        out.assert_one_error_line(&[
            s(&path),
            "no call stacks",
            "flag STACKS at byte 12 is clear",
            &format!("--by {by} needs them"),
        ]);
        assert_eq!(out.stdout, "");
    }
}

#[test]
fn diff_matches_stacks_by_their_frames_and_ranks_their_growth() {
    let dir = tempfile::tempdir().unwrap();
    let old = stacked(dir.path(), "a.memscope");
    let new = later(dir.path());

    let out = run(["diff", s(&old), s(&new), "--depth", "2"]);
    out.assert_ok();
    let lines = section(&out.stdout, "by call stack");
    assert_eq!(
        lines[0],
        "by call stack, largest growth first (top 2 of 2 changed; frames innermost first, at most 2: --depth)"
    );
    // What was stack 1 (now 2) gained the 64-byte record; stack 3 is gone.
    assert_eq!(
        words(lines[2]),
        [
            "1",
            "+64",
            "364",
            "+1",
            "3",
            "alloc::raw_vec::finish_grow",
            "alloc/src/raw_vec.rs:480"
        ]
    );
    // Two frames: the innermost, then (library frames folded) the call site.
    assert_eq!(words(lines[3]), ["…", "1", "frame"]);
    assert_eq!(
        words(lines[4]),
        ["app::index::add", "src/index.rs:42", "call", "site"]
    );
    assert_eq!(words(lines[5]), ["…", "1", "more", "frame"]);
    // Stack 3 went: beneath app::main, only the runtime's frame without a
    // symbol, left out.
    assert_eq!(
        words(lines[7]),
        ["2", "-64", "0", "-1", "0", "…", "1", "frame"]
    );
    assert_eq!(
        words(lines[8]),
        ["app::main", "src/main.rs:10", "call", "site"]
    );
    // The stack of app::load did not change, whatever its id.
    assert!(!out.stdout.contains("app::load"), "{}", out.stdout);
    // By call site: what app::main allocated itself moved to
    // app::index::add.
    let sites = section(&out.stdout, "by call site");
    assert_eq!(
        words(sites[2]),
        ["app::index::add", "2", "3", "+1", "300", "364", "+64"]
    );
    assert_eq!(
        words(sites[3]),
        ["app::main", "1", "0", "-1", "64", "0", "-64"]
    );

    let out = run(["diff", s(&old), s(&new), "--json"]);
    out.assert_ok();
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["stacks_changed"], 2);
    let first = &json["by_stack"][0];
    assert_eq!(
        (
            first["old_stack"].clone(),
            first["new_stack"].clone(),
            first["bytes_delta"].clone()
        ),
        (1.into(), 2.into(), 64.into())
    );
    assert_eq!(json["by_stack"][1]["new_stack"], Value::Null);
}

#[test]
fn diff_of_a_file_with_stacks_and_one_without_says_they_are_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "v1.memscope",
        detailed(),
        &crate::common::many(3),
    );
    let new = stacked(dir.path(), "a.memscope");

    let out = run(["diff", s(&old), s(&new)]);
    out.assert_ok();
    assert_eq!(
        out.line("by call stack"),
        "by call stack: not compared, only NEW has call stacks"
    );
    let out = run(["diff", s(&old), s(&old), "--json"]);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(json.get("by_stack").is_none() && json.get("stacks_changed").is_none());
    let out = run(["diff", s(&old), s(&old)]);
    assert!(!out.stdout.contains("call stack"), "{}", out.stdout);
}

#[test]
fn inspect_lists_the_extension_segments_and_the_stack_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let file_len = std::fs::metadata(&path).unwrap().len();

    let out = run(["inspect", s(&path)]);
    out.assert_ok();
    assert_eq!(out.line("version"), "version    2");
    assert_eq!(
        out.line("flags"),
        "flags      DETAILS | CHECKSUM | STACKS (0x0000000d)"
    );
    assert_eq!(
        out.line("stacks"),
        "stacks     3 stacks of 6 frames, 10 strings; 5 of 6 records have one"
    );
    // Six detailed records of 29 bytes and 42 bytes of names.
    let record_bytes = 6 * 29 + 42;
    assert!(
        out.line("  allocations").ends_with(&format!(
            "8 tag and count + {record_bytes} record bytes, 36.0 per record"
        )),
        "{}",
        out.stdout
    );
    let first = 92 + record_bytes;
    assert_eq!(
        out.line("  sSTR"),
        format!("  sSTR           244  at byte {first}: call stacks: strings, 10")
    );
    let rows: Vec<Vec<&str>> = ["  sFRM", "  sSTK", "  sIDS", "  ENDS"]
        .iter()
        .map(|row| out.words(row))
        .collect();
    assert_eq!(rows[0][..2], ["sFRM", "160"], "12 + 4 + 6 frames of 24");
    assert_eq!(rows[1][..2], ["sSTK", "54"]);
    assert_eq!(rows[2][..2], ["sIDS", "40"], "12 + 4 + 6 ids");
    assert_eq!(rows[3][..2], ["ENDS", "20"]);
    assert!(
        out.line("  ENDS")
            .ends_with("end of the extension segments")
    );
    assert_eq!(out.words("  footer"), ["footer", "8"]);
    assert_eq!(out.words("  file"), ["file", &file_len.to_string()]);
}

#[test]
fn inspect_of_a_file_damaged_in_its_stacks_shows_the_report_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let mut bytes = std::fs::read(&path).unwrap();
    let ids = bytes.windows(4).rposition(|w| w == b"sIDS").unwrap();
    bytes[ids + 16] = 9; // record 0 under stack 9 of 3
    std::fs::write(&path, bytes).unwrap();

    let out = run(["inspect", s(&path)]);
    out.assert_one_error_line(&["stack index 8 out of range", "sIDS"]);
    assert_eq!(
        out.line("stacks"),
        "stacks     not read: the file is damaged (see the error)"
    );
    assert_eq!(out.line("records"), "records    6 (detailed layout)");
}

#[test]
fn validate_counts_the_stacks_of_a_sound_version_2_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let out = run(["validate", s(&path)]);
    out.assert_ok();
    assert_eq!(
        out.stdout,
        "ok: 6 records, 3 call stacks, checksum verified\n"
    );

    let one = stacks_of(&[&[(Some("main"), None, 0, false)]]);
    let records = [crate::common::record(0x10, 8, 1, None, None)];
    let config = BinaryExportConfig::new()
        .checksum(false)
        .compression_level(1);
    let path = write_with_stacks(dir.path(), "one.memscope", config, &records, &one, &[1]);
    let out = run(["validate", s(&path)]);
    out.assert_ok();
    assert_eq!(out.stdout, "ok: 1 records, 1 call stack, checksum absent\n");
}

#[test]
fn validate_refuses_every_cut_and_every_flipped_byte_of_a_version_2_file_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let sound = stacked(dir.path(), "sound.memscope");
    let bytes = std::fs::read(&sound).unwrap();
    let path = dir.path().join("damaged.memscope");
    let refused = |damaged: &[u8], what: &str| {
        std::fs::write(&path, damaged).unwrap();
        let out = run(["validate", s(&path)]);
        assert_eq!(out.code, 1, "{what}: {out:#?}");
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{what}: {out:#?}");
        assert!(lines[0].starts_with("error: "), "{what}: {out:#?}");
        assert!(lines[0].contains(s(&path)), "{what}: {out:#?}");
        assert_eq!(out.stdout, "", "{what}");
    };
    for cut in 0..bytes.len() {
        refused(&bytes[..cut], &format!("cut at {cut}"));
    }
    for at in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0xff;
        refused(&flipped, &format!("byte {at} flipped"));
    }
}

#[test]
fn to_json_of_a_file_with_stacks_is_a_version_2_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");

    let out = run(["to-json", s(&path)]);
    out.assert_ok();
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["version"], 2);
    let ids: Vec<Value> = json["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["stack"].clone())
        .collect();
    assert_eq!(
        ids,
        [
            1.into(),
            1.into(),
            2.into(),
            2.into(),
            3.into(),
            Value::Null
        ]
    );
    assert_eq!(
        json["stacks"][1],
        serde_json::json!([4, 3]),
        "app::main is one frame"
    );
    assert_eq!(
        json["frames"][1],
        serde_json::json!({
            "address": 0x5555_0000_0002u64, "function": "alloc::vec::Vec<T>::push",
            "file": "/rustc/library/alloc/src/vec/mod.rs", "line": 1200, "inlined": true
        })
    );
    // The library's conversion of the same file, byte for byte.
    let mut converted = Vec::new();
    memscope_export::convert_to_json(
        memscope_export::BinaryReader::open(&path).unwrap(),
        &mut converted,
    )
    .unwrap();
    assert_eq!(out.stdout.as_bytes(), converted);
}
