//! The locks and atomics of the snapshot protocol (`shard.rs`,
//! `peaks.rs`): the standard library's, or loom's when the protocol is
//! model-checked (`RUSTFLAGS="--cfg loom"`, `loom_snapshot.rs`). A
//! `--cfg loom` build is that test's only: it compiles the shards and
//! nothing else of the tracker.

#[cfg(loom)]
pub(crate) use loom::sync::atomic::AtomicU64;
#[cfg(loom)]
pub(crate) use loom::sync::{Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::AtomicU64;
#[cfg(not(loom))]
pub(crate) use std::sync::{Mutex, MutexGuard};

/// A constructor that is a `const fn`, so that the global tracker can be a
/// constant-initialised static, except under loom, whose locks and atomics
/// are not constant-constructible (and which has no global tracker).
macro_rules! const_unless_loom {
    ($(#[$attr:meta])* $vis:vis fn $name:ident() -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[cfg(not(loom))]
        $vis const fn $name() -> $ret $body

        $(#[$attr])*
        #[cfg(loom)]
        $vis fn $name() -> $ret $body
    };
}

/// Items the loom model of the snapshot protocol leaves out: everything
/// but the shards, their tables, the peaks and the record types.
macro_rules! outside_the_model {
    ($($item:item)*) => {
        $(
            #[cfg(not(loom))]
            $item
        )*
    };
}
