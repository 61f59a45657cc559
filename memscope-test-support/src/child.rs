//! Child processes a test forked: waiting for one with a time limit.

use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitOptions, kill_process, waitpid};

/// The exit code of child `pid` (-1 if a signal ended it), or `None`,
/// after killing and reaping it, if it did not exit within `limit`.
///
/// ```
/// use std::time::Duration;
///
/// let child = std::process::Command::new("true").spawn().unwrap();
/// let pid = child.id() as i32;
/// assert_eq!(memscope_test_support::child::wait_for(pid, Duration::from_secs(10)), Some(0));
/// ```
pub fn wait_for(pid: i32, limit: Duration) -> Option<i32> {
    let pid = Pid::from_raw(pid).expect("a child's process id is positive");
    let started = Instant::now();
    loop {
        if let Ok(Some((_, status))) = waitpid(Some(pid), WaitOptions::NOHANG) {
            return Some(status.exit_status().unwrap_or(-1));
        }
        if started.elapsed() > limit {
            let _ = kill_process(pid, Signal::KILL);
            let _ = waitpid(Some(pid), WaitOptions::empty());
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
