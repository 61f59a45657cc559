//! The byte sinks and sources codecs write to and read from. With the
//! `std` feature (the default) these are `std::io`'s own [`Read`],
//! [`Write`] and [`Error`]; without it, traits of the same shape (their
//! required methods are `std::io`'s: `read`; `write` and `flush`),
//! implemented for `Vec<u8>` and `&[u8]`, so the crate builds with `alloc`
//! alone (`default-features = false`), for targets without an operating
//! system.

#[cfg(feature = "std")]
pub use std::io::{Error, Read, Write};

#[cfg(not(feature = "std"))]
pub use self::bare::{Error, Read, Write};

/// Whether a failed read may simply be tried again.
#[inline]
pub(crate) fn is_interrupted(error: &Error) -> bool {
    #[cfg(feature = "std")]
    {
        error.kind() == std::io::ErrorKind::Interrupted
    }
    #[cfg(not(feature = "std"))]
    {
        let _ = error;
        false
    }
}

/// The error of a write into a sink that is full.
#[inline]
pub(crate) fn write_zero() -> Error {
    #[cfg(feature = "std")]
    {
        std::io::ErrorKind::WriteZero.into()
    }
    #[cfg(not(feature = "std"))]
    {
        Error::WriteZero
    }
}

#[cfg(not(feature = "std"))]
mod bare {
    use alloc::vec::Vec;
    use core::fmt;

    /// Why a sink or a source failed, without `std`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[non_exhaustive]
    pub enum Error {
        /// The sink accepted no more bytes.
        WriteZero,
        /// Another failure of a sink or source, described by it.
        Other(&'static str),
    }

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Error::WriteZero => f.write_str("failed to write the whole buffer"),
                Error::Other(what) => f.write_str(what),
            }
        }
    }

    impl core::error::Error for Error {}

    /// A byte sink: `std::io::Write`'s shape.
    pub trait Write {
        /// Writes some of `buf`, returning how much.
        fn write(&mut self, buf: &[u8]) -> Result<usize, Error>;

        /// Flushes what is buffered.
        fn flush(&mut self) -> Result<(), Error>;

        /// Writes all of `buf`.
        fn write_all(&mut self, mut buf: &[u8]) -> Result<(), Error> {
            while !buf.is_empty() {
                match self.write(buf)? {
                    0 => return Err(Error::WriteZero),
                    n => buf = &buf[n.min(buf.len())..],
                }
            }
            Ok(())
        }
    }

    /// A byte source: `std::io::Read`'s shape.
    pub trait Read {
        /// Reads some bytes into `buf`, returning how many; 0 at the end.
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error>;
    }

    impl Write for Vec<u8> {
        #[inline]
        fn write(&mut self, buf: &[u8]) -> Result<usize, Error> {
            self.extend_from_slice(buf);
            Ok(buf.len())
        }

        #[inline]
        fn write_all(&mut self, buf: &[u8]) -> Result<(), Error> {
            self.extend_from_slice(buf);
            Ok(())
        }

        #[inline]
        fn flush(&mut self) -> Result<(), Error> {
            Ok(())
        }
    }

    impl<W: Write + ?Sized> Write for &mut W {
        #[inline]
        fn write(&mut self, buf: &[u8]) -> Result<usize, Error> {
            (**self).write(buf)
        }

        #[inline]
        fn write_all(&mut self, buf: &[u8]) -> Result<(), Error> {
            (**self).write_all(buf)
        }

        #[inline]
        fn flush(&mut self) -> Result<(), Error> {
            (**self).flush()
        }
    }

    impl Read for &[u8] {
        #[inline]
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
            let n = buf.len().min(self.len());
            let (head, tail) = self.split_at(n);
            buf[..n].copy_from_slice(head);
            *self = tail;
            Ok(n)
        }
    }

    impl<R: Read + ?Sized> Read for &mut R {
        #[inline]
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
            (**self).read(buf)
        }
    }
}
