//! Byte-level building blocks for codecs: exact reads and writes that turn
//! I/O failures into [`CodecError`]s, and length prefixes.
//!
//! Derived code and the std impls are built from these; they are public so
//! a hand-written [`FieldCodec`](crate::FieldCodec) can report errors the
//! same way. Every offset in an error they return is relative to the piece
//! they were asked to read or write; callers shift it outwards.

use crate::io::{Read, Write};
#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{CodecError, LenWidth, Location};

/// Writes all of `bytes`, returning how many that was.
#[inline]
pub fn write_bytes<W: Write + ?Sized>(w: &mut W, bytes: &[u8]) -> Result<usize, CodecError> {
    match w.write_all(bytes) {
        Ok(()) => Ok(bytes.len()),
        Err(e) => Err(CodecError::io(0, e)),
    }
}

/// Fills `buf` from `r`; if the input ends first, the error says how many
/// of the needed bytes there were.
#[inline]
pub fn read_exact<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> Result<(), CodecError> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => return Err(CodecError::unexpected_end(0, buf.len(), filled)),
            Ok(n) => filled += n,
            Err(e) if crate::io::is_interrupted(&e) => {}
            Err(e) => return Err(CodecError::io(filled, e)),
        }
    }
    Ok(())
}

/// Reads exactly `N` bytes.
#[inline]
pub fn read_array<const N: usize, R: Read + ?Sized>(r: &mut R) -> Result<[u8; N], CodecError> {
    let mut buf = [0u8; N];
    read_exact(r, &mut buf)?;
    Ok(buf)
}

/// The first `N` bytes of `bytes`.
#[inline]
pub fn take_array<const N: usize>(bytes: &[u8]) -> Result<[u8; N], CodecError> {
    match bytes.first_chunk::<N>() {
        Some(array) => Ok(*array),
        None => Err(too_short(N, bytes.len())),
    }
}

/// The error for an input of `available` bytes where `needed` were.
///
/// Built where it is returned, only its `Location` out of line: the
/// variant's discriminant is then a constant the optimiser sees, so it
/// knows the `Result` holding it is an `Err`. (Made out of line, the error
/// comes back through memory, where the byte that tells `Ok` from `Err` is
/// `CodecError`'s own discriminant; the optimiser cannot rule out `Ok`
/// and joins the error path to the success path after every check, which
/// costs the decoder its constant offsets.)
#[inline(always)]
pub fn too_short(needed: usize, available: usize) -> CodecError {
    CodecError::UnexpectedEnd {
        at: Location::at(0),
        needed: needed as u64,
        available: available as u64,
    }
}

/// The first `len` bytes of `bytes`, which begin `offset` bytes into the
/// value being decoded.
#[inline]
pub fn take_bytes(bytes: &[u8], offset: usize, len: u64) -> Result<&[u8], CodecError> {
    match usize::try_from(len) {
        Ok(n) if n <= bytes.len() => Ok(&bytes[..n]),
        _ => Err(CodecError::UnexpectedEnd {
            at: Location::at(offset as u64),
            needed: len,
            available: bytes.len() as u64,
        }),
    }
}

/// Reads exactly `len` bytes into a new vector that grows only as bytes
/// arrive, so a corrupt length cannot make it allocate more than the input
/// holds (plus at most 64 KiB up front). The bytes begin `offset` bytes into
/// the value being decoded.
pub fn read_vec<R: Read + ?Sized>(
    r: &mut R,
    offset: usize,
    len: u64,
) -> Result<Vec<u8>, CodecError> {
    const UP_FRONT: u64 = 64 * 1024;
    let mut bytes = Vec::with_capacity(len.min(UP_FRONT) as usize);
    // At most 64 KiB more at a time: the vector grows as bytes arrive.
    while (bytes.len() as u64) < len {
        let start = bytes.len();
        let want = (len - start as u64).min(UP_FRONT) as usize;
        bytes.resize(start + want, 0);
        let mut filled = start;
        while filled < bytes.len() {
            match r.read(&mut bytes[filled..]) {
                Ok(0) => {
                    return Err(CodecError::UnexpectedEnd {
                        at: Location::at(offset as u64),
                        needed: len,
                        available: filled as u64,
                    });
                }
                Ok(n) => filled += n,
                Err(e) if crate::io::is_interrupted(&e) => {}
                Err(e) => return Err(CodecError::io(offset + filled, e)),
            }
        }
    }
    Ok(bytes)
}

/// Checks that `len` fits a prefix of `width`.
#[inline]
pub fn check_len(width: LenWidth, len: usize) -> Result<(), CodecError> {
    if len as u64 > width.max_len() {
        return Err(CodecError::LengthOverflow {
            at: Location::at(0),
            width,
            len: len as u64,
        });
    }
    Ok(())
}

/// Writes `len` as a little-endian prefix of `width`; a length that does not
/// fit is an error, never a silent truncation.
#[inline]
pub fn write_len<W: Write + ?Sized>(
    w: &mut W,
    width: LenWidth,
    len: usize,
) -> Result<usize, CodecError> {
    write_len_ordered::<W, false>(w, width, len)
}

/// Reads a little-endian length prefix of `width`.
#[inline]
pub fn read_len<R: Read + ?Sized>(r: &mut R, width: LenWidth) -> Result<u64, CodecError> {
    read_len_ordered::<R, false>(r, width)
}

/// Decodes a little-endian length prefix of `width` from the front of
/// `bytes`.
#[inline]
pub fn decode_len(bytes: &[u8], width: LenWidth) -> Result<u64, CodecError> {
    decode_len_ordered::<false>(bytes, width)
}

/// [`write_len`] in either byte order: big-endian when `BE`.
#[inline]
pub fn write_len_ordered<W: Write + ?Sized, const BE: bool>(
    w: &mut W,
    width: LenWidth,
    len: usize,
) -> Result<usize, CodecError> {
    check_len(width, len)?;
    match (width, BE) {
        (LenWidth::U8, _) => write_bytes(w, &[len as u8]),
        (LenWidth::U16, false) => write_bytes(w, &(len as u16).to_le_bytes()),
        (LenWidth::U16, true) => write_bytes(w, &(len as u16).to_be_bytes()),
        (LenWidth::U32, false) => write_bytes(w, &(len as u32).to_le_bytes()),
        (LenWidth::U32, true) => write_bytes(w, &(len as u32).to_be_bytes()),
    }
}

/// [`read_len`] in either byte order: big-endian when `BE`.
#[inline]
pub fn read_len_ordered<R: Read + ?Sized, const BE: bool>(
    r: &mut R,
    width: LenWidth,
) -> Result<u64, CodecError> {
    Ok(match (width, BE) {
        (LenWidth::U8, _) => u64::from(read_array::<1, R>(r)?[0]),
        (LenWidth::U16, false) => u64::from(u16::from_le_bytes(read_array(r)?)),
        (LenWidth::U16, true) => u64::from(u16::from_be_bytes(read_array(r)?)),
        (LenWidth::U32, false) => u64::from(u32::from_le_bytes(read_array(r)?)),
        (LenWidth::U32, true) => u64::from(u32::from_be_bytes(read_array(r)?)),
    })
}

/// [`decode_len`] in either byte order: big-endian when `BE`.
#[inline]
pub fn decode_len_ordered<const BE: bool>(
    bytes: &[u8],
    width: LenWidth,
) -> Result<u64, CodecError> {
    Ok(match (width, BE) {
        (LenWidth::U8, _) => u64::from(take_array::<1>(bytes)?[0]),
        (LenWidth::U16, false) => u64::from(u16::from_le_bytes(take_array(bytes)?)),
        (LenWidth::U16, true) => u64::from(u16::from_be_bytes(take_array(bytes)?)),
        (LenWidth::U32, false) => u64::from(u32::from_le_bytes(take_array(bytes)?)),
        (LenWidth::U32, true) => u64::from(u32::from_be_bytes(take_array(bytes)?)),
    })
}

/// A writer that only counts: what [`FieldCodec::encoded_len`] uses when a
/// codec does not say its length itself.
///
/// [`FieldCodec::encoded_len`]: crate::FieldCodec::encoded_len
#[derive(Debug, Default, Clone, Copy)]
pub struct CountingSink {
    /// Bytes written so far.
    pub count: usize,
}

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> Result<usize, crate::io::Error> {
        self.count = self.count.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), crate::io::Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_exact_reports_how_many_bytes_were_left() {
        let err = read_array::<8, _>(&mut &[1u8, 2, 3][..]).unwrap_err();
        assert!(matches!(
            err,
            CodecError::UnexpectedEnd {
                needed: 8,
                available: 3,
                ..
            }
        ));
    }

    #[test]
    fn read_vec_does_not_trust_a_huge_length() {
        let err = read_vec(&mut &[0u8; 10][..], 2, u64::from(u32::MAX)).unwrap_err();
        assert!(matches!(
            err,
            CodecError::UnexpectedEnd { available: 10, .. }
        ));
    }

    #[test]
    fn write_len_refuses_to_truncate() {
        let err = write_len(&mut Vec::new(), LenWidth::U8, 256).unwrap_err();
        assert!(matches!(
            err,
            CodecError::LengthOverflow {
                width: LenWidth::U8,
                len: 256,
                ..
            }
        ));
    }
}
