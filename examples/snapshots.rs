//! Snapshots that outlive the process: a watcher thread writes one each
//! time the peak has grown by a quarter (the three newest kept), one more
//! on `kill -USR2 <pid>`, and one is written at exit. A program killed for
//! its memory leaves the newest peak snapshots behind.
//!
//! ```sh
//! cargo run --example snapshots
//! memscope-binary summary target/memscope-snapshots/exit.memscope
//! ```

#[cfg(unix)]
use memscope_export::{Growth, TrackerWatch, WatchConfig};
use memscope_tracker::TrackingAllocator;
#[cfg(unix)]
use memscope_tracker::global_tracker;

#[global_allocator]
static ALLOCATOR: TrackingAllocator = TrackingAllocator::with_call_stacks();

#[cfg(unix)]
fn main() -> Result<(), memscope_export::WatchError> {
    // A snapshot each time the peak has grown by 25% (the first at 1 MiB),
    // the 3 newest kept, and one on `kill -USR2 <pid>`.
    let config = WatchConfig::new("target/memscope-snapshots")
        .on_peak(Growth::percent(25))
        .keep(3)
        .on_signal(libc::SIGUSR2);
    let watcher = global_tracker().watch(config)?;
    // The live blocks at normal exit, `std::process::exit` included.
    global_tracker().export_on_exit("target/memscope-snapshots/exit.memscope")?;

    // The work: 48 MiB, held, over about a second.
    let mut held: Vec<Vec<u8>> = Vec::new();
    for _ in 0..48 {
        held.push(vec![1; 1 << 20]);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    println!(
        "{} snapshots written, {} failed, peak {} bytes",
        watcher.snapshots_written(),
        watcher.failures(),
        global_tracker().peak_memory()
    );
    let mut files: Vec<String> = std::fs::read_dir(watcher.dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    println!("in {}: {}", watcher.dir().display(), files.join(" "));
    Ok(())
}

#[cfg(not(unix))]
fn main() {
    eprintln!("the snapshots that outlive the process are for Unix");
}
