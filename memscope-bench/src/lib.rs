//! memscope-binary against the field: our binary export (basic, detailed,
//! zstd 1 and 3) and our JSON export next to bitcode, postcard, bincode and
//! speedy, a hand-written little-endian codec (the floor) and a plain
//! `write_all`/`read_to_end` of the same bytes (the I/O floor), on the same
//! generated records, through the same sinks, in one run.
//!
//! ```sh
//! cargo bench --manifest-path memscope-bench/Cargo.toml --bench field -- --warm-up-time 1 --measurement-time 2
//! ```
//!
//! runs the criterion suite for 10,000, 100,000 and 1,000,000 records and
//! prints the markdown summary at the end (also saved as
//! `target/criterion/field-summary.md`). `FIELD_SIZES=10000,100000` picks
//! other record counts; `FIELD_STAT=min` shows minimums instead of medians.
//!
//! The competitors and serde are dependencies of this package only, never
//! of the library.
//!
//! | module | holds |
//! |---|---|
//! | [`data`] | the generated [`Snapshot`](data::Snapshot), the mirror structs the competitors derive their traits on, the [`Digest`](data::Digest) decoders are checked with |
//! | [`contestants`] | the [`Contestant`](contestants::Contestant) trait and one module per format |
//! | [`sink`] | the shared, reused output sinks |
//! | [`alloc_count`] | the counting global allocator for peak extra memory |
//! | [`report`] | the summary tables, ratios and targets |
//! | [`cases`] | the codec benchmark's cases and their floors |
#![deny(missing_docs)]

pub mod alloc_count;
pub mod cases;
pub mod contestants;
pub mod data;
pub mod report;
pub mod sink;
