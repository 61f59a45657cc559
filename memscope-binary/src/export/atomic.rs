//! Replacing a file atomically: readers of the path see the old file or the
//! complete new one, never a part, and a failed export changes nothing.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{TrackingError, TrackingResult};

/// Calls `write` with a new temporary file in `path`'s directory, then
/// syncs it to disk and renames it over `path`. If anything fails, the
/// temporary file is removed and `path` is left as it was.
///
/// Stream errors from `write` that name no file are reported against
/// `path`.
pub(crate) fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut File) -> TrackingResult<T>,
) -> TrackingResult<T> {
    let (temp_path, mut file) = create_temp(path)?;
    let written = write(&mut file).map_err(|e| e.in_file(path));
    let synced = written.and_then(|value| {
        file.sync_all()
            .map_err(|e| TrackingError::io("syncing", Some(path), e))?;
        Ok(value)
    });
    drop(file);
    let renamed = synced.and_then(|value| {
        fs::rename(&temp_path, path).map_err(|e| TrackingError::io("replacing", Some(path), e))?;
        Ok(value)
    });
    match renamed {
        Ok(value) => {
            sync_dir(dir_of(path));
            Ok(value)
        }
        Err(error) => {
            // Best effort: the error that matters is the one returned.
            let _ = fs::remove_file(&temp_path);
            Err(error)
        }
    }
}

/// The directory `path` is in; `.` for a bare file name.
fn dir_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Creates `.NAME.PID.N.tmp` next to `path`: hidden, unique within the
/// process by `N` and between processes by `PID`, and never an existing
/// file (`create_new`).
fn create_temp(path: &Path) -> TrackingResult<(PathBuf, File)> {
    const ACTION: &str = "creating a temporary file for";
    static NEXT: AtomicU64 = AtomicU64::new(0);

    let Some(name) = path.file_name() else {
        let source = io::Error::new(io::ErrorKind::InvalidInput, "the path names no file");
        return Err(TrackingError::io(ACTION, Some(path), source));
    };
    let dir = dir_of(path);
    let mut last_error = None;
    // Only a leftover of an earlier process with our pid can collide.
    for _ in 0..16 {
        let mut temp_name = OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(
            ".{}.{}.tmp",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let temp_path = dir.join(temp_name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
        {
            Ok(file) => return Ok((temp_path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(TrackingError::io(ACTION, Some(path), e)),
        }
    }
    let source = last_error.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists));
    Err(TrackingError::io(ACTION, Some(path), source))
}

/// Makes the rename durable. Best effort: the new file is complete and in
/// place either way, and some filesystems refuse to sync a directory.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
