//! A process that dies while it writes a file leaves the directory as it
//! was: the old file, intact, and nothing else.
//!
//! The test re-runs its own binary as the writing process (selected by an
//! environment variable). The child writes through [`write_atomically`],
//! stops at a chosen point of the write and says so on its standard output;
//! the parent then kills it with SIGKILL, or the child ends itself with
//! `std::process::exit` from another thread. Every wait is bounded.

#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use memscope_export::{ExportError, write_atomically};

/// Set in the child: `POINT DIR`, where to stop and where to write.
const CHILD: &str = "MEMSCOPE_CRASH_CHILD";
/// What the child writes: 1 MiB, in 64 KiB pieces.
const NEW_LEN: usize = 1 << 20;
const PIECE: usize = 64 << 10;
const OLD: &[u8] = b"the previous export, intact";
/// The longest any step may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(60);

/// Where in the write the child stops, and how it dies there.
#[derive(Debug, Clone, Copy)]
enum Point {
    /// Killed before writing a byte.
    KilledBeforeTheFirstByte,
    /// Killed after one byte.
    KilledAfterOneByte,
    /// Killed with half the data written.
    KilledHalfway,
    /// Killed with every byte written, before the sync and the rename.
    KilledWithAllBytesWritten,
    /// Another thread calls `std::process::exit` halfway: no destructor of
    /// the writing thread runs.
    ExitFromAnotherThreadHalfway,
}

const POINTS: [Point; 5] = [
    Point::KilledBeforeTheFirstByte,
    Point::KilledAfterOneByte,
    Point::KilledHalfway,
    Point::KilledWithAllBytesWritten,
    Point::ExitFromAnotherThreadHalfway,
];

impl Point {
    fn stop_after(self) -> usize {
        match self {
            Point::KilledBeforeTheFirstByte => 0,
            Point::KilledAfterOneByte => 1,
            Point::KilledHalfway | Point::ExitFromAnotherThreadHalfway => NEW_LEN / 2,
            Point::KilledWithAllBytesWritten => NEW_LEN,
        }
    }
}

#[test]
fn a_writer_killed_at_any_point_leaves_only_the_intact_old_file() {
    if let Ok(spec) = std::env::var(CHILD) {
        child(&spec);
    }
    for (i, point) in POINTS.into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("snapshot.memscope");
        std::fs::write(&target, OLD).unwrap();

        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "a_writer_killed_at_any_point_leaves_only_the_intact_old_file",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, format!("{i} {}", dir.path().display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (said, heard) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.ends_with("child stopped") {
                    let _ = said.send(());
                }
            }
        });
        let stopped = heard.recv_timeout(PATIENCE);
        if stopped.is_err() || !matches!(point, Point::ExitFromAnotherThreadHalfway) {
            // SIGKILL: no destructor, no cleanup of any kind.
            child.kill().unwrap();
        }
        let status = child.wait().unwrap();
        assert!(stopped.is_ok(), "{point:?}: the child never got there");
        if matches!(point, Point::ExitFromAnotherThreadHalfway) {
            assert_eq!(status.code(), Some(0), "{point:?}");
        }

        assert_eq!(entries(dir.path()), ["snapshot.memscope"], "{point:?}");
        assert_eq!(std::fs::read(&target).unwrap(), OLD, "{point:?}");
    }
}

/// The writing process: writes the new file, stops at its point and waits
/// there to be killed (or exits from another thread).
fn child(spec: &str) -> ! {
    let (index, dir) = spec.split_once(' ').expect("POINT DIR");
    let point = POINTS[index.parse::<usize>().expect("a point")];
    let target = Path::new(dir).join("snapshot.memscope");
    let piece = vec![0x5a_u8; PIECE];
    let _ = write_atomically::<(), ExportError>(&target, |file| {
        let stop_after = point.stop_after();
        let mut written = 0;
        while written < stop_after {
            let n = PIECE.min(stop_after - written);
            file.write_all(&piece[..n]).map_err(|e| ExportError::Io {
                action: "writing",
                path: None,
                source: e,
            })?;
            written += n;
        }
        stop(point)
    });
    unreachable!("the child stops inside the write");
}

fn stop(point: Point) -> ! {
    if let Point::ExitFromAnotherThreadHalfway = point {
        std::thread::spawn(|| {
            announce();
            std::process::exit(0);
        });
    } else {
        announce();
    }
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

fn announce() {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "child stopped");
    let _ = out.flush();
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
