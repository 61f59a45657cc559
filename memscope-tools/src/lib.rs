//! Tools of the workspace that are not user examples, one binary each:
//!
//! - `large_snapshot OUT [RECORDS] [--stacks]`: a large detailed file to
//!   time the command-line tool on;
//! - `long_names OUT [RECORDS [BYTES]]`: a file of records with names of
//!   hostile length;
//! - `export_cost [BLOCKS [SECONDS]]`: what an export costs the tracked
//!   program, against a plain write of the same bytes;
//! - `fuzz_seeds`: small real exports, into `fuzz/seeds/`;
//! - `amplification DIR`: issue 26's files whose tables decode to far
//!   more than their size, at full size.
//!
//! `cargo run --release -p memscope-tools --bin NAME -- ARGS`.
#![forbid(unsafe_code)]
