//! A snapshot on a signal, through a self-pipe: the handler writes one
//! byte to a non-blocking pipe (a system call that is async-signal-safe:
//! no allocation, no lock, no export in the handler), and the watcher
//! thread, which `poll()`s the pipe as its sleep, writes the snapshot.
//!
//! The pipe is made once a process and never closed in it: the handler
//! reads the write end's number from an atomic, and a descriptor closed
//! under a handler running on another thread could be reused by the
//! program by the time the handler writes. Only a forked child closes its
//! copies, in the fork handler, on its one thread.

#![allow(unsafe_code)]

use std::io;
use std::os::raw::c_int;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use crate::error::WatchError;
use crate::watch::process::ProcessState;

/// The write end of the self-pipe, for the handler; -1 when there is none.
static WRITE_END: AtomicI32 = AtomicI32::new(-1);

/// The self-pipe, both ends non-blocking and closed on exec.
pub(super) struct Pipe {
    read: c_int,
    write: c_int,
}

impl Pipe {
    fn new() -> io::Result<Pipe> {
        let mut ends = [-1 as c_int; 2];
        // SAFETY: `ends` is an array of two ints, as pipe(2) writes.
        // Tested by every signal test of tests/watch.rs.
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
        let made = unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) };
        #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
        // SAFETY: as above.
        let made = unsafe { libc::pipe(ends.as_mut_ptr()) };
        if made != 0 {
            return Err(io::Error::last_os_error());
        }
        let pipe = Pipe {
            read: ends[0],
            write: ends[1],
        };
        #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
        for fd in ends {
            // SAFETY: `fd` is an end of the pipe just made, open.
            let set = unsafe {
                libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK) == 0
                    && libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) == 0
            };
            if !set {
                let error = io::Error::last_os_error();
                pipe.close_in_child();
                return Err(error);
            }
        }
        Ok(pipe)
    }

    /// Closes both ends. Only where no handler can be writing on another
    /// thread: in a forked child's fork handler (its one thread), or on a
    /// pipe the handler was never given.
    pub(super) fn close_in_child(self) {
        WRITE_END.store(-1, Ordering::Relaxed);
        // SAFETY: both ends are open descriptors owned by this pipe, which
        // is consumed: nothing uses them after this. (No handler on
        // another thread: see above.) Tested by
        // `the_handler_keeps_errno_and_writes_one_byte_a_signal` (the
        // handler then writes nowhere) and the fork test of
        // tests/watch.rs (the grandchild's own pipe works).
        unsafe {
            libc::close(self.read);
            libc::close(self.write);
        }
    }
}

/// Reads whatever the handler wrote to the pipe whose read end is `read`;
/// whether there was anything.
fn drain(read: c_int) -> bool {
    let mut any = false;
    let mut buffer = [0u8; 64];
    loop {
        // SAFETY: `read` is the pipe's read end, open for the whole
        // process (see the module's docs); the buffer is a local array of
        // the length given. Tested by
        // `the_handler_keeps_errno_and_writes_one_byte_a_signal`.
        let n = unsafe { libc::read(read, buffer.as_mut_ptr().cast(), buffer.len()) };
        if n <= 0 {
            // EAGAIN: empty (the end is non-blocking); EINTR: the next
            // poll comes back here.
            return any;
        }
        any = true;
    }
}

/// A signal handler installed by the watcher, and the disposition it
/// replaced (the default, or ignored).
pub(super) struct Installed {
    signal: c_int,
    previous: libc::sigaction,
}

/// The signals a watcher refuses, and why.
const REFUSED: [(c_int, &str); 9] = [
    (libc::SIGKILL, "SIGKILL cannot be caught"),
    (libc::SIGSTOP, "SIGSTOP cannot be caught"),
    (libc::SIGSEGV, "SIGSEGV is raised by faults"),
    (libc::SIGBUS, "SIGBUS is raised by faults"),
    (libc::SIGILL, "SIGILL is raised by faults"),
    (libc::SIGFPE, "SIGFPE is raised by faults"),
    (libc::SIGTRAP, "SIGTRAP is raised by faults and debuggers"),
    (libc::SIGABRT, "SIGABRT is raised by abort()"),
    (libc::SIGSYS, "SIGSYS is raised by faults"),
];

const EXPECTED: &str =
    "a signal that can be caught and that no fault raises, such as SIGUSR1 or SIGUSR2";

/// Checks that `signal` is one a watcher may take.
pub(super) fn validate(signal: c_int) -> Result<(), WatchError> {
    let refused = |found: String| WatchError::InvalidSetting {
        setting: "signal",
        expected: EXPECTED,
        found,
    };
    if let Some((_, why)) = REFUSED.iter().find(|(refused, _)| *refused == signal) {
        return Err(refused(format!("{signal} ({why})")));
    }
    if signal <= 0 || current(signal).is_err() {
        return Err(refused(format!("{signal}, which is not a signal")));
    }
    Ok(())
}

/// The disposition of `signal` now.
fn current(signal: c_int) -> io::Result<libc::sigaction> {
    // SAFETY: a zeroed sigaction is a valid value of the plain C struct
    // (SIG_DFL, no flags, an empty mask), and only written here.
    let mut now: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: no new action (null): only `now` is written, a valid
    // out-pointer. Tested by
    // `signals_that_cannot_be_caught_or_that_faults_raise_are_refused_by_name`.
    if unsafe { libc::sigaction(signal, std::ptr::null(), &mut now) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(now)
}

/// Whether a disposition is a handler of the program's.
fn is_handler(action: &libc::sigaction) -> bool {
    action.sa_sigaction != libc::SIG_DFL && action.sa_sigaction != libc::SIG_IGN
}

/// Installs the watcher's handler for `signal` (the state is locked by
/// the caller), making the pipe if this process has none; returns the
/// pipe's read end for the watcher thread, emptied.
pub(super) fn install(state: &mut ProcessState, signal: c_int) -> Result<c_int, WatchError> {
    let io_error = |action, e| WatchError::io(action, None, e);
    let before = current(signal).map_err(|e| io_error("examining the signal", e))?;
    if is_handler(&before) {
        return Err(WatchError::SignalInUse { signal });
    }
    let pipe = match &mut state.pipe {
        Some(pipe) => pipe,
        slot @ None => {
            let pipe = Pipe::new().map_err(|e| io_error("making the signal's pipe", e))?;
            WRITE_END.store(pipe.write, Ordering::Relaxed);
            slot.insert(pipe)
        }
    };
    // Bytes of an earlier watcher's signals are not this one's.
    drain(pipe.read);
    let read = pipe.read;

    // SAFETY: as in `current`.
    let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
    action.sa_sigaction = on_signal as extern "C" fn(c_int) as libc::sighandler_t;
    action.sa_flags = libc::SA_RESTART;
    // SAFETY: `sa_mask` is a valid sigset_t to initialise.
    unsafe { libc::sigemptyset(&mut action.sa_mask) };
    // SAFETY: as in `current`.
    let mut previous: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: `action` is fully initialised, its handler an `extern "C"`
    // function that lives for the whole process and is async-signal-safe
    // (see `on_signal`); `previous` is a valid out-pointer. Tested by
    // `a_signal_writes_a_snapshot_and_stop_restores_the_default` in
    // tests/watch.rs.
    if unsafe { libc::sigaction(signal, &action, &mut previous) } != 0 {
        return Err(io_error(
            "installing the signal handler",
            io::Error::last_os_error(),
        ));
    }
    let installed = Installed { signal, previous };
    if is_handler(&installed.previous) {
        // The program installed its own since we looked: give it back.
        restore(installed);
        return Err(WatchError::SignalInUse { signal });
    }
    state.signal = Some(installed);
    Ok(read)
}

/// Puts back the disposition the handler replaced. Async-signal-safe (one
/// system call): the fork handler calls it too.
pub(super) fn restore(installed: Installed) {
    // SAFETY: `previous` is the disposition `sigaction` returned, a valid
    // one to install again; no old action is asked for. Tested as
    // `install`.
    unsafe { libc::sigaction(installed.signal, &installed.previous, std::ptr::null_mut()) };
}

/// The handler: one byte into the pipe, nothing else. `errno` is kept as
/// the interrupted code left it.
extern "C" fn on_signal(_signal: c_int) {
    let fd = WRITE_END.load(Ordering::Relaxed);
    if fd < 0 {
        return;
    }
    let saved = errno::errno();
    let byte = 1u8;
    // SAFETY: write(2) is async-signal-safe. `fd` is the pipe's write end,
    // open for the whole process (never closed while a handler may run:
    // see the module's docs); the buffer is one local byte. A full pipe
    // (EAGAIN, the end is non-blocking) already holds the news. Tested by
    // `the_handler_keeps_errno_and_writes_one_byte_a_signal`.
    unsafe { libc::write(fd, (&raw const byte).cast(), 1) };
    errno::set_errno(saved);
}

/// Wakes the watcher thread waiting on the pipe (to stop it): the byte a
/// signal would write. The thread finds it asked to stop and writes no
/// snapshot for it.
pub(super) fn wake() {
    on_signal(0);
}

/// Waits up to `timeout` (rounded up to whole milliseconds) for the
/// handler's byte on `read`; whether one came (all of them read).
pub(super) fn wait(read: c_int, timeout: Duration) -> bool {
    let mut ready = libc::pollfd {
        fd: read,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = timeout
        .as_nanos()
        .div_ceil(1_000_000)
        .clamp(1, c_int::MAX as u128) as c_int;
    // SAFETY: one valid `pollfd`, and the count 1. `read` is the pipe's
    // read end, open for the whole process. Tested by
    // `a_signal_writes_a_snapshot_and_stop_restores_the_default`.
    let n = unsafe { libc::poll(&mut ready, 1, millis) };
    if n <= 0 || ready.revents & libc::POLLIN == 0 {
        return false;
    }
    drain(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_that_cannot_be_caught_or_that_faults_raise_are_refused_by_name() {
        for (signal, why) in REFUSED {
            let err = validate(signal).unwrap_err();
            assert!(err.to_string().contains(why), "{err}");
        }
        for signal in [0, -1, 100_000] {
            let err = validate(signal).unwrap_err();
            assert!(err.to_string().contains("which is not a signal"), "{err}");
        }
        for signal in [libc::SIGUSR1, libc::SIGUSR2, libc::SIGHUP] {
            assert!(validate(signal).is_ok(), "{signal}");
        }
    }

    #[test]
    fn the_handler_keeps_errno_and_writes_one_byte_a_signal() {
        // The handler called directly, as the kernel would, on a pipe of
        // this test's own: errno survives the write, and the reader sees
        // one byte per call.
        let pipe = Pipe::new().unwrap();
        let previous = WRITE_END.swap(pipe.write, Ordering::Relaxed);
        assert_eq!(previous, -1, "no other test of this binary makes a pipe");
        errno::set_errno(errno::Errno(libc::EDOM));
        on_signal(libc::SIGUSR2);
        on_signal(libc::SIGUSR2);
        assert_eq!(errno::errno(), errno::Errno(libc::EDOM));
        let mut buffer = [0u8; 8];
        // SAFETY: the read end of the pipe above, a local buffer.
        let n = unsafe { libc::read(pipe.read, buffer.as_mut_ptr().cast(), buffer.len()) };
        assert_eq!(n, 2);
        assert!(!drain(pipe.read), "both bytes were read");
        pipe.close_in_child();
        assert_eq!(WRITE_END.load(Ordering::Relaxed), -1);
    }
}
