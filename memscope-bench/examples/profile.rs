//! One contestant, one operation, a few runs, without criterion: a target
//! for `valgrind --tool=callgrind` (instruction counts do not depend on
//! what else the machine is doing).
//!
//! ```sh
//! cargo build --release -p memscope-bench --example profile
//! valgrind --tool=callgrind target/release/examples/profile derived_basic decode 100000 5
//! ```
//!
//! Arguments: contestant id (as in the summary's benchmark ids, or
//! `io_floor_basic` / `io_floor_detailed`), operation (`encode`, `decode`,
//! `export`, `read`), record count, runs. Prints the file's size and the
//! digest of one more decode, to show the work was done. Setup (generating
//! the records, one export) is in the counts too: subtract a run with
//! RUNS = 0.

use std::hint::black_box;

use memscope_bench::contestants::{self, io_floor::IoFloor};
use memscope_bench::data::Snapshot;
use memscope_bench::sink::{FileSink, prefaulted};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [id, op, records, runs] = args.as_slice() else {
        eprintln!("usage: profile ID OP RECORDS RUNS");
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
