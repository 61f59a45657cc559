//! Snapshots that outlive the process, each test a specification: a
//! process killed while it grows leaves at most `keep` whole snapshots,
//! the newest near its last peak; `std::process::exit` writes the live
//! blocks; a signal asks for a snapshot; a forked child may start its own
//! watcher; a snapshot that fails is kept as an error and tried again at
//! the next step; bad settings are refused by name.
//!
//! One watcher runs in a process at a time, and most of these tests kill,
//! signal, fork or exit their process: each such test runs its body in a
//! child process of this test binary (the same test, selected by an
//! environment variable), and the parent checks what the child left. Every
//! wait is bounded.

#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use memscope_export::format::Flags;
use memscope_export::{
    BinaryExportConfig, BinaryReader, Growth, PeakWatcher, TrackerWatch, WATCHER_THREAD_NAME,
    WatchConfig, WatchError,
};
use memscope_test_support::entries;
use memscope_tracker::{MemoryStats, MemoryTracker, TrackingAllocator, global_tracker};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

/// Set, to the test's name, in the child process that runs its body.
const CHILD: &str = "MEMSCOPE_WATCH_TEST";
/// The directory a child writes into.
const DIR: &str = "MEMSCOPE_WATCH_DIR";
/// Longest any step may take before the test fails instead of hanging. A
/// healthy step takes milliseconds; two busy cores may take seconds.
const PATIENCE: Duration = Duration::from_secs(60);
/// How long the parent waits for a snapshot asked for by a signal.
const SIGNAL_PATIENCE: Duration = Duration::from_secs(10);
const MIB: u64 = 1 << 20;

// ---------------------------------------------------------------------
// Running a test's body in a child process.

/// Whether this process is the child that runs `test`'s body (the test
/// named by its function, so that a renamed test cannot silently run
/// nothing).
fn is_child<T>(_test: T) -> bool {
    std::env::var(CHILD).is_ok_and(|running| running == name_of::<T>())
}

fn name_of<T>() -> &'static str {
    let path = std::any::type_name::<T>();
    path.rsplit("::").next().unwrap_or(path)
}

/// The directory the parent gave the child.
fn child_dir() -> PathBuf {
    PathBuf::from(std::env::var_os(DIR).expect("the parent names the directory"))
}

/// Says `line` to the parent, at once.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A child process running one test's body, its standard output read line
/// by line.
struct Child {
    process: std::process::Child,
    lines: mpsc::Receiver<String>,
    /// The whole standard error, once it ends.
    stderr: mpsc::Receiver<String>,
    /// Every line read so far.
    seen: Vec<String>,
}

impl Child {
    /// Starts the body of `test` with `dir` as its directory.
    fn start<T>(_test: T, dir: &Path) -> Child {
        let name = name_of::<T>();
        let mut process = Command::new(std::env::current_exe().unwrap())
            .args([name, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, name)
            .env(DIR, dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = process.stdout.take().unwrap();
        let (said, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if said.send(line).is_err() {
                    break;
                }
            }
        });
        let mut errors = process.stderr.take().unwrap();
        let (whole, stderr) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = errors.read_to_string(&mut text);
            let _ = whole.send(text);
        });
        Child {
            process,
            lines,
            stderr,
            seen: Vec::new(),
        }
    }

    fn pid(&self) -> libc::pid_t {
        self.process.id() as libc::pid_t
    }

    /// The next line, or `None` at the end of the output.
    fn next_line(&mut self, within: Duration) -> Option<String> {
        match self.lines.recv_timeout(within) {
            Ok(line) => {
                self.seen.push(line.clone());
                Some(line)
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => None,
            Err(mpsc::RecvTimeoutError::Timeout) => self.fail("no line came in time"),
        }
    }

    /// Waits for a line that says `word`; what follows it.
    fn expect(&mut self, word: &str) -> String {
        loop {
            match self.next_line(PATIENCE) {
                Some(line) => {
                    if let Some(rest) = said(&line, word) {
                        return rest.trim().to_string();
                    }
                }
                None => self.fail(&format!("the child ended before saying {word:?}")),
            }
        }
    }

    /// Writes `line` to the child's standard input.
    fn tell(&mut self, line: &str) {
        let stdin = self.process.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// SIGKILL: no destructor, no `atexit`, nothing.
    fn kill(&mut self) {
        self.process.kill().unwrap();
    }

    /// Waits for the child to end (killing it after [`PATIENCE`]); its
    /// status, with every line it said after those already read.
    fn finish(mut self) -> (ExitStatus, Vec<String>, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.process.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > PATIENCE {
                self.fail(&format!("still running after {PATIENCE:?}"));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let mut rest = Vec::new();
        while let Some(line) = self.next_line(PATIENCE) {
            rest.push(line);
        }
        let stderr = self.stderr();
        (status, rest, stderr)
    }

    /// The child's standard error; a note instead if it does not end (a
    /// process the child forked may hold it open).
    fn stderr(&self) -> String {
        self.stderr
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| "(still open: a process the child left holds it)".to_string())
    }

    /// Fails the test with what the child said, after killing it.
    fn fail(&mut self, why: &str) -> ! {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let stderr = self.stderr();
        panic!(
            "{why}\n--- the child's stdout\n{}\n--- its stderr\n{stderr}",
            self.seen.join("\n")
        );
    }
}

/// What follows `word` in a line the child said, if it said it there.
/// The child's first line shares the harness's `test NAME ... ` line.
fn said<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let at = line.find(word)?;
    Some(&line[at + word.len()..])
}

/// Expects the child to have exited with 0 and said `child ok`.
fn assert_success(child: Child) {
    let (status, rest, stderr) = child.finish();
    assert!(
        status.success() && rest.iter().any(|line| said(line, "child ok").is_some()),
        "{status}\n--- the child's last lines\n{}\n--- its stderr\n{stderr}",
        rest.join("\n")
    );
}

/// Waits until `done` holds, polling every millisecond; fails with
/// `what` after `within`.
fn eventually(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < within, "{what}: not within {within:?}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

// ---------------------------------------------------------------------
// Looking at files.

/// What one snapshot holds, read with every rule of the format checked.
#[derive(Debug)]
struct Snapshot {
    stats: MemoryStats,
    /// The size of every record, with the functions of its stack.
    records: Vec<(usize, Vec<String>)>,
}

fn read_snapshot(path: &Path) -> Snapshot {
    let mut reader = BinaryReader::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Every snapshot here is written with the watcher's default: zstd.
    assert!(
        reader.flags().contains(Flags::COMPRESSED),
        "{}",
        path.display()
    );
    let stats = *reader.stats();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let functions = record
            .stack
            .map(|stack| {
                stack
                    .frames()
                    .filter_map(|frame| frame.function.map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        records.push((record.allocation.size, functions));
    }
    // The stats describe exactly the records.
    assert_eq!(
        records.len() as u64,
        stats.active_allocations,
        "{}",
        path.display()
    );
    let bytes: u64 = records.iter().map(|(size, _)| *size as u64).sum();
    assert_eq!(bytes, stats.active_memory, "{}", path.display());
    Snapshot { stats, records }
}

/// The peak snapshots in `dir`, by number.
fn peak_snapshots(dir: &Path) -> BTreeMap<u64, PathBuf> {
    snapshots(dir, "peak-")
}

fn snapshots(dir: &Path, prefix: &str) -> BTreeMap<u64, PathBuf> {
    entries(dir)
        .into_iter()
        .filter_map(|name| {
            let digits = name.strip_prefix(prefix)?.strip_suffix(".memscope")?;
            Some((digits.parse().ok()?, dir.join(&name)))
        })
        .collect()
}

/// The threads of this process named `name`.
fn threads_named(name: &str) -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter(|task| {
            let comm = task.as_ref().unwrap().path().join("comm");
            std::fs::read_to_string(comm).is_ok_and(|comm| comm.trim_end() == name)
        })
        .count()
}

/// Waits until this process has `count` watcher threads (the thread names
/// itself as it starts).
fn assert_watcher_threads(count: usize) {
    eventually(
        &format!("{count} threads named {WATCHER_THREAD_NAME}"),
        PATIENCE,
        || threads_named(WATCHER_THREAD_NAME) == count,
    );
}

/// The disposition of `signal` now: SIG_DFL, SIG_IGN or a handler.
fn disposition(signal: i32) -> libc::sighandler_t {
    // SAFETY: a zeroed sigaction is a valid value of the C struct; the
    // query (null new action) only writes it.
    unsafe {
        let mut now: libc::sigaction = std::mem::zeroed();
        assert_eq!(libc::sigaction(signal, std::ptr::null(), &mut now), 0);
        now.sa_sigaction
    }
}

// ---------------------------------------------------------------------
// A process killed while it grows.

/// The growth step of the kill test.
const KILL_STEP: u64 = 8 * MIB;
/// The child is killed once its peak passes this (and it has written two
/// snapshots).
const KILL_AT: u64 = 64 * MIB;
/// The child stops growing here if it is not killed (it should be, at
/// [`KILL_AT`]), and waits.
const GROWTH_CAP: u64 = 256 * MIB;
/// The child's pace: a 1 MiB chunk (every page touched) every 20 ms, 50
/// MiB/s. What it allocates during one poll interval and one export is
/// the gap the documentation allows beyond one step: 16 MiB is 320 ms of
/// export at this pace, many times what an export of a few hundred blocks
/// takes even with call stacks resolved on a busy machine.
const CHUNK: usize = 1 << 20;
const PACE: Duration = Duration::from_millis(20);
const KILL_TOLERANCE: u64 = 16 * MIB;

#[test]
fn a_process_killed_while_growing_leaves_at_most_keep_whole_snapshots_the_newest_near_its_last_peak()
 {
    if is_child(
        a_process_killed_while_growing_leaves_at_most_keep_whole_snapshots_the_newest_near_its_last_peak,
    ) {
        grow_until_killed();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = Child::start(
        a_process_killed_while_growing_leaves_at_most_keep_whole_snapshots_the_newest_near_its_last_peak,
        dir.path(),
    );
    child.expect("watching");
    // The peak the child said, and how many snapshots it had written then.
    let mut reports: Vec<(u64, u64)> = Vec::new();
    let parse = |line: &str| -> Option<(u64, u64)> {
        let (peak, written) = said(line, "peak ")?.split_once(" written ")?;
        Some((peak.parse().ok()?, written.parse().ok()?))
    };
    loop {
        let Some(line) = child.next_line(PATIENCE) else {
            child.fail("the child ended before it was killed");
        };
        if let Some(report) = parse(&line) {
            reports.push(report);
            // Past the mark, and past the first snapshots (the watcher's
            // warm-up, which loads the debug info, is over).
            if report.0 >= KILL_AT && report.1 >= 2 {
                break;
            }
        }
    }
    child.kill();
    let (status, rest, _) = child.finish();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(libc::SIGKILL)
    );
    // What it said between the last line read and the kill.
    reports.extend(rest.iter().filter_map(|line| parse(line)));
    let (last_peak, written) = *reports.last().unwrap();

    // At most `keep` files, every one a peak snapshot: no temporary file,
    // nothing else.
    let names = entries(dir.path());
    let found = peak_snapshots(dir.path());
    assert_eq!(found.len(), names.len(), "{names:?}");
    assert!((1..=3).contains(&found.len()), "{names:?}");
    // Numbered from 1 without gaps: the newest is the number written.
    let newest_number = *found.keys().last().unwrap();
    assert!(newest_number >= written, "{names:?}, {written} written");
    let numbers: Vec<u64> = found.keys().copied().collect();
    let expected: Vec<u64> = (newest_number + 1 - found.len() as u64..=newest_number).collect();
    assert_eq!(numbers, expected);

    let snapshots: Vec<Snapshot> = found.values().map(|path| read_snapshot(path)).collect();
    // Each holds the chunks the child held, with their call stacks, and
    // the peaks grow by at least a step from one to the next.
    for snapshot in &snapshots {
        let chunks: Vec<&(usize, Vec<String>)> = snapshot
            .records
            .iter()
            .filter(|(size, _)| *size == CHUNK)
            .collect();
        assert!(chunks.len() as u64 * CHUNK as u64 >= snapshot.stats.peak_memory - 2 * MIB);
        assert!(
            chunks
                .iter()
                .all(|(_, functions)| functions.iter().any(|f| f.contains("grow_until_killed"))),
            "every chunk's stack names the function that allocated it"
        );
    }
    // Each was due a step above the peak that triggered the one before,
    // which that one's own peak may exceed by what grew before it was
    // taken.
    for pair in snapshots.windows(2) {
        assert!(
            pair[1].stats.peak_memory + KILL_TOLERANCE >= pair[0].stats.peak_memory + KILL_STEP,
            "{} then {}",
            pair[0].stats.peak_memory,
            pair[1].stats.peak_memory
        );
    }
    let newest = snapshots.last().unwrap().stats.peak_memory;
    let gap = last_peak.saturating_sub(newest);
    // For the record: the peak at which the child first saw each snapshot
    // written (it reports every 20 ms), and each kept file's own peak.
    let mut seen_at = Vec::new();
    for &(peak, count) in &reports {
        if count as usize > seen_at.len() {
            seen_at.push(peak / MIB);
        }
    }
    println!(
        "snapshots seen written at peaks (MiB) {seen_at:?}; kept files' peaks (MiB) {:?}",
        snapshots
            .iter()
            .map(|s| s.stats.peak_memory as f64 / MIB as f64)
            .collect::<Vec<_>>()
    );
    println!(
        "killed at peak {last_peak}; {newest_number} snapshots written, {} kept ({:?} bytes), \
         the newest's peak {newest}: {gap} bytes ({:.1} MiB) below",
        found.len(),
        found
            .values()
            .map(|p| std::fs::metadata(p).unwrap().len())
            .collect::<Vec<_>>(),
        gap as f64 / MIB as f64
    );
    assert!(
        gap <= KILL_STEP + KILL_TOLERANCE,
        "the newest snapshot's peak {newest} is {gap} bytes below the last peak {last_peak}"
    );
    // Nor above what the child had allocated by its last word, give or
    // take the chunk it was allocating.
    assert!(
        newest <= last_peak + CHUNK as u64 + MIB,
        "{newest} > {last_peak}"
    );
}

/// The child: watch, then grow a chunk at a time, saying the peak after
/// each, until killed.
#[inline(never)]
fn grow_until_killed() -> ! {
    let watcher = global_tracker()
        .snapshot_on_peak(child_dir(), Growth::bytes(KILL_STEP), 3)
        .unwrap();
    say("watching");
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    loop {
        if global_tracker().peak_memory() > GROWTH_CAP {
            std::thread::sleep(PACE);
            continue;
        }
        let mut chunk = vec![0u8; CHUNK];
        for page in chunk.chunks_mut(4096) {
            page[0] = 1;
        }
        chunks.push(chunk);
        say(&format!(
            "peak {} written {}",
            global_tracker().peak_memory(),
            watcher.peak_snapshots_written()
        ));
        std::thread::sleep(PACE);
    }
}

// ---------------------------------------------------------------------
// The snapshot at exit.

/// The size of the block the exit tests leak: none other has it.
const LEAKED: usize = 3_141_593;

#[test]
fn exit_writes_the_live_blocks_on_process_exit_from_any_thread_and_on_return_from_main() {
    if is_child(exit_writes_the_live_blocks_on_process_exit_from_any_thread_and_on_return_from_main)
    {
        return leak_and_exit();
    }
    for how in ["exit", "exit-on-another-thread", "return"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("how"), how).unwrap();
        let mut child = Child::start(
            exit_writes_the_live_blocks_on_process_exit_from_any_thread_and_on_return_from_main,
            dir.path(),
        );
        child.expect("exiting");
        let (status, _, stderr) = child.finish();
        assert!(status.success(), "{how}: {status}\n{stderr}");
        // The second call replaced the first path: one file.
        assert_eq!(entries(dir.path()), ["how", "second.memscope"], "{how}");
        let snapshot = read_snapshot(&dir.path().join("second.memscope"));
        let leaked: Vec<_> = snapshot
            .records
            .iter()
            .filter(|(size, _)| *size == LEAKED)
            .collect();
        assert_eq!(leaked.len(), 1, "{how}: the leaked block, once");
        assert!(
            leaked[0].1.iter().any(|f| f.contains("leak_and_exit")),
            "{how}: its stack names where it was allocated: {:?}",
            leaked[0].1
        );
        assert!(snapshot.stats.active_memory >= LEAKED as u64, "{how}");
    }
}

#[inline(never)]
fn leak_and_exit() {
    let dir = child_dir();
    let how = std::fs::read_to_string(dir.join("how")).unwrap();
    let leaked: &'static mut [u8] = Vec::leak(vec![7u8; LEAKED]);
    assert_eq!(leaked.len(), LEAKED);
    global_tracker()
        .export_on_exit(dir.join("first.memscope"))
        .unwrap();
    // Replaces the first: only this one is written.
    global_tracker()
        .export_on_exit(dir.join("second.memscope"))
        .unwrap();
    say("exiting");
    match how.as_str() {
        "exit" => std::process::exit(0),
        "exit-on-another-thread" => {
            std::thread::spawn(|| std::process::exit(0));
            loop {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        // The test returns; the harness's `main` returns, and the C
        // runtime calls `exit`.
        _ => {}
    }
}

#[test]
fn an_export_at_exit_that_fails_says_why_on_stderr_and_the_exit_status_stays() {
    if is_child(an_export_at_exit_that_fails_says_why_on_stderr_and_the_exit_status_stays) {
        let dir = child_dir().join("gone");
        std::fs::create_dir(&dir).unwrap();
        global_tracker()
            .export_on_exit(dir.join("exit.memscope"))
            .unwrap();
        std::fs::remove_dir(&dir).unwrap();
        std::process::exit(3);
    }
    let dir = tempfile::tempdir().unwrap();
    let child = Child::start(
        an_export_at_exit_that_fails_says_why_on_stderr_and_the_exit_status_stays,
        dir.path(),
    );
    let (status, _, stderr) = child.finish();
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("memscope: the snapshot at exit was not written: ")
            && stderr.contains("exit.memscope"),
        "{stderr}"
    );
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn export_on_exit_refuses_a_path_whose_directory_is_missing() {
    // Refused before anything is registered: safe in the test process.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let err = global_tracker()
        .export_on_exit(missing.join("exit.memscope"))
        .unwrap_err();
    assert!(
        matches!(&err, WatchError::NotADirectory { path } if *path == missing),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------
// A signal.

#[test]
fn a_signal_writes_a_snapshot_and_stop_restores_the_default() {
    if is_child(a_signal_writes_a_snapshot_and_stop_restores_the_default) {
        return answer_signals();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut child = Child::start(
        a_signal_writes_a_snapshot_and_stop_restores_the_default,
        dir.path(),
    );
    child.expect("watching");
    for number in 1..=2u64 {
        // SAFETY: sends a signal to our child, which handles it.
        assert_eq!(unsafe { libc::kill(child.pid(), libc::SIGUSR2) }, 0);
        let path = dir.path().join(format!("signal-{number:06}.memscope"));
        let asked = Instant::now();
        while !path.exists() {
            if asked.elapsed() > SIGNAL_PATIENCE {
                child.fail(&format!(
                    "no {} within {SIGNAL_PATIENCE:?} of SIGUSR2",
                    path.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        println!(
            "signal {number}: {} after {:?}",
            path.display(),
            asked.elapsed()
        );
        let snapshot = read_snapshot(&path);
        assert!(
            snapshot.records.iter().any(|(size, _)| *size == LEAKED),
            "the block the child holds"
        );
    }
    child.tell("stop");
    child.expect("stopped");
    assert_success(child);
    // Two signal snapshots, no peak snapshot (none was asked for).
    assert_eq!(
        entries(dir.path()),
        ["signal-000001.memscope", "signal-000002.memscope"]
    );
}

#[inline(never)]
fn answer_signals() {
    assert_eq!(disposition(libc::SIGUSR2), libc::SIG_DFL);
    let held = vec![1u8; LEAKED];
    let mut watcher = global_tracker()
        .snapshot_on_signal(libc::SIGUSR2, child_dir())
        .unwrap();
    assert_ne!(disposition(libc::SIGUSR2), libc::SIG_DFL);
    assert_watcher_threads(1);
    // What the exports allocate (the snapshot's copy, the debug info
    // they resolve names with, buffers) is not the program's: the peak
    // does not move by it.
    let peak_before = global_tracker().peak_memory();
    say("watching");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "stop");
    assert_eq!(watcher.signal_snapshots_written(), 2);
    let grown = global_tracker().peak_memory() - peak_before;
    assert!(grown < 64 << 10, "the peak grew by {grown} bytes");
    assert_eq!(watcher.peak_snapshots_written(), 0);
    watcher.stop();
    assert!(!watcher.is_running());
    // The default is back, and the thread gone.
    assert_eq!(disposition(libc::SIGUSR2), libc::SIG_DFL);
    assert_watcher_threads(0);
    assert_eq!(watcher.snapshots_written(), 2);
    assert!(watcher.last_error().is_none());
    drop(held);
    say("stopped");
    say("child ok");
}

#[test]
fn one_watcher_at_a_time_and_a_signal_the_program_handles_is_not_taken() {
    if is_child(one_watcher_at_a_time_and_a_signal_the_program_handles_is_not_taken) {
        let dir = child_dir();
        // The program's own handler for SIGUSR1.
        extern "C" fn programs_own(_: i32) {}
        // SAFETY: installs an `extern "C"` handler that does nothing.
        let before = unsafe {
            libc::signal(
                libc::SIGUSR1,
                programs_own as extern "C" fn(i32) as libc::sighandler_t,
            )
        };
        assert_eq!(before, libc::SIG_DFL);
        let err = global_tracker()
            .snapshot_on_signal(libc::SIGUSR1, &dir)
            .unwrap_err();
        assert!(
            matches!(err, WatchError::SignalInUse { signal } if signal == libc::SIGUSR1),
            "{err:?}"
        );
        assert_eq!(
            disposition(libc::SIGUSR1),
            programs_own as extern "C" fn(i32) as libc::sighandler_t,
            "the program's handler stays"
        );

        // A refused start leaves nothing running: the next one starts.
        let mut first = global_tracker()
            .watch(
                WatchConfig::new(&dir)
                    .on_peak(Growth::percent(25))
                    .on_signal(libc::SIGUSR2),
            )
            .unwrap();
        let second = global_tracker().snapshot_on_peak(&dir, Growth::percent(25), 3);
        assert!(
            matches!(second, Err(WatchError::AlreadyWatching)),
            "{second:?}"
        );
        // The refused second start took nothing from the first.
        assert!(first.is_running());
        assert_ne!(disposition(libc::SIGUSR2), libc::SIG_DFL);
        first.stop();
        first.stop(); // again: nothing
        assert_eq!(disposition(libc::SIGUSR2), libc::SIG_DFL);
        // Stopped, another may start; dropping it stops it too.
        let again = global_tracker()
            .snapshot_on_signal(libc::SIGUSR2, &dir)
            .unwrap();
        drop(again);
        assert_eq!(disposition(libc::SIGUSR2), libc::SIG_DFL);
        assert_watcher_threads(0);
        let third = global_tracker().snapshot_on_peak(&dir, Growth::percent(25), 3);
        assert!(third.is_ok(), "{third:?}");
        drop(third);

        // Stopping does not wait for the poll interval to run out, on the
        // signal's pipe or not.
        for signal in [None, Some(libc::SIGUSR2)] {
            let mut config = WatchConfig::new(&dir)
                .on_peak(Growth::bytes(1 << 40))
                .poll_interval(Duration::from_secs(600));
            if let Some(signal) = signal {
                config = config.on_signal(signal);
            }
            let mut sleeping = global_tracker().watch(config).unwrap();
            assert_watcher_threads(1);
            std::thread::sleep(Duration::from_millis(50));
            let asked = Instant::now();
            sleeping.stop();
            assert!(asked.elapsed() < Duration::from_secs(30), "{signal:?}");
        }
        say("child ok");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert_success(Child::start(
        one_watcher_at_a_time_and_a_signal_the_program_handles_is_not_taken,
        dir.path(),
    ));
}

#[test]
fn snapshots_are_written_while_the_program_holds_its_own_locks_and_allocates() {
    if is_child(snapshots_are_written_while_the_program_holds_its_own_locks_and_allocates) {
        let mut watcher = global_tracker()
            .snapshot_on_peak(child_dir(), Growth::bytes(MIB), 3)
            .unwrap();
        let programs_own = std::sync::Mutex::new(Vec::<Vec<u8>>::new());
        {
            // Standard output and a lock of the program's, held while it
            // allocates, until three snapshots are written.
            let out = std::io::stdout().lock();
            let mut held = programs_own.lock().unwrap();
            let started = Instant::now();
            while watcher.peak_snapshots_written() < 3 {
                assert!(started.elapsed() < PATIENCE, "no three snapshots");
                if held.len() < 256 {
                    held.push(vec![1; MIB as usize]);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            drop(out);
        }
        watcher.stop();
        assert!(watcher.last_error().is_none());
        say("child ok");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert_success(Child::start(
        snapshots_are_written_while_the_program_holds_its_own_locks_and_allocates,
        dir.path(),
    ));
    assert_eq!(peak_snapshots(dir.path()).len(), 3);
}

// ---------------------------------------------------------------------
// fork().

#[test]
fn a_forked_child_has_no_watcher_and_may_start_its_own() {
    if is_child(a_forked_child_has_no_watcher_and_may_start_its_own) {
        return fork_while_watching();
    }
    let dir = tempfile::tempdir().unwrap();
    let child = Child::start(
        a_forked_child_has_no_watcher_and_may_start_its_own,
        dir.path(),
    );
    assert_success(child);
    // The grandchild's snapshot, in its own directory.
    assert_eq!(peak_snapshots(&dir.path().join("grandchild")).len(), 1);
}

/// How many times the fork test forks.
const FORKS: u32 = 20;
/// A grandchild that takes longer than this is stuck: SIGALRM ends it.
const GRANDCHILD_ALARM: Duration = Duration::from_secs(20);

fn fork_while_watching() {
    let dir = child_dir();
    let mut watcher = global_tracker()
        .watch(
            WatchConfig::new(dir.join("child"))
                .on_peak(Growth::bytes(MIB))
                .on_signal(libc::SIGUSR2),
        )
        .unwrap();
    // The watcher exports without a pause, its warm-up first, then a
    // snapshot for each SIGUSR2 this thread sends every 2 ms: the forks
    // land in the middle of exports.
    let stop = Arc::new(AtomicBool::new(false));
    let asker = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                // SAFETY: a signal to this process, which handles it.
                unsafe { libc::kill(libc::getpid(), libc::SIGUSR2) };
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    for round in 0..FORKS {
        watcher = fork_round(watcher, &dir, round);
    }
    stop.store(true, Ordering::Relaxed);
    asker.join().unwrap();
    // The last signals handled before the default comes back.
    std::thread::sleep(Duration::from_millis(100));
    assert!(watcher.signal_snapshots_written() >= 1);
    // The child's own watcher still works.
    assert!(watcher_is_running(&watcher));
    let held = vec![1u8; 2 * MIB as usize];
    eventually("the child's own snapshot", PATIENCE, || {
        watcher.peak_snapshots_written() >= 1
    });
    drop(held);
    drop(watcher);
    assert_eq!(disposition(libc::SIGUSR2), libc::SIG_DFL);
    say("child ok");
}

/// Forks once: the grandchild gets the copy of `watcher` and runs
/// [`in_grandchild`]; the parent waits for it and gets `watcher` back.
fn fork_round(watcher: PeakWatcher, dir: &Path, round: u32) -> PeakWatcher {
    // SAFETY: the grandchild runs `in_grandchild` (a panic in it is caught
    // and becomes an exit code) and ends with `_exit`: it returns to no
    // caller and runs no destructor of the copied state but the watcher's.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        // SAFETY: schedules SIGALRM, whose default ends a grandchild that
        // is stuck (a deadlock) instead of leaving it behind.
        unsafe { libc::alarm(GRANDCHILD_ALARM.as_secs() as u32) };
        let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            in_grandchild(watcher, dir, round)
        }))
        .unwrap_or(99);
        // SAFETY: ends the grandchild without running the harness's exit
        // path in a copy of a multi-threaded process.
        unsafe { libc::_exit(code) };
    }
    let code = memscope_test_support::child::wait_for(pid, 2 * GRANDCHILD_ALARM);
    assert_eq!(
        code,
        Some(0),
        "round {round}: the grandchild's exit status (-1: killed, by SIGALRM if stuck)"
    );
    watcher
}

fn watcher_is_running(watcher: &PeakWatcher) -> bool {
    watcher.is_running() && threads_named(WATCHER_THREAD_NAME) == 1
}

/// In the forked grandchild: the parent's watcher is not here, its signal
/// handler neither, and a watcher of its own starts and writes. Returns
/// the exit code: 0, or the number of the first check that failed.
fn in_grandchild(inherited: PeakWatcher, dir: &Path, round: u32) -> i32 {
    if threads_named(WATCHER_THREAD_NAME) != 0 {
        return 1;
    }
    if disposition(libc::SIGUSR2) != libc::SIG_DFL {
        return 2;
    }
    if inherited.is_running() || inherited.last_error().is_some() {
        return 3;
    }
    // Dropping the copy neither waits for the parent's thread nor frees
    // this process's claim.
    drop(inherited);
    // An export that lists the modules (with `dl_iterate_phdr`, the
    // loader's lock): nothing the parent's watcher held at the fork is
    // held here. (Unresolved: quick; round 0's watcher resolves names.)
    let exported = memscope_export::BinaryExporter::new(BinaryExportConfig::new().symbolize(false))
        .export_to_writer(global_tracker(), std::io::sink());
    if exported.is_err() {
        return 8;
    }
    if round != 0 {
        // Starting and stopping once is enough for the other rounds.
        return match global_tracker().snapshot_on_signal(libc::SIGUSR2, dir.join("spare")) {
            Ok(_) => 0,
            Err(_) => 4,
        };
    }
    let Ok(mut own) = global_tracker().watch(
        WatchConfig::new(dir.join("grandchild"))
            .on_peak(Growth::bytes(MIB))
            .minimum(global_tracker().peak_memory() + MIB),
    ) else {
        return 5;
    };
    let held = vec![1u8; 2 * MIB as usize];
    let started = Instant::now();
    while own.peak_snapshots_written() == 0 {
        if started.elapsed() > PATIENCE {
            return 6;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    own.stop();
    drop(held);
    if own.last_error().is_some() || threads_named(WATCHER_THREAD_NAME) != 0 {
        return 7;
    }
    0
}

// ---------------------------------------------------------------------
// Steps, numbering, pruning and errors, on a tracker fed by hand.

/// A tracker of the test's own, whose peak the test sets exactly.
static HAND: MemoryTracker = MemoryTracker::new();

#[test]
fn snapshots_come_one_per_step_are_pruned_to_keep_and_a_failure_is_retried_at_the_next_step() {
    if is_child(
        snapshots_come_one_per_step_are_pruned_to_keep_and_a_failure_is_retried_at_the_next_step,
    ) {
        return steps_by_hand();
    }
    let dir = tempfile::tempdir().unwrap();
    assert_success(Child::start(
        snapshots_come_one_per_step_are_pruned_to_keep_and_a_failure_is_retried_at_the_next_step,
        dir.path(),
    ));
}

fn steps_by_hand() {
    let dir = child_dir().join("snapshots");
    let mut watcher = HAND
        .watch(
            WatchConfig::new(&dir)
                .on_peak(Growth::bytes(MIB))
                .keep(2)
                .poll_interval(Duration::from_millis(1)),
        )
        .unwrap();
    assert!(dir.is_dir(), "made");
    assert_watcher_threads(1);
    let settle = || std::thread::sleep(Duration::from_millis(50));
    let wait_written = |watcher: &PeakWatcher, n: u64| {
        eventually(&format!("{n} snapshots"), PATIENCE, || {
            watcher.peak_snapshots_written() >= n
        });
        assert_eq!(watcher.peak_snapshots_written(), n);
    };

    // Below the minimum (1 MiB): nothing.
    HAND.record_alloc_at(0x10_000, (MIB / 2) as usize, 1);
    settle();
    assert_eq!(watcher.snapshots_written(), 0);
    assert!(entries(&dir).is_empty());

    // The minimum reached: the first, with the peak and the blocks.
    HAND.record_alloc_at(0x20_000, (MIB / 2) as usize, 2);
    wait_written(&watcher, 1);
    let first = read_snapshot(&dir.join("peak-000001.memscope"));
    assert_eq!(first.stats.peak_memory, MIB);
    assert_eq!(first.records.len(), 2);

    // Half a step more: not due. Freeing does not lower what is due.
    HAND.record_alloc_at(0x30_000, (MIB / 2) as usize, 3);
    HAND.record_dealloc(0x30_000);
    HAND.record_alloc_at(0x30_000, (MIB / 2) as usize, 3);
    settle();
    assert_eq!(watcher.snapshots_written(), 1);

    // A whole step above the first: the second.
    HAND.record_alloc_at(0x40_000, (MIB / 2) as usize, 4);
    wait_written(&watcher, 2);
    assert_eq!(
        read_snapshot(&dir.join("peak-000002.memscope"))
            .stats
            .peak_memory,
        2 * MIB
    );

    // The directory removed: the third fails, is kept as the last error,
    // and is not tried again at every poll.
    std::fs::remove_dir_all(&dir).unwrap();
    HAND.record_alloc_at(0x50_000, MIB as usize, 5);
    eventually("the failure", PATIENCE, || watcher.failures() >= 1);
    let error = watcher.last_error().expect("kept");
    match &*error {
        WatchError::Snapshot { path, .. } => {
            assert_eq!(*path, dir.join("peak-000003.memscope"));
        }
        other => panic!("expected a snapshot error, got {other:?}"),
    }
    std::fs::create_dir(&dir).unwrap();
    settle();
    assert_eq!((watcher.failures(), watcher.snapshots_written()), (1, 2));
    assert!(entries(&dir).is_empty());

    // The next step: tried again, under the number that failed.
    HAND.record_alloc_at(0x60_000, MIB as usize, 6);
    wait_written(&watcher, 3);
    assert_eq!(entries(&dir), ["peak-000003.memscope"]);
    assert_eq!(
        read_snapshot(&dir.join("peak-000003.memscope"))
            .stats
            .peak_memory,
        4 * MIB
    );

    // Two more steps: only the newest two are kept.
    HAND.record_alloc_at(0x70_000, MIB as usize, 7);
    wait_written(&watcher, 4);
    HAND.record_alloc_at(0x80_000, MIB as usize, 8);
    wait_written(&watcher, 5);
    assert_eq!(
        entries(&dir),
        ["peak-000004.memscope", "peak-000005.memscope"]
    );
    // The error stays as the last one until another comes.
    assert_eq!(watcher.failures(), 1);
    assert!(watcher.last_error().is_some());

    watcher.stop();
    assert_watcher_threads(0);
    // Stopped: a new step writes nothing.
    HAND.record_alloc_at(0x90_000, 4 * MIB as usize, 9);
    settle();
    assert_eq!(watcher.snapshots_written(), 5);
    assert_eq!(
        entries(&dir),
        ["peak-000004.memscope", "peak-000005.memscope"]
    );
    say("child ok");
}

#[test]
fn a_new_watcher_removes_stale_temporaries_of_a_killed_one_and_numbers_after_its_files() {
    if is_child(a_new_watcher_removes_stale_temporaries_of_a_killed_one_and_numbers_after_its_files)
    {
        let dir = child_dir();
        let mut watcher = HAND
            .watch(
                WatchConfig::new(&dir)
                    .on_peak(Growth::percent(25))
                    .keep(1)
                    .poll_interval(Duration::from_millis(1)),
            )
            .unwrap();
        // Removed at the start, before anything is written.
        assert_eq!(
            entries(&dir),
            [".notes.txt.Ab12Cd.tmp", "notes.txt", "peak-000007.memscope"]
        );
        HAND.record_alloc_at(0x1000, 2 * MIB as usize, 1);
        eventually("a snapshot", PATIENCE, || watcher.snapshots_written() == 1);
        watcher.stop();
        // After the earlier run's number; its file pruned (keep 1).
        assert_eq!(
            entries(&dir),
            [".notes.txt.Ab12Cd.tmp", "notes.txt", "peak-000008.memscope"]
        );
        say("child ok");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for name in [
        ".peak-000008.memscope.Ab12Cd.tmp",
        ".signal-000001.memscope.x9Y8z7.tmp",
        ".notes.txt.Ab12Cd.tmp",
        "notes.txt",
        "peak-000007.memscope",
    ] {
        std::fs::write(dir.path().join(name), b"left by an earlier run").unwrap();
    }
    assert_success(Child::start(
        a_new_watcher_removes_stale_temporaries_of_a_killed_one_and_numbers_after_its_files,
        dir.path(),
    ));
}

// ---------------------------------------------------------------------
// Settings refused before anything starts (safe in the test process:
// nothing is claimed).

#[test]
fn keep_zero_a_ratio_of_zero_or_nan_and_zero_bytes_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |result: Result<PeakWatcher, WatchError>| match result {
        Err(WatchError::InvalidSetting { setting, found, .. }) => (setting, found),
        other => panic!("expected a refused setting, got {other:?}"),
    };
    let tracker = global_tracker();
    assert_eq!(
        refused(tracker.snapshot_on_peak(dir.path(), Growth::percent(25), 0)),
        ("keep", "0".to_string())
    );
    assert_eq!(
        refused(tracker.snapshot_on_peak(dir.path(), Growth::percent(0), 3)),
        ("growth", "Ratio(0)".to_string())
    );
    assert_eq!(
        refused(tracker.snapshot_on_peak(dir.path(), Growth::ratio(f64::NAN), 3)),
        ("growth", "Ratio(NaN)".to_string())
    );
    assert_eq!(
        refused(tracker.snapshot_on_peak(dir.path(), Growth::bytes(0), 3)),
        ("growth", "Bytes(0)".to_string())
    );
    let (setting, found) = refused(tracker.snapshot_on_signal(libc::SIGSEGV, dir.path()));
    assert_eq!(setting, "signal");
    assert!(found.contains("raised by faults"), "{found}");
    let err = tracker
        .watch(
            WatchConfig::new(dir.path())
                .on_peak(Growth::percent(25))
                .export_config(BinaryExportConfig::new().compression_level(99)),
        )
        .unwrap_err();
    assert!(matches!(err, WatchError::Export(_)), "{err:?}");
    assert!(matches!(
        tracker.watch(WatchConfig::new(dir.path())),
        Err(WatchError::NothingToWatch)
    ));
    // Nothing was created, nothing runs.
    assert!(entries(dir.path()).is_empty());
    assert_watcher_threads(0);
}

#[test]
fn a_directory_that_is_a_regular_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("snapshots");
    std::fs::write(&file, b"a file").unwrap();
    let err = global_tracker()
        .snapshot_on_peak(&file, Growth::bytes(MIB), 3)
        .unwrap_err();
    assert!(
        matches!(&err, WatchError::NotADirectory { path } if *path == file),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .ends_with("is not a directory: snapshots are written into a directory"),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"a file");
    assert_watcher_threads(0);
}
