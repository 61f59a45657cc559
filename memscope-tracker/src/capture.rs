//! Capturing where an allocation comes from: the return addresses of the
//! calls that led to it, found by walking frame pointers.
//!
//! Walking frame pointers costs a few nanoseconds a frame: each frame
//! record holds the caller's frame pointer and the return address, side by
//! side. DWARF unwinding in an allocator hook costs microseconds and can
//! deadlock on the loader lock (`dl_iterate_phdr`), so it is not done here;
//! addresses become names at export time.
//!
//! The walk never faults: it reads only 16-byte-aligned frame records that
//! lie between the current stack pointer and the top of this thread's
//! stack, never the buffer it writes the addresses to (which lies there
//! too), and stops at the first frame pointer that does not move up the
//! stack. It reads through single machine loads (`asm!`), not Rust reads:
//! a stray frame pointer can land on anything, uninitialised slots and
//! words being written included. Code built without frame pointers (including, usually, the
//! precompiled standard library) breaks the chain: the stack then ends
//! early, or, when such code left an unrelated but plausible value in the
//! frame-pointer register, continues through addresses that do not belong
//! to the calls. Build with `-C force-frame-pointers=yes` for whole stacks.
//!
//! Supported on Linux on x86_64 and aarch64; elsewhere [`capture`]
//! returns no frames.

use std::cell::Cell;

/// How many frames a stack keeps by default.
pub const DEFAULT_DEPTH: usize = 32;

/// The most frames a stack may keep.
pub const MAX_DEPTH: usize = 64;

thread_local! {
    /// This thread's stack, `[low, top)`; `(0, 0)` until first needed,
    /// `(1, 1)` when it cannot be found (no stacks then).
    static STACK: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// Fills `out` with the return addresses of the calls that led here,
/// innermost first, leaving out the first `skip`; returns how many it
/// wrote. Never allocates except once per thread, to learn where the
/// thread's stack ends (through `pthread_getattr_np`, which the caller
/// must let allocate untracked).
#[inline(never)]
pub(crate) fn capture(out: &mut [usize], skip: usize) -> usize {
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    {
        let Some((low, top)) = thread_stack() else {
            return 0;
        };
        let here = 0u8;
        let bottom = std::ptr::addr_of!(here) as usize;
        // Running on another stack than the thread's own (a signal handler
        // on an alternate stack): what lies between here and the thread's
        // stack top is not known to be mapped. No stack, rather than a risk.
        if bottom < low || bottom >= top {
            return 0;
        }
        // SAFETY: `[bottom, top)` is this thread's stack from the current
        // stack pointer up (checked just above): mapped and readable for as
        // long as this thread runs, and this call runs on it. Its contents
        // do change during the walk (`out` lies in it, in the allocator's
        // frame, and is written as the walk goes), which is why `walk`
        // never reads `out` and reads the rest only through `load_record`.
        unsafe { walk(frame_pointer(), bottom, top, out, skip) }
    }
    #[cfg(not(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    )))]
    {
        let _ = (out, skip);
        0
    }
}

/// The frame pointer of the caller of this (inlined) function.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[inline(always)]
fn frame_pointer() -> usize {
    let fp: usize;
    // SAFETY: reads a register into a local; no memory is touched.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::asm!("mov {}, rbp", out(reg) fp, options(nomem, nostack, preserves_flags));
    }
    // SAFETY: as above; x29 is the AArch64 frame pointer.
    #[cfg(target_arch = "aarch64")]
    unsafe {
        std::arch::asm!("mov {}, x29", out(reg) fp, options(nomem, nostack, preserves_flags));
    }
    fp
}

/// Follows the chain of frame records from `fp`: each is two words, the
/// caller's frame pointer then the return address (x86_64 after `push rbp;
/// mov rbp, rsp`, AArch64's frame records alike).
///
/// # Safety
///
/// `[bottom, top)` must stay mapped and readable for the whole call. Its
/// contents may be anything and may change meanwhile: only 16-byte-aligned
/// records wholly inside it and wholly outside `out` are read, through
/// [`load_record`], and what is read is only compared and copied.
pub(crate) unsafe fn walk(
    fp: usize,
    bottom: usize,
    top: usize,
    out: &mut [usize],
    skip: usize,
) -> usize {
    follow(fp, bottom, top, out, skip, |record| {
        // SAFETY: `follow` asks only for a 16-byte-aligned record wholly
        // inside `[bottom, top)`, which the caller guarantees is readable,
        // and wholly outside `out` (the tests check both with a loader
        // that records every address asked for). So the two loads cannot
        // fault, and they never read the words this call writes. What
        // they read may be a caller's local, a slot never written, or a
        // word another thread writes through a pointer to one of our
        // locals: `load_record` is machine loads the compiler knows nothing
        // about, not a typed read of Rust memory, so none of these is
        // undefined; its results are just integers.
        unsafe { load_record(record) }
    })
}

/// The walk itself, with the loads left to `load`: it is called with the
/// address of each record to read, always 16-byte aligned, with its 16
/// bytes inside `[bottom, top)` and outside `out`, and returns the record's
/// two words.
#[inline(always)]
fn follow(
    mut fp: usize,
    bottom: usize,
    top: usize,
    out: &mut [usize],
    skip: usize,
    mut load: impl FnMut(usize) -> (usize, usize),
) -> usize {
    // The output's own words: a frame pointer into them is garbage (the
    // output is a local array, never a frame record), and reading them
    // would read back what this walk wrote.
    let out_start = out.as_ptr() as usize;
    let out_end = out_start.saturating_add(size_of_val(out));
    // Each bound is one subtraction and one unsigned compare (a value
    // below the range wraps to one above it): the records inside the
    // stack start in `[bottom, top - 16]`, those overlapping `out` in
    // `[out_start - 15, out_end)`.
    let Some(room) = top.checked_sub(bottom).and_then(|len| len.checked_sub(16)) else {
        return 0;
    };
    let near_out = out_start.wrapping_sub(15);
    let out_span = out_end.wrapping_sub(near_out);
    let mut written = 0;
    let mut skipped = 0;
    while written < out.len() {
        let inside = fp.wrapping_sub(bottom) <= room;
        let into_out = fp.wrapping_sub(near_out) < out_span;
        if !inside || into_out || !fp.is_multiple_of(16) {
            break;
        }
        let (next, ret) = load(fp);
        if ret == 0 {
            break;
        }
        if skipped < skip {
            skipped += 1;
        } else {
            out[written] = ret;
            written += 1;
        }
        // Frames of callers lie higher up the stack: anything else is not
        // a frame pointer, and following it could loop.
        if next <= fp {
            break;
        }
        fp = next;
    }
    written
}

/// The two words at `at`, by machine loads in `asm!`: the compiler makes
/// no assumption about the memory read (it may be uninitialised, or
/// written meanwhile by another thread or through a `&mut`), and the
/// results are initialised integers whatever it held. Miri, which runs no
/// assembly, and other architectures (where only the tests walk) use
/// volatile reads.
///
/// # Safety
///
/// The 16 bytes at `at` must be mapped and readable, and `at` aligned for
/// a `usize`.
#[inline(always)]
unsafe fn load_record(at: usize) -> (usize, usize) {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        let (first, second): (usize, usize);
        // SAFETY: reads the 16 readable bytes at `at` (the caller's
        // contract) into two registers, and nothing else.
        unsafe {
            std::arch::asm!(
                "mov {first}, qword ptr [{at}]",
                "mov {second}, qword ptr [{at} + 8]",
                at = in(reg) at,
                first = out(reg) first,
                second = lateout(reg) second,
                options(nostack, preserves_flags, readonly),
            );
        }
        (first, second)
    }
    #[cfg(all(target_arch = "aarch64", not(miri)))]
    {
        let (first, second): (usize, usize);
        // SAFETY: as above, with one load-pair instruction.
        unsafe {
            std::arch::asm!(
                "ldp {first}, {second}, [{at}]",
                at = in(reg) at,
                first = lateout(reg) first,
                second = lateout(reg) second,
                options(nostack, preserves_flags, readonly),
            );
        }
        (first, second)
    }
    #[cfg(any(miri, not(any(target_arch = "x86_64", target_arch = "aarch64"))))]
    {
        let record = std::ptr::with_exposed_provenance::<usize>(at);
        // SAFETY: the caller's contract; the address was exposed by
        // whoever made it an integer.
        unsafe { (record.read_volatile(), record.add(1).read_volatile()) }
    }
}

/// This thread's stack, `[low, top)`, learned once per thread.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn thread_stack() -> Option<(usize, usize)> {
    let known = STACK.try_with(Cell::get).ok()?;
    match known {
        (0, 0) => {
            let found = find_thread_stack().unwrap_or((1, 1));
            let _ = STACK.try_with(|cell| cell.set(found));
            (found.1 > 1).then_some(found)
        }
        (1, 1) => None,
        found => Some(found),
    }
}

/// Asks the thread library where this thread's stack lies.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn find_thread_stack() -> Option<(usize, usize)> {
    // SAFETY: `attr` is initialised by `pthread_getattr_np` before it is
    // read, and destroyed once; `addr` and `size` are plain out-values.
    unsafe {
        let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return None;
        }
        let mut addr = std::ptr::null_mut();
        let mut size = 0;
        let found = libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        if !found {
            return None;
        }
        let low = addr as usize;
        Some((low, low.checked_add(size)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake stack: frame records at the given word indices, each linking
    /// to the next and returning to `0x1000 + i`.
    fn fake_stack(frames: &[usize], words: usize) -> Vec<u128> {
        // u128 elements keep the buffer 16-byte aligned.
        let mut stack = vec![0u128; words / 2];
        let base = stack.as_ptr() as usize;
        let words_ptr = stack.as_mut_ptr().cast::<usize>();
        for (i, &at) in frames.iter().enumerate() {
            let next = frames.get(i + 1).map_or(0, |&n| base + n * 8);
            // SAFETY: `at + 1 < words`, inside the buffer.
            unsafe {
                words_ptr.add(at).write(next);
                words_ptr.add(at + 1).write(0x1000 + i);
            }
        }
        stack
    }

    #[test]
    fn a_well_formed_chain_gives_every_return_address_innermost_first() {
        let stack = fake_stack(&[0, 4, 10, 20], 32);
        let base = stack.as_ptr() as usize;
        let mut out = [0usize; 8];
        // SAFETY: the walk stays inside the buffer, which lives on.
        let n = unsafe { walk(base, base, base + 32 * 8, &mut out, 0) };
        assert_eq!(&out[..n], [0x1000, 0x1001, 0x1002, 0x1003]);
        // SAFETY: as above.
        let n = unsafe { walk(base, base, base + 32 * 8, &mut out, 2) };
        assert_eq!(&out[..n], [0x1002, 0x1003]);
        // SAFETY: as above.
        let n = unsafe { walk(base, base, base + 32 * 8, &mut out[..3], 0) };
        assert_eq!(n, 3, "the depth is bounded by the buffer");
    }

    #[test]
    fn the_walk_never_leaves_the_stack_nor_goes_down_nor_reads_misaligned() {
        let mut stack = fake_stack(&[0, 4, 10], 16);
        let base = stack.as_ptr() as usize;
        let top = base + 16 * 8;
        let words = stack.as_mut_ptr().cast::<usize>();
        let mut out = [0usize; 8];
        // A frame pointer pointing past the top of the stack: stop there.
        // SAFETY: index 10 is inside the buffer.
        unsafe { words.add(10).write(top + 4096) };
        // SAFETY: the walk stays inside the buffer.
        let n = unsafe { walk(base, base, top, &mut out, 0) };
        assert_eq!(n, 3);
        // A frame pointer going back down: stop, no loop.
        // SAFETY: index 4 is inside the buffer.
        unsafe { words.add(4).write(base) };
        // SAFETY: as above.
        let n = unsafe { walk(base, base, top, &mut out, 0) };
        assert_eq!(n, 2);
        // Misaligned or below the bottom: nothing read.
        // SAFETY: as above.
        assert_eq!(unsafe { walk(base + 8, base, top, &mut out, 0) }, 0);
        // SAFETY: as above.
        assert_eq!(unsafe { walk(base - 16, base, top, &mut out, 0) }, 0);
    }

    #[test]
    fn a_frame_pointer_into_the_output_buffer_ends_the_walk() {
        // The output array lies on the stack being walked (in the
        // allocator's frame): words 16..24 of this fake stack are `out`.
        // A stray frame pointer into them must not read what the walk
        // itself is writing there.
        let mut stack = fake_stack(&[0, 4, 16], 32);
        let base = stack.as_ptr() as usize;
        let top = base + 32 * 8;
        // SAFETY: the buffer holds 32 words; `out` is its last 16, and the
        // walk reads none of them.
        let out = unsafe {
            std::slice::from_raw_parts_mut(stack.as_mut_ptr().cast::<usize>().add(16), 8)
        };
        // SAFETY: the buffer lives on; the walk stays inside it.
        let n = unsafe { walk(base, base, top, out, 0) };
        assert_eq!(
            &out[..n],
            [0x1000, 0x1001],
            "stops at the pointer into `out`"
        );
    }

    #[test]
    fn on_garbage_every_load_is_an_aligned_record_inside_the_stack_and_outside_the_output() {
        const WORDS: usize = 64;
        // `out` is words 25..40: the record at word 24 straddles its start.
        const OUT: std::ops::Range<usize> = 25..40;
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut random = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as usize
        };
        let mut stack = vec![0u128; WORDS / 2];
        let base = stack.as_ptr() as usize;
        let top = base + WORDS * 8;
        // SAFETY: the buffer holds `WORDS` words, and nothing else refers
        // to it while `words` lives.
        let words =
            unsafe { std::slice::from_raw_parts_mut(stack.as_mut_ptr().cast::<usize>(), WORDS) };
        for _ in 0..20_000 {
            // Garbage of every kind a stray frame pointer could meet.
            let mut garbage = || match random() % 6 {
                0 => base + (random() % WORDS) * 8,
                1 => base + (random() % (WORDS / 2)) * 16,
                2 => base + (OUT.start + random() % OUT.len()) * 8,
                3 => base.wrapping_sub(16) + (random() % 3) * 16 + (random() % 2) * WORDS * 8,
                4 => 0,
                _ => random(),
            };
            let before: Vec<usize> = (0..WORDS).map(|_| garbage()).collect();
            words.copy_from_slice(&before);
            let (start, skip) = (garbage(), random() % 3);
            let (below, rest) = words.split_at_mut(OUT.start);
            let (out, _above) = rest.split_at_mut(OUT.len());
            let _ = below;
            let mut loads = 0;
            let n = follow(start, base, top, out, skip, |at| {
                loads += 1;
                assert!(at.is_multiple_of(16), "{at:#x} misaligned");
                assert!(at >= base && at + 16 <= top, "{at:#x} outside the stack");
                let word = (at - base) / 8;
                assert!(
                    word + 2 <= OUT.start || word >= OUT.end,
                    "word {word} is in `out`"
                );
                (before[word], before[word + 1])
            });
            assert!(n <= OUT.len());
            assert!(loads <= OUT.len() + skip, "{loads} loads: the walk ends");
        }
    }

    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    #[test]
    fn capturing_here_finds_at_least_the_test_itself() {
        #[inline(never)]
        fn nested(out: &mut [usize]) -> usize {
            capture(out, 0)
        }
        let mut out = [0usize; MAX_DEPTH];
        let n = nested(&mut out);
        assert!(n >= 1, "with frame pointers this thread has a stack");
        assert!(out[..n].iter().all(|&a| a != 0));
    }
}
