//! [`Content`]: the content of one extension segment as it is read, in
//! order, never held whole unless it is a table: the body itself, or
//! (in a compressed file) what its zstd frame inflates to. It knows how
//! long the content says it is and where it is, so that what goes wrong
//! while reading it becomes the right [`FormatError`] at the right offset.
//! The per-record ids (`sIDS`, `tHRD`) are decoded from it straight into
//! their typed vectors ([`read_entries`]), 4 bytes a record.

use std::io::{self, Read};

use memscope_binary::{CodecError, Location, wire};

use crate::error::{FormatError, FormatResult, Tag};

/// The content of one extension segment, read in order; never more than
/// its length.
pub(crate) struct Content<I> {
    input: I,
    tag: [u8; 4],
    /// Its length: the body's, or the content length a compressed body
    /// states.
    len: u64,
    /// Bytes handed out so far.
    pos: u64,
    /// The offset errors give for its first byte: where the body begins in
    /// the file, or 0 for a compressed body (offsets then count in the
    /// decompressed content).
    base: u64,
    /// Where the segment's body begins in the file.
    body_at: u64,
    /// Whether it comes out of a zstd frame.
    compressed: bool,
}

impl<I> Content<I> {
    /// The plain body of segment `tag`, `len` bytes at `body_at`.
    pub(crate) fn plain(input: I, tag: [u8; 4], len: u64, body_at: u64) -> Self {
        Content {
            input,
            tag,
            len,
            pos: 0,
            base: body_at,
            body_at,
            compressed: false,
        }
    }

    /// The content of the compressed body of segment `tag` at `body_at`,
    /// `len` bytes as its content length says, inflated by `input`.
    #[cfg(feature = "zstd")]
    pub(crate) fn inflated(input: I, tag: [u8; 4], len: u64, body_at: u64) -> Self {
        Content {
            input,
            tag,
            len,
            pos: 0,
            base: 0,
            body_at,
            compressed: true,
        }
    }

    /// The reader it reads from.
    #[cfg(feature = "zstd")]
    pub(crate) fn into_inner(self) -> I {
        self.input
    }

    /// Its tag.
    pub(crate) fn tag(&self) -> [u8; 4] {
        self.tag
    }

    /// The offset errors give for its first byte.
    pub(crate) fn base(&self) -> u64 {
        self.base
    }

    /// Where the segment's body begins in the file.
    pub(crate) fn body_at(&self) -> u64 {
        self.body_at
    }

    /// Bytes read so far.
    pub(crate) fn position(&self) -> u64 {
        self.pos
    }

    /// Bytes its length says are still to come.
    pub(crate) fn left(&self) -> u64 {
        self.len - self.pos
    }

    /// What `error`, met while reading from position `start` (its offsets
    /// count from there), means: the input ending before the content's
    /// length (a cut file, a frame shorter than stated), the frame or the
    /// file failing, or content that breaks its own counts.
    #[cold]
    pub(crate) fn error(&self, error: CodecError, start: u64) -> FormatError {
        match error {
            CodecError::Io { source, .. } => {
                if self.compressed {
                    self.inflating(source.to_string())
                } else {
                    FormatError::io("reading", None, source)
                }
            }
            CodecError::UnexpectedEnd { .. } if self.pos < self.len => self.short(),
            error => FormatError::SegmentBody {
                tag: Tag(self.tag),
                source: error.shifted(self.base + start),
            },
        }
    }

    /// The error for an input that ended before the content's length.
    #[cold]
    fn short(&self) -> FormatError {
        if self.compressed {
            self.inflating(format!(
                "the frame holds {} bytes, the content length says {}",
                self.pos, self.len
            ))
        } else {
            FormatError::SegmentCut {
                tag: Tag(self.tag),
                length: self.len,
                available: self.pos,
                offset: self.body_at,
            }
        }
    }

    /// A compressed body that is not one valid frame of its content length.
    #[cold]
    pub(crate) fn inflating(&self, reason: String) -> FormatError {
        FormatError::SegmentDecompression {
            tag: Tag(self.tag),
            offset: self.body_at,
            reason,
        }
    }

    /// Checks that exactly `count` entries of `size` bytes are left, before
    /// anything is allocated for them: more is trailing bytes, fewer a
    /// content cut short of its counts.
    pub(crate) fn expect_exactly(&self, count: u64, size: u64) -> FormatResult<()> {
        let needed = count.saturating_mul(size);
        let left = self.left();
        if left > needed {
            return Err(FormatError::SegmentTrailing {
                tag: Tag(self.tag),
                offset: self.base + self.pos + needed,
                extra: left - needed,
            });
        }
        if left < needed {
            return Err(FormatError::SegmentBody {
                tag: Tag(self.tag),
                source: CodecError::UnexpectedEnd {
                    at: Location::at(self.base + self.pos),
                    needed,
                    available: left,
                },
            });
        }
        Ok(())
    }

    /// Reserves room for exactly `more` more entries in `entries`, or says
    /// that this machine cannot hold them (a count that a 32-bit address
    /// space cannot, an allocation the system refuses) instead of
    /// aborting.
    pub(crate) fn reserve<T>(&self, entries: &mut Vec<T>, more: usize) -> FormatResult<()> {
        entries
            .try_reserve_exact(more)
            .map_err(|_| FormatError::OutOfMemory {
                tag: Tag(self.tag),
                bytes: (entries.len() as u64)
                    .saturating_add(more as u64)
                    .saturating_mul(size_of::<T>() as u64),
                offset: self.body_at,
            })
    }

    /// Checks, once the counts are done, that the content ended with them.
    pub(crate) fn end(&self) -> FormatResult<()> {
        self.expect_exactly(0, 0)
    }
}

impl<I: Read> Content<I> {
    /// A u32 count.
    pub(crate) fn read_u32(&mut self) -> FormatResult<u32> {
        let start = self.pos;
        let read = wire::read_array::<4, _>(self);
        read.map(u32::from_le_bytes)
            .map_err(|e| self.error(e, start))
    }

    /// A u64.
    pub(crate) fn read_u64(&mut self) -> FormatResult<u64> {
        let start = self.pos;
        let read = wire::read_array::<8, _>(self);
        read.map(u64::from_le_bytes)
            .map_err(|e| self.error(e, start))
    }

    /// A byte.
    pub(crate) fn read_u8(&mut self) -> FormatResult<u8> {
        let start = self.pos;
        let read = wire::read_array::<1, _>(self);
        read.map(|[byte]| byte).map_err(|e| self.error(e, start))
    }

    /// The rest of the content, in one vector of exactly that size: for a
    /// table, whose length the caller has checked against its budget.
    pub(crate) fn read_rest(&mut self) -> FormatResult<Vec<u8>> {
        let start = self.pos;
        let left = usize::try_from(self.left()).map_err(|_| FormatError::SegmentTooLong {
            tag: Tag(self.tag),
            length: self.len,
            limit: usize::MAX as u64,
            offset: self.body_at,
        })?;
        let mut bytes = vec![0; left];
        let read = wire::read_exact(self, &mut bytes);
        read.map_err(|e| self.error(e, start))?;
        Ok(bytes)
    }
}

#[cfg(test)]
impl<'a> Content<&'a [u8]> {
    /// A body in memory, at `offset`.
    pub(crate) fn of_slice(tag: [u8; 4], body: &'a [u8], offset: u64) -> Self {
        Content::plain(body, tag, body.len() as u64, offset)
    }
}

impl<I: Read> Read for Content<I> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let room = usize::try_from(self.left()).map_or(out.len(), |left| left.min(out.len()));
        if room == 0 {
            return Ok(0);
        }
        let n = self.input.read(&mut out[..room])?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// How many entries are read from the content at a time.
const CHUNK: usize = 4096;

/// Reads `count` entries of 4 bytes, each an index + 1 (0 for none), in
/// their typed form (`from_wire`), which `check` vets as they come: the
/// per-record ids, 4 bytes a record, with no copy of the bytes. With
/// `keep`, they go straight into a vector, allocated once, whole (the
/// caller has checked `count` against the record count and the content's
/// length, and charged the entries to the file's memory budget);
/// without, they are checked and dropped, for the reader to read again
/// beside the records.
pub(crate) fn read_entries<I: Read, T>(
    content: &mut Content<I>,
    count: u32,
    keep: bool,
    from_wire: impl Fn(u32) -> Option<T>,
    mut check: impl FnMut(T) -> FormatResult<()>,
) -> FormatResult<Option<Vec<Option<T>>>>
where
    T: Copy,
{
    let count = count as usize;
    let mut entries = Vec::new();
    if keep {
        content.reserve(&mut entries, count)?;
    }
    let mut buffer = [0u8; 4 * CHUNK];
    let mut done = 0;
    while done < count {
        let n = (count - done).min(CHUNK);
        let start = content.position();
        let read = wire::read_exact(content, &mut buffer[..4 * n]);
        read.map_err(|e| content.error(e, start))?;
        let (words, _) = buffer[..4 * n].as_chunks::<4>();
        for &word in words {
            let entry = from_wire(u32::from_le_bytes(word));
            if let Some(entry) = entry {
                check(entry)?;
            }
            if keep {
                entries.push(entry);
            }
        }
        done += n;
    }
    Ok(keep.then_some(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(values: &[u32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn entries_come_out_typed_and_checked() {
        let body = words(&[1, 0, 3]);
        let mut content = Content::of_slice(*b"sIDS", &body, 100);
        let entries =
            read_entries(&mut content, 3, true, std::num::NonZeroU32::new, |_| Ok(())).unwrap();
        assert_eq!(
            entries,
            Some([1, 0, 3].map(std::num::NonZeroU32::new).to_vec()),
            "0 is none"
        );
        content.end().unwrap();
        // Not kept: checked all the same, and the content read past them.
        let mut content = Content::of_slice(*b"sIDS", &body, 100);
        let mut seen = Vec::new();
        let dropped = read_entries(&mut content, 3, false, std::num::NonZeroU32::new, |id| {
            seen.push(id.get());
            Ok(())
        })
        .unwrap();
        assert_eq!((dropped, seen), (None, vec![1, 3]));
        content.end().unwrap();
        let mut content = Content::of_slice(*b"sIDS", &body, 100);
        let err = read_entries(&mut content, 3, true, std::num::NonZeroU32::new, |id| {
            if id.get() > 2 {
                Err(FormatError::MissingEnd { offset: 7 })
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(
            matches!(err, FormatError::MissingEnd { offset: 7 }),
            "{err}"
        );
    }

    #[test]
    fn too_few_or_too_many_bytes_for_the_count_are_refused_before_reading() {
        let body = words(&[2, 1, 1]);
        let mut content = Content::of_slice(*b"tHRD", &body, 40);
        assert_eq!(content.read_u32().unwrap(), 2);
        content.expect_exactly(2, 4).unwrap();
        assert!(matches!(
            content.expect_exactly(1, 4),
            Err(FormatError::SegmentTrailing {
                offset: 48,
                extra: 4,
                ..
            })
        ));
        let err = content.expect_exactly(3, 4).unwrap_err();
        assert!(
            matches!(&err, FormatError::SegmentBody { source: CodecError::UnexpectedEnd { needed: 12, available: 8, .. }, .. } if source_offset(&err) == 44),
            "{err}"
        );
    }

    #[test]
    fn entries_no_address_space_can_hold_are_an_error_not_an_abort() {
        let content = Content::of_slice(*b"sIDS", &[], 300);
        let mut entries: Vec<u32> = Vec::new();
        // More bytes than a u64 counts (on 64 bits): its maximum.
        let err = content.reserve(&mut entries, usize::MAX / 2).unwrap_err();
        assert!(
            matches!(err, FormatError::OutOfMemory { offset: 300, bytes, .. } if bytes == ((usize::MAX / 2) as u64).saturating_mul(4)),
            "{err}"
        );
        content.reserve(&mut entries, 3).unwrap();
        assert!(entries.capacity() >= 3);
    }

    fn source_offset(err: &FormatError) -> u64 {
        match err {
            FormatError::SegmentBody { source, .. } => source.offset(),
            _ => u64::MAX,
        }
    }

    #[test]
    fn a_cut_body_is_a_cut_segment_and_a_cut_count_a_malformed_one() {
        // The file ends 2 bytes into a body that says 8.
        let body = [1u8, 0];
        let mut content = Content::plain(&body[..], *b"sIDS", 8, 300);
        let err = content.read_u32().unwrap_err();
        assert!(
            matches!(
                err,
                FormatError::SegmentCut {
                    length: 8,
                    available: 2,
                    offset: 300,
                    ..
                }
            ),
            "{err}"
        );
        // All 2 bytes there: the content is shorter than its counts.
        let mut content = Content::of_slice(*b"sIDS", &body, 300);
        let err = content.read_u32().unwrap_err();
        assert!(matches!(err, FormatError::SegmentBody { .. }), "{err}");
        assert_eq!(source_offset(&err), 300);
    }
}
