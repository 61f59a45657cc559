//! [`CountingWriter`]: the one writer that counts (and, when asked,
//! checksums) what passes through it.

use std::io::{self, Write};

/// A writer that counts the bytes it passes on and, when built with
/// [`with_crc32`](Self::with_crc32), keeps their CRC-32 (as zlib computes
/// it). Put it beneath a `BufWriter`, so it sees large chunks: the CRC's
/// wide path then applies.
///
/// ```
/// use std::io::Write;
/// use memscope_export::CountingWriter;
///
/// let mut out = CountingWriter::with_crc32(Vec::new());
/// out.write_all(b"123456789").unwrap();
/// assert_eq!(out.bytes(), 9);
/// assert_eq!(out.crc32(), Some(0xcbf4_3926)); // the CRC-32 check value
/// assert_eq!(out.into_inner(), b"123456789");
/// ```
#[derive(Debug)]
pub struct CountingWriter<W> {
    inner: W,
    bytes: u64,
    crc: Option<crc32fast::Hasher>,
}

impl<W> CountingWriter<W> {
    /// Counts what goes to `inner`.
    pub fn new(inner: W) -> Self {
        CountingWriter {
            inner,
            bytes: 0,
            crc: None,
        }
    }

    /// Counts and checksums what goes to `inner`.
    pub fn with_crc32(inner: W) -> Self {
        CountingWriter {
            inner,
            bytes: 0,
            crc: Some(crc32fast::Hasher::new()),
        }
    }

    /// Bytes the inner writer has accepted so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The CRC-32 of those bytes, when it is being kept.
    pub fn crc32(&self) -> Option<u32> {
        self.crc.as_ref().map(|crc| crc.clone().finalize())
    }

    /// The inner writer.
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    /// The inner writer, giving up the counts.
    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(crc) = &mut self.crc {
            crc.update(&buf[..n]);
        }
        self.bytes = self.bytes.saturating_add(n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts at most three bytes per call.
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn counts_and_checksums_only_what_the_inner_writer_accepted() {
        let mut out = CountingWriter::with_crc32(Trickle(Vec::new()));
        assert_eq!(out.write(b"abcdef").unwrap(), 3);
        assert_eq!(out.bytes(), 3);
        let mut whole = crc32fast::Hasher::new();
        whole.update(b"abc");
        assert_eq!(out.crc32(), Some(whole.finalize()));
    }

    #[test]
    fn without_a_crc_it_only_counts() {
        let mut out = CountingWriter::new(Vec::new());
        out.write_all(b"hello").unwrap();
        assert_eq!((out.bytes(), out.crc32()), (5, None));
    }
}
