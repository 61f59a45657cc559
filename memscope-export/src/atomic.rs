//! Files appear complete or not at all: every write to a path, the
//! library's exports and every output of the command-line tool, goes
//! through [`write_atomically`].

use std::fs::File;
use std::path::Path;

use crate::error::TrackingError;

/// Runs `write` on a new temporary file in `path`'s directory, then syncs
/// it to disk, renames it over `path` and syncs the directory. If anything
/// fails, the temporary file is removed and whatever was at `path` before
/// is left untouched.
///
/// The temporary file is a hidden `.NAME.XXXXXX.tmp` beside the target, so
/// the rename stays on one file system. The new file gets the permissions
/// of any file the user creates: 0666 less the umask.
///
/// `write` may fail with its own error type; the failures of the file
/// handling here arrive in it as [`TrackingError::Io`], naming the file.
///
/// ```
/// use std::io::Write;
/// use memscope_export::{TrackingError, write_atomically};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.txt");
/// write_atomically(&path, |file| {
///     file.write_all(b"whole").map_err(|e| TrackingError::Io { action: "writing", path: None, source: e })
/// })
/// .unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"whole");
/// ```
pub fn write_atomically<T, E: From<TrackingError>>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    // A hidden name beside the target, so the rename stays on one file system.
    let prefix = format!(".{}.", file_name.as_deref().unwrap_or("export"));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile makes private (0600) files; an output is for others to read
    // like any file the user creates (the kernel applies the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| TrackingError::io("creating a temporary file beside", Some(path), e))?;
    // Dropping `temp` on any early return deletes it.
    let value = write(temp.as_file_mut())?;
    temp.as_file()
        .sync_all()
        .map_err(|e| TrackingError::io("syncing", Some(temp.path()), e))?;
    temp.persist(path)
        .map_err(|e| TrackingError::io("replacing", Some(path), e.error))?;
    // Make the rename itself durable. The new file is already in place, so
    // a failure here is not reported as a failed export.
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_failing_after_any_number_of_bytes_leaves_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("target.bin");
        let previous = b"the previous export, byte for byte".to_vec();
        std::fs::write(&path, &previous).unwrap();
        let new = vec![0x5a_u8; 300];
        for written in 0..=new.len() {
            let result: Result<(), TrackingError> = write_atomically(&path, |file| {
                file.write_all(&new[..written])
                    .map_err(|e| TrackingError::io("writing", None, e))?;
                Err(TrackingError::io(
                    "writing",
                    None,
                    std::io::ErrorKind::StorageFull.into(),
                ))
            });
            assert!(result.is_err());
            assert_eq!(
                std::fs::read(&path).unwrap(),
                previous,
                "after {written} bytes"
            );
            assert_eq!(entries(dir.path()), ["target.bin"], "after {written} bytes");
        }
    }

    #[test]
    fn a_complete_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("target.bin");
        std::fs::write(&path, b"old").unwrap();
        write_atomically::<_, TrackingError>(&path, |file| {
            file.write_all(b"new")
                .map_err(|e| TrackingError::io("writing", None, e))
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(entries(dir.path()), ["target.bin"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Whatever the umask: the same mode as a file created directly.
            let plain = dir.path().join("plain");
            File::create(&plain).unwrap();
            let expected = std::fs::metadata(&plain).unwrap().permissions().mode();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(
                mode & 0o777,
                expected & 0o777,
                "like any file the user creates"
            );
        }
    }
}
