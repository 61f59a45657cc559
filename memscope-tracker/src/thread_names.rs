//! The names of the threads that allocate: read from the operating system
//! once per thread, when the thread is given its id (its first tracked
//! allocation), and kept for snapshots.
//!
//! `std::thread::current()` cannot be asked from inside the allocator: it
//! may allocate its handle (and aborts when that allocation re-enters it)
//! or panic during thread teardown. The name the kernel keeps for the
//! thread is read instead (`pthread_getname_np` on the calling thread, a
//! `prctl` that neither allocates nor fails); Rust sets it from
//! `std::thread::Builder::name` before the thread runs any of its code,
//! cut to 15 bytes. A thread created without a name inherits its
//! creator's kernel name: one that inherits the main thread's (the
//! program's name) is taken as unnamed, and the main thread is `main`;
//! one created by another named thread carries that thread's name (what
//! `ps -L` shows too).

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::own_memory::{OwnVec, System};

/// The most thread names kept: beyond, threads are listed without a name
/// (a process that starts threads without end costs no more than this).
pub(crate) const MAX_THREAD_NAMES: usize = 65_536;

/// A thread name as the kernel keeps it: at most 15 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ThreadName {
    len: u8,
    bytes: [u8; 15],
}

impl ThreadName {
    /// The name from its bytes, cut to 15 (at a character boundary).
    fn new(name: &[u8]) -> Self {
        let text = match std::str::from_utf8(name) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&name[..e.valid_up_to()]).unwrap_or(""),
        };
        let mut end = text.len().min(15);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; 15];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        ThreadName {
            len: end as u8,
            bytes,
        }
    }

    /// The name.
    pub(crate) fn as_str(&self) -> &str {
        // Built from valid UTF-8 cut at a character boundary.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

/// The names, by thread id, and the main thread's kernel name (to tell
/// threads that merely inherited it).
pub(crate) struct Registry {
    names: OwnVec<(u64, ThreadName)>,
    main_kernel_name: Option<ThreadName>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    names: OwnVec::new_in(System),
    main_kernel_name: None,
});

fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Remembers the calling thread's name under `id`, its tracker id. Called
/// once per thread, inside the tracker (what it allocates is not
/// recorded), never while a shard lock is held.
pub(crate) fn remember_current(id: u64) {
    let Some(kernel) = current_kernel_name() else {
        return;
    };
    let mut registry = registry();
    let name = match kernel {
        KernelName::Main(kernel_name) => {
            registry.main_kernel_name = Some(kernel_name);
            ThreadName::new(b"main")
        }
        KernelName::Other(name) if Some(name) == registry.main_kernel_name => return,
        KernelName::Other(name) if name.len == 0 => return,
        KernelName::Other(name) => name,
    };
    if registry.names.len() < MAX_THREAD_NAMES {
        registry.names.push((id, name));
    }
}

/// Every name kept, sorted by thread id.
pub(crate) fn copy_names() -> OwnVec<(u64, ThreadName)> {
    let mut names = registry().names.clone();
    names.sort_unstable_by_key(|&(id, _)| id);
    names
}

/// The registry's lock, held across a `fork()` (see `fork.rs`), so that
/// the child never inherits it held by a thread it does not have.
#[cfg(unix)]
pub(crate) struct ForkLock(#[allow(dead_code)] MutexGuard<'static, Registry>);

/// Takes the registry's lock for a `fork()`.
#[cfg(unix)]
pub(crate) fn lock_for_fork() -> ForkLock {
    ForkLock(registry())
}

/// The calling thread's kernel name, telling the main thread apart.
enum KernelName {
    Main(ThreadName),
    Other(ThreadName),
}

#[cfg(target_os = "linux")]
fn current_kernel_name() -> Option<KernelName> {
    let mut buf = [0 as libc::c_char; 16];
    // SAFETY: `pthread_self` is the calling thread, alive for the call;
    // the buffer is 16 bytes, the size the kernel's names need (15 bytes
    // and a NUL), as `pthread_getname_np` requires; for the calling thread
    // it is a `prctl(PR_GET_NAME)`, which allocates nothing. The `gettid`
    // system call (through `syscall`, which older C libraries than glibc
    // 2.30 have too) and `getpid` take nothing and cannot fail.
    let (result, tid, pid) = unsafe {
        (
            libc::pthread_getname_np(libc::pthread_self(), buf.as_mut_ptr(), buf.len()),
            libc::syscall(libc::SYS_gettid),
            libc::getpid(),
        )
    };
    if result != 0 {
        return None;
    }
    let len = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
    let raw: [u8; 16] = buf.map(|c| c as u8);
    let name = ThreadName::new(&raw[..len]);
    Some(if tid == libc::c_long::from(pid) {
        KernelName::Main(name)
    } else {
        KernelName::Other(name)
    })
}

#[cfg(not(target_os = "linux"))]
fn current_kernel_name() -> Option<KernelName> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_to_15_bytes_at_a_character_boundary() {
        assert_eq!(ThreadName::new(b"worker").as_str(), "worker");
        assert_eq!(
            ThreadName::new(b"a-very-long-thread-name").as_str(),
            "a-very-long-thr"
        );
        // 14 ASCII bytes and a two-byte character: the character goes.
        assert_eq!(
            ThreadName::new("abcdefghijklmné".as_bytes()).as_str(),
            "abcdefghijklmn"
        );
        assert_eq!(ThreadName::new(b"bad\xffname").as_str(), "bad");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_thread_is_remembered_by_its_kernel_name() {
        let id = 1 << 40;
        std::thread::Builder::new()
            .name("named-worker-thread".into())
            .spawn(move || remember_current(id))
            .unwrap()
            .join()
            .unwrap();
        let names = copy_names();
        let (_, name) = names.iter().find(|&&(i, _)| i == id).unwrap();
        assert_eq!(name.as_str(), "named-worker-th");
    }
}
