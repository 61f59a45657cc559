//! `inspect FILE [--records N]`

use memscope_export::BinaryExportConfig;

use crate::common::{EXPORTED, detailed, record, run, s, write};

fn three_records() -> Vec<memscope_tracker::AllocationInfo> {
    vec![
        // 29 + 3 + 19 = 51 bytes as a detailed record
        record(0x1000, 64, 11, Some("buf"), Some("alloc::vec::Vec<u8>")),
        // 29 + 21 = 50 bytes
        record(0x2000, 4096, 12, None, Some("alloc::string::String")),
        // 29 bytes
        record(0x3000, 8, 13, None, None),
    ]
}

#[test]
fn inspect_shows_the_header_the_stats_and_a_verified_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.memscope", detailed(), &three_records());

    let out = run(["inspect", s(&path)]);
    out.assert_ok();
    assert_eq!(out.line("version"), "version    1");
    assert_eq!(
        out.line("flags"),
        "flags      DETAILS | CHECKSUM (0x00000005)"
    );
    assert_eq!(
        out.line("exported"),
        format!("exported   2023-11-14T22:13:20.123Z ({EXPORTED} ns since the UNIX epoch)")
    );
    assert_eq!(out.line("records"), "records    3 (detailed layout)");
    assert_eq!(out.line("checksum"), "checksum   verified");
    // The seven counters of the stats segment, as written.
    assert_eq!(out.words("  total_allocations"), ["total_allocations", "5"]);
    assert_eq!(
        out.words("  total_deallocations"),
        ["total_deallocations", "2"]
    );
    assert_eq!(
        out.words("  active_allocations"),
        ["active_allocations", "3"]
    );
    assert_eq!(
        out.words("  active_memory"),
        ["active_memory", "4168", "4.07", "KiB"]
    );
    assert_eq!(
        out.words("  peak_memory"),
        ["peak_memory", "4268", "4.17", "KiB"]
    );
    assert_eq!(out.words("  total_allocated")[1], "4268");
    assert_eq!(out.words("  total_deallocated")[1], "100");
}

#[test]
fn inspect_gives_each_segment_its_size_in_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.memscope", detailed(), &three_records());
    let file_len = std::fs::metadata(&path).unwrap().len();
    assert_eq!(file_len, 24 + 60 + (8 + 51 + 50 + 29) + 8);

    let out = run(["inspect", s(&path)]);
    out.assert_ok();
    assert_eq!(out.words("  header"), ["header", "24"]);
    assert_eq!(out.words("  stats"), ["stats", "60"]);
    assert_eq!(out.words("  allocations")[..2], ["allocations", "138"]);
    assert!(
        out.line("  allocations")
            .ends_with("8 tag and count + 130 record bytes, 43.3 per record")
    );
    assert_eq!(out.words("  footer"), ["footer", "8"]);
    assert_eq!(out.words("  file"), ["file", &file_len.to_string()]);
}

#[test]
fn inspect_of_a_basic_file_without_checksum_says_the_checksum_is_absent() {
    let dir = tempfile::tempdir().unwrap();
    let config = BinaryExportConfig::new().checksum(false).timestamp(0);
    let path = write(dir.path(), "basic.memscope", config, &three_records());

    let out = run(["inspect", s(&path)]);
    out.assert_ok();
    assert_eq!(out.line("flags"), "flags      none (0x00000000)");
    assert_eq!(
        out.line("exported"),
        "exported   1970-01-01T00:00:00.000Z (0 ns since the UNIX epoch)"
    );
    assert_eq!(out.line("records"), "records    3 (basic layout)");
    assert_eq!(
        out.line("checksum"),
        "checksum   absent (flag CHECKSUM not set)"
    );
    assert_eq!(out.words("  allocations")[1], (8 + 3 * 24).to_string());
    assert_eq!(out.words("  footer"), ["footer", "0"]);
}

#[test]
fn inspect_of_a_compressed_file_reads_it_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "z.memscope",
        detailed().compression_level(3),
        &three_records(),
    );

    let out = run(["inspect", s(&path)]);
    out.assert_ok();
    assert_eq!(
        out.line("flags"),
        "flags      DETAILS | COMPRESSED | CHECKSUM (0x00000007)"
    );
    assert_eq!(
        out.line("records"),
        "records    3 (detailed layout, compressed)"
    );
    assert_eq!(out.line("checksum"), "checksum   verified");
}

#[test]
fn inspect_records_n_lists_the_first_n_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.memscope", detailed(), &three_records());

    let out = run(["inspect", s(&path), "--records", "2"]);
    out.assert_ok();
    assert_eq!(out.line("first"), "first 2 records");
    assert_eq!(
        out.words("  #"),
        ["#", "ptr", "size", "allocated_utc", "var_name", "type_name"]
    );
    assert_eq!(
        out.words("  0 "),
        [
            "0",
            "0x1000",
            "64",
            "1970-01-01T00:00:00.000Z",
            "buf",
            "alloc::vec::Vec<u8>"
        ]
    );
    // An absent name is shown as `-`.
    assert_eq!(
        out.words("  1 "),
        [
            "1",
            "0x2000",
            "4096",
            "1970-01-01T00:00:00.000Z",
            "-",
            "alloc::string::String"
        ]
    );
    assert!(!out.stdout.contains("0x3000"), "{}", out.stdout);
}

#[test]
fn inspect_without_records_lists_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.memscope", detailed(), &three_records());

    let out = run(["inspect", s(&path)]);
    out.assert_ok();
    assert!(!out.stdout.contains("first"), "{}", out.stdout);
}

#[test]
fn inspect_of_a_corrupted_file_shows_the_checksum_mismatch_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.memscope", detailed(), &three_records());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[92 + 8] ^= 0x01; // the low byte of record 0's size
    std::fs::write(&path, bytes).unwrap();

    let out = run(["inspect", s(&path)]);
    out.assert_one_error_line(&["checksum mismatch"]);
    assert!(
        out.line("checksum")
            .starts_with("checksum   mismatch: the footer says 0x"),
        "{}",
        out.stdout
    );
    // Everything before the records is still shown.
    assert_eq!(out.line("records"), "records    3 (detailed layout)");
}
