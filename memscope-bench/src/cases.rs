//! The codec benchmark's cases (`memscope-bench/benches/codec.rs`), each with the
//! floor it is measured against, shared with `examples/profile.rs` so that
//! callgrind counts the same code criterion times:
//!
//! | case | ours | floor |
//! |---|---|---|
//! | a slice of [`ThreeU64`] | `write_many` / `decode_many` (one copy: the struct is plain) | `memcpy` of the same bytes: `extend_from_slice` into the sink, `to_vec` out of it |
//! | a 16 MiB [`Blob`] | its `Vec<u8>` field written and decoded | the same |
//! | the three-variant [`Event`] | derived `write_with` / `decode_slice` per event | a hand-written `match` ([`hand_write_event`], [`hand_decode_event`]) |
//!
//! Every case decodes back to its input, checked by [`check_floors`] before
//! anything is measured.

use std::io::{self, Write};

use memscope_binary::{BinaryRecord, CodecError, Layout};

/// The plain record: three `u64`, 24 bytes in memory and on the wire.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[binary(size = 24)]
pub struct ThreeU64 {
    /// An address.
    pub ptr: u64,
    /// A size.
    pub size: u64,
    /// A timestamp.
    pub timestamp: u64,
}

/// `n` records with varied values.
pub fn three_u64_records(n: usize) -> Vec<ThreeU64> {
    (0..n as u64)
        .map(|i| ThreeU64 {
            ptr: 0x7f00_0000_0000 + i * 64,
            size: 16 + i % 512,
            timestamp: 1_700_000_000_000_000_000 + i,
        })
        .collect()
}

/// A record holding one large byte vector.
#[derive(BinaryRecord, Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// The payload: a `u32` count, then the bytes.
    pub data: Vec<u8>,
}

/// A blob of `len` varied bytes.
pub fn blob(len: usize) -> Blob {
    Blob {
        data: (0..len).map(|i| (i * 31 % 251) as u8).collect(),
    }
}

/// The documented event enum: a `u8` tag, then the variant's fields.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Event {
    /// A block was allocated.
    Alloc {
        /// Its address.
        ptr: u64,
        /// Its size.
        size: u64,
    } = 1,
    /// A block was freed.
    Free {
        /// Its address.
        ptr: u64,
    } = 2,
    /// A block moved.
    Realloc {
        /// Its old address.
        old: u64,
        /// Its new address.
        new: u64,
        /// Its new size.
        size: u64,
    } = 3,
}

/// `n` events: allocations, frees and reallocations, interleaved as an
/// allocator's stream is (half allocations, a third frees, the rest moves).
pub fn events(n: usize) -> Vec<Event> {
    (0..n as u64)
        .map(|i| match i % 6 {
            0..=2 => Event::Alloc {
                ptr: 0x7f00_0000_0000 + i * 64,
                size: 16 + i % 512,
            },
            3 | 4 => Event::Free {
                ptr: 0x7f00_0000_0000 + (i - 3) * 64,
            },
            _ => Event::Realloc {
                old: 0x7f00_0000_0000 + (i - 5) * 64,
                new: 0x7f10_0000_0000 + i * 64,
                size: 32 + i % 1024,
            },
        })
        .collect()
}

/// The floor for events: what a careful person writes by hand, a `match`
/// that fills a stack buffer and hands it over in one `write_all`.
#[inline]
pub fn hand_write_event<W: Write>(event: &Event, w: &mut W) -> io::Result<()> {
    let mut buf = [0u8; 25];
    let len = match *event {
        Event::Alloc { ptr, size } => {
            buf[0] = 1;
            buf[1..9].copy_from_slice(&ptr.to_le_bytes());
            buf[9..17].copy_from_slice(&size.to_le_bytes());
            17
        }
        Event::Free { ptr } => {
            buf[0] = 2;
            buf[1..9].copy_from_slice(&ptr.to_le_bytes());
            9
        }
        Event::Realloc { old, new, size } => {
            buf[0] = 3;
            buf[1..9].copy_from_slice(&old.to_le_bytes());
            buf[9..17].copy_from_slice(&new.to_le_bytes());
            buf[17..25].copy_from_slice(&size.to_le_bytes());
            25
        }
    };
    w.write_all(&buf[..len])
}

/// The floor's decoder: a `match` on the tag, each field bounds-checked.
#[inline]
pub fn hand_decode_event(bytes: &[u8]) -> Option<(Event, usize)> {
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(*bytes.get(at..at + 8)?.first_chunk()?))
    };
    match *bytes.first()? {
        1 => Some((
            Event::Alloc {
                ptr: word(1)?,
                size: word(9)?,
            },
            17,
        )),
        2 => Some((Event::Free { ptr: word(1)? }, 9)),
        3 => Some((
            Event::Realloc {
                old: word(1)?,
                new: word(9)?,
                size: word(17)?,
            },
            25,
        )),
        _ => None,
    }
}

/// Every field of an event folded into a number: the benchmark's sink, so
/// that each decoder hands over every field and none is optimised away,
/// without forcing the event through memory (as `black_box` of each one
/// would) where no real consumer would.
#[inline]
pub fn checksum(event: &Event) -> u64 {
    match *event {
        Event::Alloc { ptr, size } => ptr ^ size.rotate_left(17),
        Event::Free { ptr } => !ptr,
        Event::Realloc { old, new, size } => old ^ new.rotate_left(9) ^ size.rotate_left(29),
    }
}

/// The hand-written decoder behind the derived decoder's signature,
/// `Result<(Event, usize), CodecError>`: what the return type costs a
/// caller, apart from the decoding.
#[inline]
pub fn hand_decode_event_as_result(bytes: &[u8]) -> Result<(Event, usize), CodecError> {
    match hand_decode_event(bytes) {
        Some(decoded) => Ok(decoded),
        None => Err(not_an_event(bytes)),
    }
}

#[cold]
#[inline(never)]
fn not_an_event(bytes: &[u8]) -> CodecError {
    match Event::decode_slice(bytes, Layout::Basic) {
        Err(error) => error,
        Ok(_) => CodecError::invalid(0, "the floors disagree"),
    }
}

/// The events' bytes, written by the derived codec.
pub fn event_bytes(events: &[Event]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for event in events {
        event
            .write_with(&mut bytes, Layout::Basic)
            .expect("writing to memory");
    }
    bytes
}

/// Decodes every event of `bytes` with the derived codec, handing each to
/// `visit`.
#[inline]
pub fn decode_events(bytes: &[u8], mut visit: impl FnMut(Event)) {
    let mut at = 0;
    while at < bytes.len() {
        let (event, used) =
            Event::decode_slice(&bytes[at..], Layout::Basic).expect("our own bytes");
        visit(event);
        at += used;
    }
}

/// Decodes every event of `bytes` with the hand-written floor.
#[inline]
pub fn hand_decode_events(bytes: &[u8], mut visit: impl FnMut(Event)) {
    let mut at = 0;
    while at < bytes.len() {
        let (event, used) = hand_decode_event(&bytes[at..]).expect("our own bytes");
        visit(event);
        at += used;
    }
}

/// Decodes every event of `bytes` with [`hand_decode_event_as_result`].
#[inline]
pub fn hand_decode_events_as_result(bytes: &[u8], mut visit: impl FnMut(Event)) {
    let mut at = 0;
    while at < bytes.len() {
        let (event, used) = hand_decode_event_as_result(&bytes[at..]).expect("our own bytes");
        visit(event);
        at += used;
    }
}

/// The floors are only fair if they produce the same bytes and values:
/// checked once before measuring, and by the tests.
pub fn check_floors() {
    let records = three_u64_records(100);
    let mut ours = Vec::new();
    ThreeU64::write_many(&records, &mut ours, Layout::Basic).expect("writing to memory");
    let mut fields = Vec::new();
    for r in &records {
        fields.extend_from_slice(&r.ptr.to_le_bytes());
        fields.extend_from_slice(&r.size.to_le_bytes());
        fields.extend_from_slice(&r.timestamp.to_le_bytes());
    }
    assert_eq!(ours, fields);
    assert_eq!(
        ThreeU64::decode_many(&ours, 100, Layout::Basic).expect("our own bytes"),
        (records, ours.len())
    );

    let small = blob(1000);
    let bytes = small.to_bytes(Layout::Basic).expect("writing to memory");
    assert_eq!(&bytes[4..], small.data.as_slice());
    assert_eq!(
        Blob::decode_slice(&bytes, Layout::Basic)
            .expect("our own bytes")
            .0,
        small
    );

    let events = events(600);
    let bytes = event_bytes(&events);
    let mut hand = Vec::new();
    for event in &events {
        hand_write_event(event, &mut hand).expect("writing to memory");
    }
    assert_eq!(bytes, hand);
    let mut decoded = Vec::new();
    hand_decode_events(&bytes, |e| decoded.push(e));
    assert_eq!(decoded, events);
    decoded.clear();
    decode_events(&bytes, |e| decoded.push(e));
    assert_eq!(decoded, events);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_floor_writes_and_reads_what_the_derived_codec_does() {
        check_floors();
    }

    #[test]
    fn the_plain_record_is_plain_here() {
        assert_eq!(
            ThreeU64::__PLAIN.get(),
            cfg!(target_endian = "little"),
            "the slice case measures the bulk path"
        );
    }
}
