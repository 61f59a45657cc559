//! `validate FILE`: `ok: ...` and exit 0 for a sound file; for any damage,
//! exit 1 and one line on standard error that names the file and says what
//! is wrong where.

use std::path::{Path, PathBuf};

use memscope_export::BinaryExportConfig;

use crate::common::{detailed, many, run, s, write};

/// A sound detailed file of 1000 records, with a checksum.
fn sound(dir: &Path) -> PathBuf {
    write(dir, "sound.memscope", detailed(), &many(1000))
}

/// Rewrites the file at `path` with `damage` applied to its bytes.
fn damage(path: &Path, damage: impl FnOnce(&mut Vec<u8>)) {
    let mut bytes = std::fs::read(path).unwrap();
    damage(&mut bytes);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_sound_file_is_ok_with_its_record_count_and_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound(dir.path());

    let out = run(["validate", s(&path)]);
    out.assert_ok();
    assert_eq!(out.stdout, "ok: 1000 records, checksum verified\n");
}

#[test]
fn a_sound_file_without_checksum_is_ok_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let config = BinaryExportConfig::new()
        .checksum(false)
        .compression_level(1);
    let path = write(dir.path(), "plain.memscope", config, &many(10));

    let out = run(["validate", s(&path)]);
    out.assert_ok();
    assert_eq!(out.stdout, "ok: 10 records, checksum absent\n");
}

#[test]
fn a_file_truncated_inside_the_records_names_the_record_that_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound(dir.path());
    damage(&path, |bytes| bytes.truncate(bytes.len() - 30));

    let out = run(["validate", s(&path)]);
    out.assert_one_error_line(&[s(&path), "allocation record 999", "unexpected end of input"]);
    assert_eq!(out.stdout, "");
}

#[test]
fn a_file_truncated_inside_the_header_says_the_header_is_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound(dir.path());
    damage(&path, |bytes| bytes.truncate(10));

    run(["validate", s(&path)]).assert_one_error_line(&["malformed header", "unexpected end"]);
}

#[test]
fn a_basic_file_too_short_for_its_record_count_is_refused_before_reading_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "basic.memscope",
        BinaryExportConfig::new(),
        &many(100),
    );
    damage(&path, |bytes| bytes.truncate(bytes.len() - 24));

    run(["validate", s(&path)]).assert_one_error_line(&["record count 100", "cannot fit"]);
}

#[test]
fn a_file_with_another_magic_is_not_a_memscope_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound(dir.path());
    damage(&path, |bytes| bytes[..8].copy_from_slice(b"NOTSCOPE"));

    run(["validate", s(&path)])
        .assert_one_error_line(&["not a memscope file", r#"found b"NOTSCOPE""#]);
}

#[test]
fn an_empty_file_is_not_a_memscope_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.memscope");
    std::fs::write(&path, b"").unwrap();

    run(["validate", s(&path)]).assert_one_error_line(&["not a memscope file", r#"found b"""#]);
}

#[test]
fn a_newer_format_version_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound(dir.path());
    damage(&path, |bytes| {
        bytes[8..12].copy_from_slice(&3u32.to_le_bytes())
    });

    run(["validate", s(&path)])
        .assert_one_error_line(&["unsupported format version 3", "supports versions up to 2"]);
}

#[test]
fn a_flipped_byte_is_caught_by_the_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound(dir.path());
    // The low byte of record 0's size: still a well-formed record.
    damage(&path, |bytes| bytes[92 + 8] ^= 0x40);

    run(["validate", s(&path)]).assert_one_error_line(&["checksum mismatch", "the footer says"]);
}

#[test]
fn bytes_after_the_footer_are_trailing_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = sound(dir.path());
    let len = std::fs::metadata(&path).unwrap().len();
    damage(&path, |bytes| bytes.extend_from_slice(b"extra"));

    run(["validate", s(&path)])
        .assert_one_error_line(&["trailing bytes after the footer", &format!("at byte {len}")]);
}

#[test]
fn a_missing_file_is_reported_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.memscope");

    run(["validate", s(&path)]).assert_one_error_line(&[
        "opening",
        s(&path),
        "No such file or directory",
    ]);
}
