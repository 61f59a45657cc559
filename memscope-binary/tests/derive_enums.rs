//! Enums whose variants carry data: the tag is the Rust discriminant as the
//! `#[repr]` integer, little-endian, then the variant's fields, with every
//! field attribute working inside a variant. Golden bytes written out by
//! hand, round trips in both layouts, and hostile input.

mod common;

use common::{every_byte_changed, every_truncation_fails, layouts, round_trip, same};
use memscope_binary::{BinaryRecord, CodecError, EncodedSize, Layout, PathSegment};
use proptest::prelude::*;

/// The documented example: an allocator's event stream.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[repr(u8)]
enum Event {
    Alloc { ptr: u64, size: u64 } = 1,
    Free { ptr: u64 } = 2,
    Realloc { old: u64, new: u64, size: u64 } = 3,
}

/// Every field attribute inside variants, a segment tag, a `u16` repr,
/// implicit discriminants after an explicit one, tuple and unit variants.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(tag = b"NOTE")]
#[repr(u16)]
enum Note {
    Empty,
    Text(#[binary(len = u8)] String) = 10,
    Labelled {
        id: u32,
        #[binary(skip)]
        scratch: u64,
        #[binary(detail)]
        detail: Vec<u16>,
        #[binary(detail, presence_bit = 0)]
        label: Option<String>,
        #[binary(detail, presence_bit = 1, len = u8)]
        owner: Option<String>,
    },
    Stamp(#[binary(with = Seconds)] std::time::Duration, i8),
}

/// Whole seconds in a `u32`.
struct Seconds;

impl memscope_binary::FieldCodec<std::time::Duration> for Seconds {
    const BASIC_SIZE: EncodedSize = EncodedSize::exact(4);
    const DETAILED_SIZE: EncodedSize = EncodedSize::exact(4);

    fn write_with<W: std::io::Write + ?Sized>(
        value: &std::time::Duration,
        w: &mut W,
        _: Layout,
    ) -> Result<usize, CodecError> {
        let secs =
            u32::try_from(value.as_secs()).map_err(|_| CodecError::invalid(0, "too long"))?;
        memscope_binary::wire::write_bytes(w, &secs.to_le_bytes())
    }

    fn read_with<R: std::io::Read + ?Sized>(
        r: &mut R,
        _: Layout,
    ) -> Result<std::time::Duration, CodecError> {
        let secs = u32::from_le_bytes(memscope_binary::wire::read_array(r)?);
        Ok(std::time::Duration::from_secs(secs.into()))
    }
}

/// An enum inside a struct, for error paths and offsets.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Logged {
    at: u64,
    event: Event,
}

/// A generic enum: the bound is added where a variant holds a `T`.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[repr(i8)]
enum Maybe<T> {
    Nothing = -1,
    Just(T),
}

#[test]
fn event_variants_are_the_tag_then_the_fields() {
    #[rustfmt::skip]
    let alloc: &[u8] = &[
        0x01,                                           // tag: Alloc = 1, u8
        0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // ptr = 0x1000
        0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // size = 64
    ];
    #[rustfmt::skip]
    let free: &[u8] = &[
        0x02,                                           // tag: Free = 2
        0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // ptr = 0x1000
    ];
    #[rustfmt::skip]
    let realloc: &[u8] = &[
        0x03,                                           // tag: Realloc = 3
        0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // old = 0x1000
        0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // new = 0x2000
        0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // size = 128
    ];
    let cases = [
        (
            Event::Alloc {
                ptr: 0x1000,
                size: 64,
            },
            alloc,
        ),
        (Event::Free { ptr: 0x1000 }, free),
        (
            Event::Realloc {
                old: 0x1000,
                new: 0x2000,
                size: 128,
            },
            realloc,
        ),
    ];
    for (event, golden) in cases {
        for layout in [Layout::Basic, Layout::Detailed] {
            assert_eq!(event.to_bytes(layout).unwrap(), golden, "{event:?}");
            assert_eq!(
                Event::decode_slice(golden, layout).unwrap(),
                (event.clone(), golden.len())
            );
        }
    }
}

#[test]
fn event_size_is_the_tag_plus_the_smallest_and_largest_variant() {
    assert_eq!(
        Event::BASIC_SIZE,
        EncodedSize {
            min: 1 + 8,
            max: Some(1 + 24)
        }
    );
    assert_eq!(Event::DETAILED_SIZE, Event::BASIC_SIZE);
}

#[test]
fn attributes_inside_a_variant_work_as_in_a_struct() {
    let note = Note::Labelled {
        id: 7,
        scratch: 99,
        detail: vec![0xBEEF],
        label: None,
        owner: Some("me".into()),
    };
    #[rustfmt::skip]
    let basic: &[u8] = &[
        b'N', b'O', b'T', b'E', // segment tag
        0x0b, 0x00,             // tag: Labelled = 11 (after Text = 10), u16
        0x07, 0x00, 0x00, 0x00, // id; `scratch` is skipped, the rest is detail
    ];
    assert_eq!(note.to_bytes(Layout::Basic).unwrap(), basic);
    let mut detailed = basic.to_vec();
    #[rustfmt::skip]
    detailed.extend_from_slice(&[
        0x01, 0x00, 0x00, 0x00, 0xef, 0xbe, // detail: u32 count 1, then 0xBEEF
        0x00, 0x00,                         // label: absent, the empty u16-prefixed string
        0x02, b'm', b'e',                   // owner: u8 length 2, "me"
        0b0000_0010,                        // flags: bit 1 (owner) present, bit 0 (label) not
    ]);
    assert_eq!(note.to_bytes(Layout::Detailed).unwrap(), detailed);

    let (back, used) = Note::decode_slice(&detailed, Layout::Detailed).unwrap();
    assert_eq!(used, detailed.len());
    let expected = Note::Labelled {
        id: 7,
        scratch: 0,
        detail: vec![0xBEEF],
        label: None,
        owner: Some("me".into()),
    };
    assert_eq!(back, expected);
    let (basic_back, _) = Note::decode_slice(basic, Layout::Basic).unwrap();
    let expected = Note::Labelled {
        id: 7,
        scratch: 0,
        detail: vec![],
        label: None,
        owner: None,
    };
    assert_eq!(basic_back, expected);
}

#[test]
fn an_unknown_tag_names_the_enum_the_value_and_the_offset() {
    let mut bytes = Logged {
        at: 5,
        event: Event::Free { ptr: 1 },
    }
    .to_bytes(Layout::Basic)
    .unwrap();
    bytes[8] = 9; // the event's tag
    for error in [
        Logged::decode_slice(&bytes, Layout::Basic).unwrap_err(),
        Logged::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap_err(),
    ] {
        match &error {
            CodecError::InvalidDiscriminant { details, .. } => {
                assert_eq!((details.enum_name, details.found), ("Event", 9));
            }
            other => panic!("expected an invalid discriminant, got {other:?}"),
        }
        assert_eq!(error.offset(), 8);
        assert_eq!(
            error.path().segments().collect::<Vec<_>>(),
            [PathSegment::Field("event")]
        );
        assert_eq!(
            error.to_string(),
            "invalid discriminant at byte 8 in Logged.event: 9 is not a variant of Event"
        );
    }
}

#[test]
fn an_error_inside_a_variant_names_the_variant_and_field() {
    let note = Note::Labelled {
        id: 1,
        scratch: 0,
        detail: vec![],
        label: Some("ab".into()),
        owner: None,
    };
    let mut bytes = note.to_bytes(Layout::Detailed).unwrap();
    // The label's bytes, after tag (4), discriminant (2), id (4), detail (4), length (2).
    bytes[16] = 0xff;
    let error = Note::decode_slice(&bytes, Layout::Detailed).unwrap_err();
    assert!(matches!(error, CodecError::InvalidUtf8 { .. }), "{error:?}");
    assert_eq!(error.offset(), 16);
    assert_eq!(error.path().to_string(), "Note.Labelled.label");
}

#[test]
fn every_truncation_of_every_variant_is_an_error() {
    let events = [
        Event::Alloc { ptr: 1, size: 2 },
        Event::Free { ptr: 3 },
        Event::Realloc {
            old: 4,
            new: 5,
            size: 6,
        },
    ];
    for event in events {
        every_truncation_fails::<Event>(&event.to_bytes(Layout::Basic).unwrap(), Layout::Basic);
    }
    for note in notes() {
        for layout in [Layout::Basic, Layout::Detailed] {
            let bytes = note.to_bytes(layout).unwrap();
            every_truncation_fails::<Note>(&bytes, layout);
        }
    }
}

#[test]
fn every_byte_changed_is_a_value_or_an_error_never_a_panic() {
    let (mut decoded, mut refused) = (0, 0);
    for note in notes() {
        for layout in [Layout::Basic, Layout::Detailed] {
            let (d, r) = every_byte_changed::<Note>(&note.to_bytes(layout).unwrap(), layout);
            decoded += d;
            refused += r;
        }
    }
    assert!(
        decoded > 0 && refused > 0,
        "decoded {decoded}, refused {refused}"
    );
}

#[test]
fn every_tag_value_but_the_variants_is_refused() {
    for tag in 0..=u8::MAX {
        let mut bytes = vec![tag];
        bytes.extend_from_slice(&[0; 24]);
        let decoded = Event::decode_slice(&bytes, Layout::Basic);
        match tag {
            1..=3 => assert!(decoded.is_ok(), "tag {tag}"),
            _ => assert!(
                matches!(decoded, Err(CodecError::InvalidDiscriminant { details, .. }) if details.found == i128::from(tag))
            ),
        }
    }
}

fn notes() -> Vec<Note> {
    vec![
        Note::Empty,
        Note::Text("hello".into()),
        Note::Labelled {
            id: 1,
            scratch: 0,
            detail: vec![1, 2],
            label: Some("l".into()),
            owner: Some(String::new()),
        },
        Note::Stamp(std::time::Duration::from_secs(90), -4),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        any::<(u64, u64)>().prop_map(|(ptr, size)| Event::Alloc { ptr, size }),
        any::<u64>().prop_map(|ptr| Event::Free { ptr }),
        any::<(u64, u64, u64)>().prop_map(|(old, new, size)| Event::Realloc { old, new, size }),
    ]
}

fn note() -> impl Strategy<Value = Note> {
    prop_oneof![
        Just(Note::Empty),
        ".{0,20}"
            .prop_filter("fits a u8 prefix", |s: &String| s.len() <= 255)
            .prop_map(Note::Text),
        (
            any::<u32>(),
            proptest::collection::vec(any::<u16>(), 0..5),
            proptest::option::of(".{0,8}"),
            proptest::option::of(".{0,8}"),
        )
            .prop_map(|(id, detail, label, owner)| Note::Labelled {
                id,
                scratch: 0,
                detail,
                label,
                owner
            }),
        (any::<u32>(), any::<i8>())
            .prop_map(|(s, b)| Note::Stamp(std::time::Duration::from_secs(s.into()), b)),
    ]
}

proptest! {
    #[test]
    fn events_round_trip(layout in layouts(), events in proptest::collection::vec(event(), 0..8)) {
        same(events, layout)?;
    }

    #[test]
    fn notes_round_trip_with_detail_fields_in_the_detailed_layout_only(layout in layouts(), note in note()) {
        let back = round_trip(&note, layout)?;
        let expected = match (&note, layout) {
            (Note::Labelled { id, .. }, Layout::Basic) => {
                Note::Labelled { id: *id, scratch: 0, detail: vec![], label: None, owner: None }
            }
            _ => note.clone(),
        };
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn generic_enums_round_trip(layout in layouts(), value in proptest::option::of(any::<(u16, String)>())) {
        let maybe = match value {
            Some(v) => Maybe::Just(v),
            None => Maybe::Nothing,
        };
        same(maybe, layout)?;
    }
}
