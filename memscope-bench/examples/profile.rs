//! One contestant, one operation, a few runs, without criterion: a target
//! for `valgrind --tool=callgrind` (instruction counts do not depend on
//! what else the machine is doing).
//!
//! ```sh
//! cargo build --release --manifest-path memscope-bench/Cargo.toml --example profile
//! valgrind --tool=callgrind memscope-bench/target/release/examples/profile derived_basic decode 100000 5
//! ```
//!
//! Arguments: contestant id (as in the summary's benchmark ids, or
//! `io_floor_basic` / `io_floor_detailed`), operation (`encode`, `decode`,
//! `export`, `read`), record count, runs. Prints the file's size and the
//! digest of one more decode, to show the work was done. Setup (generating
//! the records, one export) is in the counts too: subtract a run with
//! RUNS = 0.
//!
//! `profile case CASE OP COUNT RUNS` runs one of the codec benchmark's
//! cases instead (`memscope_bench::cases`): CASE is `plain`, `plain_memcpy`,
//! `plain_tuples`, `blob`, `blob_memcpy`, `event` or `event_hand`, OP
//! `encode` or `decode`, COUNT the records, events or blob bytes. Events
//! are decoded into a checksum of their fields, the bench's first sink.

use std::hint::black_box;

use memscope_bench::cases::{self, Blob, ThreeU64};
use memscope_bench::contestants::{self, io_floor::IoFloor};
use memscope_bench::data::Snapshot;
use memscope_bench::sink::{FileSink, prefaulted};
use memscope_binary::{BinaryRecord, Layout};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, case, op, count, runs] = args.as_slice()
        && mode == "case"
    {
        let count = count.parse().expect("COUNT: a number");
        let runs = runs.parse().expect("RUNS: a number");
        return run_case(case, op, count, runs);
    }
    let [id, op, records, runs] = args.as_slice() else {
        eprintln!("usage: profile ID OP RECORDS RUNS | profile case CASE OP COUNT RUNS");
        std::process::exit(2);
    };
    let records: usize = records.parse().expect("RECORDS: a number");
    let runs: usize = runs.parse().expect("RUNS: a number");
    let snapshot = Snapshot::generate(records);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("file");
    let mut sink = FileSink::create(&dir.path().join("sink")).expect("the sink");

    let floor_of = id
        .strip_prefix("io_floor_")
        .map(|c| format!("memscope_{c}"));
    let mut field = contestants::all(&snapshot);
    let at = field
        .iter()
        .position(|c| Some(c.id()) == floor_of.as_deref().or(Some(id)))
        .unwrap_or_else(|| panic!("no contestant {id}"));
    let c = &mut field[at];
    let mut own = FileSink::create(&path).expect("a file");
    c.export(own.rewind().unwrap()).expect("export");
    own.finish().unwrap();
    let bytes = std::fs::read(&path).expect("the file");
    let mut memory = prefaulted(bytes.len() + 4096);
    let mut scratch = prefaulted(bytes.len() + 4096);

    if let Some(of) = floor_of {
        let floor = IoFloor::new(&of, bytes.clone());
        for _ in 0..runs {
            match op.as_str() {
                "export" => {
                    floor.export(sink.rewind().unwrap()).unwrap();
                    sink.finish().unwrap();
                }
                "read" => {
                    black_box(floor.read(&path, &mut scratch).unwrap());
                }
                other => panic!("the I/O floor has no {other}"),
            }
        }
        println!("{id} {op}: {} bytes", floor.len());
        return;
    }
    for _ in 0..runs {
        match op.as_str() {
            "encode" => {
                memory.clear();
                black_box(c.encode(&mut memory));
            }
            "decode" => {
                black_box(c.decode(&bytes));
            }
            "export" => {
                c.export(sink.rewind().unwrap()).unwrap();
                sink.finish().unwrap();
            }
            "read" => {
                black_box(c.read(&path, &mut scratch).unwrap());
            }
            other => panic!("no operation {other}"),
        }
    }
    println!(
        "{id} {op}: {} bytes, digest {:?}",
        bytes.len(),
        c.decode(&bytes)
    );
}

/// One of the codec benchmark's cases, `runs` times.
fn run_case(case: &str, op: &str, count: usize, runs: usize) {
    let records = cases::three_u64_records(count);
    let tuples: Vec<(u64, u64, u64)> = records
        .iter()
        .map(|r| (r.ptr, r.size, r.timestamp))
        .collect();
    let mut plain_bytes = Vec::new();
    ThreeU64::write_many(&records, &mut plain_bytes, Layout::Basic).unwrap();
    let blob = cases::blob(count);
    let blob_bytes = blob.to_bytes(Layout::Basic).unwrap();
    let events = cases::events(count);
    let event_bytes = cases::event_bytes(&events);
    let mut out = prefaulted(
        plain_bytes
            .len()
            .max(blob_bytes.len())
            .max(event_bytes.len()),
    );
    let mut collected = Vec::with_capacity(events.len());
    for _ in 0..runs {
        out.clear();
        match (case, op) {
            ("plain", "encode") => drop(ThreeU64::write_many(
                black_box(&records),
                &mut out,
                Layout::Basic,
            )),
            ("plain", "decode") => drop(black_box(ThreeU64::decode_many(
                &plain_bytes,
                count,
                Layout::Basic,
            ))),
            ("plain_memcpy", "encode") => out.extend_from_slice(black_box(&plain_bytes)),
            ("plain_memcpy", "decode") => drop(black_box(black_box(&plain_bytes).to_vec())),
            ("plain_tuples", "encode") => drop(<(u64, u64, u64)>::write_many(
                black_box(&tuples),
                &mut out,
                Layout::Basic,
            )),
            ("plain_tuples", "decode") => drop(black_box(<(u64, u64, u64)>::decode_many(
                &plain_bytes,
                count,
                Layout::Basic,
            ))),
            ("blob", "encode") => drop(black_box(&blob).write_with(&mut out, Layout::Basic)),
            ("blob", "decode") => drop(black_box(Blob::decode_slice(&blob_bytes, Layout::Basic))),
            ("blob_memcpy", "encode") => out.extend_from_slice(&black_box(&blob).data),
            ("blob_memcpy", "decode") => drop(black_box(black_box(&blob_bytes)[4..].to_vec())),
            ("event", "encode") => {
                for event in &events {
                    event.write_with(&mut out, Layout::Basic).unwrap();
                }
            }
            ("event", "decode") => {
                let mut sum = 0u64;
                cases::decode_events(black_box(&event_bytes), |e| {
                    sum = sum.rotate_left(5) ^ cases::checksum(&e)
                });
                black_box(sum);
            }
            ("event", "collect") => {
                collected.clear();
                cases::decode_events(black_box(&event_bytes), |e| collected.push(e));
                black_box(&collected);
            }
            ("event_hand", "collect") => {
                collected.clear();
                cases::hand_decode_events(black_box(&event_bytes), |e| collected.push(e));
                black_box(&collected);
            }
            ("event_hand", "encode") => {
                for event in &events {
                    cases::hand_write_event(event, &mut out).unwrap();
                }
            }
            ("event_hand", "decode") => {
                let mut sum = 0u64;
                cases::hand_decode_events(black_box(&event_bytes), |e| {
                    sum = sum.rotate_left(5) ^ cases::checksum(&e)
                });
                black_box(sum);
            }
            _ => panic!("no case {case} {op}"),
        }
        black_box(&out);
    }
    println!("case {case} {op}: {count} x {runs}");
}
