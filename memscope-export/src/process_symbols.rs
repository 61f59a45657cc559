//! The process's symbolizer, kept from one export to the next: each
//! export of a running program resolves mostly the addresses the last one
//! did, and loading a module's line tables again cost about 30 ms an
//! export.
//!
//! - **Never waits:** taken and given back with `try_lock`, so two exports
//!   at once each have one (the second builds its own), and a child of
//!   `fork()` that inherited the lock held builds its own too.
//! - **Not across `fork()`:** the symbolizer is kept with the process id
//!   that built it; a child finds another id and drops it (its modules
//!   may differ from the parent's once it loads its own).
//! - **Never stale:** each export reads the module map again (cheap: no
//!   file is opened) and keeps the symbolizer only if the map is the same;
//!   a library loaded, unloaded or replaced at the same addresses since
//!   gives a fresh symbolizer, so no address is resolved in a module that
//!   is gone.

use std::sync::Mutex;

use memscope_symbols::Symbolizer;

/// A symbolizer kept between exports, with the process that built it.
pub(crate) struct SymbolizerCache {
    slot: Mutex<Option<(u32, Symbolizer)>>,
}

/// The process's.
pub(crate) static PROCESS: SymbolizerCache = SymbolizerCache::new();

impl SymbolizerCache {
    pub(crate) const fn new() -> Self {
        SymbolizerCache {
            slot: Mutex::new(None),
        }
    }

    /// The kept symbolizer, if this process (`pid`) built it and its
    /// module map is the process's now; otherwise a new one for the
    /// current process (`None` where that cannot be read).
    pub(crate) fn take(&self, pid: u32) -> Option<Symbolizer> {
        let current = Symbolizer::for_current_process().ok()?;
        if let Ok(mut slot) = self.slot.try_lock()
            && let Some((owner, kept)) = slot.take()
            && owner == pid
            && kept.modules() == current.modules()
        {
            return Some(kept);
        }
        Some(current)
    }

    /// Keeps `symbolizer`, built by process `pid`, for the next export.
    pub(crate) fn give_back(&self, pid: u32, symbolizer: Symbolizer) {
        if let Ok(mut slot) = self.slot.try_lock() {
            *slot = Some((pid, symbolizer));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[inline(never)]
    fn somewhere() -> u64 {
        std::hint::black_box(7)
    }

    #[test]
    fn the_next_export_gets_the_same_symbolizer_with_what_it_resolved() {
        let cache = SymbolizerCache::new();
        let Some(mut first) = cache.take(42) else {
            return; // no module map on this platform
        };
        let address = somewhere as fn() -> u64 as usize as u64 + 1;
        first.resolve(address);
        cache.give_back(42, first);
        let mut again = cache.take(42).unwrap();
        again.resolve(address);
        assert_eq!(
            again.stats().memo_hits,
            1,
            "resolved once, by the first export"
        );
    }

    #[test]
    fn a_symbolizer_for_another_module_map_is_not_kept() {
        let cache = SymbolizerCache::new();
        let Some(current) = cache.take(42) else {
            return;
        };
        // As if a library had been unloaded since: a map the process no
        // longer has.
        let gone = memscope_symbols::Module {
            path: "/gone/libplugin.so".into(),
            start: 0x1000,
            end: 0x2000,
            file_offset: 0,
            build_id: None,
        };
        cache.give_back(42, Symbolizer::for_modules(vec![gone]));
        let taken = cache.take(42).unwrap();
        assert_eq!(
            taken.modules(),
            current.modules(),
            "the process's map, not the kept one"
        );
    }

    #[test]
    fn a_child_of_fork_does_not_take_its_parents_symbolizer() {
        let cache = SymbolizerCache::new();
        let Some(mut parents) = cache.take(42) else {
            return;
        };
        let address = somewhere as fn() -> u64 as usize as u64 + 1;
        parents.resolve(address);
        cache.give_back(42, parents);
        let mut childs = cache.take(43).unwrap();
        childs.resolve(address);
        assert_eq!(childs.stats().memo_hits, 0, "a new one, built by the child");
    }
}
