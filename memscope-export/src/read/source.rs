//! [`Source`]: the file as read so far, buffered and checksummed, and the
//! small reading helpers every part of the reader shares.

use std::io::{self, BufRead, Read};

use memscope_binary::CodecError;

use crate::error::{FormatError, FormatResult};

/// How much of the input is buffered at once.
pub(crate) const BUFFER: usize = 64 * 1024;

/// The file as read so far: a buffered reader that checksums and counts
/// the bytes it hands out (not the bytes it buffers), so the CRC covers
/// exactly what came before the footer. Consumed bytes are hashed in bulk,
/// just before the buffer is refilled, where the CRC's wide path applies:
/// hashing each 24-byte record as it goes costs more than decoding it.
pub(crate) struct Source<R> {
    pub(crate) input: R,
    buf: Box<[u8]>,
    /// Next byte to hand out.
    pos: usize,
    /// End of the valid bytes in `buf`.
    filled: usize,
    /// `buf[..hashed]` is in `crc` already; `buf[hashed..pos]` is not yet.
    hashed: usize,
    crc: crc32fast::Hasher,
    /// File offset of `buf[0]`.
    pub(crate) base: u64,
}

impl<R> std::fmt::Debug for Source<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("offset", &(self.base + self.pos as u64))
            .finish_non_exhaustive()
    }
}

impl<R: Read> Source<R> {
    pub(crate) fn new(input: R) -> Self {
        Source {
            input,
            buf: vec![0; BUFFER].into_boxed_slice(),
            pos: 0,
            filled: 0,
            hashed: 0,
            crc: crc32fast::Hasher::new(),
            base: 0,
        }
    }

    /// The same source reading from what `wrap` makes of its input (which
    /// must read on from where the input is), its buffer and checksum
    /// kept; and what else `wrap` gives.
    pub(crate) fn map_input<S, T>(self, wrap: impl FnOnce(R) -> (S, T)) -> (Source<S>, T) {
        let (input, also) = wrap(self.input);
        let source = Source {
            input,
            buf: self.buf,
            pos: self.pos,
            filled: self.filled,
            hashed: self.hashed,
            crc: self.crc,
            base: self.base,
        };
        (source, also)
    }

    /// File offset of the next byte handed out.
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// The CRC-32 of every byte handed out so far.
    pub(crate) fn crc(&mut self) -> u32 {
        self.hash_consumed();
        self.crc.clone().finalize()
    }

    fn hash_consumed(&mut self) {
        self.crc.update(&self.buf[self.hashed..self.pos]);
        self.hashed = self.pos;
    }
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Source<R> {
    #[inline]
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.filled {
            return self.refill();
        }
        Ok(&self.buf[self.pos..self.filled])
    }

    #[inline]
    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.filled);
    }
}

impl<R: Read> Source<R> {
    /// Hashes what was handed out, then refills the buffer from the start.
    #[cold]
    fn refill(&mut self) -> io::Result<&[u8]> {
        self.hash_consumed();
        self.base += self.pos as u64;
        (self.pos, self.filled, self.hashed) = (0, 0, 0);
        self.filled = loop {
            match self.input.read(&mut self.buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        Ok(&self.buf[..self.filled])
    }
}

/// Fills as much of `buf` as the input has; returns how much that was.
pub(crate) fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> FormatResult<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FormatError::io("reading", None, e)),
        }
    }
    Ok(filled)
}

/// A segment's codec error, placed at the segment's offset in the file.
pub(crate) fn segment<T>(
    segment: &'static str,
    offset: u64,
    result: Result<T, CodecError>,
) -> FormatResult<T> {
    result.map_err(|source| match source {
        CodecError::Io { source, .. } => FormatError::io("reading", None, source),
        source => FormatError::Segment {
            segment,
            source: source.shifted(offset),
        },
    })
}
