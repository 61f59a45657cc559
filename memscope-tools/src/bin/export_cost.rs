//! What exporting a big tracker costs the program being tracked: how long
//! another thread's allocations take while exports run (issue 11's target:
//! at most 5 ms at worst, with 1M live blocks), and how much extra heap an
//! export needs.
//!
//! ```sh
//! cargo run --release -p memscope-tools --bin export_cost              # 1M live blocks, 3 s a row
//! cargo run --release -p memscope-tools --bin export_cost 10000000 5   # 10M blocks, 5 s a row
//! ```
//!
//! The program installs `TrackingAllocator` (wrapped in a switchable
//! counter), allocates the live blocks for real (16 to 72 bytes, a tenth of
//! them named with `track_var`), then for each row runs a mutator thread
//! that replaces random buffers of a ring of 256 (an allocation and a free
//! of 16 to 512 bytes each step, on every shard) and times every
//! allocation and every free, while the main thread:
//!
//! - sleeps (`idle`): the noise floor of the machine, with nothing else of
//!   ours running;
//! - copies memory as fast as it can, the size of a snapshot, without the
//!   tracker (`busy`): the floor with the other core busy, as it is during
//!   an export;
//! - takes snapshots and drops them, back to back (`snapshot only`);
//! - exports to a file over and over (`basic`, `detailed`, `basic + zstd
//!   3`), each export atomic (written, synced, renamed).
//!
//! Latencies go into a histogram of buckets 1.6% wide; percentiles are a
//! bucket's upper bound, maxima exact. `Instant::now()` around each call
//! adds some 20 to 40 ns.
//!
//! On a shared 2-core machine a thread waits for a CPU for milliseconds,
//! tracker or not: when it is preempted, when it is woken and the cores
//! are busy, and when the thread holding a lock it waits for is itself
//! preempted. The floors say how much of a maximum is that, and the `own`
//! columns set it aside: from each slow call's time they take the time the
//! mutator spent waiting for a CPU meanwhile, and they leave out the calls
//! during which the exporting thread was off its CPU (both from the
//! threads' `schedstat`, read around each call). What remains is what the
//! tracker makes the mutator do or wait for: copying a shard, or waiting
//! for another thread's copy.
//!
//! The extra heap of an export is measured apart, in one export with the
//! mutator stopped: the peak of the bytes allocated minus freed while it
//! runs, the tracker's own allocations (the snapshot's copy) included,
//! zstd's C allocations not.

use std::alloc::{GlobalAlloc, Layout};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use memscope_export::{BinaryExportConfig, BinaryExporter};
use memscope_tracker::{TrackingAllocator, global_tracker};

// ---------------------------------------------------------------------------
// The allocator: tracking, and counting while asked to

/// `TrackingAllocator`, also counting the bytes allocated minus freed and
/// their peak while [`COUNTING`] is set. Off, the counting costs one
/// relaxed load of a line nobody writes.
struct Counting;

static TRACKING: TrackingAllocator = TrackingAllocator::new();
static COUNTING: AtomicBool = AtomicBool::new(false);
static NET: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    if COUNTING.load(Ordering::Relaxed) {
        let net = NET.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(net, Ordering::Relaxed);
    }
}

// SAFETY: every call goes unchanged to `TrackingAllocator`, which upholds
// `GlobalAlloc`'s contract; the counting reads only sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller upholds `alloc`'s contract.
        let ptr = unsafe { TRACKING.alloc(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller upholds `alloc_zeroed`'s contract.
        let ptr = unsafe { TRACKING.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: our caller upholds `dealloc`'s contract.
        unsafe { TRACKING.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: our caller upholds `realloc`'s contract.
        let new_ptr = unsafe { TRACKING.realloc(ptr, layout, new_size) };
        if !new_ptr.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new_ptr
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns the most bytes it had allocated (net of its frees)
/// at any moment.
fn extra_peak<R>(f: impl FnOnce() -> R) -> (R, usize) {
    NET.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let result = f();
    COUNTING.store(false, Ordering::Relaxed);
    (result, PEAK.load(Ordering::Relaxed).max(0) as usize)
}

// ---------------------------------------------------------------------------
// Latencies

/// Latencies in nanoseconds: 64 buckets per power of two (1.6% wide), so
/// recording never allocates and percentiles need no sorting.
struct Histogram {
    counts: Vec<u64>,
    total: u64,
    max: u64,
}

impl Histogram {
    const SUB_BITS: u32 = 6;
    const SUB: u64 = 1 << Self::SUB_BITS;

    fn new() -> Self {
        Histogram {
            counts: vec![0; Self::index(u64::MAX) + 1],
            total: 0,
            max: 0,
        }
    }

    /// Values below 64 have a bucket each; above, the bucket of `v` is its
    /// power of two and its next six bits.
    fn index(v: u64) -> usize {
        if v < Self::SUB {
            return v as usize;
        }
        let shift = 63 - v.leading_zeros() - Self::SUB_BITS;
        (Self::SUB * (u64::from(shift) + 1) + (v >> shift) - Self::SUB) as usize
    }

    /// The largest value of bucket `i`.
    fn upper(i: usize) -> u64 {
        let i = i as u64;
        if i < Self::SUB {
            return i;
        }
        let shift = i / Self::SUB - 1;
        let mantissa = Self::SUB + i % Self::SUB;
        ((mantissa + 1) << shift) - 1
    }

    #[inline]
    fn record(&mut self, d: Duration) {
        let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.counts[Self::index(ns)] += 1;
        self.total += 1;
        self.max = self.max.max(ns);
    }

    /// The smallest bucket bound at or above a fraction `q` of the values.
    fn percentile(&self, q: f64) -> u64 {
        let rank = ((q * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, &n) in self.counts.iter().enumerate() {
            seen += n;
            if seen >= rank {
                return Self::upper(i).min(self.max);
            }
        }
        self.max
    }
}

/// One kind of call the mutator made (allocations, or frees).
struct Calls {
    latency: Histogram,
    /// The slowest call with the machine's part set aside (see [`Own`]).
    max_own: u64,
    /// Calls over 1 ms, and those still over 1 ms with the machine's part
    /// set aside.
    over_1ms: u64,
    over_1ms_own: u64,
    /// Slow calls left out of `own`: the exporting thread was off its CPU.
    left_out: u64,
}

/// What a slow call cost the mutator once the machine's part is set aside,
/// if known: `None` when the exporting thread was off its CPU during the
/// call (preempted or asleep: it may have been holding a lock the mutator
/// waited for), else the latency less the time the mutator itself waited
/// for a CPU (preempted, or woken and not yet running).
type Own = Option<u64>;

impl Calls {
    fn new() -> Self {
        Calls {
            latency: Histogram::new(),
            max_own: 0,
            over_1ms: 0,
            over_1ms_own: 0,
            left_out: 0,
        }
    }

    fn record(&mut self, d: Duration, own: Own) {
        self.latency.record(d);
        let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.over_1ms += u64::from(ns > 1_000_000);
        match own {
            Some(own) => {
                self.max_own = self.max_own.max(own);
                self.over_1ms_own += u64::from(own > 1_000_000);
            }
            None => self.left_out += 1,
        }
    }

    /// The slowest call, and the slowest with the machine's part set aside.
    fn worst(&self) -> (u64, u64) {
        (self.latency.max, self.max_own)
    }
}

/// A thread's scheduler statistics (Linux `/proc/.../schedstat`): the time
/// it has waited on a run queue for a CPU, and how many times it was put
/// on one, each read with one `pread`.
struct SchedStat(std::fs::File);

impl SchedStat {
    /// This thread's.
    fn this_thread() -> Option<Self> {
        std::fs::File::open("/proc/thread-self/schedstat")
            .ok()
            .map(SchedStat)
    }

    /// The thread `tid` of this process.
    fn thread(tid: i64) -> Option<Self> {
        std::fs::File::open(format!("/proc/self/task/{tid}/schedstat"))
            .ok()
            .map(SchedStat)
    }

    /// (nanoseconds waited for a CPU, times scheduled in), so far.
    #[cfg(unix)]
    fn read(&self) -> Option<(u64, u64)> {
        use std::os::unix::fs::FileExt;
        let mut buf = [0u8; 96];
        let n = self.0.read_at(&mut buf, 0).ok()?;
        let text = std::str::from_utf8(&buf[..n]).ok()?;
        let mut fields = text.split_whitespace().skip(1);
        Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
    }

    #[cfg(not(unix))]
    fn read(&self) -> Option<(u64, u64)> {
        None
    }
}

/// The id of the calling thread, for [`SchedStat::thread`].
#[cfg(target_os = "linux")]
fn thread_id() -> i64 {
    // SAFETY: `gettid` has no preconditions.
    i64::from(unsafe { libc::gettid() })
}

#[cfg(not(target_os = "linux"))]
fn thread_id() -> i64 {
    0
}

/// Calls slower than this are looked at for the machine's part.
const SLOW: Duration = Duration::from_micros(50);

/// What the mutator saw.
struct Latencies {
    alloc: Calls,
    free: Calls,
}

/// Replaces random buffers of a ring of 256 until `stop`, timing each
/// allocation and each free. Sizes of 16 to 512 bytes and recycled
/// addresses, as a program's churn; the addresses land on every shard.
///
/// Before each step it reads its own and the exporting thread's (`main`)
/// scheduler statistics, and again after a slow step, so that what the
/// machine did to a slow call can be set aside (see [`Own`]).
fn mutate(stop: &AtomicBool, running: &AtomicBool, main: i64) -> Latencies {
    let mut alloc = Calls::new();
    let mut free = Calls::new();
    let (own, main) = (SchedStat::this_thread(), SchedStat::thread(main));
    let read = || {
        own.as_ref()
            .and_then(SchedStat::read)
            .zip(main.as_ref().and_then(SchedStat::read))
    };
    let mut ring: Vec<Vec<u8>> = (0..256).map(|_| Vec::new()).collect();
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    while !stop.load(Ordering::Relaxed) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let size = 16 << (x % 6);
        let slot = (x >> 8) as usize % ring.len();
        let before = read();
        let t0 = Instant::now();
        let block: Vec<u8> = Vec::with_capacity(size);
        let t1 = Instant::now();
        let old = std::mem::replace(&mut ring[slot], black_box(block));
        drop(old);
        let t2 = Instant::now();
        let (a, f) = (t1 - t0, t2 - t1);
        let own = |d: Duration| -> Own {
            let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
            if d <= SLOW {
                return Some(ns);
            }
            let ((own0, _), (main0, in0)) = before?;
            let ((own1, _), (main1, in1)) = read()?;
            // The step's waits, attributed to its slow call.
            (main1 == main0 && in1 == in0).then(|| ns.saturating_sub(own1 - own0))
        };
        alloc.record(a, own(a));
        free.record(f, own(f));
        running.store(true, Ordering::Relaxed);
    }
    black_box(&ring);
    Latencies { alloc, free }
}

// ---------------------------------------------------------------------------
// The rows

/// What the main thread does while the mutator runs.
enum Main {
    Idle,
    Busy(Vec<u8>),
    Snapshot,
    Export(BinaryExporter),
}

struct Row {
    name: &'static str,
    /// Exports or snapshots done, and the median time of one.
    done: Option<(usize, Duration)>,
    extra: Option<usize>,
    latencies: Latencies,
}

/// Runs the mutator for `window` while the main thread does `main` over
/// and over.
fn measure(
    name: &'static str,
    main: &mut Main,
    window: Duration,
    path: &std::path::Path,
) -> Result<Row, Box<dyn std::error::Error>> {
    let stop = AtomicBool::new(false);
    let running = AtomicBool::new(false);
    let mut times = Vec::new();
    let main_thread = thread_id();
    let latencies = std::thread::scope(|s| -> Result<_, Box<dyn std::error::Error>> {
        let mutator = s.spawn(|| mutate(&stop, &running, main_thread));
        while !running.load(Ordering::Relaxed) {
            std::thread::yield_now();
        }
        let started = Instant::now();
        while started.elapsed() < window {
            let t = Instant::now();
            match main {
                Main::Idle => std::thread::sleep(window),
                Main::Busy(buffer) => {
                    let copy = buffer.clone();
                    black_box(copy);
                }
                Main::Snapshot => drop(black_box(global_tracker().snapshot())),
                Main::Export(exporter) => {
                    exporter.export(global_tracker(), path)?;
                }
            }
            times.push(t.elapsed());
        }
        stop.store(true, Ordering::Relaxed);
        Ok(mutator.join().expect("the mutator panicked"))
    })?;
    times.sort_unstable();
    let done = match main {
        Main::Idle | Main::Busy(_) => None,
        Main::Snapshot | Main::Export(_) => Some((times.len(), times[times.len() / 2])),
    };
    Ok(Row {
        name,
        done,
        extra: None,
        latencies,
    })
}

fn ms(ns: u64) -> f64 {
    ns as f64 / 1e6
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let blocks: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let window =
        Duration::from_secs_f64(args.next().map(|s| s.parse()).transpose()?.unwrap_or(3.0));

    // The live blocks: 16 to 72 bytes, a tenth of them named.
    let filled = Instant::now();
    let mut live: Vec<Box<[u8]>> = Vec::with_capacity(blocks);
    for i in 0..blocks {
        let block = vec![i as u8; 16 + (i % 8) * 8].into_boxed_slice();
        if i % 10 == 0 {
            global_tracker().track_var(&block, &format!("buffer_{}", i % 5000));
        }
        live.push(block);
    }
    let stats = global_tracker().stats();
    println!(
        "{} live blocks in the global tracker ({} MiB), filled in {:.1} s; tracker memory {} MiB; {:.1} s a row\n",
        stats.active_allocations,
        stats.active_memory >> 20,
        filled.elapsed().as_secs_f64(),
        global_tracker().overhead_bytes() >> 20,
        window.as_secs_f64(),
    );

    let dir = tempfile::tempdir()?;
    let path = dir.path().join("cost.memscope");
    let snapshot_bytes = stats.active_allocations as usize * 32;
    let variants = [
        ("basic", BinaryExportConfig::new()),
        ("detailed", BinaryExportConfig::new().include_details(true)),
        (
            "basic + zstd 3",
            BinaryExportConfig::new().compression_level(3),
        ),
    ];
    let mut rows = vec![
        measure("no export, idle", &mut Main::Idle, window, &path)?,
        measure(
            "no export, busy",
            &mut Main::Busy(vec![1; snapshot_bytes]),
            window,
            &path,
        )?,
    ];
    let (_, extra) = extra_peak(|| drop(global_tracker().snapshot()));
    let mut row = measure("snapshot only", &mut Main::Snapshot, window, &path)?;
    row.extra = Some(extra);
    rows.push(row);
    for (name, config) in variants {
        let exporter = BinaryExporter::new(config);
        let (result, extra) = extra_peak(|| exporter.export(global_tracker(), &path));
        result?;
        let mut row = measure(name, &mut Main::Export(exporter), window, &path)?;
        row.extra = Some(extra);
        rows.push(row);
    }

    println!(
        "{:<16} {:>5} {:>9} {:>9} | {:>9} {:>7} {:>8} {:>7} {:>7} {:>8} {:>8} | {:>7} {:>7}",
        "main thread",
        "runs",
        "median ms",
        "extra MiB",
        "allocs",
        "p50 µs",
        "p99.9 µs",
        "max ms",
        "own ms",
        ">1 ms",
        "left out",
        "frees",
        "own ms"
    );
    for row in &rows {
        let (a, f) = (&row.latencies.alloc, &row.latencies.free);
        let (runs, median) = match row.done {
            Some((n, t)) => (n.to_string(), format!("{:.1}", t.as_secs_f64() * 1e3)),
            None => ("-".into(), "-".into()),
        };
        let extra = row
            .extra
            .map_or("-".into(), |b| format!("{:.1}", b as f64 / 1048576.0));
        println!(
            "{:<16} {:>5} {:>9} {:>9} | {:>9} {:>7.2} {:>8.1} {:>7.2} {:>7.2} {:>8} {:>8} | {:>7.2} {:>7.2}",
            row.name,
            runs,
            median,
            extra,
            a.latency.total,
            a.latency.percentile(0.5) as f64 / 1e3,
            a.latency.percentile(0.999) as f64 / 1e3,
            ms(a.latency.max),
            ms(a.max_own),
            format!("{}/{}", a.over_1ms, a.over_1ms_own),
            a.left_out,
            ms(f.latency.max),
            ms(f.max_own),
        );
    }

    // The worst call, and the worst with the machine's part set aside.
    let worst = |rows: &[Row]| {
        rows.iter()
            .flat_map(|r| [r.latencies.alloc.worst(), r.latencies.free.worst()])
            .fold((0, 0), |w, c| (w.0.max(c.0), w.1.max(c.1)))
    };
    let verdict = |ns: u64| if ns <= 5_000_000 { "met" } else { "missed" };
    let (exports, own) = worst(&rows[3..]);
    let (idle, idle_own) = worst(&rows[..1]);
    let (busy, busy_own) = worst(&rows[1..2]);
    println!(
        "\nworst allocator call of the mutator while {} blocks were exported: {:.2} ms \
         (target 5 ms: {}); {:.2} ms with the machine's part set aside ({}). \
         With no export: idle {:.2} ms ({:.2} ms), busy {:.2} ms ({:.2} ms)",
        stats.active_allocations,
        ms(exports),
        verdict(exports),
        ms(own),
        verdict(own),
        ms(idle),
        ms(idle_own),
        ms(busy),
        ms(busy_own),
    );
    println!(
        "(own: the call's time less the mutator's waits for a CPU, over calls during which \
         the exporting thread stayed on its CPU; >1 ms: all / own; left out: slow calls \
         (over 50 µs) during which it did not. Extra MiB: Rust heap \
         only, the snapshot's copy included, zstd's C allocations not seen)"
    );
    drop(live);
    Ok(())
}
