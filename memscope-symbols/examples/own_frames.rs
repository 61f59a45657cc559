//! Resolves return addresses of this program the way an export does, and
//! prints the frames, the module map and the symbolizer's counters.
//!
//! ```sh
//! cargo run -p memscope-symbols --example own_frames             # dev: names, files, lines, inlined frames
//! cargo run -p memscope-symbols --example own_frames --release   # no debug info: names only
//! CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo run -p memscope-symbols --example own_frames --release
//! ```
//!
//! The return addresses are taken as a stack walk would take them, by a
//! naked function that returns its own return address.

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod frames {
    /// The address its caller returns to: the instruction after the call.
    #[cfg(target_arch = "x86_64")]
    #[unsafe(naked)]
    pub extern "C" fn return_address() -> u64 {
        core::arch::naked_asm!("mov rax, [rsp]", "ret")
    }

    /// The address its caller returns to: the instruction after the call.
    #[cfg(target_arch = "aarch64")]
    #[unsafe(naked)]
    pub extern "C" fn return_address() -> u64 {
        core::arch::naked_asm!("mov x0, x30", "ret")
    }

    /// Inlined into `index_words`, in every profile.
    #[inline(always)]
    fn count_word(counts: &mut Vec<(String, u64)>, word: &str) -> u64 {
        match counts.iter_mut().find(|(known, _)| known == word) {
            Some((_, count)) => *count += 1,
            None => counts.push((word.to_owned(), 1)),
        }
        return_address()
    }

    /// A function that is never inlined, with a helper inlined into it.
    #[inline(never)]
    pub fn index_words(text: &str) -> (Vec<(String, u64)>, u64) {
        let mut counts = Vec::new();
        let mut address = 0;
        for word in text.split_whitespace() {
            address = count_word(&mut counts, word);
        }
        (counts, address)
    }
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn main() {
    use memscope_symbols::Symbolizer;

    let (counts, address) = frames::index_words(std::hint::black_box("a rose is a rose"));
    let mut symbolizer = Symbolizer::for_current_process().expect("a module map");

    println!("{} distinct words", counts.len());
    println!("frames at {address:#x}:");
    for frame in symbolizer.resolve(address) {
        println!("  {frame}");
    }
    let malloc = libc::malloc as *const () as u64 + 1;
    println!("frames at malloc + 1:");
    for frame in symbolizer.resolve(malloc) {
        println!("  {frame}");
    }
    println!("modules:");
    for module in symbolizer.modules() {
        println!("  {module}");
    }
    println!("{:?}", symbolizer.stats());
    for problem in symbolizer.problems() {
        println!("problem: {problem}");
    }
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
fn main() {
    eprintln!("own_frames: no current-process symbolizer on this platform");
}
