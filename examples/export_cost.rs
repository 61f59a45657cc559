//! What an export of 1M live allocations costs the program being tracked:
//! the peak of extra heap memory the export itself uses (measured with a
//! counting allocator), and the longest time another thread, recording
//! allocations into the same tracker, is held up while the export runs.
//!
//! `cargo run --release --example export_cost [RECORDS]`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use memscope_export::{BinaryExportConfig, BinaryExporter};
use memscope_tracker::MemoryTracker;

/// System's allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged; the caller upholds `dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let records: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let tracker = Arc::new(MemoryTracker::new());
    for i in 0..records {
        let mut ptr = 0x7f00_0000_0000 + i * 64;
        // Spread addresses like a real heap, not one dense run.
        ptr ^= (i.wrapping_mul(0x9e37_79b9) & 0xffff) << 20;
        tracker.record_alloc_at(ptr, 16 + i % 1024, i as u64);
    }
    let dir = tempfile::tempdir()?;
    println!(
        "{records} live records in the tracker; heap in use {} MiB\n",
        LIVE.load(Ordering::Relaxed) >> 20
    );
    println!(
        "{:<20} {:>10} {:>14} {:>16}",
        "export", "time ms", "extra peak KiB", "max stall ms"
    );

    let variants = [
        ("basic", BinaryExportConfig::new()),
        ("detailed", BinaryExportConfig::new().include_details(true)),
        (
            "basic + zstd 3",
            BinaryExportConfig::new().compression_level(3),
        ),
    ];
    for (name, config) in variants {
        // Another thread records allocations into the same tracker and
        // notes the longest single call.
        let stop = Arc::new(AtomicBool::new(false));
        let started = Arc::new(AtomicBool::new(false));
        let other = {
            let (tracker, stop, started) = (
                Arc::clone(&tracker),
                Arc::clone(&stop),
                Arc::clone(&started),
            );
            std::thread::spawn(move || {
                let mut worst = Duration::ZERO;
                let mut i = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let ptr = 0x1000_0000_0000 + (i % 1024) * 64;
                    let t = Instant::now();
                    tracker.record_alloc(ptr, 64);
                    tracker.record_dealloc(ptr);
                    worst = worst.max(t.elapsed());
                    i += 1;
                    started.store(true, Ordering::Relaxed);
                }
                worst
            })
        };
        while !started.load(Ordering::Relaxed) {
            std::thread::yield_now();
        }

        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let exported = BinaryExporter::new(config).export(&tracker, dir.path().join("cost.bin"))?;
        // The other thread's own churn is one 64-byte block at a time.
        let extra = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);

        stop.store(true, Ordering::Relaxed);
        let stall = other.join().map_err(|_| "recording thread panicked")?;
        println!(
            "{:<20} {:>10.1} {:>14} {:>16.1}",
            name,
            exported.export_duration.as_secs_f64() * 1e3,
            extra >> 10,
            stall.as_secs_f64() * 1e3
        );
    }
    println!("\n(extra peak counts Rust heap only: zstd's compression context is allocated by C)");
    Ok(())
}
