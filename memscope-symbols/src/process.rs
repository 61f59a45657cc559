//! The module map of the running process.
//!
//! On Linux it comes from `dl_iterate_phdr`: for every loaded image the
//! dynamic loader reports its load bias and program headers, so each
//! executable `PT_LOAD` segment becomes a [`Module`], and the build id is
//! read from the image's `PT_NOTE` segments **in memory**. That build id is
//! the one of the code that actually runs; the file on disk is checked
//! against it when it is loaded, so a program rebuilt while it runs (what
//! `cargo build` does to a running `target/debug/foo`) gets unknown frames
//! and a [`SymbolError::BuildIdMismatch`] rather than wrong names.
//!
//! `dl_iterate_phdr` takes the loader's lock and allocates here: it is for
//! export time, never for an allocator hook.

use std::path::PathBuf;

use crate::error::SymbolError;
use crate::module::Module;

/// A module of the current process and, when it differs from
/// `module.path`, the path through which its file can still be opened.
pub(crate) struct Mapped {
    pub(crate) module: Module,
    pub(crate) open_path: Option<PathBuf>,
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub(crate) fn current_process() -> Result<Vec<Mapped>, SymbolError> {
    linux::current_process()
}

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
pub(crate) fn current_process() -> Result<Vec<Mapped>, SymbolError> {
    Err(SymbolError::UnsupportedPlatform {
        os: std::env::consts::OS,
        arch: std::env::consts::ARCH,
    })
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod linux {
    use std::ffi::{CStr, OsStr};
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};

    use object::Endianness;
    use object::elf::{ELF_NOTE_GNU, FileHeader64, NT_GNU_BUILD_ID};
    use object::read::elf::NoteIterator;

    use super::Mapped;
    use crate::error::SymbolError;
    use crate::module::Module;

    /// What the callback copies out of one `dl_phdr_info`.
    struct Image {
        /// `dlpi_name`: empty for the executable, a pseudo name such as
        /// `linux-vdso.so.1` for the vDSO, otherwise the path the loader
        /// opened.
        name: Vec<u8>,
        /// Executable segments: start, end, file offset.
        code: Vec<(u64, u64, u64)>,
        build_id: Option<Vec<u8>>,
    }

    pub(super) fn current_process() -> Result<Vec<Mapped>, SymbolError> {
        let mut images: Vec<Image> = Vec::new();
        // SAFETY: `collect` is the callback's only user of `data`, which
        // points to `images` for the duration of the call.
        unsafe {
            libc::dl_iterate_phdr(Some(collect), (&raw mut images).cast());
        }

        let mut mapped = Vec::new();
        for (index, image) in images.into_iter().enumerate() {
            let Some((path, open_path)) = image_path(index, &image.name)? else {
                continue;
            };
            for (start, end, file_offset) in image.code {
                mapped.push(Mapped {
                    module: Module {
                        path: path.clone(),
                        start,
                        end,
                        file_offset,
                        build_id: image.build_id.clone(),
                    },
                    open_path: open_path.clone(),
                });
            }
        }
        Ok(mapped)
    }

    /// The path of an image, and the path to open it by when that differs;
    /// `None` for images that are no file (the vDSO).
    #[allow(clippy::type_complexity)]
    fn image_path(
        index: usize,
        name: &[u8],
    ) -> Result<Option<(PathBuf, Option<PathBuf>)>, SymbolError> {
        if name.is_empty() {
            if index != 0 {
                // Only the executable goes unnamed; anything else unnamed
                // has no file to read.
                return Ok(None);
            }
            let exe =
                std::env::current_exe().map_err(|source| SymbolError::CurrentExe { source })?;
            // A program whose file was replaced since it started (rebuilt,
            // upgraded) is still readable through /proc/self/exe.
            let deleted = exe.as_os_str().as_bytes().ends_with(b" (deleted)");
            let open_path = deleted.then(|| PathBuf::from("/proc/self/exe"));
            return Ok(Some((exe, open_path)));
        }
        let path = Path::new(OsStr::from_bytes(name));
        if path.is_absolute() {
            return Ok(Some((path.to_path_buf(), None)));
        }
        // A library found through a relative LD_LIBRARY_PATH entry has a
        // relative name; the vDSO's pseudo name is no file at all.
        match std::fs::canonicalize(path) {
            Ok(absolute) => Ok(Some((absolute, None))),
            Err(_) => Ok(None),
        }
    }

    /// The `dl_iterate_phdr` callback: copies what [`Image`] holds.
    ///
    /// It must not unwind (that would abort); nothing in it panics but an
    /// allocation failure, which aborts anyway.
    unsafe extern "C" fn collect(
        info: *mut libc::dl_phdr_info,
        _size: libc::size_t,
        data: *mut libc::c_void,
    ) -> libc::c_int {
        // SAFETY: `data` is the `&mut Vec<Image>` passed by
        // `current_process`, and the loader hands a valid `info` whose
        // name is null or NUL-terminated and whose program headers are
        // `dlpi_phnum` entries at `dlpi_phdr`, alive during the call.
        let (images, info) = unsafe { (&mut *data.cast::<Vec<Image>>(), &*info) };
        let name = if info.dlpi_name.is_null() {
            Vec::new()
        } else {
            // SAFETY: see above.
            unsafe { CStr::from_ptr(info.dlpi_name) }
                .to_bytes()
                .to_vec()
        };
        let headers = if info.dlpi_phdr.is_null() {
            &[][..]
        } else {
            // SAFETY: see above.
            unsafe { std::slice::from_raw_parts(info.dlpi_phdr, usize::from(info.dlpi_phnum)) }
        };

        let bias = info.dlpi_addr;
        let mut code = Vec::new();
        let mut build_id = None;
        for header in headers {
            let start = bias.wrapping_add(header.p_vaddr);
            match header.p_type {
                libc::PT_LOAD if header.p_flags & libc::PF_X != 0 && header.p_memsz > 0 => {
                    code.push((start, start.wrapping_add(header.p_memsz), header.p_offset));
                }
                libc::PT_NOTE if build_id.is_none() => {
                    // SAFETY: a PT_NOTE segment lies inside a loaded
                    // segment of the image, so its bytes are mapped and
                    // readable while the image is loaded, which it is
                    // during the callback.
                    let notes = unsafe {
                        std::slice::from_raw_parts(start as *const u8, header.p_filesz as usize)
                    };
                    build_id = gnu_build_id(notes, header.p_align);
                }
                _ => {}
            }
        }
        images.push(Image {
            name,
            code,
            build_id,
        });
        0
    }

    /// The descriptor of the first `NT_GNU_BUILD_ID` note in `notes`.
    fn gnu_build_id(notes: &[u8], align: u64) -> Option<Vec<u8>> {
        // The notes of a loaded image are in the running machine's byte order.
        let endian = Endianness::default();
        let mut notes = NoteIterator::<FileHeader64<Endianness>>::new(endian, align, notes).ok()?;
        while let Ok(Some(note)) = notes.next() {
            if note.name() == ELF_NOTE_GNU && note.n_type(endian) == NT_GNU_BUILD_ID {
                return Some(note.desc().to_vec());
            }
        }
        None
    }
}
