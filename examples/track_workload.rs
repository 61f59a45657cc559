//! The main job: track every heap allocation of a real workload (building a
//! word index of a generated text corpus) with the tracking allocator,
//! recording where each block was allocated, then export the live
//! allocations in the binary format, basic, detailed and compressed, and as
//! JSON, compare them, and show which code holds the memory.
//!
//! `cargo run --release --example track_workload [OUT_DIR]`
//! (files go to `target/memscope-example` unless a directory is given)
//!
//! Call stacks are walked through frame pointers: this workspace builds
//! with `-C force-frame-pointers=yes` (`.cargo/config.toml`), and release
//! builds keep line tables (`debug = "line-tables-only"`), so stacks name
//! files and lines.
//!
//! Then it runs the same workload again, in a child process, under
//! sampled tracking (`TrackingAllocator::sampled`, one block recorded per
//! 16 KiB allocated on average), and prints the sampled estimates beside
//! the lossless counts, call site by call site.

use std::alloc::{GlobalAlloc, Layout};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use memscope_analysis::{Analysis, Grouping, Measure, Naming};
use memscope_export::{BinaryExportConfig, BinaryExporter, export_to_json};
use memscope_tracker::{TrackingAllocator, global_tracker, track_var};

/// Every block, with its call stack.
static LOSSLESS: TrackingAllocator = TrackingAllocator::with_call_stacks();
/// A sample of the blocks, about one per 16 KiB allocated: small enough a
/// mean for this small workload (5 MB live) to estimate its call sites
/// within a few percent; production would keep the 512 KiB default.
static SAMPLED: TrackingAllocator = TrackingAllocator::sampled(16 << 10);

/// The environment variable that makes a run sampled (set by the first
/// run for its child).
const SAMPLED_RUN: &str = "MEMSCOPE_EXAMPLE_SAMPLED";

/// One of the two allocators for the whole process, chosen from the
/// environment before its first allocation (`getenv` allocates nothing).
struct OneOfTwo;

/// 0 until chosen, then 1 lossless or 2 sampled.
static CHOSEN: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

impl OneOfTwo {
    #[inline]
    fn allocator(&self) -> &'static TrackingAllocator {
        use std::sync::atomic::Ordering::Relaxed;
        let mut chosen = CHOSEN.load(Relaxed);
        if chosen == 0 {
            chosen = if sampled_run() { 2 } else { 1 };
            CHOSEN.store(chosen, Relaxed);
        }
        if chosen == 2 { &SAMPLED } else { &LOSSLESS }
    }
}

/// Whether this process is the sampled run.
fn sampled_run() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: `getenv` reads the environment, which nothing modifies
        // while the process starts; the name is a NUL-terminated constant.
        unsafe { !libc::getenv(c"MEMSCOPE_EXAMPLE_SAMPLED".as_ptr()).is_null() }
    }
    #[cfg(not(unix))]
    {
        false
    }
}

// SAFETY: every call goes to the same one of two allocators for the whole
// life of the process (chosen at the first call), so each block is freed
// by the allocator that allocated it.
unsafe impl GlobalAlloc for OneOfTwo {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller's contract.
        unsafe { self.allocator().alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller's contract.
        unsafe { self.allocator().alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: our caller's contract; the block is this allocator's.
        unsafe { self.allocator().dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: our caller's contract; the block is this allocator's.
        unsafe { self.allocator().realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: OneOfTwo = OneOfTwo;

/// A small deterministic PRNG (xorshift), so every run builds the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Sentences of words drawn from a Zipf-like vocabulary.
#[inline(never)]
fn corpus(words: usize) -> Vec<String> {
    let syllables = ["ka", "lo", "mi", "ra", "tu", "zen", "vo", "shi", "an", "el"];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocabulary: Vec<String> = (0..5_000)
        .map(|_| {
            let n = 1 + (rng.next() % 4) as usize;
            (0..n)
                .map(|_| syllables[(rng.next() % 10) as usize])
                .collect()
        })
        .collect();
    let mut sentences = Vec::new();
    let mut sentence = String::new();
    for i in 0..words {
        // Squaring skews the draw towards the first words: a few are common.
        let r = (rng.next() % 10_000) as f64 / 10_000.0;
        let word = &vocabulary[(r * r * vocabulary.len() as f64) as usize];
        if !sentence.is_empty() {
            sentence.push(' ');
        }
        sentence.push_str(word);
        if i % 12 == 11 {
            sentences.push(std::mem::take(&mut sentence));
        }
    }
    sentences
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/memscope-example"));
    std::fs::create_dir_all(&out_dir)?;
    let sampled_path = out_dir.join("sampled.memscope");
    if sampled_run() {
        return sampled_workload(&sampled_path);
    }

    // The workload: an inverted index (word -> sentence numbers) and bigram
    // counts, tens of thousands of live heap blocks.
    let started = Instant::now();
    let (sentences, index, bigrams) = workload();
    let workload_time = started.elapsed();
    let (longest, top_words) = longest_sentences(&sentences);
    // Names for the blocks holding the data: each says whether it could.
    for named in [
        track_var!(sentences),
        track_var!(top_words),
        track_var!(longest),
        track_var!(index, "word index"),
        track_var!(bigrams, "bigram counts"),
    ] {
        assert!(named.is_named(), "{named}");
    }

    let stats = global_tracker().stats();
    println!(
        "workload: {} sentences, {} distinct words, {} bigrams",
        sentences.len(),
        index.len(),
        bigrams.len()
    );
    println!(
        "tracked: {} allocations, {} frees, {} live blocks holding {} bytes (peak {} bytes)\n",
        stats.total_allocations,
        stats.total_deallocations,
        stats.active_allocations,
        stats.active_memory,
        stats.peak_memory
    );

    println!(
        "{:<22} {:>9} {:>12} {:>10} {:>13}",
        "export", "records", "file bytes", "time ms", "bytes/record"
    );
    let variants = [
        ("basic", BinaryExportConfig::new()),
        ("detailed", BinaryExportConfig::new().include_details(true)),
        (
            "detailed, no stacks",
            BinaryExportConfig::new()
                .include_details(true)
                .call_stacks(false),
        ),
        (
            "detailed + zstd 3",
            BinaryExportConfig::new()
                .include_details(true)
                .compression_level(3),
        ),
    ];
    for (name, config) in variants {
        let path = out_dir.join(format!(
            "{}.memscope",
            name.replace(" + ", "-").replace(' ', "-")
        ));
        let exported = BinaryExporter::new(config).export(global_tracker(), &path)?;
        println!(
            "{:<22} {:>9} {:>12} {:>10.2} {:>13.1}",
            name,
            exported.allocations_count,
            exported.file_size,
            exported.export_duration.as_secs_f64() * 1e3,
            exported.avg_allocation_size()
        );
    }
    let json = export_to_json(global_tracker(), out_dir.join("allocations.json"))?;
    println!(
        "{:<22} {:>9} {:>12} {:>10.2} {:>13.1}",
        "json",
        json.allocations_count,
        json.file_size,
        json.export_duration.as_secs_f64() * 1e3,
        json.file_size as f64 / json.allocations_count.max(1) as f64
    );
    println!("\nfiles in {}", out_dir.display());
    let detailed = out_dir.join("detailed.memscope");
    print_call_sites(&detailed, 5)?;
    compare_with_sampled(&detailed, &sampled_path, workload_time)?;
    Ok(())
}

/// The sentences, the inverted index (word -> sentence numbers) and the
/// bigram counts: tens of thousands of live heap blocks.
type Built = (
    Vec<String>,
    HashMap<String, Vec<u32>>,
    BTreeMap<(String, String), u32>,
);

/// The workload. The index is built on a thread of its own, named, so
/// that the export can say which thread holds what (`summary --by
/// thread`).
fn workload() -> Built {
    let sentences = corpus(60_000);
    let (index, bigrams) = std::thread::scope(|scope| {
        let indexer = std::thread::Builder::new()
            .name("indexer".into())
            .spawn_scoped(scope, || build_index(&sentences))
            .expect("a thread");
        let bigrams = count_bigrams(&sentences);
        (indexer.join().expect("the indexer finished"), bigrams)
    });
    (sentences, index, bigrams)
}

/// The sentences, longest first, and copies of the 100 longest.
#[inline(never)]
fn longest_sentences(sentences: &[String]) -> (Vec<&String>, Vec<String>) {
    let mut longest: Vec<&String> = sentences.iter().collect();
    longest.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let top_words = longest.iter().take(100).map(|s| s.to_string()).collect();
    (longest, top_words)
}

/// The child's run: the same workload, sampled, exported to `path`; its
/// workload time in seconds is all it prints.
fn sampled_workload(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let built = workload();
    let longest = longest_sentences(&built.0);
    let elapsed = started.elapsed();
    BinaryExporter::new(BinaryExportConfig::new()).export(global_tracker(), path)?;
    drop(longest);
    drop(built);
    println!("{}", elapsed.as_secs_f64());
    Ok(())
}

/// Runs the workload again in a child process under sampled tracking and
/// prints its estimates of the call sites beside the lossless counts of
/// `lossless`.
fn compare_with_sampled(
    lossless: &Path,
    sampled: &Path,
    lossless_time: std::time::Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    let child = std::process::Command::new(std::env::current_exe()?)
        .arg(sampled.parent().unwrap_or(Path::new(".")))
        .env(SAMPLED_RUN, "1")
        .output()?;
    if !child.status.success() {
        let stderr = String::from_utf8_lossy(&child.stderr);
        return Err(format!("the sampled run failed: {stderr}").into());
    }
    let sampled_time: f64 = String::from_utf8_lossy(&child.stdout).trim().parse()?;
    let (full, estimated) = (Analysis::open(lossless)?, Analysis::open(sampled)?);
    if full.frames().is_none() || estimated.frames().is_none() {
        return Ok(());
    }
    println!(
        "\nthe same workload, sampled (one block per {} KiB allocated on average; {} samples in {}):",
        estimated.sample_mean().unwrap_or(0) >> 10,
        estimated.stats().active_allocations,
        sampled.display(),
    );
    println!(
        "workload time {:.0} ms tracked losslessly, {:.0} ms sampled",
        lossless_time.as_secs_f64() * 1e3,
        sampled_time * 1e3
    );
    // The theory's relative error of a site holding B bytes at mean T:
    // about sqrt(T/B), so small sites are estimated roughly.
    let mean = estimated.sample_mean().unwrap_or(1) as f64;
    println!(
        "{:>12} {:>12} {:>7} {:>9}  call site",
        "lossless", "estimated", "error", "expected"
    );
    let estimates = estimated.group(Grouping::Function, usize::MAX, Naming::default());
    for site in full.group(Grouping::Function, 5, Naming::default()).rows {
        let estimate = estimates
            .rows
            .iter()
            .find(|row| row.label == site.label)
            .map_or(0, |row| row.bytes);
        let error = (estimate as f64 / site.bytes.max(1) as f64 - 1.0) * 100.0;
        let expected = (mean / site.bytes.max(1) as f64).sqrt() * 100.0;
        println!(
            "{:>12} {:>12} {:>+6.1}% {:>8.0}%  {}",
            site.bytes, estimate, error, expected, site.label
        );
    }
    Ok(())
}

/// The inverted index: word -> numbers of the sentences it appears in.
#[inline(never)]
fn build_index(sentences: &[String]) -> HashMap<String, Vec<u32>> {
    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    for (n, sentence) in sentences.iter().enumerate() {
        for word in sentence.split(' ') {
            index.entry(word.to_string()).or_default().push(n as u32);
        }
    }
    index
}

/// How often each pair of neighbouring words appears.
#[inline(never)]
fn count_bigrams(sentences: &[String]) -> BTreeMap<(String, String), u32> {
    let mut bigrams = BTreeMap::new();
    for sentence in sentences {
        let words: Vec<&str> = sentence.split(' ').collect();
        for pair in words.windows(2) {
            *bigrams
                .entry((pair[0].to_string(), pair[1].to_string()))
                .or_default() += 1;
        }
    }
    bigrams
}

/// Reads an export back and prints the `top` call sites holding the most
/// live bytes: the innermost frame of this program under each block,
/// where the memory is.
fn print_call_sites(path: &std::path::Path, top: usize) -> Result<(), Box<dyn std::error::Error>> {
    let analysis = Analysis::open(path)?;
    if analysis.frames().is_none() {
        println!("\n(no call stacks were recorded: see the README on frame pointers)");
        return Ok(());
    }
    let total = analysis.total().bytes.max(1);
    let sites = analysis.group(Grouping::Function, top, Naming::default());
    println!(
        "\nwhere the live bytes are: the top {top} of {} call sites of {}",
        sites.distinct,
        path.display()
    );
    for site in &sites.rows {
        let share = site.bytes as f64 * 100.0 / total as f64;
        println!(
            "{:>10} bytes in {:>6} blocks ({share:4.1}%)  {}",
            site.bytes, site.count, site.label
        );
    }
    // The file also holds each call site's blocks at the run's peak,
    // which an export at the end no longer sees live.
    if let Some(peak) = analysis.at(Measure::Peak) {
        let note = analysis.peak_note();
        let sites = peak.group(Grouping::Function, top, Naming::default());
        println!(
            "
where the bytes were at the peak ({} bytes; this export holds {:.1}% of it): the top {top} call sites",
            note.peak_bytes,
            note.share() * 100.0
        );
        let total = peak.total().bytes.max(1);
        for site in &sites.rows {
            let share = site.bytes as f64 * 100.0 / total as f64;
            println!(
                "{:>10} bytes in {:>6} blocks ({share:4.1}%)  {}",
                site.bytes, site.count, site.label
            );
        }
    }
    let path = path.display();
    println!("\nall of it, and more:");
    println!("  cargo run --release -p memscope-binary-cli -- summary {path}");
    println!("  cargo run --release -p memscope-binary-cli -- summary {path} --by function");
    println!(
        "  cargo run --release -p memscope-binary-cli -- summary {path} --at peak --by function"
    );
    println!(
        "  cargo run --release -p memscope-binary-cli -- summary {path} --temporary --by function"
    );
    println!("  cargo run --release -p memscope-binary-cli -- summary {path} --by thread");
    println!("  cargo run --release -p memscope-binary-cli -- summary {path} --by var");
    println!("  cargo run --release -p memscope-binary-cli -- report {path} -o report.html");
    println!("  cargo run --release -p memscope-binary-cli -- to-pprof {path} -o heap.pb.gz");
    Ok(())
}
