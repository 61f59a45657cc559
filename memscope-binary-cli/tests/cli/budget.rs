//! Memory bounded by a budget, not by the input: a file of about 1 MB
//! whose names add up to 128 MB (2,000 records, each with its own 32,000
//! byte var_name and type_name) goes through every command that reads
//! records with the address space limited to 64 MiB, half of what the
//! names alone would take, and the totals still come out whole. (Twice
//! the names made this the gate's longest test, 53 s in a debug build,
//! for no more evidence.)

use std::io::Read;
use std::path::{Path, PathBuf};

use memscope_export::{BinaryExporter, BinaryReader, FileContents};
use memscope_interchange::pprof::proto::{Profile, Sample};
use memscope_tracker::{AllocationInfo, MemoryStats};
use prost::Message;
use serde_json::Value;

use crate::common::{Run, detailed, s};
use crate::report::blob;

const RECORDS: usize = 2_000;
const NAME_BYTES: usize = 32_000;
/// The address-space limit (`ulimit -v`, in KiB) the commands run under.
const LIMIT_KIB: u32 = 64 << 10;

fn named(prefix: &str, i: usize) -> String {
    let head = format!("{prefix}{i:06}");
    head.clone() + &"x".repeat(NAME_BYTES - head.len())
}

/// The file, made record by record as the exporter asks (never all held).
fn long_names(dir: &Path) -> PathBuf {
    let record = |i: usize| {
        let mut info = AllocationInfo::new(0x1000 + i * 0x100, 100 + i, i as u64);
        info.var_name = Some(named("var", i));
        info.type_name = Some(named("Type", i));
        info
    };
    let memory = (0..RECORDS).map(|i| 100 + i as u64).sum();
    let stats = MemoryStats {
        total_allocations: RECORDS as u64,
        active_allocations: RECORDS as u64,
        active_memory: memory,
        peak_memory: memory,
        total_allocated: memory,
        ..MemoryStats::default()
    };
    let path = dir.join("long-names.memscope");
    let contents = FileContents::new(stats, (0..RECORDS).map(record));
    BinaryExporter::new(detailed().compression_level(1))
        .export(&contents, &path)
        .unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 2 << 20);
    path
}

/// Runs `memscope-binary` with `args` under the address-space limit.
fn run_limited(args: &[&str]) -> Run {
    crate::common::run_limited(LIMIT_KIB, args)
}

#[cfg(unix)]
#[test]
fn every_command_that_reads_records_stays_within_the_budget_whatever_the_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_names(dir.path());
    let total_bytes: u64 = (0..RECORDS).map(|i| 100 + i as u64).sum();

    // The default table holds every one of the 2,000 names.
    let summary = run_limited(&["summary", s(&path), "--json"]);
    summary.assert_ok();
    let json: Value = serde_json::from_str(&summary.stdout).unwrap();
    assert_eq!(json["records"], RECORDS);
    assert_eq!(json["bytes"], total_bytes);
    assert_eq!(json["type_names"], RECORDS);
    assert_eq!(json["other_type_names"]["count"], 0);
    // Names are shown cut, and say how long they were.
    let top = &json["by_type"][0];
    assert_eq!(top["label"].as_str().unwrap().len(), 256);
    assert_eq!(top["name_bytes"], NAME_BYTES);
    assert_eq!(json["largest"][0]["var_name_bytes"], NAME_BYTES);

    // A smaller table: the rest are "other names", the totals unchanged.
    let folded = run_limited(&["summary", s(&path), "--json", "--max-names", "100"]);
    folded.assert_ok();
    let json: Value = serde_json::from_str(&folded.stdout).unwrap();
    assert_eq!(json["type_names"], 100);
    assert_eq!(json["other_type_names"]["count"], RECORDS - 100);
    let named: u64 = (0..100).map(|i| 100 + i as u64).sum();
    assert_eq!(json["other_var_names"]["bytes"], total_bytes - named);
    let text = run_limited(&["summary", s(&path), "--max-names", "100"]);
    text.assert_ok();
    text.line("  other type names (past the first 100, see --max-names): 1900 records holding");
    assert!(text.stdout.contains(&format!("{}…", "x".repeat(20))));

    let diff = run_limited(&["diff", s(&path), s(&path), "--json"]);
    diff.assert_ok();
    let json: Value = serde_json::from_str(&diff.stdout).unwrap();
    assert_eq!(json["totals"][0]["new_bytes"], total_bytes);
    assert_eq!(json["types_changed"], 0);

    let inspect = run_limited(&["inspect", s(&path), "--records", &RECORDS.to_string()]);
    inspect.assert_ok();
    assert_eq!(
        inspect.stdout.lines().filter(|l| l.contains("…")).count(),
        RECORDS
    );

    // The rows inspect lists are the file's first records, read again.
    let three = run_limited(&["inspect", s(&path), "--records", "3"]);
    three.assert_ok();
    let mut reader = BinaryReader::open(&path).unwrap();
    let first = reader.records().next().unwrap().unwrap();
    let row = three.line("  0  ");
    assert!(
        row.contains(&format!("{:#x}", first.allocation.ptr)),
        "{row}"
    );
    // The names lose their middle, so that the table fits a terminal.
    let name = first.allocation.var_name.unwrap();
    assert!(row.contains(&name[..10]) && row.contains('…'), "{row}");
    assert!(row.chars().count() <= 120, "{row}");
    assert!(three.stdout.contains("\nfirst 3 records\n"));
    let last = three.stdout.lines().last().unwrap();
    assert_eq!(last.split_whitespace().next(), Some("2"));

    run_limited(&["validate", s(&path)]).assert_ok();
    run_limited(&["to-json", s(&path), "-o", "/dev/null"]).assert_ok();
    // Row groups close at 16 MiB of names, not only at 131,072 rows.
    run_limited(&["to-parquet", s(&path), "-o", "/dev/null"]).assert_ok();

    // The page: the summary's figures, names cut, the page small.
    let page = run_limited(&["report", s(&path), "--max-names", "100"]);
    page.assert_ok();
    assert!(page.stdout.len() < 2 << 20, "{} bytes", page.stdout.len());
    let data = blob(&page.stdout);
    let summary = &data["summary"];
    assert_eq!(summary["records"], RECORDS);
    assert_eq!(summary["bytes"], total_bytes);
    assert_eq!(summary["other_type_names"]["count"], RECORDS - 100);
    assert_eq!(summary["by_type"][0]["label"].as_str().unwrap().len(), 256);
    assert_eq!(summary["by_type"][0]["name_bytes"], NAME_BYTES);
    run_limited(&["report", s(&path), "-o", "/dev/null"]).assert_ok();

    // The profile: every name kept is a label cut as every output shows
    // it; past --max-names, one label; the totals whole.
    let out = dir.path().join("names.pb.gz");
    let convert = |more: &[&str]| {
        let mut args = vec!["to-pprof", s(&path), "-o", s(&out)];
        args.extend_from_slice(more);
        run_limited(&args).assert_ok();
        profile(&out)
    };
    let cut = |name: String| format!("{}…", &name[..256]);
    for (more, kept) in [(&[][..], RECORDS), (&["--max-names", "100"][..], 100)] {
        let profile = convert(more);
        let totals = |i: usize| profile.sample.iter().map(|s| s.value[i]).sum::<i64>();
        assert_eq!((totals(0), totals(1)), (RECORDS as i64, total_bytes as i64));
        let longest = profile.string_table.iter().map(String::len).max();
        assert!(longest < Some(1024), "{longest:?}");
        let first = labels(&profile, &profile.sample[0]);
        assert_eq!(
            first,
            [
                format!("var_name={}", cut(self::named("var", 0))),
                format!("type_name={}", cut(self::named("Type", 0))),
            ]
        );
        let other = "(other names)";
        let last = profile.sample.last().unwrap();
        if kept == RECORDS {
            assert_eq!(profile.sample.len(), RECORDS);
            assert!(!profile.string_table.iter().any(|s| s == other));
        } else {
            assert_eq!(profile.sample.len(), kept + 1);
            let folded = format!("var_name={other}");
            assert_eq!(labels(&profile, last)[0], folded);
            assert_eq!(last.value[0], (RECORDS - kept) as i64);
        }
    }
}

/// The pprof profile at `path`, decompressed and decoded.
fn profile(path: &Path) -> Profile {
    let gzip = std::fs::read(path).unwrap();
    let mut encoded = Vec::new();
    flate2::read::GzDecoder::new(gzip.as_slice())
        .read_to_end(&mut encoded)
        .unwrap();
    Profile::decode(encoded.as_slice()).unwrap()
}

/// The labels of `sample`, as `key=value`.
fn labels(profile: &Profile, sample: &Sample) -> Vec<String> {
    let text = |index: i64| profile.string_table[index as usize].as_str();
    let label =
        |l: &memscope_interchange::pprof::proto::Label| format!("{}={}", text(l.key), text(l.str));
    sample.label.iter().map(label).collect()
}
