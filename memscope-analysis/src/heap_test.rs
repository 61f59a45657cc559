//! Heap assertions for tests: [`assert_heap!`](crate::assert_heap) checks a
//! [`HeapStats`] from [`memscope_tracker::measure`] and, when a limit is
//! broken, leaves the evidence: a memscope file of the measured closure's
//! blocks that are still live, with their call stacks, named in the panic
//! message with its top call sites.
//!
//! ```standalone_crate
//! use memscope_analysis::{KIB, assert_heap};
//! use memscope_tracker::{TrackingAllocator, measure};
//!
//! #[global_allocator]
//! static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();
//!
//! fn main() {
//!     let (_table, stats) = measure(|| vec![0u32; 1000]);
//!     assert_heap!(stats, allocations <= 3, peak_bytes <= 64 * KIB, deallocations == 0);
//! }
//! ```

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use memscope_export::{BinaryExporter, BinaryReader, FileContents, PlacedRecord};
pub use memscope_tracker::HeapStats;
use memscope_tracker::{MemoryStats, global_tracker, untracked};

use crate::{Analysis, Grouping, Naming};

/// 1 KiB, for limits written `64 * KIB`.
pub const KIB: u64 = 1024;
/// 1 MiB.
pub const MIB: u64 = 1024 * KIB;
/// 1 GiB.
pub const GIB: u64 = 1024 * MIB;

/// Checks limits on a [`HeapStats`](memscope_tracker::HeapStats), each
/// written `FIELD OP VALUE` with a field of `HeapStats` (`allocations`,
/// `allocated_bytes`, `deallocations`, `deallocated_bytes`,
/// `reallocations`, `peak_bytes`, `leaked_blocks`, `leaked_bytes`) and a
/// comparison (`<=`, `<`, `==`, `>=`, `>`, `!=`). When one is broken it
/// panics with every broken limit and what was found, after writing the
/// measured closure's still-live blocks to
/// `target/memscope/<test name>-<n>.memscope`, which the message names with
/// its top call sites (`memscope-binary summary FILE` opens it).
///
/// Needs the [`TrackingAllocator`](memscope_tracker::TrackingAllocator) as
/// the test binary's global allocator, with call stacks for call sites:
/// without it the assertion fails and says so, rather than pass on counts
/// of zero.
///
/// ```standalone_crate
/// use memscope_analysis::assert_heap;
/// use memscope_tracker::{TrackingAllocator, measure};
///
/// #[global_allocator]
/// static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();
///
/// fn main() {
///     let (sum, stats) = measure(|| (0..100u64).sum::<u64>());
///     assert_heap!(stats, allocations == 0, leaked_blocks == 0);
///     # assert_eq!(sum, 4950);
/// }
/// ```
#[macro_export]
macro_rules! assert_heap {
    ($stats:expr, $($field:ident $op:tt $limit:expr),+ $(,)?) => {{
        let stats: &$crate::heap_test::HeapStats = &$stats;
        let mut broken: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
        $(
            let found: u64 = stats.$field;
            let limit: u64 = $limit;
            if !(found $op limit) {
                broken.push(::std::format!(
                    "{} {} {} (found {})",
                    ::std::stringify!($field),
                    ::std::stringify!($op),
                    limit,
                    found
                ));
            }
        )+
        if !stats.tracked {
            broken.push(::std::string::String::from($crate::heap_test::NOT_TRACKED));
        }
        if !broken.is_empty() {
            $crate::heap_test::fail(stats, &broken);
        }
    }};
}

/// What a failed assertion says when the tracking allocator never ran.
pub const NOT_TRACKED: &str = "the TrackingAllocator is not this binary's global allocator, so \
nothing was counted: add `#[global_allocator] static ALLOCATOR: memscope_tracker::TrackingAllocator \
= memscope_tracker::TrackingAllocator::with_call_stacks();` to the test crate (for an integration \
test, its file; for unit tests, the crate's lib.rs under #[cfg(test)])";

/// Panics with `broken`, after writing the evidence of `stats`: called by
/// [`assert_heap!`](crate::assert_heap) when a limit is broken.
#[track_caller]
pub fn fail(stats: &HeapStats, broken: &[String]) -> ! {
    let mut message = format!("heap assertion failed: {}", broken.join(", "));
    let _ = write!(message, "\n  measured: {stats:?}");
    if stats.tracked {
        match untracked(|| write_evidence(stats)) {
            Ok(evidence) => message.push_str(&evidence),
            Err(why) => {
                let _ = write!(message, "\n  no evidence file: {why}");
            }
        }
    }
    panic!("{message}");
}

/// Writes the evidence file and says what it holds.
fn write_evidence(stats: &HeapStats) -> Result<String, Box<dyn std::error::Error>> {
    let path = evidence_path()?;
    // By address and size: an address the closure's block was freed from
    // may since hold another block (the assertion's own text, say).
    let leaked: HashSet<(usize, usize)> = stats.leaked().iter().copied().collect();
    // The tracker's blocks, as a file, kept to the closure's.
    let mut whole = Vec::new();
    BinaryExporter::default().export_to_writer(global_tracker(), &mut whole)?;
    let mut reader = BinaryReader::from_bytes(&whole)?;
    let sample_mean = reader.sample_mean();
    let mut records: Vec<PlacedRecord> = Vec::new();
    for record in reader.records() {
        let record = record?;
        if leaked.contains(&(record.allocation.ptr, record.allocation.size)) {
            records.push(record.into_placed());
        }
    }
    let (stacks, threads) = reader.into_tables();
    let live = MemoryStats::of_live(records.iter().map(|r| &r.allocation));
    let mut contents = FileContents::new(live, &records);
    if let Some(stacks) = &stacks {
        contents = contents.with_stacks(stacks);
    }
    if let Some(threads) = &threads {
        contents = contents.with_threads(threads);
    }
    if let Some(mean) = sample_mean {
        contents = contents.with_sampling(mean);
    }
    BinaryExporter::default().export(&contents, &path)?;

    let mut said = format!(
        "\n  evidence: {} ({} of the {} blocks the closure left live; open it with `memscope-binary summary {}`)",
        path.display(),
        records.len(),
        stats.leaked_blocks,
        path.display()
    );
    let analysis = Analysis::open(&path)?;
    if analysis.frames().is_some() {
        let sites = analysis.group(Grouping::Function, 3, Naming::default());
        for site in sites.rows {
            let _ = write!(
                said,
                "\n    {:>10} bytes in {:>5} blocks  {}",
                site.bytes, site.count, site.label
            );
        }
    } else {
        said.push_str(
            "\n  (no call stacks: install TrackingAllocator::with_call_stacks() to see where)",
        );
    }
    Ok(said)
}

/// `target/memscope/<test name>-<n>.memscope`, the first `n` not taken:
/// the test name is the thread's (libtest names each test's thread after
/// it), the target directory `CARGO_TARGET_DIR`, else the one holding the
/// test binary, else `target`.
fn evidence_path() -> std::io::Result<PathBuf> {
    let dir = target_dir().join("memscope");
    std::fs::create_dir_all(&dir)?;
    let test = std::thread::current()
        .name()
        .unwrap_or("heap-test")
        .replace("::", "-")
        .replace(
            |c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "_",
        );
    let mut n = 1;
    loop {
        let path = dir.join(format!("{test}-{n}.memscope"));
        if !path.exists() {
            return Ok(path);
        }
        n += 1;
    }
}

/// Where build output goes.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // target/<profile>/deps/<test binary>, or target/<profile>/<binary>.
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|dir| dir.file_name().is_some_and(|name| name == "target"))
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| PathBuf::from("target"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_tracking_allocator_an_assertion_fails_and_says_why() {
        // This test binary's allocator is `System`: nothing is counted.
        let (_, stats) = memscope_tracker::measure(|| vec![1u8; 10]);
        assert!(!stats.tracked);
        let payload = std::panic::catch_unwind(|| {
            crate::assert_heap!(stats, allocations == 0, leaked_blocks == 0);
        })
        .expect_err("zeros do not pass");
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(message.contains(NOT_TRACKED), "{message}");
        assert!(!message.contains("evidence"), "{message}");
    }
}
