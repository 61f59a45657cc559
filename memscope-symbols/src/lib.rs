//! Symbolization of captured call stacks at export time: return addresses
//! become functions (demangled), files and lines, with inlined frames
//! expanded, for the executable and its shared libraries under ASLR/PIE.
//!
//! - **Resolve:** [`Symbolizer::for_current_process`] reads the running
//!   process's module map; [`Symbolizer::resolve`] turns one return
//!   address into its [`ResolvedFrame`]s, innermost first, memoized per
//!   address. Module files are parsed on first use, through `addr2line`
//!   (DWARF, including split DWARF) with the symbol table as the fallback
//!   for modules without debug info.
//! - **Offline:** [`Symbolizer::modules`] is the module map a raw-address
//!   export stores (FORMAT.md's `sMOD`); [`Symbolizer::for_modules`]
//!   resolves those addresses later, elsewhere, after checking each file's
//!   build id against the recorded one.
//! - **Machinery:** [`is_allocation_machinery`] tells the frames of the
//!   allocator itself, which say nothing about who allocated.
//! - **Problems:** one unreadable or mismatched module never fails the
//!   export: its addresses give unknown frames and the reason is listed
//!   in [`Symbolizer::problems`].
//!
//! ```
//! use memscope_symbols::Symbolizer;
//!
//! #[inline(never)]
//! fn make_buffer() -> Vec<u8> {
//!     vec![0; 64]
//! }
//! # std::hint::black_box(make_buffer());
//!
//! let mut symbolizer = match Symbolizer::for_current_process() {
//!     Ok(symbolizer) => symbolizer,
//!     // Not Linux on x86_64 or aarch64: `for_modules` still works.
//!     Err(error) => return eprintln!("{error}"),
//! };
//! // Stands for a return address inside `make_buffer`: resolve looks up
//! // the byte before a return address, the call instruction.
//! let return_address = make_buffer as fn() -> Vec<u8> as usize as u64 + 1;
//! let frames = symbolizer.resolve(return_address);
//! let outermost = frames.last().unwrap();
//! assert!(outermost.function.as_deref().unwrap().ends_with("make_buffer"));
//! for frame in frames {
//!     println!("{frame}"); // rust_out::main::make_buffer at src/lib.rs:5
//! }
//!
//! // Resolved once: the same address again is a hash probe.
//! symbolizer.resolve(return_address);
//! assert_eq!(symbolizer.stats().memo_hits, 1);
//! assert!(symbolizer.problems().is_empty());
//! ```
//!
//! # Build profiles
//!
//! File and line need DWARF in the binary: the dev profile has it
//! (`debug = true`), a release profile needs at least
//! `debug = "line-tables-only"`. Without debug info, frames carry the
//! function name from the symbol table and no file or line, and functions
//! inlined into others do not appear at all. A stripped binary gives
//! unknown frames, except for names its dynamic symbol table exports.
//!
//! # Platforms
//!
//! Linux on x86_64 and aarch64. Elsewhere the crate compiles,
//! [`Symbolizer::for_current_process`] returns
//! [`SymbolError::UnsupportedPlatform`], and [`Symbolizer::for_modules`]
//! resolves ELF files.
#![deny(missing_docs)]

mod error;
mod file;
mod frame;
mod machinery;
mod memo;
mod module;
mod process;
mod symbolizer;

pub use error::SymbolError;
pub use frame::ResolvedFrame;
pub use machinery::{is_allocation_machinery, is_allocator_file, is_allocator_function};
pub use module::Module;
pub use symbolizer::{Symbolizer, SymbolizerStats};
