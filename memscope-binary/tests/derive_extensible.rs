//! `#[binary(extensible)]`: a record that writes its own length (a `u32`
//! after its tag), so that versions of it read each other. A reader built
//! from an older definition skips the fields it does not know; one built
//! from a newer definition gives each trailing `#[binary(default)]` field
//! its default when an older writer left it out; a new field without
//! `default` stays required. Nested, in sequences, in both layouts, owned
//! and borrowed.

mod common;

use common::{decode_both, every_bit_flipped, every_truncation_fails, layouts, round_trip, same};
use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, EncodedSize, Layout};
use proptest::prelude::*;

/// The first version.
mod v1 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(extensible)]
    pub struct Sample {
        pub id: u32,
        pub name: String,
    }
}

/// The second: one more field, which version-1 files lack.
mod v2 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(extensible)]
    pub struct Sample {
        pub id: u32,
        pub name: String,
        #[binary(default)]
        pub weight: u16,
    }
}

/// The third: two more, one defaulted by a function, one only in the
/// detailed layout.
mod v3 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(extensible)]
    pub struct Sample {
        pub id: u32,
        pub name: String,
        #[binary(default)]
        pub weight: u16,
        #[binary(default = grams)]
        pub unit: String,
        #[binary(default, detail)]
        pub note: Vec<u8>,
    }

    pub fn grams() -> String {
        "g".into()
    }
}

/// The second version with a new field that is required: readers of it
/// refuse what an older writer wrote.
mod v2_required {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(extensible)]
    pub struct Sample {
        pub id: u32,
        pub name: String,
        pub weight: u16,
    }
}

/// A borrowed reader of the second version.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(extensible)]
struct SampleRef<'a> {
    id: u32,
    name: &'a str,
    #[binary(default)]
    weight: u16,
}

/// Extensible records nested in others, and in a sequence, with a tag and
/// presence bits (in an extensible record the flags byte comes first).
mod outer_v1 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(tag = b"OUTR", extensible)]
    pub struct Outer {
        pub head: super::v1::Sample,
        pub list: Vec<super::v1::Sample>,
        #[binary(presence_bit = 0)]
        pub label: Option<String>,
        pub after: u8,
    }
}

mod outer_v3 {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord, Debug, Clone, PartialEq)]
    #[binary(tag = b"OUTR", extensible)]
    pub struct Outer {
        pub head: super::v3::Sample,
        pub list: Vec<super::v3::Sample>,
        #[binary(presence_bit = 0)]
        pub label: Option<String>,
        pub after: u8,
        #[binary(default)]
        pub added: Option<u64>,
    }
}

fn v2_sample() -> v2::Sample {
    v2::Sample {
        id: 7,
        name: "ab".into(),
        weight: 0x0102,
    }
}

fn v3_sample(n: u32) -> v3::Sample {
    v3::Sample {
        id: n,
        name: "x".repeat(n as usize % 4),
        weight: n as u16,
        unit: "kg".into(),
        note: vec![n as u8; n as usize % 3],
    }
}

#[test]
fn the_record_begins_with_the_length_of_its_fields() {
    #[rustfmt::skip]
    let expected: &[u8] = &[
        0x0a, 0x00, 0x00, 0x00, // the length of what follows: 10 bytes
        0x07, 0x00, 0x00, 0x00, // id
        0x02, 0x00, b'a', b'b', // name: u16 length, then UTF-8
        0x02, 0x01,             // weight
    ];
    for layout in [Layout::Basic, Layout::Detailed] {
        assert_eq!(v2_sample().to_bytes(layout).unwrap(), expected);
        assert_eq!(
            v2::Sample::decode_slice(expected, layout).unwrap(),
            (v2_sample(), expected.len())
        );
    }
    // A field of the detailed layout only is in the length of that layout.
    let sample = v3_sample(5);
    let basic = sample.to_bytes(Layout::Basic).unwrap();
    let detailed = sample.to_bytes(Layout::Detailed).unwrap();
    assert_eq!(basic[..4], ((basic.len() - 4) as u32).to_le_bytes());
    assert_eq!(detailed[..4], ((detailed.len() - 4) as u32).to_le_bytes());
    assert_eq!(detailed.len(), basic.len() + 4 + 2);
}

#[test]
fn an_older_reader_skips_the_fields_it_does_not_know() {
    let bytes = v2_sample().to_bytes(Layout::Basic).unwrap();
    let (old, used) = v1::Sample::decode_slice(&bytes, Layout::Basic).unwrap();
    assert_eq!(
        old,
        v1::Sample {
            id: 7,
            name: "ab".into()
        }
    );
    assert_eq!(used, bytes.len(), "the weight was skipped, not left behind");
    // From a reader too, which is left right after the record.
    let mut stream = [bytes.as_slice(), &[0xEE]].concat();
    let mut reader = stream.as_slice();
    assert_eq!(
        v1::Sample::read_with(&mut reader, Layout::Basic).unwrap(),
        old
    );
    assert_eq!(reader, [0xEE]);
    // Two versions on: the detailed layout's newer fields are skipped too.
    stream = v3_sample(6).to_bytes(Layout::Detailed).unwrap();
    let (old, used) = v1::Sample::decode_slice(&stream, Layout::Detailed).unwrap();
    assert_eq!((old.id, old.name.as_str(), used), (6, "xx", stream.len()));
}

#[test]
fn a_newer_reader_defaults_what_an_older_writer_left_out() {
    let old = v1::Sample {
        id: 3,
        name: "n".into(),
    };
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = old.to_bytes(layout).unwrap();
        assert_eq!(
            v2::Sample::decode_slice(&bytes, layout).unwrap(),
            (
                v2::Sample {
                    id: 3,
                    name: "n".into(),
                    weight: 0
                },
                bytes.len()
            )
        );
        let expected = v3::Sample {
            id: 3,
            name: "n".into(),
            weight: 0,
            unit: "g".into(), // `default = grams`
            note: vec![],
        };
        assert_eq!(
            v3::Sample::decode_slice(&bytes, layout).unwrap(),
            (expected.clone(), bytes.len())
        );
        assert_eq!(
            v3::Sample::read_with(&mut bytes.as_slice(), layout).unwrap(),
            expected
        );
    }
    // A version-2 writer wrote the weight, not the unit.
    let bytes = v2_sample().to_bytes(Layout::Basic).unwrap();
    let newer = v3::Sample::decode_slice(&bytes, Layout::Basic).unwrap().0;
    assert_eq!((newer.weight, newer.unit.as_str()), (0x0102, "g"));
}

#[test]
fn a_new_field_without_default_stays_required() {
    let bytes = v1::Sample {
        id: 3,
        name: "n".into(),
    }
    .to_bytes(Layout::Basic)
    .unwrap();
    for error in [
        v2_required::Sample::decode_slice(&bytes, Layout::Basic).unwrap_err(),
        v2_required::Sample::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap_err(),
    ] {
        assert!(
            matches!(
                error,
                CodecError::UnexpectedEnd {
                    needed: 2,
                    available: 0,
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(error.path().to_string(), "Sample.weight");
        assert_eq!(error.offset(), 4 + 4 + 3);
    }
}

#[test]
fn a_length_past_the_input_is_an_error_at_the_length() {
    let mut bytes = v2_sample().to_bytes(Layout::Basic).unwrap();
    bytes[0] += 1;
    let error = v2::Sample::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert_eq!(
        error.to_string(),
        "unexpected end of input at byte 4 in Sample.(length): needed 11 more bytes, found 10"
    );
    let error = v2::Sample::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap_err();
    assert_eq!(error.path().to_string(), "Sample.(newer fields)");
    // A hostile length allocates nothing and is refused.
    let mut huge = bytes.clone();
    huge[..4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(v1::Sample::decode_slice(&huge, Layout::Basic).is_err());
    assert!(v1::Sample::read_with(&mut huge.as_slice(), Layout::Basic).is_err());
}

#[test]
fn versions_read_each_other_nested_and_in_sequences() {
    let newer = outer_v3::Outer {
        head: v3_sample(1),
        list: (0..4).map(v3_sample).collect(),
        label: Some("l".into()),
        after: 0xAF,
        added: Some(9),
    };
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = newer.to_bytes(layout).unwrap();
        assert_eq!(&bytes[..4], b"OUTR");
        let (old, used) = outer_v1::Outer::decode_slice(&bytes, layout).unwrap();
        assert_eq!(used, bytes.len());
        assert_eq!(old.list.len(), 4);
        assert_eq!(old.list[3].name, "xxx");
        assert_eq!((old.label.as_deref(), old.after), (Some("l"), 0xAF));
        assert_eq!(
            outer_v1::Outer::read_with(&mut bytes.as_slice(), layout).unwrap(),
            old
        );

        let back = old.to_bytes(layout).unwrap();
        let (upgraded, used) = outer_v3::Outer::decode_slice(&back, layout).unwrap();
        assert_eq!(used, back.len());
        assert_eq!(upgraded.added, None);
        assert_eq!(upgraded.list[2].unit, "g");
        assert_eq!(upgraded.list[2].weight, 0);
        assert_eq!(upgraded.label.as_deref(), Some("l"));
    }
}

#[test]
fn a_borrowed_reader_skips_and_defaults_the_same_way() {
    let bytes = v3_sample(2).to_bytes(Layout::Detailed).unwrap();
    let (record, used) = SampleRef::decode_borrowed(&bytes, Layout::Detailed).unwrap();
    assert_eq!(
        (record, used),
        (
            SampleRef {
                id: 2,
                name: "xx",
                weight: 2
            },
            bytes.len()
        )
    );
    let old = v1::Sample {
        id: 1,
        name: "o".into(),
    }
    .to_bytes(Layout::Basic)
    .unwrap();
    let (record, _) = SampleRef::decode_borrowed(&old, Layout::Basic).unwrap();
    assert_eq!(record.weight, 0);
    // And writes what the owned type writes.
    let mut written = Vec::new();
    SampleRef {
        id: 7,
        name: "ab",
        weight: 0x0102,
    }
    .write_borrowed(&mut written, Layout::Basic)
    .unwrap();
    assert_eq!(written, v2_sample().to_bytes(Layout::Basic).unwrap());
}

#[test]
fn an_extensible_record_has_no_upper_size_bound() {
    // The length, the id, an empty name; the weight may be absent.
    assert_eq!(
        v2::Sample::BASIC_SIZE,
        EncodedSize {
            min: 4 + 4 + 2,
            max: None
        }
    );
    assert_eq!(v3::Sample::DETAILED_SIZE.max, None);
    assert_eq!(
        <SampleRef as BorrowRecord>::BORROWED_BASIC_SIZE,
        v2::Sample::BASIC_SIZE
    );
}

#[test]
fn every_truncation_and_every_flipped_bit_is_an_error_or_a_value() {
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = v3_sample(5).to_bytes(layout).unwrap();
        every_truncation_fails::<v3::Sample>(&bytes, layout);
        every_truncation_fails::<v1::Sample>(&bytes, layout);
        let (_, refused) = every_bit_flipped::<v3::Sample>(&bytes, layout);
        assert!(refused > 0);
        every_bit_flipped::<v1::Sample>(&bytes, layout);
        let nested = outer_v3::Outer {
            head: v3_sample(3),
            list: vec![v3_sample(2)],
            label: None,
            after: 1,
            added: Some(2),
        }
        .to_bytes(layout)
        .unwrap();
        every_truncation_fails::<outer_v3::Outer>(&nested, layout);
        every_bit_flipped::<outer_v3::Outer>(&nested, layout);
        every_bit_flipped::<outer_v1::Outer>(&nested, layout);
    }
    // Cut inside a record the length says is whole: the body is short.
    let bytes = v2_sample().to_bytes(Layout::Basic).unwrap();
    assert_eq!(decode_both::<v2::Sample>(&bytes[..13], Layout::Basic), None);
}

proptest! {
    #[test]
    fn every_version_round_trips(
        id in any::<u32>(),
        name in ".{0,8}",
        weight in any::<u16>(),
        unit in ".{0,3}",
        note in proptest::collection::vec(any::<u8>(), 0..8),
        layout in layouts(),
    ) {
        // The note is in the detailed layout only: the basic one reads it empty.
        let note = if layout == Layout::Detailed { note } else { vec![] };
        let newest = v3::Sample { id, name: name.clone(), weight, unit, note };
        same(newest.clone(), layout)?;
        same(v2::Sample { id, name: name.clone(), weight }, layout)?;
        same(v1::Sample { id, name: name.clone() }, layout)?;
        // Every older reader gets the fields it knows.
        let bytes = newest.to_bytes(layout).unwrap();
        let (old, used) = v1::Sample::decode_slice(&bytes, layout).unwrap();
        prop_assert_eq!((old.id, old.name, used), (id, name.clone(), bytes.len()));
        let outer = outer_v3::Outer {
            head: newest.clone(),
            list: vec![newest.clone(); 2],
            label: Some(name),
            after: weight as u8,
            added: Some(u64::from(id)),
        };
        round_trip(&outer, layout)?;
    }
}
