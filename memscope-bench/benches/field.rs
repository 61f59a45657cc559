//! The field: every contestant of `memscope_bench::contestants` on the same
//! records, for 10,000, 100,000 and 1,000,000 of them, then the markdown
//! summary (absolute numbers, ratios, cost per record, targets).
//!
//! ```sh
//! cargo bench --manifest-path memscope-bench/Cargo.toml --bench field -- --warm-up-time 1 --measurement-time 2
//! ```
//!
//! `FIELD_SIZES=10000,100000` measures other record counts, `FIELD_STAT=min`
//! prints minimums instead of medians. The summary is also written to
//! `target/criterion/field-summary.md`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};
use memscope_bench::alloc_count::CountingAlloc;
use memscope_bench::contestants::{self, Op, io_floor::IoFloor};
use memscope_bench::data::Snapshot;
use memscope_bench::report::{self, Results, Row, Stat};
use memscope_bench::sink::{FileSink, prefaulted};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// The record counts measured unless `FIELD_SIZES` says otherwise.
const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Our files that get an I/O floor row.
const FLOORED: [&str; 2] = ["memscope_basic", "memscope_detailed"];

fn sizes() -> Vec<usize> {
    match std::env::var("FIELD_SIZES") {
        Ok(list) => {
            let mut sizes: Vec<usize> = list
                .split(',')
                .map(|s| {
                    s.trim()
                        .parse()
                        .expect("FIELD_SIZES: record counts, comma separated")
                })
                .collect();
            sizes.sort_unstable();
            sizes
        }
        Err(_) => SIZES.to_vec(),
    }
}

/// Fewer samples as runs get longer: about 10 s at most per benchmark.
fn sample_size(records: usize) -> usize {
    match records {
        0..=20_000 => 50,
        20_001..=200_000 => 20,
        _ => 10,
    }
}

/// Where criterion writes: `CRITERION_HOME`, else the workspace's target
/// directory (`CARGO_TARGET_DIR` or `target/` beside the workspace's
/// `Cargo.toml`), as criterion itself would choose, but without asking
/// cargo.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("criterion")
}

fn main() {
    let started = SystemTime::now();
    let dir = criterion_dir();
    let mut criterion = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    let work = tempfile::tempdir().expect("a temporary directory for the files");
    let mut results = Results {
        sizes: sizes(),
        rows: Vec::new(),
        file_bytes: BTreeMap::new(),
        memory: BTreeMap::new(),
        criterion_dir: dir.clone(),
        started,
        load: (report::load_average(), None),
    };
    for n in results.sizes.clone() {
        let snapshot = Snapshot::generate(n);
        run(&mut criterion, &snapshot, work.path(), &mut results);
    }
    criterion.final_summary();
    results.load.1 = report::load_average();

    let summary = report::render(&results, Stat::from_env());
    println!("\n{summary}");
    let saved = dir.join("field-summary.md");
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&saved, &summary)) {
        Ok(()) => println!("(saved as {})", saved.display()),
        Err(e) => eprintln!("could not save {}: {e}", saved.display()),
    }
}

/// Times an export into the sink, the sink's rewind (truncating the last
/// file) left out, its final flush counted.
fn bench_export(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    sink: &mut FileSink,
    mut export: impl FnMut(&mut std::io::BufWriter<std::fs::File>),
) {
    group.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let writer = sink.rewind().expect("rewinding the sink");
                let start = Instant::now();
                export(writer);
                sink.finish().expect("flushing the sink");
                total += start.elapsed();
            }
            total
        })
    });
}

fn run(criterion: &mut Criterion, snapshot: &Snapshot, dir: &Path, results: &mut Results) {
    let n = snapshot.len();
    let mut field = contestants::all(snapshot);
    let mut sink = FileSink::create(&dir.join("sink")).expect("the sink file");

    // Each contestant's file, exported once through a sink like the shared
    // one, and checked: it decodes to every record, names included.
    let mut files = Vec::new();
    for c in &mut field {
        let path = dir.join(format!("{n}-{}", c.id()));
        let mut own = FileSink::create(&path).expect("a file");
        c.export(own.rewind().unwrap()).expect("export");
        own.finish().unwrap();
        let bytes = std::fs::read(&path).expect("reading it back");
        assert_eq!(
            c.decode(&bytes),
            snapshot.digest(c.content()),
            "{} does not decode its own file",
            c.id()
        );
        results.file_bytes.insert((n, c.id()), bytes.len());
        files.push((path, bytes));
    }
    let floors: Vec<(IoFloor, PathBuf)> = FLOORED
        .iter()
        .map(|id| {
            let at = field.iter().position(|c| c.id() == *id).unwrap();
            let (path, bytes) = &files[at];
            (IoFloor::new(id, bytes.clone()), path.clone())
        })
        .collect();
    for (floor, _) in &floors {
        results.file_bytes.insert((n, floor.id()), floor.len());
    }
    if results.rows.is_empty() {
        results.rows = field
            .iter()
            .map(|c| Row {
                id: c.id(),
                label: c.label(),
                ops: c.ops().to_vec(),
            })
            .collect();
        let after_hand = results
            .rows
            .iter()
            .position(|r| r.id == "hand_detailed")
            .unwrap()
            + 1;
        for (i, (floor, _)) in floors.iter().enumerate() {
            results.rows.insert(
                after_hand + i,
                Row {
                    id: floor.id(),
                    label: floor.label(),
                    ops: vec![Op::Export, Op::Read],
                },
            );
        }
    }

    // Peak extra memory of one export and one read each, outside criterion,
    // with a fresh contestant (its reused state counted) and, for a read,
    // no scratch vector of the benchmarks' (the file's bytes counted where
    // the format needs them).
    for (i, (path, _)) in files.iter().enumerate() {
        let mut fresh = contestants::all(snapshot).swap_remove(i);
        let writer = sink.rewind().unwrap();
        let ((), peak) = ALLOC.peak_extra(|| {
            fresh.export(writer).expect("export");
            writer.flush().unwrap();
        });
        results.memory.insert((n, fresh.id(), Op::Export), peak);
        let mut fresh = contestants::all(snapshot).swap_remove(i);
        let (digest, peak) = ALLOC.peak_extra(|| fresh.read(path, &mut Vec::new()).expect("read"));
        assert_eq!(digest, snapshot.digest(fresh.content()));
        results.memory.insert((n, fresh.id(), Op::Read), peak);
    }
    for (floor, path) in &floors {
        let writer = sink.rewind().unwrap();
        let ((), peak) = ALLOC.peak_extra(|| {
            floor.export(writer).unwrap();
            writer.flush().unwrap();
        });
        results.memory.insert((n, floor.id(), Op::Export), peak);
        let (_, peak) = ALLOC.peak_extra(|| floor.read(path, &mut Vec::new()).unwrap());
        results.memory.insert((n, floor.id(), Op::Read), peak);
    }

    // The shared sinks of encode and read: large enough for any file, their
    // pages touched once before anyone is measured.
    let largest = files.iter().map(|(_, b)| b.len()).max().unwrap_or(0) + 4096;
    let mut memory = prefaulted(largest);
    let mut scratch = prefaulted(largest);

    for op in Op::ALL {
        let mut group = criterion.benchmark_group(report::group_name(op, n));
        group
            .sample_size(sample_size(n))
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::Elements(n as u64));
        for (c, (path, bytes)) in field.iter_mut().zip(&files) {
            if !c.ops().contains(&op) {
                continue;
            }
            let id = c.id();
            match op {
                Op::Encode => {
                    group.bench_function(id, |b| {
                        b.iter(|| {
                            memory.clear();
                            black_box(c.encode(&mut memory))
                        })
                    });
                }
                Op::Decode => {
                    group.bench_function(id, |b| b.iter(|| black_box(c.decode(bytes))));
                }
                Op::Export => bench_export(&mut group, id, &mut sink, |w| {
                    c.export(w).expect("export");
                }),
                Op::Read => {
                    group.bench_function(id, |b| {
                        b.iter(|| black_box(c.read(path, &mut scratch).expect("read")))
                    });
                }
            }
        }
        for (floor, path) in &floors {
            match op {
                Op::Export => bench_export(&mut group, floor.id(), &mut sink, |w| {
                    floor.export(w).expect("export");
                }),
                Op::Read => {
                    group.bench_function(floor.id(), |b| {
                        b.iter(|| black_box(floor.read(path, &mut scratch).expect("read")))
                    });
                }
                Op::Encode | Op::Decode => {}
            }
        }
        group.finish();
    }
}
