//! `to-pprof` and `to-parquet`: their output decoded (prost, the parquet
//! crate) holds the file's stacks and adds up to `summary`'s figures; they
//! fail as every command does; their help says what opens the output.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use bytes::Bytes;
use memscope_interchange::pprof::proto::Profile;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use prost::Message;

use crate::common::{EXPORTED, entries, run, run_bytes, s, stacked};

/// `go`, when it is on `PATH`: `go tool pprof` reads the profiles.
/// Without it a test that needs it says so and passes, unless
/// `MEMSCOPE_PPROF_TESTS=require` (which `.ci/run` sets, having installed
/// Debian's `golang-go`): then it fails.
fn go() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .map(|dir| dir.join("go"))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        let required = std::env::var("MEMSCOPE_PPROF_TESTS").is_ok_and(|v| v == "require");
        assert!(
            !required,
            "MEMSCOPE_PPROF_TESTS=require but no go on PATH (apt-get install golang-go)"
        );
        // Past the test harness's capture, so that it is seen.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"skipped: this test of to-pprof needs go on PATH (apt-get install golang-go)\n",
        );
    }
    found
}

/// The rows of `go tool pprof -top` with `args` on `profile`, as (flat
/// bytes, name), most flat first.
fn pprof_top(go: &Path, profile: &Path, args: &[&str]) -> Vec<(String, String)> {
    let output = std::process::Command::new(go)
        .args(["tool", "pprof", "-top", "-unit=B", "-symbolize=none"])
        .args(args)
        .arg(profile)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("flat"))
        .skip(1)
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            (words[0].to_owned(), words[5..].join(" "))
        })
        .collect()
}

/// The two converters.
const CONVERTERS: [&str; 2] = ["to-pprof", "to-parquet"];

/// The records under one stack: count, bytes, and its frames as text.
type StackTally = (u64, u64, Vec<String>);

/// The frames of [`stacked`]'s stacks as every output writes them
/// (`label (file:line)`), innermost first, the allocator's left out;
/// `full` gives the standard library's whole paths.
fn stacked_frames(full: bool) -> [Vec<String>; 3] {
    let std = |path: &str| {
        if full {
            format!("/rustc/library/{path}")
        } else {
            path.to_owned()
        }
    };
    let main = "app::main (src/main.rs:10)".to_owned();
    [
        vec![
            format!(
                "alloc::raw_vec::finish_grow ({})",
                std("alloc/src/raw_vec.rs:480")
            ),
            format!(
                "alloc::vec::Vec::push ({})",
                std("alloc/src/vec/mod.rs:1200")
            ),
            "app::index::add (src/index.rs:42)".to_owned(),
            main.clone(),
        ],
        vec!["app::load (src/load.rs:7)".to_owned(), main.clone()],
        vec!["0x555500001005".to_owned(), main],
    ]
}

/// The counts and bytes of [`stacked`]'s stacks, by stack number, with
/// `frames` as each stack's; and of its records without a stack.
fn stacked_tallies(frames: [Vec<String>; 3]) -> (BTreeMap<u64, StackTally>, (u64, u64)) {
    let [one, two, three] = frames;
    let stacks = BTreeMap::from([(1, (2, 300, one)), (2, (2, 1300, two)), (3, (1, 64, three))]);
    (stacks, (1, 12))
}

/// The profile in a `to-pprof` output file.
fn profile(path: &Path) -> Profile {
    let mut encoded = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut encoded)
        .unwrap();
    Profile::decode(encoded.as_slice()).unwrap()
}

#[test]
fn to_pprof_with_the_library_frames_holds_every_stack_whole_and_adds_up_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let out = dir.path().join("a.pb.gz");
    run(["to-pprof", s(&path), "-o", s(&out), "--keep-library-frames"]).assert_ok();
    let profile = profile(&out);
    let (stacks, without) = stacked_tallies(stacked_frames(true));

    let text = |i: i64| profile.string_table[i as usize].as_str();
    let frames_of = |sample: &memscope_interchange::pprof::proto::Sample| -> Vec<String> {
        let location = |id| profile.location.iter().find(|l| l.id == id).unwrap();
        let function = |id| profile.function.iter().find(|f| f.id == id).unwrap();
        let lines = sample.location_id.iter().flat_map(|&id| &location(id).line);
        lines
            .map(|line| {
                let f = function(line.function_id);
                match (text(f.filename), line.line) {
                    ("", _) => text(f.name).to_owned(),
                    (file, at) => format!("{} ({file}:{at})", text(f.name)),
                }
            })
            .collect()
    };
    // Each sample's frames are one of the file's stacks, or a block
    // without one, named after its names.
    let mut by_stack: BTreeMap<Vec<String>, (u64, u64)> = BTreeMap::new();
    for sample in &profile.sample {
        let tally = by_stack.entry(frames_of(sample)).or_default();
        tally.0 += sample.value[0] as u64;
        tally.1 += sample.value[1] as u64;
    }
    for (count, bytes, frames) in stacks.values() {
        assert_eq!(
            by_stack.remove(frames),
            Some((*count, *bytes)),
            "{frames:?}"
        );
    }
    assert_eq!(
        by_stack,
        BTreeMap::from([(vec!["(unnamed)".to_owned()], without)])
    );
    let total = |i: usize| profile.sample.iter().map(|s| s.value[i]).sum::<i64>();
    assert_eq!(
        (total(0), total(1)),
        (6, 1676),
        "summary's records and bytes"
    );
    assert_eq!(profile.time_nanos, EXPORTED as i64);
}

#[test]
fn to_pprof_leaves_each_sample_at_its_call_site_unless_told_to_keep_the_library_frames() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let out = dir.path().join("a.pb.gz");
    run(["to-pprof", s(&path), "-o", s(&out)]).assert_ok();
    let profile = profile(&out);
    let text = |i: i64| profile.string_table[i as usize].as_str();
    let mut leaves: Vec<(&str, i64)> = Vec::new();
    let samples = profile.sample.iter().map(|sample| {
        let location = profile
            .location
            .iter()
            .find(|l| l.id == sample.location_id[0])
            .unwrap();
        let line = &location.line[0];
        let function = profile
            .function
            .iter()
            .find(|f| f.id == line.function_id)
            .unwrap();
        (text(function.name), sample.value[1])
    });
    // Samples of one stack with other names share their leaf.
    for (leaf, bytes) in samples {
        match leaves.iter_mut().find(|(name, _)| *name == leaf) {
            Some(entry) => entry.1 += bytes,
            None => leaves.push((leaf, bytes)),
        }
    }
    // The allocator's frames and the standard library's beneath the call
    // site are gone; a frame without a symbol outside the program is the
    // runtime's.
    assert_eq!(
        leaves,
        [
            ("app::index::add", 300),
            ("app::load", 1300),
            ("app::main", 64),
            ("(unnamed)", 12)
        ]
    );
}

#[test]
fn to_parquet_rows_add_up_to_the_file_each_with_its_stack_s_frames() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let out = dir.path().join("a.parquet");
    run(["to-parquet", s(&path), "-o", s(&out)]).assert_ok();
    let table = SerializedFileReader::new(Bytes::from(std::fs::read(&out).unwrap())).unwrap();
    let (stacks, without) = stacked_tallies(stacked_frames(false));

    // stack id (0 for none) -> count, bytes, the stack column.
    let mut by_stack: BTreeMap<u64, StackTally> = BTreeMap::new();
    for row in table.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let fields: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
        let (Field::ULong(size), Field::ListInternal(list)) = (fields[1], fields[7]) else {
            panic!("{row:?}");
        };
        let id = match fields[5] {
            Field::UInt(id) => u64::from(*id),
            _ => 0,
        };
        let frames = list.elements().iter().map(|f| match f {
            Field::Str(text) => text.clone(),
            other => panic!("{other:?}"),
        });
        let entry = by_stack.entry(id).or_default();
        entry.0 += 1;
        entry.1 += size;
        entry.2 = frames.collect();
    }
    assert_eq!(
        by_stack.remove(&0),
        Some((without.0, without.1, Vec::new()))
    );
    assert_eq!(by_stack, stacks);
}

#[test]
fn standard_output_gets_the_same_bytes_as_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    for command in CONVERTERS {
        let out = dir.path().join(format!("{command}.out"));
        run([command, s(&path), "-o", s(&out)]).assert_ok();

        let (code, stdout, stderr) = run_bytes([command, s(&path)]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{command}");
        assert_eq!(stdout, std::fs::read(&out).unwrap(), "{command}");
    }
}

#[test]
fn a_damaged_file_is_one_error_line_and_leaves_the_previous_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[92] ^= 0x01; // the low byte of record 0's address
    std::fs::write(&path, bytes).unwrap();
    let out = dir.path().join("out");
    std::fs::write(&out, "the previous export").unwrap();

    for command in CONVERTERS {
        let (code, stdout, stderr) = run_bytes([command, s(&path)]);
        assert_eq!((code, stdout.len()), (1, 0), "{command}");
        assert!(
            stderr.starts_with("error: ") && stderr.lines().count() == 1,
            "{stderr}"
        );
        run([command, s(&path), "-o", s(&out)])
            .assert_one_error_line(&[s(&path), "checksum mismatch"]);
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "the previous export"
        );
        assert_eq!(
            entries(dir.path()),
            ["a.memscope", "out"],
            "no temporary file left"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_device_is_written_through() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    for command in CONVERTERS {
        run([command, s(&path), "-o", "/dev/null"]).assert_ok();
        let kind = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
        assert!(kind.is_char_device(), "{command}");
    }
}

#[test]
fn the_help_of_each_converter_says_what_opens_its_output() {
    let pprof = run(["to-pprof", "--help"]);
    pprof.assert_ok();
    for reader in [
        "go tool pprof",
        "-top",
        "-traces",
        "-base",
        "speedscope",
        "inuse_space",
    ] {
        assert!(
            pprof.stdout.contains(reader),
            "{reader:?} not in\n{}",
            pprof.stdout
        );
    }
    let parquet = run(["to-parquet", "--help"]);
    parquet.assert_ok();
    for reader in ["DuckDB", "Spark", "Polars", "pyarrow", "read_parquet"] {
        assert!(
            parquet.stdout.contains(reader),
            "{reader:?} not in\n{}",
            parquet.stdout
        );
    }
    let commands = run(["--help"]);
    assert!(commands.stdout.contains("to-pprof") && commands.stdout.contains("to-parquet"));
}

#[test]
fn go_tool_pprof_finds_the_churn_of_a_real_program_by_alloc_space_and_not_by_inuse_space() {
    let Some(go) = go() else { return };
    let dir = tempfile::tempdir().unwrap();
    // The CI guide's program: 256 requests, each a 4 KiB buffer freed
    // when it is handled, at `ci_snapshot::handle`.
    let snapshot = dir.path().join("main.memscope");
    let ran = std::process::Command::new(crate::ci::example())
        .arg(&snapshot)
        .output()
        .unwrap();
    assert!(ran.status.success(), "{ran:?}");
    let profile = dir.path().join("main.pb.gz");
    run(["to-pprof", s(&snapshot), "-o", s(&profile)]).assert_ok();

    // Everything allocated over the run: the churn comes first, 1 MiB.
    let allocated = pprof_top(&go, &profile, &["-sample_index=alloc_space"]);
    assert_eq!(
        allocated[0],
        ("1048576B".to_owned(), "ci_snapshot::handle".to_owned()),
        "{allocated:#?}"
    );
    // Each buffer was freed before its thread allocated again: temporary.
    let temporary = pprof_top(&go, &profile, &["-sample_index=temporary_space"]);
    assert_eq!(
        temporary[0],
        ("1048576B".to_owned(), "ci_snapshot::handle".to_owned()),
        "{temporary:#?}"
    );
    // What is live (the default) holds none of it.
    let live = pprof_top(&go, &profile, &[]);
    assert!(
        live.iter().all(|(_, name)| name != "ci_snapshot::handle"),
        "{live:#?}"
    );
    assert_eq!(
        live[0].1, "ci_snapshot::load_settings",
        "the settings are what stays: {live:#?}"
    );
}

/// The rows of the Parquet table at `path`, each as its fields.
fn parquet_rows(path: &Path) -> Vec<Vec<Field>> {
    let table = SerializedFileReader::new(Bytes::from(std::fs::read(path).unwrap())).unwrap();
    table
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            let row = row.unwrap();
            row.get_column_iter().map(|(_, f)| f.clone()).collect()
        })
        .collect()
}

#[test]
fn to_parquet_sites_writes_a_call_site_table_that_joins_the_block_table_on_stack_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.memscope");
    std::fs::write(
        &path,
        memscope_test_support::run_file_bytes(crate::common::detailed()),
    )
    .unwrap();
    let (blocks, sites) = (dir.path().join("b.parquet"), dir.path().join("s.parquet"));
    run([
        "to-parquet",
        s(&path),
        "-o",
        s(&blocks),
        "--sites",
        s(&sites),
    ])
    .assert_ok();

    let unsigned = |field: &Field| match field {
        Field::ULong(value) => *value,
        other => panic!("{other:?}"),
    };
    // A stack id column: null (no stack) reads as 0.
    let stack_id = |field: &Field| match field {
        Field::UInt(id) => u64::from(*id),
        _ => 0,
    };
    // `JOIN ... ON b.stack_id IS NOT DISTINCT FROM s.stack_id`, by hand:
    // stack id (0 for none) -> blocks, bytes, call site.
    let mut joined: BTreeMap<u64, (u64, u64, Field)> = BTreeMap::new();
    for row in parquet_rows(&blocks) {
        let id = stack_id(&row[5]);
        let entry = joined.entry(id).or_insert((0, 0, row[6].clone()));
        entry.0 += 1;
        entry.1 += unsigned(&row[1]);
    }
    // stack id -> live blocks, live bytes, call site; allocated bytes.
    let mut live = BTreeMap::new();
    let mut allocated = BTreeMap::new();
    for row in parquet_rows(&sites) {
        let id = stack_id(&row[0]);
        let (blocks, bytes) = (unsigned(&row[7]), unsigned(&row[8]));
        if blocks > 0 {
            live.insert(id, (blocks, bytes, row[1].clone()));
        }
        allocated.insert(id, unsigned(&row[4]));
    }
    assert_eq!(joined, live, "each site's live counts are its blocks");
    assert_eq!(
        allocated,
        BTreeMap::from([(0, 12), (1, 700), (2, 1300), (3, 64), (4, 4_096_000)]),
        "and every stack has a row, app::parse's with nothing live"
    );
}

#[test]
fn to_parquet_sites_of_a_file_without_call_site_totals_is_one_error_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let (blocks, sites) = (dir.path().join("b.parquet"), dir.path().join("s.parquet"));
    run([
        "to-parquet",
        s(&path),
        "-o",
        s(&blocks),
        "--sites",
        s(&sites),
    ])
    .assert_one_error_line(&[s(&path), "no call-site totals", "sITE"]);
    assert_eq!(entries(dir.path()), ["a.memscope"]);
}

#[test]
fn to_parquet_refuses_both_tables_on_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = stacked(dir.path(), "a.memscope");
    let refused = run(["to-parquet", s(&path), "--sites", "-"]);
    assert_eq!((refused.code, refused.stdout.as_str()), (2, ""));
    assert!(
        refused.stderr.contains("both go to standard output"),
        "{}",
        refused.stderr
    );
}
