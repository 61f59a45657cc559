//! Files appear complete or not at all: every export to a path goes through
//! [`write_atomically`].

use std::fs::File;
use std::path::Path;

use crate::error::{TrackingError, TrackingResult};

/// Runs `write` on a new temporary file in `path`'s directory, then flushes
/// it to disk and renames it over `path`. If anything fails, the temporary
/// file is removed and whatever was at `path` before is left untouched.
pub(crate) fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut File) -> TrackingResult<T>,
) -> TrackingResult<T> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    // A hidden name beside the target, so the rename stays on one file system.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", file_name.as_deref().unwrap_or("export")))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| TrackingError::io("creating a temporary file in", Some(dir), e))?;
    // Dropping `temp` on any early return deletes it.
    let value = write(temp.as_file_mut())?;
    temp.as_file()
        .sync_all()
        .map_err(|e| TrackingError::io("syncing", Some(temp.path()), e))?;
    temp.persist(path)
        .map_err(|e| TrackingError::io("replacing", Some(path), e.error))?;
    Ok(value)
}
