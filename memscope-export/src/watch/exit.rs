//! One snapshot at normal exit, through `atexit`: the program returning
//! from `main`, or calling `std::process::exit` (on any thread).
//!
//! By then the exiting thread's thread-locals with destructors are gone
//! (glibc runs their destructors before the `atexit` handlers); what the
//! export uses still works: the tracker's flags are const thread-locals
//! without destructors, reachable for the thread's whole life. Other
//! threads keep running while the handler writes.

#![allow(unsafe_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use memscope_tracker::{MemoryTracker, untracked};

use crate::binary::{BinaryExportConfig, BinaryExporter};
use crate::error::WatchError;
use crate::watch::process;

/// The file to write at exit, and what to write it of.
pub(super) struct ExitTarget {
    tracker: &'static MemoryTracker,
    path: PathBuf,
    exporter: BinaryExporter,
}

/// Arranges for `tracker` to be exported to `path` with `config` at exit,
/// replacing the path of an earlier call.
pub(super) fn export_on_exit(
    tracker: &'static MemoryTracker,
    path: &Path,
    config: BinaryExportConfig,
) -> Result<(), WatchError> {
    config.validate()?;
    untracked(|| {
        // The program may change its working directory before it exits.
        let path =
            std::path::absolute(path).map_err(|e| WatchError::io("resolving", Some(path), e))?;
        if let Some(dir) = path.parent()
            && !dir.is_dir()
        {
            return Err(WatchError::NotADirectory {
                path: dir.to_path_buf(),
            });
        }
        let target = ExitTarget {
            tracker,
            path,
            exporter: BinaryExporter::new(config),
        };
        let mut state = process::lock()?;
        if !state.exit_registered {
            // SAFETY: `at_exit` is an `extern "C"` function that lives for
            // the whole process and never unwinds (it catches every
            // panic). Tested by the exit tests of tests/watch.rs.
            if unsafe { libc::atexit(at_exit) } != 0 {
                // The error made with the lock released: nothing under it
                // allocates or frees.
                drop(state);
                return Err(WatchError::Register {
                    handler: "atexit",
                    reason: "the C library refused it (out of memory)".to_string(),
                });
            }
            state.exit_registered = true;
        }
        let earlier = state.exit.replace(target);
        // Freed with the lock released, as above.
        drop(state);
        drop(earlier);
        Ok(())
    })
}

/// The `atexit` handler: writes the snapshot, if one is asked for. A
/// failure is said on standard error, the one place left to say it; a
/// panic stops here (it must not unwind into C).
extern "C" fn at_exit() {
    let _ = std::panic::catch_unwind(|| {
        untracked(|| {
            let Ok(mut state) = process::lock() else {
                return;
            };
            let target = state.exit.take();
            drop(state);
            let Some(target) = target else { return };
            let exported = {
                let _exporting = process::exporting();
                target.exporter.export(target.tracker, &target.path)
            };
            if let Err(e) = exported {
                let _ = writeln!(
                    std::io::stderr(),
                    "memscope: the snapshot at exit was not written: {e}"
                );
            }
        });
    });
}
