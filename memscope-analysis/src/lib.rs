//! Answers the questions of a memscope file, for any front end: where the
//! memory is (by call site, function, file, crate, thread, type and
//! variable), which stacks hold it, what grew between two files, and the
//! flame tree. The command-line tool, its HTML report and the pprof and
//! Parquet converters are all built on it.
//!
//! ```
//! use memscope_analysis::{Analysis, Grouping, Naming};
//! # use memscope_export::{BinaryExporter, CallStacks, FileContents, PlacedRecord, ResolvedFrame};
//! # use memscope_tracker::{AllocationInfo, MemoryStats};
//! # let mut stacks = CallStacks::default();
//! # let mut frame = |f| stacks.push_resolved(ResolvedFrame { address: 0x10, function: Some(f), file: Some("/home/me/app/src/main.rs"), line: Some(3), inlined: false });
//! # let (load, main) = (frame("app::load"), frame("app::main"));
//! # let here = stacks.push_stack([load, main]);
//! # let records: Vec<PlacedRecord> = (0..3).map(|i| PlacedRecord::new(AllocationInfo::new(0x1000 + i * 64, 64, 1)).with_stack(here)).collect();
//! # let stats = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
//! # let dir = tempfile::tempdir().unwrap();
//! # let path = dir.path().join("snapshot.memscope");
//! # BinaryExporter::default().export(&FileContents::new(stats, &records).with_stacks(&stacks), &path).unwrap();
//! // The five call sites holding the most bytes.
//! let analysis = Analysis::open(&path)?;
//! for site in analysis.group(Grouping::Function, 5, Naming::default()).rows {
//!     println!("{:>10} bytes  {}", site.bytes, site.label);
//! }
//! # Ok::<(), memscope_analysis::AnalysisError>(())
//! ```
//!
//! - **Read once:** [`Analysis`] streams a file's records once (any
//!   `Read + Seek` input; [`Analysis::from_stream`] copies a stream that
//!   cannot seek to a temporary file first) and counts them by stack, thread, type name,
//!   variable name and size, in memory bounded by the file's tables and
//!   [`Options`], never by its records. [`Comparison`] reads two files of
//!   one program.
//! - **Frames, classified once:** [`frames::FrameTable`] says what every
//!   frame is ([`FrameClass`]: the allocator's machinery, the runtime
//!   above `main`, the standard library, dependencies, the program,
//!   frames without a symbol), where each stack's call site is (its
//!   innermost frame of the program), and the one label every output
//!   shows ([`frames::ShownFrame`]).
//! - **Views:** [`Analysis::summary`], [`Analysis::top_stacks`],
//!   [`Analysis::group`], [`Comparison::diff`], [`Analysis::flame_tree`]:
//!   models with serde, which front ends print or serialize.
//! - **Heap tests:** [`assert_heap!`] checks what
//!   [`memscope_tracker::measure`] counted and, when a limit is broken,
//!   writes the closure's live blocks to a file the panic names
//!   ([`heap_test`]).
//! - **Limits for CI:** [`limits`]: what a file may hold
//!   ([`Analysis::check`]) and how much a later file may have grown
//!   ([`Comparison::growth`]), each limit with what was found and by how
//!   much it is over.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod analysis;
mod counts;
mod error;
pub mod frames;
pub mod heap_test;
pub mod limits;
mod measure;
mod names;
mod tally;
pub mod view;

pub use analysis::{Analysis, Comparison, Options, Which};
pub use counts::{ByName, ShownRecord};
pub use error::{AnalysisError, AnalysisResult};
pub use frames::{FrameClass, Naming, ShownFrame};
pub use heap_test::{GIB, KIB, MIB};
pub use measure::{Measure, PeakNote};
pub use names::{DEFAULT_MAX_NAMES, NameTable, Names, SHOWN_BYTES, ShownName};
pub use tally::{BUCKETS, Bucket, Histogram, Tally, TallyChange, bucket_bounds, bucket_of};
pub use view::diff::{Change, Diff, SizeChange, StackChange};
pub use view::flame::{FlameTree, NO_STACK, flame_path};
pub use view::groups::{Group, Grouped, Grouping};
pub use view::stacks::{DEFAULT_DEPTH, ShownStack, StackRow, TopStacks};
pub use view::summary::{LargestBlock, Summary};
