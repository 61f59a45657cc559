//! [`WatchError`]: what went wrong while setting up or running the
//! snapshots that outlive the process (the watcher, the signal, the
//! snapshot at exit).

use std::path::{Path, PathBuf};

use crate::error::ExportError;

/// Everything that can go wrong with a [`PeakWatcher`](crate::PeakWatcher)
/// or [`export_on_exit`](crate::TrackerWatch::export_on_exit): a setting
/// refused before anything starts, the directory, the process-wide
/// handlers, or a snapshot that could not be written (kept by the
/// watcher, which goes on: [`PeakWatcher::last_error`](crate::PeakWatcher::last_error)).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    /// A setting has a value the watcher cannot honour. Nothing was
    /// started and nothing was created.
    #[error("invalid watch setting `{setting}`: expected {expected}, found {found}")]
    InvalidSetting {
        /// The setting, e.g. `keep` or `growth`.
        setting: &'static str,
        /// What it may be.
        expected: &'static str,
        /// What it was.
        found: String,
    },

    /// The configuration asks for no snapshot at all: neither on the peak
    /// nor on a signal.
    #[error(
        "nothing to watch: give a growth (WatchConfig::on_peak) or a signal (WatchConfig::on_signal)"
    )]
    NothingToWatch,

    /// The directory the snapshots go in (or the one a file at exit goes
    /// in) exists and is not a directory.
    #[error("{} is not a directory: snapshots are written into a directory", .path.display())]
    NotADirectory {
        /// The path as given.
        path: PathBuf,
    },

    /// A watcher is already running in this process: there is one at a
    /// time, whichever tracker it watches. Stop it (or drop it) first.
    #[error(
        "a watcher is already running in this process (one at a time): stop or drop it before starting another"
    )]
    AlreadyWatching,

    /// The program has its own handler for the signal: the watcher does
    /// not take it over (the program's handler would stop being called).
    #[error(
        "signal {signal} already has a handler in this program; the watcher does not replace it (choose another signal)"
    )]
    SignalInUse {
        /// The signal's number.
        signal: i32,
    },

    /// A process-wide handler could not be registered: `pthread_atfork`
    /// (which resets the watcher's state in a forked child) or `atexit`.
    #[error("could not register the {handler} handler: {reason}")]
    Register {
        /// `pthread_atfork` or `atexit`.
        handler: &'static str,
        /// Why, in words.
        reason: String,
    },

    /// An operation on a file, the directory, the signal or the watcher
    /// thread failed.
    #[error("i/o error {action}{}: {source}", match .path { Some(path) => format!(" {}", path.display()), None => String::new() })]
    Io {
        /// What was being done, e.g. `creating the directory`.
        action: &'static str,
        /// The file or directory it was done to, when there is one.
        path: Option<PathBuf>,
        /// The error the operating system returned.
        #[source]
        source: std::io::Error,
    },

    /// A snapshot could not be written. The watcher keeps the error and
    /// tries again at the next step (see [`PeakWatcher`](crate::PeakWatcher)).
    #[error("snapshot {} not written: {source}", .path.display())]
    Snapshot {
        /// The file it was to be.
        path: PathBuf,
        /// Why: the export's error.
        #[source]
        source: Box<ExportError>,
    },

    /// The export configuration given to the watcher is refused by the
    /// exporter.
    #[error(transparent)]
    Export(#[from] ExportError),

    /// The watcher thread panicked (a bug: it is written not to). It has
    /// stopped; nothing more is written.
    #[error("the watcher thread panicked: {message}")]
    Panicked {
        /// The panic's message, when it was a string.
        message: String,
    },
}

impl WatchError {
    /// An i/o error while doing `action` to `path`.
    #[cold]
    pub(crate) fn io(action: &'static str, path: Option<&Path>, source: std::io::Error) -> Self {
        WatchError::Io {
            action,
            path: path.map(Path::to_path_buf),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_stays_small_enough_to_return_by_value() {
        assert!(size_of::<WatchError>() < 128, "{}", size_of::<WatchError>());
    }

    #[test]
    fn messages_name_the_setting_the_file_and_the_action() {
        let err = WatchError::InvalidSetting {
            setting: "keep",
            expected: "at least 1",
            found: "0".into(),
        };
        assert_eq!(
            err.to_string(),
            "invalid watch setting `keep`: expected at least 1, found 0"
        );
        let err = WatchError::io(
            "removing an old snapshot",
            Some(Path::new("snaps/peak-000001.memscope")),
            std::io::Error::other("busy"),
        );
        assert_eq!(
            err.to_string(),
            "i/o error removing an old snapshot snaps/peak-000001.memscope: busy"
        );
        let err = WatchError::io(
            "starting the watcher thread",
            None,
            std::io::Error::other("no threads"),
        );
        assert_eq!(
            err.to_string(),
            "i/o error starting the watcher thread: no threads"
        );
    }
}
