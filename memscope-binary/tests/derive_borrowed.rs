//! Borrowed, zero-copy decoding: a type whose written fields name one of
//! its lifetimes decodes straight from the input slice through
//! `BorrowRecord`, its `&str` and `&[u8]` pointing into the input. Its bytes
//! are those of the owned type with the same fields, and decoding checks the
//! same things with the same errors.

mod common;

use std::borrow::Cow;

use common::layouts;
use common::records::{AllocationInfo, AllocationRecord};
use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, EncodedSize, Layout};
use proptest::prelude::*;

/// Twins: the same fields, owned and borrowed, with the same type name so
/// that their errors read the same.
mod owned {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(tag = b"NTRY")]
    pub struct Entry {
        pub id: u32,
        pub name: String,
        pub bytes: Vec<u8>,
        #[binary(len = u8)]
        pub label: String,
        pub raw: Vec<u8>,
        #[binary(detail, presence_bit = 0)]
        pub note: Option<String>,
        #[binary(detail, presence_bit = 3, len = u8)]
        pub tag: Option<String>,
        pub info: crate::common::records::AllocationInfo,
    }
}

mod borrowed {
    use std::borrow::Cow;

    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(tag = b"NTRY")]
    pub struct Entry<'a> {
        pub id: u32,
        pub name: &'a str,
        pub bytes: &'a [u8],
        #[binary(len = u8)]
        pub label: Cow<'a, str>,
        pub raw: Cow<'a, [u8]>,
        #[binary(detail, presence_bit = 0)]
        pub note: Option<&'a str>,
        #[binary(detail, presence_bit = 3, len = u8)]
        pub tag: Option<&'a str>,
        /// An owned record nests in a borrowed one.
        pub info: crate::common::records::AllocationInfo,
    }
}

/// Borrowed types nest in borrowed types, in containers, and in enums.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[repr(u8)]
enum Token<'a> {
    Word(&'a str) = 1,
    Number(u64),
    Pair { key: &'a str, value: Cow<'a, [u8]> },
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Sentence<'a, 'b> {
    source: &'b str,
    tokens: Vec<Token<'a>>,
    first: Option<Box<Token<'a>>>,
    pairs: [(&'a str, u8); 2],
}

fn entry(note: Option<&'static str>) -> owned::Entry {
    owned::Entry {
        id: 0x0403_0201,
        name: "heap".into(),
        bytes: vec![0xAA, 0xBB],
        label: "L".into(),
        raw: vec![],
        note: note.map(Into::into),
        tag: Some("t".into()),
        info: AllocationInfo::new(0x10, 0x20, 0x30),
    }
}

fn borrow(entry: &owned::Entry) -> borrowed::Entry<'_> {
    borrowed::Entry {
        id: entry.id,
        name: &entry.name,
        bytes: &entry.bytes,
        label: Cow::Borrowed(&entry.label),
        raw: Cow::Borrowed(&entry.raw),
        note: entry.note.as_deref(),
        tag: entry.tag.as_deref(),
        info: entry.info.clone(),
    }
}

fn write_borrowed<'a, T: BorrowRecord<'a>>(value: &T, layout: Layout) -> Vec<u8> {
    let mut bytes = Vec::new();
    let written = value.write_borrowed(&mut bytes, layout).unwrap();
    assert_eq!(written, bytes.len());
    assert_eq!(value.borrowed_len(layout), bytes.len());
    bytes
}

#[test]
fn a_borrowed_entry_is_written_as_its_owned_twin() {
    let owned = entry(Some("n"));
    #[rustfmt::skip]
    let mut expected = vec![
        b'N', b'T', b'R', b'Y',   // segment tag
        0x01, 0x02, 0x03, 0x04,   // id
        0x04, 0x00, b'h', b'e', b'a', b'p', // name: u16 length 4, "heap"
        0x02, 0x00, 0x00, 0x00, 0xAA, 0xBB, // bytes: u32 count 2, then the bytes
        0x01, b'L',               // label: u8 length (len = u8), "L"
        0x00, 0x00, 0x00, 0x00,   // raw: u32 count 0
    ];
    let basic_end = expected.len();
    #[rustfmt::skip]
    expected.extend_from_slice(&[
        0x01, 0x00, b'n',         // note: u16 length 1, "n"
        0x01, b't',               // tag: u8 length 1, "t"
    ]);
    expected.extend_from_slice(&owned.info.to_bytes(Layout::Detailed).unwrap());
    expected.push(0b0000_1001); // flags, ending the record: bits 0 (note) and 3 (tag)
    assert_eq!(write_borrowed(&borrow(&owned), Layout::Detailed), expected);
    assert_eq!(owned.to_bytes(Layout::Detailed).unwrap(), expected);

    let mut basic = expected[..basic_end].to_vec();
    basic.extend_from_slice(&owned.info.to_bytes(Layout::Basic).unwrap());
    assert_eq!(write_borrowed(&borrow(&owned), Layout::Basic), basic);
    assert_eq!(owned.to_bytes(Layout::Basic).unwrap(), basic);
}

#[test]
fn decoded_strings_and_slices_point_into_the_input() {
    let owned = entry(Some("note"));
    let bytes = owned.to_bytes(Layout::Detailed).unwrap();
    let (entry, used) = borrowed::Entry::decode_borrowed(&bytes, Layout::Detailed).unwrap();
    assert_eq!(used, bytes.len());
    assert_eq!(entry, borrow(&owned));
    let input = bytes.as_ptr_range();
    let inside = |slice: &[u8]| input.contains(&slice.as_ptr());
    assert!(inside(entry.name.as_bytes()));
    assert!(inside(entry.bytes));
    assert!(inside(entry.note.unwrap().as_bytes()));
    assert!(matches!(entry.label, Cow::Borrowed(label) if inside(label.as_bytes())));
    assert!(matches!(entry.raw, Cow::Borrowed(_)));
}

#[test]
fn borrowed_sizes_are_the_owned_sizes() {
    assert_eq!(
        <borrowed::Entry as BorrowRecord>::BORROWED_BASIC_SIZE,
        owned::Entry::BASIC_SIZE
    );
    assert_eq!(
        <borrowed::Entry as BorrowRecord>::BORROWED_DETAILED_SIZE,
        owned::Entry::DETAILED_SIZE
    );
    assert_eq!(
        <AllocationRecord as BorrowRecord>::BORROWED_BASIC_SIZE,
        EncodedSize::exact(24)
    );
    assert_eq!(
        <AllocationRecord as BorrowRecord>::BORROWED_DETAILED_SIZE,
        AllocationInfo::DETAILED_SIZE
    );
}

/// Decodes `bytes` with the owned and the borrowed twin; they must agree on
/// the value, or fail with the very same error.
fn decode_twins(bytes: &[u8], layout: Layout) -> Result<usize, String> {
    let owned = owned::Entry::decode_slice(bytes, layout);
    let borrowed = borrowed::Entry::decode_borrowed(bytes, layout);
    match (owned, borrowed) {
        (Ok((o, used_o)), Ok((b, used_b))) => {
            assert_eq!(used_o, used_b);
            assert_eq!(borrow(&o), b);
            Ok(used_o)
        }
        (Err(o), Err(b)) => {
            assert_eq!(o.to_string(), b.to_string());
            assert_eq!(o.offset(), b.offset());
            Err(o.to_string())
        }
        (o, b) => panic!("owned {o:?} but borrowed {b:?}"),
    }
}

#[test]
fn every_truncation_fails_with_the_owned_error() {
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = entry(Some("note")).to_bytes(layout).unwrap();
        assert_eq!(decode_twins(&bytes, layout), Ok(bytes.len()));
        for cut in 0..bytes.len() {
            assert!(
                decode_twins(&bytes[..cut], layout).is_err(),
                "{layout:?} cut at {cut}"
            );
        }
    }
}

#[test]
fn every_byte_changed_gives_the_owned_result() {
    let (mut decoded, mut refused) = (0, 0);
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = entry(None).to_bytes(layout).unwrap();
        for at in 0..bytes.len() {
            for value in [0x00, 0x01, 0x7f, 0x80, 0xc3, 0xff] {
                let mut mutated = bytes.clone();
                mutated[at] = value;
                match decode_twins(&mutated, layout) {
                    Ok(_) => decoded += 1,
                    Err(_) => refused += 1,
                }
            }
        }
    }
    assert!(
        decoded > 0 && refused > 0,
        "decoded {decoded}, refused {refused}"
    );
}

#[test]
fn invalid_utf8_and_bad_flags_are_the_same_errors_as_owned() {
    let bytes = entry(Some("n")).to_bytes(Layout::Detailed).unwrap();
    let mut bad_name = bytes.clone();
    bad_name[10] = 0xff; // first byte of "heap"
    let error = borrowed::Entry::decode_borrowed(&bad_name, Layout::Detailed).unwrap_err();
    assert!(matches!(error, CodecError::InvalidUtf8 { .. }));
    assert_eq!(
        error.to_string(),
        owned::Entry::decode_slice(&bad_name, Layout::Detailed)
            .unwrap_err()
            .to_string()
    );
    assert_eq!(error.offset(), 10);
    assert_eq!(error.path().to_string(), "Entry.name");

    let flags_at = bytes.len() - 1; // the flags byte ends the record
    let mut bad_flags = bytes.clone();
    bad_flags[flags_at] = 0b0000_0011; // bit 1 belongs to no field
    let error = borrowed::Entry::decode_borrowed(&bad_flags, Layout::Detailed).unwrap_err();
    assert!(
        matches!(
            error,
            CodecError::ReservedFlagBits {
                found: 0b11,
                allowed: 0b1001,
                ..
            }
        ),
        "{error:?}"
    );

    let mut absent_not_empty = bytes.clone();
    absent_not_empty[flags_at] = 0b0000_1000; // note absent, but its length is 1
    let error = borrowed::Entry::decode_borrowed(&absent_not_empty, Layout::Detailed).unwrap_err();
    assert!(
        matches!(error, CodecError::AbsentNotEmpty { .. }),
        "{error:?}"
    );
    assert_eq!(error.path().to_string(), "Entry.note");
}

#[test]
fn a_count_the_input_cannot_hold_is_refused_before_allocating() {
    // Sentence.tokens claims u32::MAX tokens of at least 2 bytes each.
    let mut bytes = vec![0, 0]; // source: ""
    bytes.extend_from_slice(&u32::MAX.to_le_bytes());
    bytes.extend_from_slice(&[1, 1, 0]);
    let error = Sentence::decode_borrowed(&bytes, Layout::Basic).unwrap_err();
    assert!(
        matches!(error, CodecError::UnexpectedEnd { .. }),
        "{error:?}"
    );
    assert_eq!(error.offset(), 6);
    assert_eq!(error.path().to_string(), "Sentence.tokens");
}

#[test]
fn a_borrowed_enum_has_the_tag_then_borrowed_fields() {
    let token = Token::Pair {
        key: "k",
        value: Cow::Borrowed(&[9]),
    };
    let bytes = write_borrowed(&token, Layout::Basic);
    #[rustfmt::skip]
    assert_eq!(bytes, [
        3,                  // tag: Pair, after Word = 1 and Number = 2
        1, 0, b'k',         // key: u16 length 1, "k"
        1, 0, 0, 0, 9,      // value: u32 count 1, then the byte
    ]);
    assert_eq!(
        Token::decode_borrowed(&bytes, Layout::Basic).unwrap(),
        (token, bytes.len())
    );
    let error = Token::decode_borrowed(&[0], Layout::Basic).unwrap_err();
    assert!(matches!(
        &error,
        CodecError::InvalidDiscriminant { details, .. }
            if details.enum_name == "Token" && details.found == 0
    ));
}

#[test]
fn allocation_record_reads_allocation_info_bytes_without_allocating_names() {
    let mut info = AllocationInfo::new(0x1000, 64, 7);
    info.var_name = Some("buffer".into());
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = info.to_bytes(layout).unwrap();
        let (record, used) = AllocationRecord::decode_borrowed(&bytes, layout).unwrap();
        assert_eq!(used, bytes.len());
        let expected = match layout {
            Layout::Basic => AllocationRecord {
                var_name: None,
                type_name: None,
                ..AllocationRecord::from(&info)
            },
            Layout::Detailed => AllocationRecord::from(&info),
        };
        assert_eq!(record, expected);
        assert_eq!(write_borrowed(&record, layout), bytes);
    }
}

fn token() -> impl Strategy<Value = (u8, String, u64, Vec<u8>)> {
    (
        1u8..=3,
        ".{0,6}",
        any::<u64>(),
        proptest::collection::vec(any::<u8>(), 0..6),
    )
}

fn make_token<'a>((kind, text, number, bytes): &'a (u8, String, u64, Vec<u8>)) -> Token<'a> {
    match kind {
        1 => Token::Word(text),
        2 => Token::Number(*number),
        _ => Token::Pair {
            key: text,
            value: Cow::Borrowed(bytes),
        },
    }
}

proptest! {
    #[test]
    fn allocation_record_has_allocation_info_bytes_in_both_layouts(
        layout in layouts(),
        ptr in any::<usize>(),
        size in any::<usize>(),
        timestamp_alloc in any::<u64>(),
        var_name in proptest::option::of(".{0,12}"),
        type_name in proptest::option::of(".{0,12}"),
    ) {
        let info = AllocationInfo { ptr, size, timestamp_alloc, var_name, type_name };
        let record = AllocationRecord::from(&info);
        let owned_bytes = info.to_bytes(layout).unwrap();
        prop_assert_eq!(write_borrowed(&record, layout), owned_bytes.clone());
        let (back, used) = AllocationRecord::decode_borrowed(&owned_bytes, layout).unwrap();
        prop_assert_eq!(used, owned_bytes.len());
        let (owned_back, _) = AllocationInfo::decode_slice(&owned_bytes, layout).unwrap();
        prop_assert_eq!(back, AllocationRecord::from(&owned_back));
    }

    #[test]
    fn entries_round_trip_and_match_their_owned_twin(
        layout in layouts(),
        id in any::<u32>(),
        name in ".{0,10}",
        bytes in proptest::collection::vec(any::<u8>(), 0..10),
        label in ".{0,10}",
        note in proptest::option::of(".{0,5}"),
    ) {
        let owned = owned::Entry {
            id, name, bytes: bytes.clone(), label, raw: bytes, note, tag: None,
            info: AllocationInfo::new(1, 2, 3),
        };
        let encoded = write_borrowed(&borrow(&owned), layout);
        prop_assert_eq!(&encoded, &owned.to_bytes(layout).unwrap());
        let mut padded = encoded.clone();
        padded.extend_from_slice(&[0xAB; 3]);
        let (back, used) = borrowed::Entry::decode_borrowed(&padded, layout).unwrap();
        prop_assert_eq!(used, encoded.len());
        let (owned_back, _) = owned::Entry::decode_slice(&encoded, layout).unwrap();
        prop_assert_eq!(back, borrow(&owned_back));
    }

    #[test]
    fn sentences_of_borrowed_enums_round_trip(
        layout in layouts(),
        source in ".{0,10}",
        tokens in proptest::collection::vec(token(), 0..6),
        first in proptest::option::of(token()),
        pairs in any::<[(String, u8); 2]>(),
    ) {
        let sentence = Sentence {
            source: &source,
            tokens: tokens.iter().map(make_token).collect(),
            first: first.as_ref().map(|t| Box::new(make_token(t))),
            pairs: [(&pairs[0].0, pairs[0].1), (&pairs[1].0, pairs[1].1)],
        };
        let bytes = write_borrowed(&sentence, layout);
        let size = Sentence::borrowed_size(layout);
        prop_assert!(bytes.len() >= size.min);
        let (back, used) = Sentence::decode_borrowed(&bytes, layout).unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(back, sentence);
        for cut in 0..bytes.len() {
            prop_assert!(Sentence::decode_borrowed(&bytes[..cut], layout).is_err());
        }
    }
}
