//! Tracks every heap allocation of a small text-indexing job and reports
//! what the tracker saw.
//!
//! ```sh
//! cargo run --release --example track_workload                # stats only
//! cargo run --release --example track_workload -- state.json  # and a JSON export
//! ```
//!
//! The job generates a deterministic corpus of 50,000 words, tokenizes it,
//! and builds an inverted index (word -> positions) and bigram counts: some
//! hundred thousand live blocks, of many sizes, from strings, vectors, hash
//! tables and B-tree nodes.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use memscope_binary::{TrackingAllocator, export_to_json, global_tracker, track_var};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();

const WORDS: usize = 50_000;
const VOCABULARY: usize = 8_000;
const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "fe", "gu", "hi", "jo", "ba",
    "ce", "di", "fo", "ga", "le", "mo", "nu", "ri",
];

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A text of `words` words drawn from a made-up vocabulary, skewed so that
/// a few words are frequent and most are rare, as in real text, with
/// punctuation, capitals and line breaks for the tokenizer to undo.
fn generate_corpus(rng: &mut Rng, words: usize) -> String {
    let vocabulary: Vec<String> = (0..VOCABULARY)
        .map(|_| {
            (0..2 + rng.below(3))
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect();
    let mut text = String::new();
    for i in 0..words {
        // The product of two uniform draws favours small indexes.
        let rank = rng.below(VOCABULARY) * rng.below(VOCABULARY) / VOCABULARY;
        let word = &vocabulary[rank];
        if i % 12 == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push_str(word);
        }
        text.push_str(match rng.below(20) {
            0 => ".\n",
            1 | 2 => ", ",
            _ => " ",
        });
    }
    text
}

/// Lower-case words, split on anything that is not a letter.
fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn main() {
    let export_path = std::env::args_os().nth(1);
    let started = Instant::now();

    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let corpus = generate_corpus(&mut rng, WORDS);
    track_var!(corpus);

    let tokens = tokenize(&corpus);
    track_var!(tokens);

    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (position, token) in tokens.iter().enumerate() {
        index.entry(token.clone()).or_default().push(position);
    }

    let mut bigrams: BTreeMap<(String, String), u32> = BTreeMap::new();
    for pair in tokens.windows(2) {
        *bigrams
            .entry((pair[0].clone(), pair[1].clone()))
            .or_default() += 1;
    }

    let mut by_frequency: Vec<(&str, usize)> = index
        .iter()
        .map(|(word, positions)| (word.as_str(), positions.len()))
        .collect();
    by_frequency.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    track_var!(by_frequency);
    let elapsed = started.elapsed();

    let stats = global_tracker().stats();
    println!(
        "workload: {} tokens, {} distinct words, {} distinct bigrams, in {elapsed:.2?}",
        tokens.len(),
        index.len(),
        bigrams.len()
    );
    let top: Vec<String> = by_frequency
        .iter()
        .take(5)
        .map(|(word, count)| format!("{word} ({count})"))
        .collect();
    println!("most frequent: {}", top.join(", "));
    println!(
        "allocations: {} ({} reallocations), deallocations: {}",
        stats.total_allocations, stats.total_reallocations, stats.total_deallocations
    );
    println!(
        "live: {} blocks, {} bytes; peak: {} blocks, {} bytes",
        stats.active_allocations, stats.active_memory, stats.peak_allocations, stats.peak_memory
    );
    println!(
        "allocated in total: {} bytes, freed: {} bytes",
        stats.total_allocated, stats.total_deallocated
    );
    let named: Vec<String> = global_tracker().with_live_allocations(|_, live| {
        live.filter_map(|a| {
            let name = a.var_name.as_deref()?;
            let ty = a.type_name.as_deref().unwrap_or("?");
            Some(format!("  {name}: {ty}, {} bytes at {:#x}", a.size, a.ptr))
        })
        .collect()
    });
    println!("named blocks:\n{}", named.join("\n"));

    if let Some(path) = export_path {
        match export_to_json(global_tracker(), &path) {
            Ok(summary) => println!(
                "exported {} allocations, {} bytes, to {} in {:.2?}",
                summary.allocations,
                summary.bytes,
                path.to_string_lossy(),
                summary.elapsed
            ),
            Err(error) => {
                eprintln!("export failed: {error}");
                std::process::exit(1);
            }
        }
    }
}
