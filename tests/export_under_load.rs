//! The process-wide tracker under load, with the tracking allocator
//! installed: exports whose writer waits for a thread that allocates,
//! exports from a panic hook, `fork()` while threads allocate, and 32
//! threads allocating, freeing across threads and reallocating while
//! exports run. Each test is bounded in time: a hang fails it instead of
//! hanging the suite.
//!
//! Each test runs in a process of its own, one at a time
//! ([`in_own_process`]): the panic hook one test installs is
//! process-wide, and would run for (and hide the message of) another
//! test's failure; an abort or a deadlock in one would take the others
//! with it; and a fork's children should not share two cores with 32
//! churning threads of another test.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use memscope_export::{BinaryExportConfig, BinaryExporter, BinaryReader};
use memscope_tracker::{TrackingAllocator, global_tracker};

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::new();

/// Generous: a healthy run takes milliseconds; only a deadlock takes this.
const HANG: Duration = Duration::from_secs(60);

/// Set, to the test's name, in the process that runs one test's body.
const CHILD: &str = "MEMSCOPE_LOAD_TEST";

/// Generous: the slowest test takes seconds; only a deadlock that the
/// test's own bound did not catch takes this.
const PROCESS_LIMIT: Duration = Duration::from_secs(300);

/// Runs `body`, the body of the test function `_test` (only its type is
/// used, for its name), in a child process of this test binary that runs
/// that test alone, and fails unless the child ran it and it passed; the
/// child's output is shown on failure. The children run one at a time.
/// Naming the test by its function (not by a string) means a renamed test
/// cannot silently run nothing.
fn in_own_process<T>(_test: T, body: impl FnOnce()) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let path = std::any::type_name::<T>();
    let name = path.rsplit("::").next().unwrap_or(path);
    if std::env::var_os(CHILD).is_some_and(|running| running == name) {
        body();
        return;
    }
    let _one_at_a_time = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().unwrap()));
    let stderr = read_all(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > PROCESS_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    let ran = stdout.contains("test result: ok. 1 passed");
    assert!(
        status.is_some_and(|s| s.success()) && ran,
        "{name}, in a process of its own: {}\n--- its stdout\n{stdout}\n--- its stderr\n{stderr}",
        match status {
            Some(status) => format!("{status}"),
            None => format!("killed after {PROCESS_LIMIT:?}"),
        }
    );
}

/// Runs `work` on its own thread and fails the test if it does not finish
/// within [`HANG`] (the thread is left behind; the test binary exits).
fn finishes<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    result
        .recv_timeout(HANG)
        .unwrap_or_else(|_| panic!("{what} did not finish within {HANG:?}: a deadlock"))
}

/// Live blocks, so that an export is larger than a pipe's buffer: each a
/// heap block of its own, hence the boxes.
#[allow(clippy::vec_box)]
fn hold_blocks(count: usize) -> Vec<Box<[u8; 24]>> {
    (0..count).map(|i| Box::new([i as u8; 24])).collect()
}

/// Reads one exported file with the validating reader (every rule of the
/// format, the checksum included) and checks that its stats describe
/// exactly its records.
fn assert_file_consistent(file: &[u8]) -> u64 {
    let mut reader = BinaryReader::from_bytes(file).unwrap();
    let stats = *reader.stats();
    let (mut count, mut bytes, mut ptrs) = (0u64, 0u64, BTreeSet::new());
    for record in reader.records() {
        let record = record.unwrap();
        count += 1;
        bytes += record.allocation.size as u64;
        assert!(ptrs.insert(record.allocation.ptr), "each live block once");
    }
    assert_eq!(
        count, stats.active_allocations,
        "records = active_allocations"
    );
    assert_eq!(bytes, stats.active_memory, "sizes sum to active_memory");
    assert_eq!(
        stats.active_allocations,
        stats.total_allocations - stats.total_deallocations
    );
    count
}

/// Drains `reader`, allocating as it goes (a growing buffer, a `String`
/// per chunk), as any consumer of an export would.
fn allocating_drain(mut reader: impl Read) -> Vec<u8> {
    let mut file = Vec::new();
    let mut chunk = vec![0u8; 4096];
    loop {
        let n = reader.read(&mut chunk).unwrap();
        if n == 0 {
            return file;
        }
        let note = format!("{n} bytes");
        assert!(!note.is_empty());
        file.extend_from_slice(&chunk[..n]);
    }
}

#[test]
fn an_export_into_a_pipe_read_by_an_allocating_thread_completes() {
    in_own_process(
        an_export_into_a_pipe_read_by_an_allocating_thread_completes,
        || {
            let held = hold_blocks(20_000);
            let file = finishes("an export into a pipe", || {
                let (reader, writer) = std::io::pipe().unwrap();
                let drained = std::thread::spawn(move || allocating_drain(reader));
                BinaryExporter::new(BinaryExportConfig::new())
                    .export_to_writer(global_tracker(), writer)
                    .unwrap();
                drained.join().unwrap()
            });
            assert!(assert_file_consistent(&file) >= held.len() as u64);
        },
    );
}

/// A writer that hands every chunk to another thread through a rendezvous
/// channel, as a network sender or a compressor thread would.
struct ChannelWriter(mpsc::SyncSender<Vec<u8>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .send(buf.to_vec())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_export_into_a_channel_consumed_by_an_allocating_thread_completes() {
    in_own_process(
        an_export_into_a_channel_consumed_by_an_allocating_thread_completes,
        || {
            let held = hold_blocks(20_000);
            let file = finishes("an export into a sync_channel", || {
                let (chunks, received) = mpsc::sync_channel::<Vec<u8>>(0);
                let consumer = std::thread::spawn(move || {
                    let mut file = Vec::new();
                    for chunk in received {
                        let mut copy = chunk.clone(); // allocates
                        file.append(&mut copy);
                    }
                    file
                });
                BinaryExporter::new(BinaryExportConfig::new().include_details(true))
                    .export_to_writer(global_tracker(), ChannelWriter(chunks))
                    .unwrap();
                consumer.join().unwrap()
            });
            assert!(assert_file_consistent(&file) >= held.len() as u64);
        },
    );
}

#[test]
fn a_panic_hook_that_exports_through_a_pipe_completes() {
    in_own_process(a_panic_hook_that_exports_through_a_pipe_completes, || {
        // The hook is process-wide; this is the only test that panics, and the
        // previous hook is put back before the test ends.
        static EXPORTED: Mutex<Vec<u8>> = Mutex::new(Vec::new());
        let held = hold_blocks(20_000);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {
            let (reader, writer) = std::io::pipe().unwrap();
            let drained = std::thread::spawn(move || allocating_drain(reader));
            BinaryExporter::new(BinaryExportConfig::new())
                .export_to_writer(global_tracker(), writer)
                .unwrap();
            *EXPORTED.lock().unwrap() = drained.join().unwrap();
        }));
        let panicked = finishes("an export from a panic hook", || {
            std::thread::spawn(|| panic!("on purpose")).join().is_err()
        });
        std::panic::set_hook(previous);
        assert!(panicked);
        let file = EXPORTED.lock().unwrap().clone();
        assert!(assert_file_consistent(&file) >= held.len() as u64);
    });
}

/// Allocates, grows and frees until told to stop.
fn churn_until(stop: &AtomicBool, seed: usize) {
    let mut held: Vec<Vec<u8>> = Vec::new();
    let mut round = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let mut block = vec![seed as u8; 16 + (round * 7 + seed) % 200];
        if round.is_multiple_of(3) {
            block.reserve(64); // a reallocation
        }
        held.push(block);
        if held.len() > 32 {
            held.swap_remove(round % 32);
        }
        round += 1;
    }
}

#[cfg(unix)]
#[test]
fn forks_while_three_threads_allocate_give_children_that_allocate_and_export() {
    in_own_process(
        forks_while_three_threads_allocate_give_children_that_allocate_and_export,
        || {
            const FORKS: usize = 100;
            // A healthy child takes milliseconds; 3 threads churn beside it on
            // 2 cores, and other builds may share them: only a deadlock takes
            // this long.
            const CHILD_LIMIT: Duration = HANG;
            let stop = Arc::new(AtomicBool::new(false));
            let workers: Vec<_> = (0..3)
                .map(|seed| {
                    let stop = Arc::clone(&stop);
                    std::thread::spawn(move || churn_until(&stop, seed))
                })
                .collect();
            let mut hung = 0;
            let mut failed = 0;
            for _ in 0..FORKS {
                // SAFETY: the child only allocates, exports and `_exit`s: it runs no
                // destructor of the parent's state and returns to no caller.
                let pid = unsafe { libc::fork() };
                assert!(pid >= 0, "fork failed");
                if pid == 0 {
                    let code = child_allocates_and_exports();
                    // SAFETY: ends the child at once, without running the test
                    // harness's exit path in a copy of a multi-threaded process.
                    unsafe { libc::_exit(code) };
                }
                match memscope_test_support::child::wait_for(pid, CHILD_LIMIT) {
                    Some(0) => {}
                    Some(_) => failed += 1,
                    None => {
                        // A deadlock: no need to wait for more of them.
                        hung += 1;
                        break;
                    }
                }
            }
            stop.store(true, Ordering::Relaxed);
            for worker in workers {
                worker.join().unwrap();
            }
            assert_eq!((hung, failed), (0, 0), "of {FORKS} children");
        },
    );
}

/// In a forked child: allocate, name nothing, export to a buffer and
/// validate it; 0 on success.
#[cfg(unix)]
fn child_allocates_and_exports() -> i32 {
    let fresh: Vec<String> = (0..100).map(|i| format!("child {i}")).collect();
    let mut file = Vec::new();
    let exported = BinaryExporter::new(BinaryExportConfig::new())
        .export_to_writer(global_tracker(), &mut file)
        .is_ok();
    let readable = BinaryReader::from_bytes(&file)
        .map(|mut reader| reader.records().all(|r| r.is_ok()))
        .unwrap_or(false);
    if exported && readable && fresh.len() == 100 {
        0
    } else {
        1
    }
}

#[test]
fn exports_every_100_ms_while_32_threads_allocate_free_across_threads_and_reallocate() {
    in_own_process(
        exports_every_100_ms_while_32_threads_allocate_free_across_threads_and_reallocate,
        || {
            const THREADS: usize = 32;
            const RUN: Duration = Duration::from_secs(3);
            // On 2 busy cores an export and its validation can take longer than
            // the 100 ms between them; a few files are enough to check.
            const MIN_FILES: usize = 5;
            let stop = Arc::new(AtomicBool::new(false));
            let operations = Arc::new(AtomicU64::new(0));
            // Each thread hands some of its blocks to the next one, which frees
            // them: frees on another thread than the allocating one.
            let (senders, receivers): (Vec<_>, Vec<_>) =
                (0..THREADS).map(|_| mpsc::channel::<Vec<u8>>()).unzip();
            let mut receivers: Vec<_> = receivers.into_iter().map(Some).collect();
            let workers: Vec<_> = (0..THREADS)
                .map(|i| {
                    let stop = Arc::clone(&stop);
                    let operations = Arc::clone(&operations);
                    let give = senders[(i + 1) % THREADS].clone();
                    let take = receivers[i].take().unwrap();
                    std::thread::spawn(move || {
                        let mut held: Vec<Vec<u8>> = Vec::new();
                        let mut round = 0usize;
                        while !stop.load(Ordering::Relaxed) {
                            let mut block = vec![i as u8; 8 + (round * 13 + i) % 400];
                            if round.is_multiple_of(4) {
                                block.reserve(block.len()); // a reallocation
                            }
                            if round.is_multiple_of(5) {
                                let _ = give.send(block);
                            } else {
                                held.push(block);
                            }
                            while let Ok(theirs) = take.try_recv() {
                                drop(theirs);
                            }
                            if held.len() > 64 {
                                held.swap_remove(round % 64);
                            }
                            round += 1;
                            operations.fetch_add(1, Ordering::Relaxed);
                        }
                    })
                })
                .collect();
            drop(senders);
            let started = Instant::now();
            let mut files = 0;
            // At least RUN and at least MIN_FILES exports; the cap only ends a run
            // whose exports have stopped coming (a deadlock), not a slow machine.
            while (started.elapsed() < RUN || files < MIN_FILES) && started.elapsed() < HANG {
                std::thread::sleep(Duration::from_millis(100));
                let file = finishes("an export under load", || {
                    let mut file = Vec::new();
                    BinaryExporter::new(BinaryExportConfig::new())
                        .export_to_writer(global_tracker(), &mut file)
                        .unwrap();
                    file
                });
                assert_file_consistent(&file);
                files += 1;
            }
            stop.store(true, Ordering::Relaxed);
            for worker in workers {
                worker.join().unwrap();
            }
            assert!(
                files >= MIN_FILES,
                "{files} exports in {:?}",
                started.elapsed()
            );
            assert!(operations.load(Ordering::Relaxed) > 0);
        },
    );
}
