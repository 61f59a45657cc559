//! What tracking costs a real program: an allocation-heavy workload
//! (`HashMap<String, Vec<u32>>` and `BTreeMap<String, String>` built,
//! grown and churned) under `System` and under `TrackingAllocator`, on 1
//! thread and on 4, and the cost per allocator call with 10,000 and with
//! 10,000,000 idle blocks already live in the tracker; the ratios at the
//! end.
//!
//! ```sh
//! cargo bench --manifest-path memscope-bench/Cargo.toml --bench workload -- --warm-up-time 1 --measurement-time 3
//! WORKLOAD_LIVE=10000 cargo bench --manifest-path memscope-bench/Cargo.toml --bench workload   # without the 10M case
//! ```
//!
//! The summary (medians of this run's samples, read back from criterion's
//! `sample.json` files) is printed at the end and saved as
//! `target/criterion/workload-summary.md`. `WORKLOAD_PROFILE` (see
//! [`profile`]) runs one workload a given number of times instead, for
//! callgrind. The 10M case needs 750 MB (the blocks, the `Vec` holding
//! them, about 40 bytes each in the tracker) and some 20 s to fill and free.
//!
//! # Time
//!
//! Every case counts the CPU time of the threads running it
//! (`CLOCK_THREAD_CPUTIME_ID`; on 4 threads, summed), not wall time: on
//! the shared 2-core machine other processes preempt the threads for
//! milliseconds at a time, and how often depends on their load, not on the
//! allocator (wall-time ratios on 4 threads moved between 2.3x and 3.3x
//! from one run to the next). What threads contending for the same lines
//! and locks cost is CPU time too (cache-line transfers, a mutex's
//! spinning); a thread asleep on a lock is not counted, but with 4 threads
//! on 2 cores another worker runs meanwhile.
//!
//! # One binary, both allocators
//!
//! A binary has one `#[global_allocator]`, so it is [`Switch`]: every call
//! does one relaxed load of [`TRACKED`] and forwards to `System` or to
//! `TrackingAllocator`. Both arms pay that load and one branch, so the
//! ratio compares the two allocators and nothing else.
//!
//! The switch flips only between measured runs, and a run frees everything
//! it allocates before it ends (its maps, buffers, mailboxes), so every
//! block is freed under the arm it was allocated in and the tracker's books
//! stay exact. Were a block to cross arms, it would still be safe:
//! `TrackingAllocator` allocates, frees and reallocates with `System`, so
//! either arm can free any block. Only the books would differ: a tracked
//! block freed untracked leaves a stale record (replaced and counted as
//! freed when its address is recorded again), an untracked block freed
//! tracked is an unknown address, which the tracker ignores.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::hint::black_box;
use std::mem;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use criterion::{Criterion, Throughput};
use memscope_bench::report::{Timing, duration, load_average, thousands};
use memscope_tracker::{TrackingAllocator, global_tracker};

// ---------------------------------------------------------------------------
// The switchable allocator

/// Whether allocator calls go to `TrackingAllocator` (else `System`).
static TRACKED: AtomicBool = AtomicBool::new(false);

/// Whether the tracked calls record 16-frame call stacks.
static STACKED: AtomicBool = AtomicBool::new(false);

/// Whether the tracked calls are sampled (with stacks), at the default
/// mean of 512 KiB.
static SAMPLED: AtomicBool = AtomicBool::new(false);

/// Whether the tracked calls go to dhat-rs's allocator instead (its
/// profiler runs for the whole benchmark; only this arm's calls reach it).
static DHAT: AtomicBool = AtomicBool::new(false);

/// Sampled tracking at the default mean, with 16-frame call stacks.
static TRACKING_SAMPLED: TrackingAllocator =
    TrackingAllocator::sampled(memscope_tracker::DEFAULT_SAMPLE_MEAN).stack_depth(16);

static TRACKING: TrackingAllocator = TrackingAllocator::new();

/// Tracking with call stacks of up to 16 frames (issue 13's capture cost).
static TRACKING_STACKS: TrackingAllocator = TrackingAllocator::with_call_stacks().stack_depth(16);

/// The tracking allocator of the current arm.
#[inline(always)]
fn tracking() -> &'static TrackingAllocator {
    if SAMPLED.load(Ordering::Relaxed) {
        &TRACKING_SAMPLED
    } else if STACKED.load(Ordering::Relaxed) {
        &TRACKING_STACKS
    } else {
        &TRACKING
    }
}

/// `System` or `TrackingAllocator`, as [`TRACKED`] says at each call.
struct Switch;

#[global_allocator]
static ALLOCATOR: Switch = Switch;

// SAFETY: every call goes unchanged to `System` or to `TrackingAllocator`,
// which allocates with `System` (see its docs), so a block from either may
// be freed or reallocated by either; each upholds `GlobalAlloc`'s contract.
unsafe impl GlobalAlloc for Switch {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller upholds `alloc`'s contract.
        unsafe {
            if TRACKED.load(Ordering::Relaxed) {
                if DHAT.load(Ordering::Relaxed) {
                    dhat::Alloc.alloc(layout)
                } else {
                    tracking().alloc(layout)
                }
            } else {
                System.alloc(layout)
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: our caller upholds `alloc_zeroed`'s contract.
        unsafe {
            if TRACKED.load(Ordering::Relaxed) {
                if DHAT.load(Ordering::Relaxed) {
                    dhat::Alloc.alloc_zeroed(layout)
                } else {
                    tracking().alloc_zeroed(layout)
                }
            } else {
                System.alloc_zeroed(layout)
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: our caller upholds `dealloc`'s contract; both arms free
        // with `System`, which allocated the block.
        unsafe {
            if TRACKED.load(Ordering::Relaxed) {
                if DHAT.load(Ordering::Relaxed) {
                    dhat::Alloc.dealloc(ptr, layout)
                } else {
                    tracking().dealloc(ptr, layout)
                }
            } else {
                System.dealloc(ptr, layout)
            }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: our caller upholds `realloc`'s contract; both arms
        // reallocate with `System`, which allocated the block.
        unsafe {
            if TRACKED.load(Ordering::Relaxed) {
                if DHAT.load(Ordering::Relaxed) {
                    dhat::Alloc.realloc(ptr, layout, new_size)
                } else {
                    tracking().realloc(ptr, layout, new_size)
                }
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }
}

/// Which allocator a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arm {
    System,
    Tracking,
    /// Tracking with 16-frame call stacks.
    Stacks,
    /// Sampled tracking at the default mean (512 KiB), with 16-frame call
    /// stacks.
    Sampled,
    /// dhat-rs's allocator (`dhat::Alloc`), which records every block with
    /// its stack: the field's lossless heap profiler in Rust.
    Dhat,
}

impl Arm {
    const ALL: [Arm; 5] = [
        Arm::System,
        Arm::Tracking,
        Arm::Stacks,
        Arm::Sampled,
        Arm::Dhat,
    ];

    fn id(self) -> &'static str {
        match self {
            Arm::System => "system",
            Arm::Tracking => "tracking",
            Arm::Stacks => "tracking_stacks_16",
            Arm::Sampled => "sampled_512k_stacks_16",
            Arm::Dhat => "dhat_rs",
        }
    }

    /// Runs `f` with every allocation under this arm, then switches back to
    /// `System` for criterion's own bookkeeping.
    fn run<R>(self, f: impl FnOnce() -> R) -> R {
        STACKED.store(self == Arm::Stacks, Ordering::Relaxed);
        SAMPLED.store(self == Arm::Sampled, Ordering::Relaxed);
        DHAT.store(self == Arm::Dhat, Ordering::Relaxed);
        TRACKED.store(self != Arm::System, Ordering::Relaxed);
        let result = f();
        TRACKED.store(false, Ordering::Relaxed);
        STACKED.store(false, Ordering::Relaxed);
        SAMPLED.store(false, Ordering::Relaxed);
        DHAT.store(false, Ordering::Relaxed);
        result
    }
}

// ---------------------------------------------------------------------------
// The workloads

/// A small deterministic generator (xorshift64*): every run does the same
/// work.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: [&str; 16] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
    "kilo", "lima", "mike", "november", "oscar", "papa",
];

/// Distinct keys: the maps hold a few hundred entries.
const KEYS: u64 = 400;

/// Steps of one run of [`maps`].
const MAP_STEPS: u32 = 4000;

/// A key such as `delta/kilo/123`, built piece by piece as programs build
/// strings: one allocation and one or two reallocations.
fn key(rng: &mut Rng) -> String {
    let n = rng.below(KEYS);
    let mut key = String::new();
    key.push_str(WORDS[(n % 16) as usize]);
    key.push('/');
    key.push_str(WORDS[(n / 16 % 16) as usize]);
    write!(key, "/{n}").expect("writing to a String cannot fail");
    key
}

/// A value of 5 to 256 bytes, allocated once.
fn value(rng: &mut Rng) -> String {
    WORDS[rng.below(16) as usize].repeat(1 + rng.below(32) as usize)
}

/// One run of the map workload: an index from keys to growing vectors and
/// a sorted map of keys to values, inserted into, grown, replaced and
/// removed from at random, then dropped. Values removed from the sorted
/// map go to `outbox` (another thread's, on 4 threads: frees on other
/// threads are common in Rust); `poll` runs every 64 steps (to free what
/// other threads sent).
///
/// Per run, on one thread: 16,593 allocator calls (5,759 allocations, as
/// many frees, 5,075 reallocations: strings built piece by piece, vectors
/// grown by pushes).
fn maps(seed: u64, outbox: &mut impl FnMut(String), poll: &mut impl FnMut()) -> usize {
    let mut rng = Rng::new(seed);
    let mut index: HashMap<String, Vec<u32>> = HashMap::new();
    let mut sorted: BTreeMap<String, String> = BTreeMap::new();
    for step in 0..MAP_STEPS {
        match rng.below(8) {
            // A new key allocates its vector; an existing one frees the
            // probe key; every push may grow the vector (a reallocation).
            0..=3 => index.entry(key(&mut rng)).or_default().push(step),
            // A replaced value is freed.
            4 | 5 => {
                let (k, v) = (key(&mut rng), value(&mut rng));
                sorted.insert(k, v);
            }
            6 => {
                index.remove(&key(&mut rng));
            }
            _ => {
                if let Some(v) = sorted.remove(&key(&mut rng)) {
                    outbox(v);
                }
            }
        }
        if step % 64 == 63 {
            poll();
        }
    }
    index.values().map(Vec::len).sum::<usize>() + sorted.len()
}

/// Block sizes of [`churn`].
const CHURN_SIZES: [usize; 8] = [16, 24, 40, 64, 100, 256, 640, 2000];

/// Buffers [`churn`] keeps live.
const RING: u64 = 256;

/// Steps of one run of [`churn`].
const CHURN_STEPS: u32 = 4000;

/// One run of allocator traffic with little else around it: a ring of 256
/// buffers; each step replaces one with a new buffer of a varied size (an
/// allocation and a free), and every fourth step grows another (a
/// reallocation). About 9,000 allocator calls per run.
fn churn(seed: u64) -> usize {
    let mut rng = Rng::new(seed);
    let mut ring: Vec<Vec<u8>> = (0..RING).map(|_| Vec::new()).collect();
    for step in 0..CHURN_STEPS {
        let size = CHURN_SIZES[rng.below(CHURN_SIZES.len() as u64) as usize];
        let mut buffer = Vec::with_capacity(size);
        buffer.push(step as u8);
        ring[rng.below(RING) as usize] = buffer;
        if step % 4 == 0 {
            let other = &mut ring[rng.below(RING) as usize];
            other.reserve_exact(other.capacity() + 32);
        }
    }
    ring.iter().map(Vec::capacity).sum()
}

/// The seed of thread `t`'s workload.
fn seed(t: usize) -> u64 {
    0x9E37_79B9_7F4A_7C15u64.wrapping_mul(t as u64 + 1)
}

/// Runs `iters` of the map workload on this thread alone.
fn maps_one_thread(iters: u64) {
    for _ in 0..iters {
        black_box(maps(seed(0), &mut drop, &mut || {}));
    }
}

// ---------------------------------------------------------------------------
// Four threads

/// Worker threads that run the map workload together, each with its own
/// maps, each sending the values it removes to the next thread's mailbox,
/// which that thread frees. The threads live across runs (their creation is
/// not measured); nothing a run allocates outlives it, so each run is all
/// under one arm.
struct Pool {
    shared: Arc<PoolShared>,
    workers: Vec<JoinHandle<()>>,
}

struct PoolShared {
    /// The workers and the caller: a run starts.
    start: Barrier,
    /// The workers: every value has been sent, mailboxes can be emptied.
    sent: Barrier,
    /// The workers and the caller: a run is over, everything freed.
    done: Barrier,
    iters: AtomicU64,
    /// The workers' CPU time in this run, nanoseconds, summed.
    cpu_ns: AtomicU64,
    stop: AtomicBool,
    mailboxes: Vec<Mutex<Vec<String>>>,
}

impl Pool {
    fn new(threads: usize) -> Self {
        let shared = Arc::new(PoolShared {
            start: Barrier::new(threads + 1),
            sent: Barrier::new(threads),
            done: Barrier::new(threads + 1),
            iters: AtomicU64::new(0),
            cpu_ns: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            mailboxes: (0..threads).map(|_| Mutex::new(Vec::new())).collect(),
        });
        let workers = (0..threads)
            .map(|t| {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || shared.work(t))
            })
            .collect();
        Pool { shared, workers }
    }

    /// The CPU time the workers spend, together, doing `iters` runs of
    /// the workload each (wall time where thread CPU time is unknown).
    fn run(&self, iters: u64) -> Duration {
        self.shared.iters.store(iters, Ordering::Relaxed);
        self.shared.cpu_ns.store(0, Ordering::Relaxed);
        let started = Instant::now();
        self.shared.start.wait();
        self.shared.done.wait();
        let wall = started.elapsed();
        match self.shared.cpu_ns.load(Ordering::Relaxed) {
            0 => wall,
            cpu => Duration::from_nanos(cpu),
        }
    }
}

impl PoolShared {
    fn work(&self, t: usize) {
        let threads = self.mailboxes.len();
        let own = &self.mailboxes[t];
        let next = &self.mailboxes[(t + 1) % threads];
        // Empties this thread's mailbox; the values are freed here, outside
        // the lock, on another thread than the one that allocated them.
        let drain = || drop(mem::take(&mut *own.lock().expect("a mailbox")));
        loop {
            self.start.wait();
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            let cpu = thread_cpu_time();
            for _ in 0..self.iters.load(Ordering::Relaxed) {
                black_box(maps(
                    seed(t),
                    &mut |v| next.lock().expect("a mailbox").push(v),
                    &mut || drain(),
                ));
            }
            // Waiting here for the others sleeps: no CPU time.
            self.sent.wait();
            drain();
            if let (Some(start), Some(end)) = (cpu, thread_cpu_time()) {
                let spent = end.saturating_sub(start).as_nanos();
                self.cpu_ns.fetch_add(spent as u64, Ordering::Relaxed);
            }
            self.done.wait();
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.shared.start.wait();
        for worker in self.workers.drain(..) {
            worker.join().expect("a worker panicked");
        }
    }
}

// ---------------------------------------------------------------------------
// Live blocks

/// `n` idle 16-byte blocks, allocated under tracking: the tracker holds
/// them while the workloads run, as a big program's long-lived data.
#[allow(clippy::vec_box, reason = "each box is one of the heap blocks")]
struct Idle(Vec<Box<[u64; 2]>>);

impl Idle {
    fn allocate(n: usize) -> Self {
        let before = global_tracker().stats().active_allocations;
        let blocks = Arm::Tracking.run(|| {
            let mut blocks = Vec::with_capacity(n);
            for i in 0..n {
                blocks.push(Box::new([i as u64, 0]));
            }
            blocks
        });
        let live = global_tracker().stats().active_allocations;
        assert!(live >= before + n as u64, "the idle blocks are tracked");
        Idle(blocks)
    }

    fn free(self) {
        Arm::Tracking.run(|| drop(self.0));
    }
}

// ---------------------------------------------------------------------------
// Counting allocator calls

/// Allocator calls of one run, from the tracker's counters (so counted
/// under tracking, the same calls as under `System`).
#[derive(Debug, Clone, Copy, Default)]
struct Calls {
    allocs: u64,
    frees: u64,
    reallocs: u64,
}

impl Calls {
    fn of(f: impl FnOnce()) -> Self {
        let before = global_tracker().stats();
        Arm::Tracking.run(f);
        let after = global_tracker().stats();
        // The tracker counts a reallocation as a free, an allocation and a
        // reallocation.
        let reallocs = after.total_reallocations - before.total_reallocations;
        Calls {
            allocs: after.total_allocations - before.total_allocations - reallocs,
            frees: after.total_deallocations - before.total_deallocations - reallocs,
            reallocs,
        }
    }

    fn total(&self) -> u64 {
        self.allocs + self.frees + self.reallocs
    }
}

// ---------------------------------------------------------------------------
// The benchmarks

const THREADS: usize = 4;

/// Idle live blocks measured unless `WORKLOAD_LIVE` says otherwise.
const LIVE: [usize; 2] = [10_000, 10_000_000];

fn live_counts() -> Vec<usize> {
    match std::env::var("WORKLOAD_LIVE") {
        Ok(list) => list
            .split(',')
            .map(|s| {
                s.trim()
                    .parse()
                    .expect("WORKLOAD_LIVE: block counts, comma separated")
            })
            .collect(),
        Err(_) => LIVE.to_vec(),
    }
}

/// Where criterion writes: `CRITERION_HOME`, else the workspace's target
/// directory, as criterion itself would choose.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

/// One measured workload: a criterion group with a `system` and a
/// `tracking` benchmark.
struct Case {
    group: String,
    label: String,
    calls: Calls,
    /// Idle blocks live in the tracker while it ran, if a scale case.
    live: Option<usize>,
}

fn bench_case(
    c: &mut Criterion,
    cases: &mut Vec<Case>,
    group: String,
    label: String,
    live: Option<usize>,
    calls: Calls,
    run: &dyn Fn(u64) -> Duration,
) {
    let mut g = c.benchmark_group(&group);
    g.throughput(Throughput::Elements(calls.total()));
    // Call stacks only for the workloads (not the scale cases): their
    // cost is issue 13's target.
    let arms: &[Arm] = if live.is_none() {
        &Arm::ALL
    } else {
        &Arm::ALL[..2]
    };
    for &arm in arms {
        g.bench_function(arm.id(), |b| b.iter_custom(|iters| arm.run(|| run(iters))));
    }
    g.finish();
    cases.push(Case {
        group,
        label,
        calls,
        live,
    });
}

/// The CPU time this thread spends in `f`: on a shared machine a thread
/// that is preempted does not run, and wall time would count the wait.
/// Where the thread's CPU clock is not known, wall time.
fn timed(f: impl FnOnce()) -> Duration {
    let (cpu, wall) = (thread_cpu_time(), Instant::now());
    f();
    match (cpu, thread_cpu_time()) {
        (Some(start), Some(end)) => end.saturating_sub(start),
        _ => wall.elapsed(),
    }
}

#[cfg(target_os = "linux")]
fn thread_cpu_time() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes a `timespec` to the pointer it is
    // given, which points to one.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0;
    let secs = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    ok.then(|| Duration::new(secs, nanos))
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

/// `WORKLOAD_PROFILE=<maps|churn>,<system|tracking|stacks|sampled>,<runs>[,<live>]`: runs
/// that many runs of one workload on one thread, with that many idle
/// blocks live, and no criterion: a target for callgrind, whose count with
/// 0 runs is the fixed cost to subtract.
fn profile(spec: &str) {
    let parts: Vec<&str> = spec.split(',').collect();
    let (workload, arm, runs, live) = match parts[..] {
        [w, a, r] => (w, a, r, "0"),
        [w, a, r, l] => (w, a, r, l),
        _ => {
            panic!("WORKLOAD_PROFILE=<maps|churn>,<system|tracking|stacks|sampled>,<runs>[,<live>]")
        }
    };
    let arm = match arm {
        "system" => Arm::System,
        "tracking" => Arm::Tracking,
        "stacks" => Arm::Stacks,
        "sampled" => Arm::Sampled,
        "dhat" => Arm::Dhat,
        _ => panic!("the arm is system, tracking, stacks, sampled or dhat"),
    };
    let runs: u64 = runs.parse().expect("a number of runs");
    let idle = Idle::allocate(live.parse().expect("a number of live blocks"));
    let run: fn() = match workload {
        "maps" => || maps_one_thread(1),
        "churn" => || {
            black_box(churn(seed(0)));
        },
        _ => panic!("the workload is maps or churn"),
    };
    let calls = Calls::of(run);
    arm.run(|| {
        for _ in 0..runs {
            run();
        }
    });
    idle.free();
    println!(
        "{runs} runs of {workload} under {}, {} allocator calls each",
        arm.id(),
        calls.total()
    );
}

fn main() {
    if let Ok(spec) = std::env::var("WORKLOAD_PROFILE") {
        return profile(&spec);
    }
    let started = SystemTime::now();
    let dir = criterion_dir();
    // dhat-rs's profiler, for its arm: one per process, for the whole run
    // (only the dhat arm's calls reach it); its summary goes to stderr and
    // its profile to the criterion directory at the end.
    let _ = std::fs::create_dir_all(&dir);
    let dhat = dhat::Profiler::builder()
        .file_name(dir.join("dhat-heap.json"))
        .build();
    let mut criterion = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    let load_before = load_average();
    let mut cases = Vec::new();

    let calls = Calls::of(|| maps_one_thread(1));
    bench_case(
        &mut criterion,
        &mut cases,
        "workload_1_thread".into(),
        "maps, 1 thread".into(),
        None,
        calls,
        &|iters| timed(|| maps_one_thread(iters)),
    );

    let pool = Pool::new(THREADS);
    let calls = Calls::of(|| {
        pool.run(1);
    });
    bench_case(
        &mut criterion,
        &mut cases,
        "workload_4_threads".into(),
        format!("maps, {THREADS} threads (2 cores)"),
        None,
        calls,
        &|iters| pool.run(iters),
    );
    drop(pool);

    for n in live_counts() {
        let idle = Idle::allocate(n);
        let calls = Calls::of(|| {
            black_box(churn(seed(0)));
        });
        bench_case(
            &mut criterion,
            &mut cases,
            format!("churn_live_{n}"),
            format!("churn, {} live", thousands(n)),
            Some(n),
            calls,
            &|iters| {
                timed(|| {
                    for _ in 0..iters {
                        black_box(churn(seed(0)));
                    }
                })
            },
        );
        let calls = Calls::of(|| maps_one_thread(1));
        bench_case(
            &mut criterion,
            &mut cases,
            format!("maps_live_{n}"),
            format!("maps, {} live", thousands(n)),
            Some(n),
            calls,
            &|iters| timed(|| maps_one_thread(iters)),
        );
        idle.free();
    }
    criterion.final_summary();
    drop(dhat);
    let heaptrack = heaptrack_ratio();

    let mut summary = render(&cases, &dir, started, (load_before, load_average()));
    summary.push_str(&heaptrack);
    println!("\n{summary}");
    let saved = dir.join("workload-summary.md");
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&saved, &summary)) {
        Ok(()) => println!("(saved as {})", saved.display()),
        Err(e) => eprintln!("could not save {}: {e}", saved.display()),
    }
}

// ---------------------------------------------------------------------------
// The summary

/// One benchmark's samples from this run, if it ran (a filter may have
/// skipped it).
fn load(dir: &Path, group: &str, id: &str, since: SystemTime) -> Option<Timing> {
    let path = dir.join(group).join(id).join("new").join("sample.json");
    if std::fs::metadata(&path).ok()?.modified().ok()? < since {
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

fn render(
    cases: &[Case],
    dir: &Path,
    since: SystemTime,
    load_average: (Option<f64>, Option<f64>),
) -> String {
    let median =
        |case: &Case, arm: Arm| load(dir, &case.group, arm.id(), since).map(|t| t.median_ns);
    let text = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("-".to_string(), f);
    let load_text = |l: Option<f64>| l.map_or("unknown".to_string(), |l| format!("{l:.2}"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Workload: TrackingAllocator against System\n\n\
         Medians over criterion's samples of this run; one run of a workload per \
         iteration, in CPU time (on {THREADS} threads, of all four). Load average {} at the start, {} at the end.\n",
        load_text(load_average.0),
        load_text(load_average.1)
    );
    let _ = writeln!(
        out,
        "| workload | allocator calls per run | System | TrackingAllocator | tracked / untracked | per call, System | per call, tracked |\n\
         |---|---:|---:|---:|---:|---:|---:|"
    );
    for case in cases {
        let (sys, tracked) = (median(case, Arm::System), median(case, Arm::Tracking));
        let calls = case.calls.total() as f64;
        let ratio = sys.zip(tracked).map(|(s, t)| t / s);
        let _ = writeln!(
            out,
            "| {} | {} ({} + {} + {}) | {} | {} | {} | {} | {} |",
            case.label,
            thousands(case.calls.total() as usize),
            thousands(case.calls.allocs as usize),
            thousands(case.calls.frees as usize),
            thousands(case.calls.reallocs as usize),
            text(sys, &|v| duration(v)),
            text(tracked, &|v| duration(v)),
            text(ratio, &|r| format!("{r:.2}x")),
            text(sys, &|v| duration(v / calls)),
            text(tracked, &|v| duration(v / calls)),
        );
    }
    let _ = writeln!(
        out,
        "\nCalls per run: allocations + frees + reallocations. On {THREADS} threads \
         one run is one run of the workload on each thread, all at once.\n"
    );

    // The targets.
    let ratio_of = |group: &str| {
        let case = cases.iter().find(|c| c.group == group)?;
        Some(median(case, Arm::Tracking)? / median(case, Arm::System)?)
    };
    let verdict = |v: Option<f64>, limit: f64| match v {
        Some(v) if v <= limit => format!("**met** ({v:.2}x)"),
        Some(v) => format!("**missed** ({v:.2}x)"),
        None => "not measured".to_string(),
    };
    let _ = writeln!(out, "| target | result |\n|---|---|");
    let _ = writeln!(
        out,
        "| tracked / untracked at most 1.5x, 1 thread | {} |",
        verdict(ratio_of("workload_1_thread"), 1.5)
    );
    let _ = writeln!(
        out,
        "| tracked / untracked at most 2x, {THREADS} threads | {} |",
        verdict(ratio_of("workload_4_threads"), 2.0)
    );
    let stacks_ratio = |group: &str| {
        let case = cases.iter().find(|c| c.group == group)?;
        Some(median(case, Arm::Stacks)? / median(case, Arm::System)?)
    };
    let _ = writeln!(
        out,
        "| with 16-frame call stacks / untracked at most 2.5x, 1 thread (issue 13) | {} |",
        verdict(stacks_ratio("workload_1_thread"), 2.5)
    );
    let _ = writeln!(
        out,
        "| with 16-frame call stacks / untracked, {THREADS} threads (no target) | {} |",
        stacks_ratio("workload_4_threads")
            .map_or("not measured".to_string(), |r| format!("{r:.2}x"))
    );
    let sampled_ratio = |group: &str| {
        let case = cases.iter().find(|c| c.group == group)?;
        Some(median(case, Arm::Sampled)? / median(case, Arm::System)?)
    };
    let _ = writeln!(
        out,
        "| sampled (512 KiB mean, stacks) / untracked at most 1.05x, 1 thread | {} |",
        verdict(sampled_ratio("workload_1_thread"), 1.05)
    );
    let _ = writeln!(
        out,
        "| sampled (512 KiB mean, stacks) / untracked at most 1.05x, {THREADS} threads | {} |",
        verdict(sampled_ratio("workload_4_threads"), 1.05)
    );
    let dhat_ratio = |group: &str| {
        let case = cases.iter().find(|c| c.group == group)?;
        Some(median(case, Arm::Dhat)? / median(case, Arm::System)?)
    };
    for (group, threads) in [("workload_1_thread", 1), ("workload_4_threads", THREADS)] {
        let _ = writeln!(
            out,
            "| the field: dhat-rs (`dhat::Alloc`, stacks always) / untracked, {threads} thread(s); compare with our stacks row | {} |",
            dhat_ratio(group).map_or("not measured".to_string(), |r| format!("{r:.2}x"))
        );
    }
    let per_call = |workload: &str, n: usize| {
        let case = cases
            .iter()
            .find(|c| c.live == Some(n) && c.group.starts_with(workload))?;
        Some(median(case, Arm::Tracking)? / case.calls.total() as f64)
    };
    let counts: Vec<usize> = {
        let mut counts: Vec<usize> = cases.iter().filter_map(|c| c.live).collect();
        counts.sort_unstable();
        counts.dedup();
        counts
    };
    if let (Some(&small), Some(&large)) = (counts.first(), counts.last())
        && small != large
    {
        for workload in ["churn", "maps"] {
            let growth = per_call(workload, large).zip(per_call(workload, small));
            let _ = writeln!(
                out,
                "| tracked cost per call at {} live within 1.5x of {}, {workload} | {} |",
                thousands(large),
                thousands(small),
                verdict(growth.map(|(l, s)| l / s), 1.5)
            );
        }
    }
    out
}

// ---------------------------------------------------------------------------
// heaptrack, the field's other lossless profiler

/// Runs of the maps workload per child process.
const HEAPTRACK_RUNS: u64 = 300;

/// heaptrack against `System` on the 1-thread maps workload, each in a
/// child process of this binary (`WORKLOAD_PROFILE=maps,system,RUNS`),
/// heaptrack's `LD_PRELOAD`ed recorder and its interpreter included: the
/// children's CPU time (user + system, `getrusage`) of `HEAPTRACK_RUNS`
/// runs minus that of 0 runs, so that start-up is left out; medians of
/// three. A line for the summary, or why there is none.
fn heaptrack_ratio() -> String {
    use std::process::{Command, Stdio};
    let Ok(exe) = std::env::current_exe() else {
        return String::new();
    };
    let present = Command::new("heaptrack")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !present {
        return "\nheaptrack: not on the PATH (Debian: `apt-get install heaptrack`), not measured.\n".into();
    }
    let Ok(out_dir) = tempfile::tempdir() else {
        return String::new();
    };
    let cpu_of = |heaptrack: bool, runs: u64| -> Option<f64> {
        let mut command = if heaptrack {
            let mut command = Command::new("heaptrack");
            command
                .arg("-o")
                .arg(out_dir.path().join("workload"))
                .arg(&exe);
            command
        } else {
            Command::new(&exe)
        };
        command
            .env("WORKLOAD_PROFILE", format!("maps,system,{runs}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let before = children_cpu();
        let status = command.status().ok()?;
        status.success().then(|| children_cpu() - before)
    };
    let per_runs = |heaptrack: bool| -> Option<f64> {
        let mut costs: Vec<f64> = (0..3)
            .map(|_| Some(cpu_of(heaptrack, HEAPTRACK_RUNS)? - cpu_of(heaptrack, 0)?))
            .collect::<Option<_>>()?;
        costs.sort_by(f64::total_cmp);
        Some(costs[1] / HEAPTRACK_RUNS as f64)
    };
    match (per_runs(false), per_runs(true)) {
        (Some(system), Some(heaptrack)) if system > 0.0 => format!(
            "\nheaptrack (child processes, {HEAPTRACK_RUNS} runs of maps on 1 thread minus 0 runs, CPU time of the children, medians of 3): \
             `System` {} a run, under heaptrack {} a run: **{:.2}x** (stacks always; compare with our stacks row).\n",
            duration(system * 1e9),
            duration(heaptrack * 1e9),
            heaptrack / system
        ),
        _ => "\nheaptrack: a child run failed, not measured.\n".into(),
    }
}

/// The CPU time (user + system) of this process's children that have
/// been waited for, in seconds.
fn children_cpu() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: `getrusage` writes one `rusage` to the pointer it is
        // given, which points to one (zeroed, a valid `rusage`).
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: as above.
        if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } == 0 {
            let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
            return seconds(usage.ru_utime) + seconds(usage.ru_stime);
        }
    }
    0.0
}
