//! Hostile files against every command that reads: each truncation, each
//! flipped bit, a lying count and a zstd bomb give exit 1 and exactly one
//! `error:` line, never a panic or a backtrace.

use crate::common::{detailed, record, run, s, write};

fn small_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let records = [
        record(0x1000, 64, 1, Some("buf"), Some("Vec<u8>")),
        record(0x2000, 16, 2, None, Some("String")),
        record(0x3000, 8, 3, None, None),
    ];
    vec![
        write(dir, "plain.memscope", detailed(), &records),
        write(
            dir,
            "zstd.memscope",
            detailed().compression_level(3),
            &records,
        ),
    ]
}

/// Exit 1, one line on stderr, starting `error: `, and no panic.
fn assert_refused(args: &[&str]) {
    let outcome = run(args);
    assert_eq!(outcome.code, 1, "{args:?}: {outcome:#?}");
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: {outcome:#?}");
    assert!(lines[0].starts_with("error: "), "{args:?}: {outcome:#?}");
    assert!(
        !outcome.stderr.contains("panicked"),
        "{args:?}: {outcome:#?}"
    );
}

#[test]
fn every_truncation_is_refused_by_validate_and_sampled_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.memscope");
    let out = dir.path().join("out.json");
    for file in small_files(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        for len in 0..bytes.len() {
            std::fs::write(&cut, &bytes[..len]).unwrap();
            assert_refused(&["validate", s(&cut)]);
            if len % 9 == 0 {
                assert_refused(&["inspect", s(&cut), "--records", "10"]);
                assert_refused(&["summary", s(&cut)]);
                assert_refused(&["to-json", s(&cut), "-o", s(&out)]);
                assert_refused(&["to-pprof", s(&cut), "-o", s(&out)]);
                assert_refused(&["to-parquet", s(&cut), "-o", s(&out)]);
                assert_refused(&["diff", s(&file), s(&cut)]);
                assert_refused(&["report", s(&cut), "--base", s(&file)]);
            }
        }
    }
}

#[test]
fn every_flipped_byte_of_a_checksummed_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let flipped = dir.path().join("flipped.memscope");
    for file in small_files(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            std::fs::write(&flipped, &damaged).unwrap();
            assert_refused(&["validate", s(&flipped)]);
        }
    }
}

/// Every command that reads a whole file.
const COMMANDS: [&str; 7] = [
    "validate",
    "inspect",
    "summary",
    "to-json",
    "report",
    "to-pprof",
    "to-parquet",
];

#[test]
fn a_lying_count_and_a_zstd_bomb_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let files = small_files(dir.path());

    let mut lying = std::fs::read(&files[0]).unwrap();
    lying[88..92].copy_from_slice(&u32::MAX.to_le_bytes());
    let path = dir.path().join("lying.memscope");
    std::fs::write(&path, &lying).unwrap();
    for command in COMMANDS {
        assert_refused(&[command, s(&path)]);
    }

    let mut bomb = std::fs::read(&files[1]).unwrap()[..92].to_vec();
    bomb.extend(zstd::encode_all(vec![0u8; 16 << 20].as_slice(), 1).unwrap());
    let path = dir.path().join("bomb.memscope");
    std::fs::write(&path, &bomb).unwrap();
    for command in COMMANDS {
        assert_refused(&[command, s(&path)]);
    }
}
