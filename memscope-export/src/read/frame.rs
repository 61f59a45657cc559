//! The one zstd frame of a compressed part of a file, the records or a
//! segment's body (FORMAT.md, "zstd frames (both versions)"): its header
//! read and checked before a decoder is made for it, then handed back to
//! the decoder in front of the rest of the input ([`FrameHead::then`]).
//!
//! Reading the header here rather than peeking at a buffer means the
//! checks hold wherever the frame begins, even when a buffer's end cuts
//! its header.

use std::io::{self, BufRead, Read};

use crate::error::{FormatError, FormatResult, FramePart};
use crate::read::source::read_up_to;

/// zstd's frame magic, 0xFD2FB528 little-endian (RFC 8878, 3.1.1).
pub(crate) const MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// The longest frame header: magic, frame header descriptor, window
/// descriptor, a 4-byte dictionary ID and an 8-byte content size.
const MAX_HEADER: usize = 18;

/// The largest window any frame may have: zstd's at level 22.
pub(crate) const MAX_WINDOW_LOG: u32 = 27;

/// A frame's header, read and checked.
#[derive(Debug)]
pub(crate) struct FrameHead {
    /// The content size the header states, if it does.
    pub(crate) content_size: Option<u64>,
    /// The window the decoder needs for it.
    pub(crate) window: u64,
    /// The header's bytes, to hand back to the decoder.
    bytes: [u8; MAX_HEADER],
    len: usize,
}

/// The header's bytes, then the rest of the input: what a decoder reads.
pub(crate) type Replayed<B> = io::Chain<io::Take<io::Cursor<[u8; MAX_HEADER]>>, B>;

impl FrameHead {
    /// Reads the header of the frame of `part`, which begins at `offset`,
    /// from `input`: the magic, then as much header as the descriptor
    /// says, refusing what FORMAT.md does not allow.
    pub(crate) fn read(
        input: &mut impl Read,
        part: FramePart,
        offset: u64,
    ) -> FormatResult<FrameHead> {
        let mut bytes = [0u8; MAX_HEADER];
        let got = read_up_to(input, &mut bytes[..4])?;
        if got < 4 || bytes[..4] != MAGIC {
            return Err(FormatError::NotAFrame {
                part,
                found: bytes[..got].to_vec(),
                offset,
            });
        }
        let problem = |problem: String| FormatError::FrameHeader {
            part,
            problem,
            offset,
        };
        let cut = |len: usize| problem(format!("cut short after {len} of its bytes"));
        if read_up_to(input, &mut bytes[4..5])? < 1 {
            return Err(cut(4));
        }
        // RFC 8878, 3.1.1.1.1: the frame header descriptor.
        let descriptor = bytes[4];
        let size_flag = descriptor >> 6;
        let single_segment = descriptor & 0x20 != 0;
        if descriptor & 0x08 != 0 {
            return Err(problem(
                "its reserved bit (3 of the descriptor) is set".into(),
            ));
        }
        let dictionary_len = [0, 1, 2, 4][usize::from(descriptor & 0x03)];
        let size_len = match (size_flag, single_segment) {
            (0, false) => 0,
            (0, true) => 1,
            (1, _) => 2,
            (2, _) => 4,
            _ => 8,
        };
        let len = 5 + usize::from(!single_segment) + dictionary_len + size_len;
        let got = read_up_to(input, &mut bytes[5..len])?;
        if got < len - 5 {
            return Err(cut(5 + got));
        }
        let mut at = 5;
        let window_descriptor = (!single_segment).then(|| {
            at += 1;
            bytes[5]
        });
        let field = |from: usize, len: usize| {
            let mut value = [0u8; 8];
            value[..len].copy_from_slice(&bytes[from..from + len]);
            u64::from_le_bytes(value)
        };
        let dictionary = field(at, dictionary_len);
        at += dictionary_len;
        if dictionary != 0 {
            return Err(problem(format!(
                "it needs dictionary {dictionary}, and memscope files use none"
            )));
        }
        let content_size = match size_len {
            0 => None,
            // The two-byte field is offset by 256 (RFC 8878, 3.1.1.1.4).
            2 => Some(field(at, 2) + 256),
            n => Some(field(at, n)),
        };
        let window = match window_descriptor {
            // RFC 8878, 3.1.1.1.2.
            Some(descriptor) => {
                let log = 10 + u32::from(descriptor >> 3);
                let base = 1u64 << log;
                base + (base / 8) * u64::from(descriptor & 0x07)
            }
            // A single segment: the window is the content.
            None => content_size.unwrap_or(0),
        };
        Ok(FrameHead {
            content_size,
            window,
            bytes,
            len,
        })
    }

    /// Refuses a window larger than `2^limit_log` bytes.
    pub(crate) fn check_window(
        &self,
        limit_log: u32,
        part: FramePart,
        offset: u64,
    ) -> FormatResult<()> {
        let limit = 1u64 << limit_log;
        if self.window > limit {
            return Err(FormatError::FrameWindowTooLarge {
                part,
                window: self.window,
                limit,
                offset,
            });
        }
        Ok(())
    }

    /// The header's bytes, then `rest`.
    pub(crate) fn then<B: BufRead>(self, rest: B) -> Replayed<B> {
        io::Cursor::new(self.bytes)
            .take(self.len as u64)
            .chain(rest)
    }
}

/// The base-2 logarithm of the window a part of at most `bytes` bytes may
/// need: `bytes` rounded up to a power of two, within `floor_log` and
/// [`MAX_WINDOW_LOG`].
pub(crate) fn window_log_for(bytes: u64, floor_log: u32) -> u32 {
    bytes
        .max(1)
        .checked_next_power_of_two()
        .map_or(64, u64::trailing_zeros)
        .clamp(floor_log, MAX_WINDOW_LOG)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Tag;

    const PART: FramePart = FramePart::Segment(Tag(*b"sSTR"));

    fn frame(content: &[u8], pledged: bool, window_log: u32) -> Vec<u8> {
        let mut encoder = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
        encoder.include_contentsize(pledged).unwrap();
        if pledged {
            encoder
                .set_pledged_src_size(Some(content.len() as u64))
                .unwrap();
        }
        encoder.window_log(window_log).unwrap();
        io::Write::write_all(&mut encoder, content).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn the_header_says_what_zstd_says() {
        for (content, pledged, window_log) in [
            (&b"x"[..], true, 10),
            (&[7u8; 300][..], true, 10),
            (&[7u8; 70_000][..], true, 17),
            (&[7u8; 70_000][..], false, 17),
            (&[7u8; 70_000][..], false, 20),
        ] {
            let frame = frame(content, pledged, window_log);
            let head = FrameHead::read(&mut frame.as_slice(), PART, 0).unwrap();
            let declared = zstd::zstd_safe::get_frame_content_size(&frame).unwrap();
            assert_eq!(head.content_size, declared);
            // What zstd's own decoder accepts, at this window and not below.
            let decodes = |log: u32| {
                let mut decoder = zstd::stream::read::Decoder::new(frame.as_slice()).unwrap();
                decoder.window_log_max(log).unwrap();
                io::copy(&mut decoder, &mut io::sink()).is_ok()
            };
            let needed = window_log_for(head.window, 10);
            assert!(decodes(needed), "{} {pledged} {window_log}", content.len());
            if needed > 10 {
                assert!(!decodes(needed - 1), "{} {pledged}", content.len());
            }
            // Handed back whole.
            let mut replayed = Vec::new();
            head.then(&frame[frame.len()..])
                .read_to_end(&mut replayed)
                .unwrap();
            assert_eq!(replayed, frame[..replayed.len()]);
        }
    }

    #[test]
    fn skippable_frames_and_other_bytes_are_not_a_frame() {
        let skippable = [0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0];
        for (bytes, found) in [
            (&skippable[..], &skippable[..4]),
            (&[0x28, 0xB5][..], &[0x28, 0xB5][..]),
            (&[][..], &[][..]),
        ] {
            let err = FrameHead::read(&mut &bytes[..], PART, 40).unwrap_err();
            assert!(
                matches!(&err, FormatError::NotAFrame { found: f, offset: 40, .. } if f == found),
                "{err}"
            );
        }
    }

    #[test]
    fn a_dictionary_a_reserved_bit_or_a_cut_header_is_refused() {
        let good = frame(b"content", true, 10);
        // A 1-byte dictionary ID, which the next byte (7) then is.
        let mut with_id = good.clone();
        with_id[4] = (with_id[4] & !0x03) | 0x01;
        let mut reserved = good.clone();
        reserved[4] |= 0x08;
        for (bytes, says) in [
            (&with_id[..], "dictionary"),
            (&reserved[..], "reserved"),
            (&good[..4], "cut short after 4"),
            (&good[..5], "cut short after 5"),
        ] {
            let err = FrameHead::read(&mut &bytes[..], PART, 40).unwrap_err();
            assert!(
                matches!(&err, FormatError::FrameHeader { problem, offset: 40, .. } if problem.contains(says)),
                "{says}: {err}"
            );
        }
    }
}
