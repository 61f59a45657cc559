//! Files appear complete or not at all: every write to a path, the
//! library's exports and every output of the command-line tool, goes
//! through [`write_atomically`], which also decides what "the path" means
//! when it is not a plain file.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use crate::error::ExportError;

/// Writes what `write` produces to what `path` names, so that a reader of
/// `path` never sees a partial file.
///
/// What happens depends on what is at `path` (looked at once, before
/// anything is written):
///
/// | at `path` | what happens |
/// |---|---|
/// | nothing, or a regular file | replaced atomically (below) |
/// | a symbolic link (to any of these) | followed, up to 40 links deep; the file it leads to is what is created, replaced or written to, and the link stays |
/// | a descriptor already open in this process: `/dev/stdout`, `/dev/stderr`, `/dev/stdin`, `/dev/fd/N`, `/proc/self/fd/N` (also `/proc/thread-self/fd/N` and `/proc/PID/fd/N` with this process's PID), or a link to one | written through that descriptor (a duplicate of it), whatever it is open on: a pipe, a terminal, a file (at its offset, an append-mode one at its end, never truncated); a descriptor open only for reading is [`ExportError::NotWritable`] |
/// | a FIFO, a character device (`/dev/null`, `/dev/tty`), a Unix socket | written straight through: no temporary file, no rename, nothing synced; opening a FIFO waits for its reader |
/// | a directory, a block device, anything else | [`ExportError::NotWritable`]; nothing is touched |
///
/// Nothing ever replaces a file that is not a regular one, nor a file
/// behind a descriptor: `memscope-binary to-json F -o /dev/stdout >>
/// log.txt` appends to `log.txt`.
///
/// # Atomic replacement
///
/// `write` runs on a new file in the target's directory (so the final
/// rename stays on one file system), which is then synced, renamed over the
/// target, and the directory synced. If anything fails the new file is
/// gone and whatever was at the target before is untouched. The new file
/// gets the permissions of any file the user creates: 0666 less the umask.
///
/// On Linux the new file has no name while it is written (`O_TMPFILE`):
/// a process killed at any point of the write leaves nothing behind. Once
/// the data is synced it is linked under a hidden name
/// (`.NAME.XXXXXX.tmp`, six random letters or digits) and at once renamed
/// over the target; only a kill between those two system calls, where no
/// data is written, leaves that complete hidden file. Where `O_TMPFILE`
/// is unavailable (another system, or a file system that refuses it) the
/// file is created under that hidden name from the start, and a process
/// killed during the write leaves it behind; an error removes it as usual.
///
/// `write` may fail with its own error type; the failures of the file
/// handling here arrive in it as [`ExportError::Io`] (naming the file
/// and the step) or [`ExportError::NotWritable`].
///
/// ```
/// use std::io::Write;
/// use memscope_export::{ExportError, write_atomically};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.txt");
/// write_atomically(&path, |file| {
///     file.write_all(b"whole").map_err(|e| ExportError::Io { action: "writing", path: None, source: e })
/// })
/// .unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"whole");
/// ```
pub fn write_atomically<T, E: From<ExportError>>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    match Destination::of(path)? {
        Destination::Replace(target) => replace(&target, write),
        Destination::Through(mut file) => write(&mut file),
    }
}

/// The descriptor of this process that `path` names by its text, if it
/// names one: `/dev/stdin`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
/// `/proc/self/fd/N`, `/proc/thread-self/fd/N`, `/proc/PID/fd/N` with
/// this process's PID. These are links the kernel makes to whatever the
/// descriptor is open on (`pipe:[368558]`, a file that another name now
/// has): followed as text they lead nowhere, or to a file to replace.
fn descriptor_named(path: &Path) -> Option<i32> {
    use std::path::Component;
    let mut parts = path.components();
    if parts.next() != Some(Component::RootDir) {
        return None;
    }
    let names: Vec<&std::ffi::OsStr> = parts
        .map(|part| match part {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let names: Vec<&str> = names
        .into_iter()
        .map(std::ffi::OsStr::to_str)
        .collect::<Option<_>>()?;
    let number = |text: &str| -> Option<i32> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    };
    let pid = std::process::id().to_string();
    match names[..] {
        ["dev", "stdin"] => Some(0),
        ["dev", "stdout"] => Some(1),
        ["dev", "stderr"] => Some(2),
        ["dev", "fd", n] => number(n),
        ["proc", "self" | "thread-self", "fd", n] => number(n),
        ["proc", process, "fd", n] if process == pid => number(n),
        _ => None,
    }
}

/// What writing to a path means, decided once before anything is written.
#[derive(Debug)]
enum Destination {
    /// Atomically replace (or create) the regular file at this path, every
    /// symbolic link on the way resolved.
    Replace(PathBuf),
    /// Write straight into this open FIFO, character device or socket.
    Through(File),
}

/// How many symbolic links are followed before giving up, as Linux does
/// (`ELOOP`).
const MAX_LINKS: usize = 40;

impl Destination {
    fn of(path: &Path) -> Result<Self, ExportError> {
        let resolved = match resolve_links(path)? {
            Resolved::Path(resolved) => resolved,
            Resolved::Descriptor(fd) => {
                return descriptor::writable(fd, path).map(Destination::Through);
            }
        };
        let metadata = match std::fs::symlink_metadata(&resolved) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Destination::Replace(resolved));
            }
            Err(e) => return Err(ExportError::io("examining", Some(path), e)),
            Ok(metadata) => metadata,
        };
        match Kind::of(&metadata.file_type()) {
            Kind::Regular => Ok(Destination::Replace(resolved)),
            Kind::Stream => {
                let file = open_through(&resolved)
                    .map_err(|e| ExportError::io("opening", Some(path), e))?;
                // Replaced by a regular file since we looked: nothing has
                // been written to it (no O_TRUNC either), so replace it.
                if file.metadata().is_ok_and(|m| m.file_type().is_file()) {
                    return Ok(Destination::Replace(resolved));
                }
                Ok(Destination::Through(file))
            }
            Kind::Other(found) => Err(ExportError::NotWritable {
                path: path.to_path_buf(),
                found,
            }),
        }
    }
}

/// Where a path leads.
enum Resolved {
    /// To this path, every symbolic link followed.
    Path(PathBuf),
    /// To a descriptor already open in this process.
    Descriptor(i32),
}

/// The path `path` leads to once every symbolic link is followed, or the
/// descriptor it names on the way (see [`descriptor_named`]); the last
/// component may not exist (a dangling link names the file to create).
fn resolve_links(path: &Path) -> Result<Resolved, ExportError> {
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        if cfg!(unix)
            && let Some(fd) = descriptor_named(&current)
        {
            return Ok(Resolved::Descriptor(fd));
        }
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)
                    .map_err(|e| ExportError::io("following the link", Some(&current), e))?;
                current = match current.parent() {
                    // A relative target is relative to the link's directory.
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(Resolved::Path(current)),
        }
    }
    Err(ExportError::NotWritable {
        path: path.to_path_buf(),
        found: "a chain of more than 40 symbolic links",
    })
}

/// What a file type means to [`write_atomically`].
enum Kind {
    Regular,
    Stream,
    Other(&'static str),
}

impl Kind {
    fn of(file_type: &std::fs::FileType) -> Kind {
        if file_type.is_file() {
            return Kind::Regular;
        }
        if file_type.is_dir() {
            return Kind::Other("a directory");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() || file_type.is_char_device() || file_type.is_socket() {
                return Kind::Stream;
            }
            if file_type.is_block_device() {
                return Kind::Other("a block device");
            }
        }
        Kind::Other("neither a file nor a stream")
    }
}

/// Opens a FIFO or a character device for writing, as it is (no create,
/// no truncate); a Unix socket is connected to.
fn open_through(path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if std::fs::symlink_metadata(path)?.file_type().is_socket() {
            let stream = std::os::unix::net::UnixStream::connect(path)?;
            return Ok(File::from(std::os::fd::OwnedFd::from(stream)));
        }
    }
    OpenOptions::new().write(true).open(path)
}

/// Writing through a descriptor this process has open already.
mod descriptor {
    use std::fs::File;
    use std::path::Path;

    use crate::error::ExportError;

    /// A duplicate of descriptor `fd`, which `path` names, checked to be
    /// open for writing: the same open file, its offset and its append
    /// mode shared.
    #[cfg(unix)]
    pub(super) fn writable(fd: i32, path: &Path) -> Result<File, ExportError> {
        let file = File::from(
            duplicate(fd)
                .map_err(|e| ExportError::io("duplicating the descriptor", Some(path), e))?,
        );
        #[cfg(target_os = "linux")]
        {
            let flags = rustix::fs::fcntl_getfl(&file)
                .map_err(|e| ExportError::io("examining the descriptor", Some(path), e.into()))?;
            if flags & rustix::fs::OFlags::RWMODE == rustix::fs::OFlags::RDONLY {
                return Err(ExportError::NotWritable {
                    path: path.to_path_buf(),
                    found: "a descriptor open for reading only",
                });
            }
        }
        Ok(file)
    }

    /// Elsewhere no path names a descriptor.
    #[cfg(not(unix))]
    pub(super) fn writable(_fd: i32, path: &Path) -> Result<File, ExportError> {
        Err(ExportError::NotWritable {
            path: path.to_path_buf(),
            found: "a descriptor, which this system cannot write through",
        })
    }

    /// A new descriptor for what `fd` is open on (`F_DUPFD_CLOEXEC`); the
    /// standard ones through the standard library's handles.
    #[cfg(unix)]
    fn duplicate(fd: i32) -> std::io::Result<std::os::fd::OwnedFd> {
        use std::os::fd::{AsFd, BorrowedFd};
        match fd {
            0 => std::io::stdin().as_fd().try_clone_to_owned(),
            1 => std::io::stdout().as_fd().try_clone_to_owned(),
            2 => std::io::stderr().as_fd().try_clone_to_owned(),
            fd => {
                // SAFETY: the descriptor is borrowed for the one `fcntl`
                // call that duplicates it, and never closed or read
                // through here. The caller named it as where to write,
                // so this process holds it open (a number that is not open
                // makes the call fail with EBADF, which is reported; no
                // memory is involved). It is not -1: `descriptor_named`
                // only gives numbers of decimal digits.
                #[allow(unsafe_code)]
                let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
                borrowed.try_clone_to_owned()
            }
        }
    }
}

/// The directory a new file for `target` goes in, and the name it gets.
fn split(target: &Path) -> Result<(&Path, &std::ffi::OsStr), ExportError> {
    let name = target.file_name().ok_or_else(|| ExportError::NotWritable {
        path: target.to_path_buf(),
        found: "a path without a file name",
    })?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Ok((dir, name))
}

/// Atomically replaces (or creates) the regular file `target`: unnamed
/// while written where the system allows, else through a named temporary.
fn replace<T, E: From<ExportError>>(
    target: &Path,
    write: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    #[cfg(target_os = "linux")]
    {
        let (dir, _) = split(target)?;
        match unnamed::Unnamed::create(dir) {
            Ok(Some(unnamed)) => return unnamed.replace(target, write),
            Ok(None) => {} // unsupported here: fall back
            Err(e) => {
                return Err(
                    ExportError::io("creating a temporary file beside", Some(target), e).into(),
                );
            }
        }
    }
    replace_through_named(target, write)
}

/// The portable way: a hidden `.NAME.XXXXXX.tmp` beside the target,
/// removed on any error, renamed over the target when complete.
fn replace_through_named<T, E: From<ExportError>>(
    target: &Path,
    write: impl FnOnce(&mut File) -> Result<T, E>,
) -> Result<T, E> {
    let (dir, name) = split(target)?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // tempfile makes private (0600) files; an output is for others to read
    // like any file the user creates (the kernel applies the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| ExportError::io("creating a temporary file beside", Some(target), e))?;
    // Dropping `temp` on any early return deletes it.
    let value = write(temp.as_file_mut())?;
    temp.as_file()
        .sync_all()
        .map_err(|e| ExportError::io("syncing", Some(temp.path()), e))?;
    temp.persist(target)
        .map_err(|e| ExportError::io("replacing", Some(target), e.error))?;
    sync_dir(dir);
    Ok(value)
}

/// Makes a rename in `dir` durable. The new file is already in place, so
/// a failure here is not reported as a failed write.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A hidden name beside `name`: `.NAME.XXXXXX.tmp`, six random letters or
/// digits, as the named temporary files have.
#[cfg(target_os = "linux")]
fn hidden_name(name: &std::ffi::OsStr) -> std::ffi::OsString {
    use std::hash::{BuildHasher, Hasher};
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    // RandomState is seeded from the system's randomness once per thread
    // and differs per instance: enough to avoid collisions, not a secret.
    let mut hasher = std::hash::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    let mut bits = hasher.finish();
    let mut suffix = String::with_capacity(6);
    for _ in 0..6 {
        suffix.push(ALPHABET[(bits % ALPHABET.len() as u64) as usize] as char);
        bits /= ALPHABET.len() as u64;
    }
    let mut hidden = std::ffi::OsString::from(".");
    hidden.push(name);
    hidden.push(".");
    hidden.push(suffix);
    hidden.push(".tmp");
    hidden
}

/// Linux: the file has no name until its data is complete and synced.
#[cfg(target_os = "linux")]
mod unnamed {
    use std::fs::File;
    use std::io;
    use std::os::fd::{AsFd, AsRawFd, OwnedFd};
    use std::path::Path;

    use rustix::fs::{AtFlags, CWD, Mode, OFlags};
    use rustix::io::Errno;

    use super::{hidden_name, split, sync_dir};
    use crate::error::ExportError;

    /// An `O_TMPFILE` file open for writing in a directory.
    pub(super) struct Unnamed {
        dir: OwnedFd,
        file: File,
    }

    impl Unnamed {
        /// A new unnamed file in `dir`, or `None` when the kernel or the
        /// file system does not do unnamed files (or `/proc` is missing, so
        /// it could not be linked later): the caller falls back.
        pub(super) fn create(dir: &Path) -> io::Result<Option<Self>> {
            if !Path::new("/proc/self/fd").is_dir() {
                return Ok(None);
            }
            let dir = rustix::fs::openat(
                CWD,
                dir,
                OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            // The umask applies to O_TMPFILE's mode as to O_CREAT's.
            let file = rustix::fs::openat(
                &dir,
                ".",
                OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o666),
            );
            match file {
                Ok(file) => Ok(Some(Unnamed {
                    dir,
                    file: File::from(file),
                })),
                // Kernels before 3.11 take O_TMPFILE for O_DIRECTORY
                // (EISDIR); file systems without it say EOPNOTSUPP.
                Err(Errno::ISDIR | Errno::OPNOTSUPP | Errno::INVAL | Errno::NOSYS) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }

        /// Runs `write` on the file, syncs it, links it under a hidden name
        /// and renames that over `target`, then syncs the directory. On an
        /// error the file vanishes when it is closed, or the hidden name is
        /// removed.
        pub(super) fn replace<T, E: From<ExportError>>(
            mut self,
            target: &Path,
            write: impl FnOnce(&mut File) -> Result<T, E>,
        ) -> Result<T, E> {
            let (dir_path, name) = split(target)?;
            let value = write(&mut self.file)?;
            self.file
                .sync_all()
                .map_err(|e| ExportError::io("syncing the new file for", Some(target), e))?;
            let hidden = self
                .link(name)
                .map_err(|e| ExportError::io("linking the new file beside", Some(target), e))?;
            if let Err(e) = rustix::fs::renameat(&self.dir, &hidden, &self.dir, name) {
                let _ = rustix::fs::unlinkat(&self.dir, &hidden, AtFlags::empty());
                return Err(ExportError::io("replacing", Some(target), e.into()).into());
            }
            sync_dir(dir_path);
            Ok(value)
        }

        /// Gives the file a fresh hidden name in its directory.
        fn link(&self, name: &std::ffi::OsStr) -> io::Result<std::ffi::OsString> {
            let proc_path = format!("/proc/self/fd/{}", self.file.as_raw_fd());
            let mut last = Errno::EXIST;
            for _ in 0..16 {
                let hidden = hidden_name(name);
                let linked = rustix::fs::linkat(
                    CWD,
                    proc_path.as_str(),
                    &self.dir,
                    &hidden,
                    AtFlags::SYMLINK_FOLLOW,
                )
                .or_else(|e| match e {
                    // Without /proc after all: AT_EMPTY_PATH, which needs
                    // CAP_DAC_READ_SEARCH.
                    Errno::NOENT => rustix::fs::linkat(
                        self.file.as_fd(),
                        "",
                        &self.dir,
                        &hidden,
                        AtFlags::EMPTY_PATH,
                    ),
                    e => Err(e),
                });
                match linked {
                    Ok(()) => return Ok(hidden),
                    Err(Errno::EXIST) => last = Errno::EXIST,
                    Err(e) => return Err(e.into()),
                }
            }
            Err(last.into())
        }
    }
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

    /// The two ways of replacing a file: whatever this system does, and
    /// the named fallback, which every system can do.
    type Replace =
        fn(&Path, &mut dyn FnMut(&mut File) -> Result<(), ExportError>) -> Result<(), ExportError>;

    fn strategies() -> [(&'static str, Replace); 2] {
        [
            ("preferred", |path, write| {
                write_atomically(path, |file| write(file))
            }),
            ("named", |path, write| {
                replace_through_named(path, |file| write(file))
            }),
        ]
    }

    fn write_bytes(file: &mut File, bytes: &[u8]) -> Result<(), ExportError> {
        file.write_all(bytes)
            .map_err(|e| ExportError::io("writing", None, e))
    }

    #[test]
    fn a_write_failing_after_any_number_of_bytes_leaves_the_old_file_and_no_temp() {
        for (strategy, replace) in strategies() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("target.bin");
            let previous = b"the previous export, byte for byte".to_vec();
            std::fs::write(&path, &previous).unwrap();
            let new = vec![0x5a_u8; 300];
            for written in 0..=new.len() {
                let result = replace(&path, &mut |file| {
                    write_bytes(file, &new[..written])?;
                    Err(ExportError::io(
                        "writing",
                        None,
                        std::io::ErrorKind::StorageFull.into(),
                    ))
                });
                assert!(result.is_err());
                let after = format!("{strategy}: after {written} bytes");
                assert_eq!(std::fs::read(&path).unwrap(), previous, "{after}");
                assert_eq!(entries(dir.path()), ["target.bin"], "{after}");
            }
        }
    }

    #[test]
    fn a_complete_write_replaces_the_file_with_the_mode_of_a_new_file() {
        for (strategy, replace) in strategies() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("target.bin");
            std::fs::write(&path, b"old").unwrap();
            replace(&path, &mut |file| write_bytes(file, b"new")).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"new", "{strategy}");
            assert_eq!(entries(dir.path()), ["target.bin"], "{strategy}");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // Whatever the umask: the same mode as a file created directly.
                let plain = dir.path().join("plain");
                File::create(&plain).unwrap();
                let expected = std::fs::metadata(&plain).unwrap().permissions().mode();
                let mode = std::fs::metadata(&path).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, expected & 0o777, "{strategy}");
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_the_file_being_written_has_no_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("target.bin");
        std::fs::write(&path, b"old").unwrap();
        write_atomically::<_, ExportError>(&path, |file| {
            write_bytes(file, b"half of it")?;
            // A process killed now would leave exactly this directory.
            assert_eq!(entries(dir.path()), ["target.bin"]);
            assert_eq!(std::fs::read(&path).unwrap(), b"old");
            write_bytes(file, b", the rest")
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"half of it, the rest");
        assert_eq!(entries(dir.path()), ["target.bin"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_file_stays_a_link_and_its_target_is_replaced() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let real = elsewhere.path().join("real.bin");
        std::fs::write(&real, b"old").unwrap();
        // A relative link, through a second link.
        let absolute = dir.path().join("absolute.bin");
        symlink(&real, &absolute).unwrap();
        let link = dir.path().join("link.bin");
        symlink("absolute.bin", &link).unwrap();

        write_atomically::<_, ExportError>(&link, |file| write_bytes(file, b"new")).unwrap();

        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert!(std::fs::symlink_metadata(&absolute).unwrap().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(entries(dir.path()), ["absolute.bin", "link.bin"]);
        assert_eq!(entries(elsewhere.path()), ["real.bin"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_creates_the_file_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.bin");
        std::os::unix::fs::symlink("made.bin", &link).unwrap();
        write_atomically::<_, ExportError>(&link, |file| write_bytes(file, b"new")).unwrap();
        assert_eq!(std::fs::read(dir.path().join("made.bin")).unwrap(), b"new");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_refused_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::os::unix::fs::symlink("b", &a).unwrap();
        std::os::unix::fs::symlink("a", &b).unwrap();
        let err =
            write_atomically::<(), ExportError>(&a, |_| panic!("nothing to write to")).unwrap_err();
        assert!(
            matches!(&err, ExportError::NotWritable { path, .. } if *path == a),
            "{err:?}"
        );
        assert_eq!(entries(dir.path()), ["a", "b"]);
    }

    #[test]
    fn a_directory_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        let err = write_atomically::<(), ExportError>(&target, |_| panic!("nothing to write to"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot write to {}: it is a directory; expected a regular file, a FIFO, \
                 a character device or a socket",
                target.display()
            )
        );
        assert_eq!(entries(dir.path()), ["taken"]);
    }

    #[cfg(unix)]
    #[test]
    fn dev_null_is_written_through_and_stays_a_device() {
        use std::os::unix::fs::FileTypeExt;
        // Through a link first: a failure here would not touch /dev/null.
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("null");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        for path in [link.as_path(), Path::new("/dev/null")] {
            write_atomically::<_, ExportError>(path, |file| write_bytes(file, b"gone")).unwrap();
            let kind = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
            assert!(kind.is_char_device(), "{}", path.display());
        }
        assert_eq!(entries(dir.path()), ["null"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_is_written_through_to_its_reader() {
        use std::os::unix::fs::FileTypeExt;
        use std::sync::mpsc;
        use std::time::Duration;

        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let (sender, received) = mpsc::channel();
        let reader_path = fifo.clone();
        std::thread::spawn(move || {
            let _ = sender.send(std::fs::read(&reader_path));
        });
        write_atomically::<_, ExportError>(&fifo, |file| write_bytes(file, b"streamed")).unwrap();
        let got = received
            .recv_timeout(Duration::from_secs(30))
            .expect("the reader sees the end of the data")
            .unwrap();
        assert_eq!(got, b"streamed");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        assert_eq!(entries(dir.path()), ["pipe"]);
    }

    #[test]
    fn paths_that_name_a_descriptor_of_this_process_are_known_by_their_text() {
        let pid = std::process::id();
        let named = |path: &str| descriptor_named(Path::new(path));
        for (path, fd) in [
            ("/dev/stdin", 0),
            ("/dev/stdout", 1),
            ("/dev/stderr", 2),
            ("/dev//stdout", 1),
            ("/dev/fd/7", 7),
            ("/proc/self/fd/12", 12),
            ("/proc/thread-self/fd/3", 3),
            (&format!("/proc/{pid}/fd/4"), 4),
        ] {
            assert_eq!(named(path), Some(fd), "{path}");
        }
        for path in [
            "dev/stdout",
            "/dev/stdoutx",
            "/dev/fd",
            "/dev/fd/",
            "/dev/fd/-1",
            "/dev/fd/1x",
            "/dev/fd/99999999999",
            "/dev/fd/1/x",
            "/dev/./fd/1/..",
            "/proc/self/fdinfo/1",
            &format!("/proc/{}/fd/4", pid + 1),
        ] {
            assert_eq!(named(path), None, "{path}");
        }
    }

    /// A path that names `fd` through /dev/fd, /proc/self/fd, and a link
    /// to the first.
    #[cfg(target_os = "linux")]
    fn names_of(fd: &impl std::os::fd::AsRawFd, dir: &Path) -> Vec<PathBuf> {
        let fd = fd.as_raw_fd();
        let link = dir.join(format!("link-to-{fd}"));
        std::os::unix::fs::symlink(format!("/dev/fd/{fd}"), &link).unwrap();
        vec![
            PathBuf::from(format!("/dev/fd/{fd}")),
            PathBuf::from(format!("/proc/self/fd/{fd}")),
            link,
        ]
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pipe_named_by_its_descriptor_is_written_through() {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let (mut reader, writer) = std::io::pipe().unwrap();
        let paths = names_of(&writer, dir.path());
        for (i, path) in paths.iter().enumerate() {
            write_atomically::<_, ExportError>(path, |file| {
                write_bytes(file, format!("part {i};").as_bytes())
            })
            .unwrap();
        }
        drop(writer);
        let mut got = String::new();
        reader.read_to_string(&mut got).unwrap();
        assert_eq!(got, "part 0;part 1;part 2;");
        // Nothing was made beside anything: the links are all there is.
        assert_eq!(entries(dir.path()).len(), 1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_open_for_appending_keeps_what_it_had_and_is_not_replaced() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log.txt");
        std::fs::write(&log, "earlier\n").unwrap();
        let inode = std::fs::metadata(&log).unwrap().ino();
        // As `>> log.txt` opens it.
        let appending = OpenOptions::new().append(true).open(&log).unwrap();
        for path in names_of(&appending, dir.path()) {
            write_atomically::<_, ExportError>(&path, |file| write_bytes(file, b"more\n")).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "earlier\nmore\nmore\nmore\n"
        );
        assert_eq!(std::fs::metadata(&log).unwrap().ino(), inode);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_open_for_writing_is_written_at_its_offset_which_moves_on() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.txt");
        // As `> out.txt` opens it, after the shell wrote a line to it.
        let mut file = File::create(&out).unwrap();
        file.write_all(b"first\n").unwrap();
        write_atomically::<_, ExportError>(
            &PathBuf::from(format!(
                "/dev/fd/{}",
                std::os::fd::AsRawFd::as_raw_fd(&file)
            )),
            |through| write_bytes(through, b"through\n"),
        )
        .unwrap();
        file.write_all(b"last\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "first\nthrough\nlast\n"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_descriptor_open_for_reading_only_or_not_open_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("input.txt");
        std::fs::write(&input, "kept").unwrap();
        let reading = File::open(&input).unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&reading);
        let path = PathBuf::from(format!("/dev/fd/{fd}"));
        let err = write_atomically::<(), ExportError>(&path, |_| panic!("nothing to write to"))
            .unwrap_err();
        assert!(
            matches!(&err, ExportError::NotWritable { found, .. } if found.contains("reading only")),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "kept");
        // A number no descriptor has.
        drop(reading);
        let closed = PathBuf::from("/proc/self/fd/1000000");
        let err = write_atomically::<(), ExportError>(&closed, |_| panic!("nothing to write to"))
            .unwrap_err();
        assert!(
            matches!(&err, ExportError::Io { source, .. } if source.raw_os_error() == Some(9)),
            "{err}"
        );
        assert_eq!(entries(dir.path()), ["input.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_unix_socket_is_connected_to_and_written_through() {
        use std::io::Read;
        use std::sync::mpsc;
        use std::time::Duration;

        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("socket");
        let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let (sender, received) = mpsc::channel();
        std::thread::spawn(move || {
            let mut got = Vec::new();
            let read = listener
                .accept()
                .and_then(|(mut stream, _)| stream.read_to_end(&mut got));
            let _ = sender.send(read.map(|_| got));
        });
        write_atomically::<_, ExportError>(&socket, |file| write_bytes(file, b"sent")).unwrap();
        let got = received
            .recv_timeout(Duration::from_secs(30))
            .expect("the listener sees the end of the data")
            .unwrap();
        assert_eq!(got, b"sent");
        assert_eq!(entries(dir.path()), ["socket"]);
    }
}
