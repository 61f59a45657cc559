//! The summary: criterion's samples of this run, the file sizes and the
//! memory peaks, as markdown tables of absolute numbers, ratios, growth per
//! record, and the targets met or missed.
//!
//! Times come from criterion's `sample.json` of each benchmark
//! (`<criterion dir>/<op>_<records>/<id>/new/sample.json`): each sample is
//! some number of runs and their total time, so each sample gives one time
//! per run; the summary shows the median (or, with [`Stat::Min`], the
//! minimum) of those. Files older than the start of this run are ignored,
//! so a filtered run never mixes in numbers of an earlier one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::contestants::{Op, SINK_BUFFER};

/// Which statistic of the samples the tables show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stat {
    /// The median time per run over the samples.
    Median,
    /// The smallest time per run over the samples.
    Min,
}

impl Stat {
    /// `FIELD_STAT=min` selects [`Stat::Min`]; anything else the median.
    pub fn from_env() -> Self {
        match std::env::var("FIELD_STAT").as_deref() {
            Ok("min") => Stat::Min,
            _ => Stat::Median,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Stat::Median => "median",
            Stat::Min => "minimum",
        }
    }
}

/// One row of the tables.
#[derive(Debug, Clone)]
pub struct Row {
    /// Benchmark id.
    pub id: &'static str,
    /// Label in the tables.
    pub label: &'static str,
    /// The operations measured for it.
    pub ops: Vec<Op>,
}

/// Everything measured outside criterion, and where criterion wrote.
#[derive(Debug, Clone)]
pub struct Results {
    /// Record counts, ascending.
    pub sizes: Vec<usize>,
    /// The rows, in table order.
    pub rows: Vec<Row>,
    /// Bytes of each row's file, by (records, id).
    pub file_bytes: BTreeMap<(usize, &'static str), usize>,
    /// Peak extra bytes of one run, by (records, id, op).
    pub memory: BTreeMap<(usize, &'static str, Op), usize>,
    /// Criterion's output directory.
    pub criterion_dir: PathBuf,
    /// When this run started: older samples are ignored.
    pub started: SystemTime,
    /// The 1-minute load average when the run started and when it ended
    /// (`/proc/loadavg`), when known.
    pub load: (Option<f64>, Option<f64>),
}

/// The 1-minute load average, on Linux.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Per-run times of one benchmark, from its samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Median nanoseconds per run.
    pub median_ns: f64,
    /// Smallest nanoseconds per run.
    pub min_ns: f64,
    /// How many samples.
    pub samples: usize,
}

impl Timing {
    /// The statistic `stat` of this benchmark.
    pub fn get(&self, stat: Stat) -> f64 {
        match stat {
            Stat::Median => self.median_ns,
            Stat::Min => self.min_ns,
        }
    }

    /// From criterion's `iters` and `times` (total nanoseconds per sample).
    pub fn from_samples(iters: &[f64], times: &[f64]) -> Option<Self> {
        let mut per_run: Vec<f64> = iters
            .iter()
            .zip(times)
            .filter(|(i, _)| **i > 0.0)
            .map(|(i, t)| t / i)
            .collect();
        if per_run.is_empty() {
            return None;
        }
        per_run.sort_by(f64::total_cmp);
        let n = per_run.len();
        let median = if n % 2 == 1 {
            per_run[n / 2]
        } else {
            (per_run[n / 2 - 1] + per_run[n / 2]) / 2.0
        };
        Some(Timing {
            median_ns: median,
            min_ns: per_run[0],
            samples: n,
        })
    }
}

/// The criterion group of `op` at `records`.
pub fn group_name(op: Op, records: usize) -> String {
    format!("{}_{records}", op.name())
}

/// Reads one benchmark's samples, if this run wrote them.
fn load(dir: &Path, op: Op, records: usize, id: &str, since: SystemTime) -> Option<Timing> {
    let path = dir
        .join(group_name(op, records))
        .join(id)
        .join("new")
        .join("sample.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let sample: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let numbers = |key: &str| -> Option<Vec<f64>> {
        sample
            .get(key)?
            .as_array()?
            .iter()
            .map(|v| v.as_f64())
            .collect()
    };
    Timing::from_samples(&numbers("iters")?, &numbers("times")?)
}

/// The measured numbers, looked up by row.
struct Table<'a> {
    results: &'a Results,
    stat: Stat,
    times: BTreeMap<(usize, &'static str, Op), Timing>,
}

impl Table<'_> {
    fn time(&self, n: usize, id: &'static str, op: Op) -> Option<f64> {
        self.times.get(&(n, id, op)).map(|t| t.get(self.stat))
    }

    fn bytes(&self, n: usize, id: &'static str) -> Option<usize> {
        self.results.file_bytes.get(&(n, id)).copied()
    }

    fn memory(&self, n: usize, id: &'static str, op: Op) -> Option<usize> {
        self.results.memory.get(&(n, id, op)).copied()
    }

    fn ratio(&self, n: usize, a: (&'static str, Op), b: (&'static str, Op)) -> Option<f64> {
        Some(self.time(n, a.0, a.1)? / self.time(n, b.0, b.1)?)
    }
}

/// The competitors, by id of the detailed and of the basic mirror.
const COMPETITORS: [(&str, &str, &str); 4] = [
    ("bitcode", "bitcode_basic", "bitcode"),
    ("postcard", "postcard_basic", "postcard"),
    ("bincode", "bincode_basic", "bincode"),
    ("speedy", "speedy_basic", "speedy"),
];

/// Our file rows.
const OURS: [(&str, &str); 4] = [
    ("memscope_basic", "basic"),
    ("memscope_detailed", "detailed"),
    ("memscope_zstd1", "zstd 1"),
    ("memscope_zstd3", "zstd 3"),
];

/// Every id the ratios and targets refer to; the rows must have them all.
pub fn referenced_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = OURS.iter().map(|(id, _)| *id).collect();
    for (detailed, basic, _) in COMPETITORS {
        ids.extend([detailed, basic]);
    }
    ids.extend([
        "json",
        "derived_basic",
        "derived_detailed",
        "hand_basic",
        "hand_detailed",
        "io_floor_basic",
        "io_floor_detailed",
        "borrowed_detailed",
        "derived_plain",
    ]);
    ids
}

/// The whole summary as markdown.
pub fn render(results: &Results, stat: Stat) -> String {
    let mut times = BTreeMap::new();
    let mut samples = Vec::new();
    for &n in &results.sizes {
        for row in &results.rows {
            for &op in &row.ops {
                if let Some(t) = load(&results.criterion_dir, op, n, row.id, results.started) {
                    samples.push(t.samples);
                    times.insert((n, row.id, op), t);
                }
            }
        }
    }
    let table = Table {
        results,
        stat,
        times,
    };
    let mut out = String::new();
    let (fewest, most) = (
        samples.iter().min().copied().unwrap_or(0),
        samples.iter().max().copied().unwrap_or(0),
    );
    let _ = writeln!(
        out,
        "## memscope-bench: the field\n\n\
         Times are the **{}** time of one run (all N records) over criterion's samples \
         ({fewest} to {most} samples per benchmark; `FIELD_STAT={}` shows the {} instead). \
         Every contestant in one run, on the same records and the same sinks. \
         Load average (1 minute) at the start {} and at the end {}.\n",
        stat.name(),
        if stat == Stat::Median {
            "min"
        } else {
            "median"
        },
        if stat == Stat::Median {
            "minimum"
        } else {
            "median"
        },
        load_text(results.load.0),
        load_text(results.load.1),
    );
    for &n in &results.sizes {
        absolute(&mut out, &table, n);
    }
    ratios(&mut out, &table);
    growth(&mut out, &table);
    targets(&mut out, &table);
    footnotes(&mut out);
    out
}

fn absolute(out: &mut String, t: &Table, n: usize) {
    let _ = writeln!(out, "### {} records\n", thousands(n));
    let _ = writeln!(
        out,
        "| contestant | encode | decode | export | read | file bytes | bytes/record | export peak extra | read peak extra |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for row in &t.results.rows {
        let cell = |op: Op| match (row.ops.contains(&op), t.time(n, row.id, op)) {
            (false, _) => "".to_string(),
            (true, None) => "not run".to_string(),
            (true, Some(ns)) => duration(ns),
        };
        let bytes = t.bytes(n, row.id);
        let memory = |op: Op| {
            if row.ops.contains(&op) {
                t.memory(n, row.id, op).map_or(String::new(), size)
            } else {
                String::new()
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.label,
            cell(Op::Encode),
            cell(Op::Decode),
            cell(Op::Export),
            cell(Op::Read),
            bytes.map_or(String::new(), thousands),
            bytes.map_or(String::new(), |b| format!("{:.1}", b as f64 / n as f64)),
            memory(Op::Export),
            memory(Op::Read),
        );
    }
    out.push('\n');
}

/// One ratio line: `name`, then the ratio at each record count.
fn ratio_line(out: &mut String, t: &Table, name: &str, f: impl Fn(usize) -> Option<f64>) {
    let _ = write!(out, "| {name} |");
    for &n in &t.results.sizes {
        let _ = write!(
            out,
            " {} |",
            f(n).map_or("n/a".to_string(), |r| format!("{r:.2}"))
        );
    }
    out.push('\n');
}

fn ratios(out: &mut String, t: &Table) {
    let _ = write!(
        out,
        "### Ratios (ours / theirs, same run; below 1 means ours is faster or smaller)\n\n| ratio |"
    );
    for &n in &t.results.sizes {
        let _ = write!(out, " {} |", thousands(n));
    }
    let _ = write!(out, "\n|---|");
    for _ in &t.results.sizes {
        out.push_str("---:|");
    }
    out.push('\n');
    for (content, ours, hand) in [
        ("basic", "derived_basic", "hand_basic"),
        ("detailed", "derived_detailed", "hand_detailed"),
    ] {
        for op in [Op::Encode, Op::Decode] {
            ratio_line(
                out,
                t,
                &format!("{}: derived {content} / hand-written floor", op.name()),
                |n| t.ratio(n, (ours, op), (hand, op)),
            );
        }
    }
    for (content, ours, pick) in [
        ("basic", "derived_basic", 1usize),
        ("detailed", "derived_detailed", 0),
    ] {
        for op in [Op::Encode, Op::Decode] {
            for c in COMPETITORS {
                let theirs = if pick == 1 { c.1 } else { c.0 };
                ratio_line(
                    out,
                    t,
                    &format!("{}: derived {content} / {}", op.name(), c.2),
                    |n| t.ratio(n, (ours, op), (theirs, op)),
                );
            }
        }
    }
    for op in [Op::Encode, Op::Decode] {
        for (ours, name, theirs, their_name) in [
            ("borrowed_detailed", "borrowed detailed", "speedy", "speedy"),
            (
                "borrowed_detailed",
                "borrowed detailed",
                "derived_detailed",
                "derived detailed",
            ),
            (
                "derived_plain",
                "plain 3 fields",
                "speedy_basic",
                "speedy 3 fields",
            ),
            (
                "derived_plain",
                "plain 3 fields",
                "bitcode_basic",
                "bitcode 3 fields",
            ),
            (
                "derived_plain",
                "plain 3 fields",
                "derived_basic",
                "derived basic",
            ),
        ] {
            ratio_line(
                out,
                t,
                &format!("{}: {name} / {their_name}", op.name()),
                |n| t.ratio(n, (ours, op), (theirs, op)),
            );
        }
    }
    for (ours, floor, name) in [
        ("memscope_basic", "io_floor_basic", "basic"),
        ("memscope_detailed", "io_floor_detailed", "detailed"),
    ] {
        for op in [Op::Export, Op::Read] {
            ratio_line(
                out,
                t,
                &format!("{}: memscope {name} / I/O floor", op.name()),
                |n| t.ratio(n, (ours, op), (floor, op)),
            );
        }
    }
    for (ours, name) in OURS {
        for op in [Op::Encode, Op::Export, Op::Read] {
            ratio_line(
                out,
                t,
                &format!("{}: memscope {name} / JSON", op.name()),
                |n| t.ratio(n, (ours, op), ("json", op)),
            );
        }
        ratio_line(out, t, &format!("size: memscope {name} / JSON"), |n| {
            Some(t.bytes(n, ours)? as f64 / t.bytes(n, "json")? as f64)
        });
    }
    for c in COMPETITORS {
        for op in [Op::Export, Op::Read] {
            ratio_line(
                out,
                t,
                &format!("{}: memscope detailed / {}", op.name(), c.2),
                |n| t.ratio(n, ("memscope_detailed", op), (c.0, op)),
            );
        }
        ratio_line(out, t, &format!("size: memscope detailed / {}", c.2), |n| {
            Some(t.bytes(n, "memscope_detailed")? as f64 / t.bytes(n, c.0)? as f64)
        });
    }
    out.push('\n');
}

fn growth(out: &mut String, t: &Table) {
    let sizes: Vec<String> = t.results.sizes.iter().map(|&n| thousands(n)).collect();
    let _ = writeln!(
        out,
        "### Cost per record at {} records\n\n\
         Time in ns per record and peak extra memory in bytes per record; a flat row is linear \
         growth.\n\n\
         | contestant | encode ns | decode ns | export ns | read ns | export peak B | read peak B |\n\
         |---|---:|---:|---:|---:|---:|---:|",
        sizes.join(" / ")
    );
    for row in &t.results.rows {
        let per = |value: &dyn Fn(usize) -> Option<f64>, digits: usize| -> String {
            let cells: Vec<String> = t
                .results
                .sizes
                .iter()
                .map(|&n| value(n).map_or("-".into(), |v| format!("{:.*}", digits, v / n as f64)))
                .collect();
            cells.join(" / ")
        };
        let time = |op: Op| {
            if row.ops.contains(&op) {
                per(&|n| t.time(n, row.id, op), 1)
            } else {
                String::new()
            }
        };
        let memory = |op: Op| {
            if row.ops.contains(&op) {
                per(&|n| t.memory(n, row.id, op).map(|b| b as f64), 2)
            } else {
                String::new()
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.label,
            time(Op::Encode),
            time(Op::Decode),
            time(Op::Export),
            time(Op::Read),
            memory(Op::Export),
            memory(Op::Read),
        );
    }
    out.push('\n');
}

/// One target: its name and, per record count, the measured value and
/// whether it holds.
struct Check {
    name: String,
    cells: Vec<Option<(String, bool)>>,
}

fn targets(out: &mut String, t: &Table) {
    let sizes = &t.results.sizes;
    let mut checks = Vec::new();
    let ratio_check =
        |name: String, limit: f64, a: (&'static str, Op), b: (&'static str, Op)| Check {
            name,
            cells: sizes
                .iter()
                .map(|&n| t.ratio(n, a, b).map(|r| (format!("{r:.2}"), r <= limit)))
                .collect(),
        };
    for (content, ours, hand, pick) in [
        ("basic", "derived_basic", "hand_basic", 1usize),
        ("detailed", "derived_detailed", "hand_detailed", 0),
    ] {
        for op in [Op::Encode, Op::Decode] {
            checks.push(ratio_check(
                format!(
                    "{} {content}: derived within 1.2x of the hand-written floor",
                    op.name()
                ),
                1.2,
                (ours, op),
                (hand, op),
            ));
            // Ahead of every competitor: the worst of our ratios.
            checks.push(Check {
                name: format!(
                    "{} {content}: derived ahead of every competitor (largest ratio shown)",
                    op.name()
                ),
                cells: sizes
                    .iter()
                    .map(|&n| {
                        let worst = COMPETITORS
                            .iter()
                            .map(|c| {
                                let theirs = if pick == 1 { c.1 } else { c.0 };
                                t.ratio(n, (ours, op), (theirs, op)).map(|r| (r, c.2))
                            })
                            .collect::<Option<Vec<_>>>()?
                            .into_iter()
                            .max_by(|a, b| a.0.total_cmp(&b.0))?;
                        Some((format!("{:.2} ({})", worst.0, worst.1), worst.0 < 1.0))
                    })
                    .collect(),
            });
        }
    }
    // Issue 22: at least 3x faster, ours / theirs at most 0.33.
    checks.push(ratio_check(
        "decode detailed: borrowed decode at least 3x faster than speedy's owned decode (ratio at most 0.33)".into(),
        1.0 / 3.0,
        ("borrowed_detailed", Op::Decode),
        ("speedy", Op::Decode),
    ));
    for op in [Op::Encode, Op::Decode] {
        checks.push(ratio_check(
            format!(
                "{} 3 fields: derived plain (one copy) ahead of speedy",
                op.name()
            ),
            1.0,
            ("derived_plain", op),
            ("speedy_basic", op),
        ));
    }
    for (ours, floor, name) in [
        ("memscope_basic", "io_floor_basic", "basic"),
        ("memscope_detailed", "io_floor_detailed", "detailed"),
    ] {
        checks.push(ratio_check(
            format!("export {name}: within 1.3x of the I/O floor"),
            1.3,
            (ours, Op::Export),
            (floor, Op::Export),
        ));
        checks.push(ratio_check(
            format!("read {name}: within 1.5x of the I/O floor"),
            1.5,
            (ours, Op::Read),
            (floor, Op::Read),
        ));
    }
    for (ours, name) in OURS {
        // O(buffer): no larger than a few buffers, and not growing with N.
        let smallest = sizes.first().and_then(|&n| t.memory(n, ours, Op::Export));
        checks.push(Check {
            name: format!(
                "export {name}: extra memory O(buffer) (at most 4 x 64 KiB, no growth with N)"
            ),
            cells: sizes
                .iter()
                .map(|&n| {
                    let peak = t.memory(n, ours, Op::Export)?;
                    let flat = peak <= smallest? + smallest? / 10 + 4096;
                    Some((size(peak), flat && peak <= 4 * SINK_BUFFER))
                })
                .collect(),
        });
    }
    for (ours, name) in [("memscope_zstd1", "zstd 1"), ("memscope_zstd3", "zstd 3")] {
        checks.push(ratio_check(
            format!("export {name}: faster than the JSON export"),
            1.0,
            (ours, Op::Export),
            ("json", Op::Export),
        ));
        checks.push(Check {
            name: format!("size {name}: at most a tenth of the JSON file"),
            cells: sizes
                .iter()
                .map(|&n| {
                    let r = t.bytes(n, ours)? as f64 / t.bytes(n, "json")? as f64;
                    Some((format!("{r:.3}"), r <= 0.1))
                })
                .collect(),
        });
    }

    let _ = write!(out, "### Targets\n\n| target |");
    for &n in sizes {
        let _ = write!(out, " {} |", thousands(n));
    }
    let _ = write!(out, "\n|---|");
    for _ in sizes {
        out.push_str("---|");
    }
    out.push('\n');
    for check in checks {
        let _ = write!(out, "| {} |", check.name);
        for cell in check.cells {
            let _ = match cell {
                Some((value, true)) => write!(out, " met: {value} |"),
                Some((value, false)) => write!(out, " **missed**: {value} |"),
                None => write!(out, " not measured |"),
            };
        }
        out.push('\n');
    }
    out.push('\n');
}

fn footnotes(out: &mut String) {
    out.push_str(
        "Notes:\n\n\
         - encode: into one shared, pre-sized, pre-faulted `Vec<u8>`, emptied between runs. \
           bitcode cannot write into a caller's buffer: it encodes into its own reused \
           `bitcode::Buffer` (columns and output vector kept between runs) and its bytes stay \
           there. postcard (`to_io`), bincode (`encode_into_std_write`) and speedy \
           (`write_to_stream`) write into the shared vector. memscope rows are whole files \
           (`BinaryExporter::export_to_writer` of a `FileContents`: header, stats, records, CRC-32); derived and \
           hand-written rows are the records alone, the same bytes as the file's record segment.\n\
         - export: into one shared `BufWriter::with_capacity(64 KiB, File)`, truncated before \
           and flushed after each run, no fsync. memscope exports from a `Vec<AllocationInfo>` \
           through `export_to_writer`, so the tracker's snapshot is not measured; `export_to_writer` \
           brings its own 64 KiB buffer (allocated per export, counted) and computes the CRC, \
           and writes to the sink's file past the sink's buffer, as `export()` does to a file \
           (through both buffers every byte would be copied twice). bitcode writes its buffer \
           with one `write_all`.\n\
         - decode / read: memscope streams with `BinaryReader` (its own 64 KiB buffer, every \
           rule checked, CRC verified) and builds one `AllocationInfo` (120 bytes) per record; \
           the others decode from a slice into a new `Vec` of 72-byte mirrors (bitcode through \
           its reused `Buffer`), reading the file first with `read_to_end` into a shared \
           pre-sized vector. JSON: serde_json `from_slice` into typed structs.\n\
         - peak extra: bytes live at the peak of one run beyond those live before it, counted \
           by the bench binary's global allocator (a `realloc` counts both blocks). The shared \
           sinks are not counted; a contestant's own reused state is (a fresh one per \
           measurement), and a read counts the file's bytes when the format needs them whole \
           (`read_to_end` into a vector of the file's size). zstd's C allocations (compression \
           context and window) are not seen by a Rust allocator and are not included.\n\
         - competitors encode mirror structs of the same fields (`ptr`, `size`, `timestamp` as \
           u64, two `Option<String>` names; \"3 fields\" rows: the three u64 only, as our basic \
           layout). postcard and bincode (`config::standard()`) write varint integers, speedy \
           and ours fixed width.\n\
         - growth: at 10,000 records everything is in cache; at 1,000,000 the 120-byte \
           `AllocationInfo`s (120 MB) and the output stream come from memory, and a decoder \
           that returns a new `Vec` of a million mirrors (72 MB) faults its pages in on every \
           run (glibc gives blocks that large back to the kernel when they are freed).\n",
    );
}

fn load_text(value: Option<f64>) -> String {
    value.map_or("unknown".into(), |l| format!("{l:.2}"))
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Nanoseconds as a short time with three significant digits.
pub fn duration(ns: f64) -> String {
    let (value, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    let digits = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    format!("{value:.digits$} {unit}")
}

/// Bytes as B, KiB or MiB.
pub fn size(bytes: usize) -> String {
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timing_is_per_run_median_and_minimum() {
        let t = Timing::from_samples(&[2.0, 2.0, 4.0], &[20.0, 30.0, 32.0]).unwrap();
        assert_eq!((t.median_ns, t.min_ns, t.samples), (10.0, 8.0, 3));
        let even = Timing::from_samples(&[1.0; 4], &[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(even.median_ns, 2.5);
        assert!(Timing::from_samples(&[], &[]).is_none());
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(duration(1_234_567.0), "1.23 ms");
        assert_eq!(duration(812.0), "812 ns");
        assert_eq!(duration(45_600.0), "45.6 µs");
        assert_eq!(size(65_536), "64.0 KiB");
    }
}
