//! `#[binary(unknown)]`: an enum variant that keeps any tag this reader
//! does not know. In an `#[binary(extensible)]` enum every variant carries
//! its body's length after the tag, so the unknown variant keeps the tag
//! and the body, and writing it back reproduces the input byte for byte;
//! on an enum whose other variants have no fields, `Other(u16)` keeps the
//! tag alone. Writing an unknown variant whose tag a known one claims is
//! an error.

mod common;

use std::borrow::Cow;

use common::{decode_both, every_bit_flipped, every_truncation_fails, layouts, same};
use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, EncodedSize, Layout};
use proptest::prelude::*;

/// The first version of an event stream.
mod v1 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(extensible)]
    #[repr(u8)]
    pub enum Event {
        Alloc {
            ptr: u64,
            size: u32,
        } = 1,
        Free(u64) = 2,
        Stop = 3,
        #[binary(unknown)]
        Unknown {
            tag: u8,
            bytes: Vec<u8>,
        } = 255,
    }
}

/// The second: a new variant, and a new `default` field in an old one.
mod v2 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(extensible)]
    #[repr(u8)]
    pub enum Event {
        Alloc {
            ptr: u64,
            size: u32,
            #[binary(default)]
            thread: u16,
        } = 1,
        Free(u64) = 2,
        Stop = 3,
        Realloc {
            old: u64,
            new: u64,
            #[binary(detail)]
            note: String,
        } = 4,
        #[binary(unknown)]
        Unknown {
            tag: u8,
            bytes: Vec<u8>,
        } = 255,
    }
}

/// Positional fields, a segment tag, a wider repr and a boxed body.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(extensible, tag = b"MSGS")]
#[repr(u16)]
enum Message {
    Ping = 0x100,
    Text(String),
    #[binary(unknown)]
    Other(u16, Box<[u8]>),
}

/// The unknown variant of a borrowed enum borrows its body.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(extensible)]
#[repr(u8)]
enum Token<'a> {
    Word(&'a str) = 1,
    #[binary(unknown)]
    Unknown {
        tag: u8,
        bytes: Cow<'a, [u8]>,
    },
}

/// Variants without fields: `Other` keeps any other tag, unframed.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
enum Kind {
    Heap = 1,
    Stack = 2,
    Mapped = 7,
    #[binary(unknown)]
    Other(u16) = 0xffff,
}

fn realloc() -> v2::Event {
    v2::Event::Realloc {
        old: 0x10,
        new: 0x20,
        note: "moved".into(),
    }
}

#[test]
fn every_variant_carries_its_length_after_the_tag() {
    let alloc = v1::Event::Alloc {
        ptr: 0x1000,
        size: 64,
    };
    #[rustfmt::skip]
    let expected: &[u8] = &[
        0x01,                                           // tag: Alloc
        0x0c, 0x00, 0x00, 0x00,                         // the body's length: 12
        0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // ptr
        0x40, 0x00, 0x00, 0x00,                         // size
    ];
    assert_eq!(alloc.to_bytes(Layout::Basic).unwrap(), expected);
    assert_eq!(
        v1::Event::decode_slice(expected, Layout::Basic).unwrap(),
        (alloc, expected.len())
    );
    // A variant without fields is its tag and a length of 0.
    assert_eq!(
        v1::Event::Stop.to_bytes(Layout::Basic).unwrap(),
        [3, 0, 0, 0, 0]
    );
}

#[test]
fn an_unknown_variant_keeps_its_tag_and_body_and_writes_them_back() {
    for layout in [Layout::Basic, Layout::Detailed] {
        let newer = realloc().to_bytes(layout).unwrap();
        let (old, used) = v1::Event::decode_slice(&newer, layout).unwrap();
        assert_eq!(used, newer.len());
        assert_eq!(
            old,
            v1::Event::Unknown {
                tag: 4,
                bytes: newer[5..].to_vec()
            }
        );
        assert_eq!(
            v1::Event::read_with(&mut newer.as_slice(), layout).unwrap(),
            old
        );
        // Written back by the old reader: the same bytes, which the new
        // reader reads as what was written.
        let rewritten = old.to_bytes(layout).unwrap();
        assert_eq!(rewritten, newer);
        assert_eq!(old.encoded_len(layout), newer.len());
        assert_eq!(
            v2::Event::decode_slice(&rewritten, layout).unwrap().0,
            match layout {
                Layout::Detailed => realloc(),
                Layout::Basic => v2::Event::Realloc {
                    old: 0x10,
                    new: 0x20,
                    note: String::new()
                },
            }
        );
    }
}

#[test]
fn versions_of_a_variant_read_each_other() {
    let newer = v2::Event::Alloc {
        ptr: 1,
        size: 2,
        thread: 3,
    }
    .to_bytes(Layout::Basic)
    .unwrap();
    assert_eq!(
        v1::Event::decode_slice(&newer, Layout::Basic).unwrap(),
        (v1::Event::Alloc { ptr: 1, size: 2 }, newer.len())
    );
    let older = v1::Event::Alloc { ptr: 1, size: 2 }
        .to_bytes(Layout::Basic)
        .unwrap();
    assert_eq!(
        v2::Event::decode_slice(&older, Layout::Basic).unwrap().0,
        v2::Event::Alloc {
            ptr: 1,
            size: 2,
            thread: 0
        }
    );
    // In a sequence, every element is stepped over whole.
    let stream = vec![
        v2::Event::Free(9),
        realloc(),
        v2::Event::Stop,
        v2::Event::Unknown {
            tag: 200,
            bytes: vec![1, 2, 3],
        },
    ];
    let bytes = stream.to_bytes(Layout::Detailed).unwrap();
    let (old, used) = Vec::<v1::Event>::decode_slice(&bytes, Layout::Detailed).unwrap();
    assert_eq!(used, bytes.len());
    assert_eq!(old[0], v1::Event::Free(9));
    assert!(matches!(old[1], v1::Event::Unknown { tag: 4, .. }));
    assert_eq!(old[2], v1::Event::Stop);
    assert_eq!(
        old[3],
        v1::Event::Unknown {
            tag: 200,
            bytes: vec![1, 2, 3]
        }
    );
    assert_eq!(old.to_bytes(Layout::Detailed).unwrap(), bytes);
}

#[test]
fn writing_an_unknown_variant_whose_tag_is_claimed_is_an_error() {
    let forged = v1::Event::Unknown {
        tag: 2,
        bytes: vec![0; 8],
    };
    let error = forged.to_bytes(Layout::Basic).unwrap_err();
    assert!(matches!(&error, CodecError::ClaimedTag { details, .. }
        if details.found == 2 && details.enum_name == "Event"));
    assert_eq!(
        error.to_string(),
        "tag claimed by a known variant at byte 0: 2 is the tag of a variant of Event that this reader knows; write that variant instead of the unknown one"
    );
    // The unknown variant's own discriminant is no tag on the wire.
    let own = v1::Event::Unknown {
        tag: 255,
        bytes: vec![],
    };
    let bytes = own.to_bytes(Layout::Basic).unwrap();
    assert_eq!(bytes, [255, 0, 0, 0, 0]);
    assert_eq!(
        v1::Event::decode_slice(&bytes, Layout::Basic).unwrap().0,
        own
    );
    // The bare kind too.
    let error = Kind::Other(7).to_bytes(Layout::Basic).unwrap_err();
    assert!(matches!(error, CodecError::ClaimedTag { .. }), "{error}");
}

#[test]
fn positional_fields_a_segment_tag_and_a_wider_repr() {
    let other = Message::Other(0x0203, vec![9, 8].into_boxed_slice());
    #[rustfmt::skip]
    let expected: &[u8] = &[
        b'M', b'S', b'G', b'S',  // the segment tag
        0x03, 0x02,              // the unknown tag, u16
        0x02, 0x00, 0x00, 0x00,  // the body's length
        0x09, 0x08,              // the body, as it was
    ];
    assert_eq!(other.to_bytes(Layout::Basic).unwrap(), expected);
    assert_eq!(
        Message::decode_slice(expected, Layout::Basic).unwrap(),
        (other, expected.len())
    );
    let text = Message::Text("hi".into()).to_bytes(Layout::Basic).unwrap();
    assert_eq!(&text[4..6], [0x01, 0x01]); // Text = Ping + 1
    let error = Message::Other(0x100, Box::new([]))
        .to_bytes(Layout::Basic)
        .unwrap_err();
    assert_eq!(error.offset(), 4, "the tag comes after the segment tag");
}

#[test]
fn a_borrowed_unknown_variant_borrows_its_body() {
    let bytes = [7, 3, 0, 0, 0, b'a', b'b', b'c'];
    let (token, used) = Token::decode_borrowed(&bytes, Layout::Basic).unwrap();
    assert_eq!(used, bytes.len());
    let Token::Unknown {
        tag: 7,
        bytes: Cow::Borrowed(body),
    } = token
    else {
        panic!("{token:?}")
    };
    assert_eq!(body, b"abc");
    let mut written = Vec::new();
    token.write_borrowed(&mut written, Layout::Basic).unwrap();
    assert_eq!(written, bytes);
}

#[test]
fn a_bare_unknown_variant_keeps_any_tag_unframed() {
    assert_eq!(Kind::BASIC_SIZE, EncodedSize::exact(2));
    for tag in [0u16, 3, 8, 0x1234, 0xffff] {
        let bytes = tag.to_le_bytes();
        let (kind, used) = Kind::decode_slice(&bytes, Layout::Basic).unwrap();
        assert_eq!((kind, used), (Kind::Other(tag), 2));
        assert_eq!(kind.to_bytes(Layout::Basic).unwrap(), bytes);
        assert_eq!(
            Kind::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap(),
            kind
        );
    }
    assert_eq!(
        Kind::decode_slice(&[7, 0], Layout::Basic).unwrap().0,
        Kind::Mapped
    );
}

#[test]
fn an_extensible_enum_has_no_upper_size_bound() {
    // The tag and a length: Stop, or an unknown variant with no body.
    assert_eq!(
        v1::Event::BASIC_SIZE,
        EncodedSize {
            min: 1 + 4,
            max: None
        }
    );
    assert_eq!(Message::DETAILED_SIZE.min, 4 + 2 + 4);
}

#[test]
fn every_truncation_and_every_flipped_bit_is_an_error_or_a_value() {
    for layout in [Layout::Basic, Layout::Detailed] {
        let stream = vec![
            realloc(),
            v2::Event::Alloc {
                ptr: 1,
                size: 2,
                thread: 3,
            },
            v2::Event::Unknown {
                tag: 9,
                bytes: vec![1],
            },
        ];
        let bytes = stream.to_bytes(layout).unwrap();
        every_truncation_fails::<Vec<v1::Event>>(&bytes, layout);
        every_truncation_fails::<Vec<v2::Event>>(&bytes, layout);
        every_bit_flipped::<Vec<v1::Event>>(&bytes, layout);
        every_bit_flipped::<Vec<v2::Event>>(&bytes, layout);
        let message = Message::Other(5, vec![1, 2, 3].into())
            .to_bytes(layout)
            .unwrap();
        every_truncation_fails::<Message>(&message, layout);
        every_bit_flipped::<Message>(&message, layout);
    }
    // A body length past the input is an error at the length.
    let error = v1::Event::decode_slice(&[9, 5, 0, 0, 0, 1], Layout::Basic).unwrap_err();
    assert_eq!(error.path().to_string(), "Event.(length)");
    assert_eq!(
        decode_both::<v1::Event>(&[9, 5, 0, 0, 0, 1], Layout::Basic),
        None
    );
}

fn any_event() -> impl Strategy<Value = v2::Event> {
    prop_oneof![
        (any::<u64>(), any::<u32>(), any::<u16>())
            .prop_map(|(ptr, size, thread)| { v2::Event::Alloc { ptr, size, thread } }),
        any::<u64>().prop_map(v2::Event::Free),
        Just(v2::Event::Stop),
        (any::<u64>(), any::<u64>(), ".{0,6}").prop_map(|(old, new, note)| v2::Event::Realloc {
            old,
            new,
            note
        }),
        (5u8..255, proptest::collection::vec(any::<u8>(), 0..12))
            .prop_map(|(tag, bytes)| v2::Event::Unknown { tag, bytes }),
    ]
}

proptest! {
    #[test]
    fn an_older_reader_writes_back_every_newer_stream_byte_for_byte(
        events in proptest::collection::vec(any_event(), 0..8),
        layout in layouts(),
    ) {
        let bytes = events.to_bytes(layout).unwrap();
        let (old, used) = Vec::<v1::Event>::decode_slice(&bytes, layout).unwrap();
        prop_assert_eq!(used, bytes.len());
        // The old reader drops a known variant's newer fields (Alloc's
        // thread); everything else, unknown variants included, it writes
        // back as it was.
        let without_threads: Vec<v2::Event> = events
            .iter()
            .map(|e| match e {
                v2::Event::Alloc { ptr, size, .. } => v2::Event::Alloc { ptr: *ptr, size: *size, thread: 0 },
                e => e.clone(),
            })
            .collect();
        let rewritten = old.to_bytes(layout).unwrap();
        let (upgraded, _) = Vec::<v2::Event>::decode_slice(&rewritten, layout).unwrap();
        prop_assert_eq!(upgraded.to_bytes(layout).unwrap(), without_threads.to_bytes(layout).unwrap());
        if events.iter().all(|e| !matches!(e, v2::Event::Alloc { .. })) {
            prop_assert_eq!(rewritten, bytes.clone());
        }
        let (back, _) = Vec::<v2::Event>::decode_slice(&bytes, layout).unwrap();
        prop_assert_eq!(back.to_bytes(layout).unwrap(), bytes);
        for event in events.into_iter().filter(|e| layout == Layout::Detailed || !matches!(e, v2::Event::Realloc { .. })) {
            same(event, layout)?;
        }
    }

    #[test]
    fn every_bare_tag_round_trips(tag in any::<u16>()) {
        let bytes = tag.to_le_bytes();
        let (kind, _) = Kind::decode_slice(&bytes, Layout::Basic).unwrap();
        prop_assert_eq!(kind.to_bytes(Layout::Basic).unwrap(), bytes);
    }
}
