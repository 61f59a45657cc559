//! The watcher's files in its directory: their names
//! (`peak-000001.memscope`, `signal-000001.memscope`), the numbering that
//! goes on after an earlier run's, the oldest deleted beyond `keep`, and
//! the hidden temporary files of an earlier run killed while it wrote one
//! (the atomic writer's `.NAME.XXXXXX.tmp`), removed when a watcher starts.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::WatchError;

/// What made a snapshot: the peak, or a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Peak,
    Signal,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Peak => "peak-",
            Kind::Signal => "signal-",
        }
    }

    pub(super) fn index(self) -> usize {
        match self {
            Kind::Peak => 0,
            Kind::Signal => 1,
        }
    }
}

const EXTENSION: &str = ".memscope";

/// The file of snapshot `seq` of `kind`: six digits at least, so that
/// names sort as they were written up to 999999.
pub(super) fn path(dir: &Path, kind: Kind, seq: u64) -> PathBuf {
    dir.join(format!("{}{seq:06}{EXTENSION}", kind.prefix()))
}

/// The kind and number of a snapshot's file name; `None` for any other
/// name.
fn parse(name: &str) -> Option<(Kind, u64)> {
    [Kind::Peak, Kind::Signal].into_iter().find_map(|kind| {
        let digits = name.strip_prefix(kind.prefix())?.strip_suffix(EXTENSION)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((kind, digits.parse().ok()?))
    })
}

/// Whether `name` is the atomic writer's hidden temporary file for a
/// snapshot: `.` + a snapshot's name + `.` + six letters or digits +
/// `.tmp`.
fn is_stale_temporary(name: &str) -> bool {
    let Some(inner) = name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    let Some((snapshot, random)) = inner.rsplit_once('.') else {
        return false;
    };
    random.len() == 6
        && random.bytes().all(|b| b.is_ascii_alphanumeric())
        && parse(snapshot).is_some()
}

/// Makes sure `dir` is a directory, creating it (and its parents) if
/// nothing is there.
pub(super) fn prepare_dir(dir: &Path) -> Result<(), WatchError> {
    match fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(WatchError::NotADirectory {
            path: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir)
            .map_err(|e| WatchError::io("creating the directory", Some(dir), e)),
        Err(e) => Err(WatchError::io("examining", Some(dir), e)),
    }
}

/// What a watcher found in its directory when it started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Survey {
    /// The number the next snapshot of each kind gets (peak, signal): one
    /// after the highest already there, from 1.
    pub(super) next: [u64; 2],
    /// Hidden temporary files of snapshots removed.
    pub(super) removed: usize,
}

impl Survey {
    pub(super) fn next(&self, kind: Kind) -> u64 {
        self.next[kind.index()]
    }
}

/// Looks at `dir` as a watcher starts: removes the hidden temporary files
/// an earlier run killed in the middle of a write left, and finds the
/// numbers to go on from, so that this run's files sort after an earlier
/// run's (and those are the first deleted beyond `keep`).
pub(super) fn survey(dir: &Path) -> Result<Survey, WatchError> {
    let mut survey = Survey {
        next: [1, 1],
        removed: 0,
    };
    let entries = fs::read_dir(dir).map_err(|e| WatchError::io("reading", Some(dir), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| WatchError::io("reading", Some(dir), e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some((kind, seq)) = parse(name) {
            let next = &mut survey.next[kind.index()];
            *next = (*next).max(seq.saturating_add(1));
        } else if is_stale_temporary(name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            match fs::remove_file(entry.path()) {
                Ok(()) => survey.removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    let path = entry.path();
                    return Err(WatchError::io(
                        "removing a stale temporary file",
                        Some(&path),
                        e,
                    ));
                }
            }
        }
    }
    Ok(survey)
}

/// Deletes the oldest snapshots of `kind` in `dir` beyond the `keep`
/// newest (by number). A file already gone is not an error.
pub(super) fn prune(dir: &Path, kind: Kind, keep: usize) -> Result<(), WatchError> {
    let entries = fs::read_dir(dir).map_err(|e| WatchError::io("reading", Some(dir), e))?;
    let mut snapshots: Vec<(u64, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| WatchError::io("reading", Some(dir), e))?;
        let name = entry.file_name();
        if let Some((found, seq)) = name.to_str().and_then(parse)
            && found == kind
        {
            snapshots.push((seq, entry.path()));
        }
    }
    snapshots.sort_unstable();
    let beyond = snapshots.len().saturating_sub(keep);
    for (_, path) in &snapshots[..beyond] {
        match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(WatchError::io("removing an old snapshot", Some(path), e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn touch(dir: &Path, names: &[&str]) {
        for name in names {
            fs::write(dir.join(name), b"x").unwrap();
        }
    }

    #[test]
    fn names_are_zero_padded_so_they_sort_as_written() {
        let dir = Path::new("d");
        assert_eq!(path(dir, Kind::Peak, 1), dir.join("peak-000001.memscope"));
        assert_eq!(
            path(dir, Kind::Signal, 42),
            dir.join("signal-000042.memscope")
        );
        assert_eq!(
            path(dir, Kind::Peak, 1234567),
            dir.join("peak-1234567.memscope")
        );
        assert_eq!(parse("peak-000001.memscope"), Some((Kind::Peak, 1)));
        assert_eq!(
            parse("signal-1234567.memscope"),
            Some((Kind::Signal, 1234567))
        );
        for other in [
            "peak-.memscope",
            "peak-00x1.memscope",
            "peak-+1.memscope",
            "peak-000001.memscope.bak",
            "peak-99999999999999999999999.memscope",
            "Peak-000001.memscope",
            "snapshot.memscope",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
    }

    #[test]
    fn only_the_writers_hidden_names_for_snapshots_are_stale_temporaries() {
        for stale in [
            ".peak-000003.memscope.aB3xY9.tmp",
            ".signal-000001.memscope.000000.tmp",
        ] {
            assert!(is_stale_temporary(stale), "{stale}");
        }
        for other in [
            ".peak-000003.memscope.aB3xY.tmp",   // five characters
            ".peak-000003.memscope.aB3xY9Z.tmp", // seven
            ".peak-000003.memscope.aB-xY9.tmp",
            "peak-000003.memscope.aB3xY9.tmp",
            ".notes.txt.aB3xY9.tmp",
            ".peak-000003.memscope.aB3xY9.tmp.keep",
            ".other.memscope.aB3xY9.tmp",
        ] {
            assert!(!is_stale_temporary(other), "{other}");
        }
    }

    #[test]
    fn a_survey_goes_on_after_the_highest_number_and_removes_only_stale_snapshot_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        touch(
            dir.path(),
            &[
                "peak-000002.memscope",
                "peak-000010.memscope",
                "signal-000004.memscope",
                ".peak-000011.memscope.Ab12Cd.tmp",
                ".signal-000005.memscope.zzzzzz.tmp",
                ".notes.txt.Ab12Cd.tmp",
                "notes.txt",
            ],
        );
        // A directory with a stale name is not a file: left alone.
        fs::create_dir(dir.path().join(".peak-000012.memscope.Ab12Cd.tmp")).unwrap();
        let survey = survey(dir.path()).unwrap();
        assert_eq!(survey.next(Kind::Peak), 11);
        assert_eq!(survey.next(Kind::Signal), 5);
        assert_eq!(survey.removed, 2);
        assert_eq!(
            entries(dir.path()),
            [
                ".notes.txt.Ab12Cd.tmp",
                ".peak-000012.memscope.Ab12Cd.tmp",
                "notes.txt",
                "peak-000002.memscope",
                "peak-000010.memscope",
                "signal-000004.memscope",
            ]
        );
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(super::survey(empty.path()).unwrap().next, [1, 1]);
    }

    #[test]
    fn pruning_keeps_the_newest_of_one_kind_by_number_not_by_name() {
        let dir = tempfile::tempdir().unwrap();
        touch(
            dir.path(),
            &[
                "peak-000001.memscope",
                "peak-000009.memscope",
                "peak-1000000.memscope", // sorts first by name, newest by number
                "peak-000010.memscope",
                "signal-000001.memscope",
                "signal-000002.memscope",
                "notes.txt",
            ],
        );
        prune(dir.path(), Kind::Peak, 2).unwrap();
        assert_eq!(
            entries(dir.path()),
            [
                "notes.txt",
                "peak-000010.memscope",
                "peak-1000000.memscope",
                "signal-000001.memscope",
                "signal-000002.memscope",
            ]
        );
        prune(dir.path(), Kind::Signal, 5).unwrap();
        assert_eq!(entries(dir.path()).len(), 5);
    }

    #[test]
    fn a_file_where_the_directory_should_be_is_refused_and_a_missing_one_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, b"x").unwrap();
        let err = prepare_dir(&file).unwrap_err();
        assert!(
            matches!(&err, WatchError::NotADirectory { path } if *path == file),
            "{err:?}"
        );
        let nested = dir.path().join("a/b/c");
        prepare_dir(&nested).unwrap();
        assert!(nested.is_dir());
        prepare_dir(&nested).unwrap();
    }
}
