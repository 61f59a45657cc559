//! Output files appear complete or not at all.

use std::fs::File;
use std::path::Path;

use crate::error::{CliError, Target};

/// Runs `write` on a new temporary file beside `path`, then syncs it and
/// renames it over `path`. On any error the temporary file is removed and
/// whatever was at `path` is left as it was.
pub fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<T, CliError>,
) -> Result<T, CliError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let failed = |action, source| CliError::Output {
        target: Target::File(path.to_path_buf()),
        action,
        source,
    };
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |name| name.to_string_lossy());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile makes private (0600) files; an output file gets the usual
    // permissions, 0666 less the umask, like any file the user creates.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // Dropping `temp` on any early return deletes it.
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| failed("cannot create a temporary file beside", e))?;
    let value = write(temp.as_file_mut())?;
    temp.as_file()
        .sync_all()
        .map_err(|e| failed("cannot write", e))?;
    temp.persist(path)
        .map_err(|e| failed("cannot replace", e.error))?;
    Ok(value)
}
