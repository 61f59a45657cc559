//! A small program whose every heap block is tracked with the call stack
//! that allocated it (`TrackingAllocator::with_call_stacks`), exported
//! twice as version-2 files: `before.memscope` once its documents and
//! index are built, `after.memscope` once it has also filled a cache and
//! loaded more documents. The files `summary` and `diff` show by call site
//! in the README.
//!
//! `cargo run --release -p memscope-binary-cli --example call_stacks [OUT_DIR]`
//! (files go to `target/memscope-stacks` unless a directory is given)
//!
//! Each stage is a function of its own (`#[inline(never)]`, and no tail
//! call: its result passes through `black_box`), so that its name is the
//! call site of what it allocates, as it would be in a larger program. The
//! workspace builds with frame pointers (`.cargo/config.toml`), which the
//! allocator walks; file and line come from the debug line tables, which a
//! release build has with `CARGO_PROFILE_RELEASE_DEBUG=line-tables-only`.

use std::hint::black_box;

use std::collections::HashMap;
use std::path::PathBuf;

use memscope_export::{BinaryExportConfig, BinaryExporter};
use memscope_tracker::{TrackingAllocator, global_tracker, track_var};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

/// A small deterministic PRNG (xorshift), so every run allocates the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `count` documents of 20 to 80 words of a small vocabulary.
#[inline(never)]
fn load_documents(rng: &mut Rng, count: usize) -> Vec<String> {
    let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"];
    let documents = (0..count)
        .map(|_| {
            let len = 20 + (rng.next() % 60) as usize;
            let mut document = String::new();
            for _ in 0..len {
                if !document.is_empty() {
                    document.push(' ');
                }
                document.push_str(words[(rng.next() % words.len() as u64) as usize]);
            }
            document
        })
        .collect();
    black_box(documents)
}

/// Each word's documents: the vectors grow one push at a time.
#[inline(never)]
fn build_index(documents: &[String]) -> HashMap<String, Vec<u32>> {
    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    for (n, document) in documents.iter().enumerate() {
        for word in document.split(' ') {
            index.entry(word.to_string()).or_default().push(n as u32);
        }
    }
    black_box(index)
}

/// One rendered line per document, kept as boxed bytes.
#[inline(never)]
fn fill_cache(documents: &[String]) -> Vec<Box<[u8]>> {
    let lines = documents
        .iter()
        .map(|d| format!("<p>{d}</p>").into_bytes().into_boxed_slice())
        .collect();
    black_box(lines)
}

fn export(name: &str, out_dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let path = out_dir.join(name);
    let config = BinaryExportConfig::new().include_details(true);
    let stats = BinaryExporter::new(config).export(global_tracker(), &path)?;
    println!(
        "{}: {} records, {} bytes",
        path.display(),
        stats.allocations_count,
        stats.file_size
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/memscope-stacks"));
    std::fs::create_dir_all(&out_dir)?;

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut documents = load_documents(&mut rng, 2_000);
    let index = build_index(&documents);
    track_var!(documents);
    export("before.memscope", &out_dir)?;

    let cache = fill_cache(&documents);
    documents.extend(load_documents(&mut rng, 1_000));
    track_var!(cache);
    export("after.memscope", &out_dir)?;

    println!(
        "{} documents, {} words indexed, {} cached lines",
        documents.len(),
        index.len(),
        cache.len()
    );
    Ok(())
}
