//! `#[binary(count = field)]`: a sequence whose length is an earlier
//! integer field. No prefix is written, so a count kept in another field is
//! on the wire once; writing checks that the two agree, and decoding checks
//! the count against the remaining input before allocating.

mod common;

use common::{every_truncation_fails, layouts, round_trip, same};
use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, EncodedSize, Layout};
use proptest::prelude::*;

#[derive(BinaryRecord, Debug, Clone, PartialEq, Default)]
struct Trace {
    thread: u32,
    depth: u8,
    #[binary(count = depth)]
    frames: Vec<u64>,
    #[binary(detail)]
    name_len: u16,
    #[binary(detail, count = name_len)]
    name: String,
}

/// A tuple struct names its counting field by position.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Packet(u16, #[binary(count = 0)] Vec<u8>);

/// Borrowed slices take their length from a field too.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Frame<'a> {
    len: u32,
    #[binary(count = len)]
    payload: &'a [u8],
    label_len: u8,
    #[binary(count = label_len)]
    label: &'a str,
}

/// And inside enum variants.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[repr(u8)]
enum Message {
    Ping,
    Batch {
        n: usize,
        #[binary(count = n)]
        ids: Vec<u32>,
    },
}

fn trace() -> Trace {
    Trace {
        thread: 7,
        depth: 2,
        frames: vec![0x1000, 0x2000],
        name_len: 4,
        name: "main".into(),
    }
}

#[test]
fn the_length_is_written_once_in_its_own_field() {
    #[rustfmt::skip]
    let basic: &[u8] = &[
        0x07, 0x00, 0x00, 0x00,                         // thread
        0x02,                                           // depth: the count of frames
        0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // frames[0], no prefix before it
        0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // frames[1]
    ];
    assert_eq!(trace().to_bytes(Layout::Basic).unwrap(), basic);
    let mut detailed = basic.to_vec();
    #[rustfmt::skip]
    detailed.extend_from_slice(&[
        0x04, 0x00,             // name_len
        b'm', b'a', b'i', b'n', // name, no prefix
    ]);
    assert_eq!(trace().to_bytes(Layout::Detailed).unwrap(), detailed);
    assert_eq!(
        Trace::decode_slice(&detailed, Layout::Detailed).unwrap(),
        (trace(), detailed.len())
    );
}

#[test]
fn a_count_that_disagrees_with_the_length_is_an_error_naming_both_fields() {
    let mut wrong = trace();
    wrong.depth = 3;
    let error = wrong.to_bytes(Layout::Basic).unwrap_err();
    match &error {
        CodecError::CountMismatch { details, .. } => {
            assert_eq!(
                (details.count_field, details.count, details.len),
                ("depth", 3, 2)
            );
        }
        other => panic!("expected a count mismatch, got {other:?}"),
    }
    // The path names the counted field, the message the counting one.
    assert_eq!(error.offset(), 5);
    assert_eq!(error.path().to_string(), "Trace.frames");
    assert_eq!(
        error.to_string(),
        "length mismatch at byte 5 in Trace.frames: `depth` says 3, but this field has length 2; set `depth` to the length before writing"
    );
    // Only in the layouts where the fields are written.
    let mut detail_wrong = trace();
    detail_wrong.name_len = 0;
    assert!(detail_wrong.to_bytes(Layout::Basic).is_ok());
    let error = detail_wrong.to_bytes(Layout::Detailed).unwrap_err();
    assert!(matches!(
        &error,
        CodecError::CountMismatch { details, .. } if details.count_field == "name_len"
    ));
    assert_eq!(error.path().to_string(), "Trace.name");
    let message = Message::Batch { n: 1, ids: vec![] };
    let error = message.to_bytes(Layout::Basic).unwrap_err();
    assert!(matches!(
        &error,
        CodecError::CountMismatch { details, .. } if details.count_field == "n"
    ));
    assert_eq!(error.path().to_string(), "Message.Batch.ids");
}

#[test]
fn a_count_larger_than_the_input_is_refused_before_allocating() {
    // `n` claims usize::MAX ids of four bytes each.
    let mut bytes = vec![1];
    bytes.extend_from_slice(&u64::MAX.to_le_bytes());
    bytes.extend_from_slice(&[0; 8]);
    let error = Message::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert!(
        matches!(
            error,
            CodecError::UnexpectedEnd {
                needed: u64::MAX,
                available: 8,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.path().to_string(), "Message.Batch.ids");
    assert_eq!(error.offset(), 9);
    // A reader cannot see how much is left: it reserves at most 64 KiB and
    // stops where the input does.
    let error = Message::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap_err();
    assert!(
        matches!(error, CodecError::UnexpectedEnd { .. }),
        "{error:?}"
    );
    assert_eq!(error.path().to_string(), "Message.Batch.ids[2]");
}

#[test]
fn sizes_follow_from_the_counting_field_type() {
    // thread + depth + up to 255 frames of 8 bytes.
    assert_eq!(
        Trace::BASIC_SIZE,
        EncodedSize {
            min: 5,
            max: Some(5 + 255 * 8)
        }
    );
    assert_eq!(
        Packet::BASIC_SIZE,
        EncodedSize {
            min: 2,
            max: Some(2 + 65_535)
        }
    );
    assert_eq!(Message::BASIC_SIZE.max, None);
}

#[test]
fn borrowed_counted_slices_point_into_the_input() {
    let frame = Frame {
        len: 3,
        payload: &[1, 2, 3],
        label_len: 2,
        label: "hi",
    };
    let mut bytes = Vec::new();
    frame.write_borrowed(&mut bytes, Layout::Basic).unwrap();
    #[rustfmt::skip]
    assert_eq!(bytes, [
        3, 0, 0, 0, 1, 2, 3, // len, then the payload without a prefix
        2, b'h', b'i',       // label_len, then the label
    ]);
    let (back, used) = Frame::decode_borrowed(&bytes, Layout::Basic).unwrap();
    assert_eq!((back.clone(), used), (frame, bytes.len()));
    assert!(bytes.as_ptr_range().contains(&back.label.as_ptr()));
    let mut bad = bytes.clone();
    bad[8] = 0xff;
    let error = Frame::decode_borrowed(&bad, Layout::Basic).unwrap_err();
    assert!(matches!(error, CodecError::InvalidUtf8 { .. }));
    assert_eq!(
        (error.offset(), error.path().to_string()),
        (8, "Frame.label".into())
    );
}

#[test]
fn every_truncation_of_a_counted_record_is_an_error() {
    for layout in [Layout::Basic, Layout::Detailed] {
        every_truncation_fails::<Trace>(&trace().to_bytes(layout).unwrap(), layout);
    }
    let batch = Message::Batch {
        n: 2,
        ids: vec![1, 2],
    };
    every_truncation_fails::<Message>(&batch.to_bytes(Layout::Basic).unwrap(), Layout::Basic);
}

prop_compose! {
    fn any_trace()(
        thread in any::<u32>(),
        frames in proptest::collection::vec(any::<u64>(), 0..20),
        name in ".{0,12}",
    ) -> Trace {
        Trace { thread, depth: frames.len() as u8, frames, name_len: name.len() as u16, name }
    }
}

proptest! {
    #[test]
    fn counted_records_round_trip(layout in layouts(), trace in any_trace(), bytes in proptest::collection::vec(any::<u8>(), 0..30)) {
        let back = round_trip(&trace, layout)?;
        let expected = match layout {
            Layout::Basic => Trace { name_len: 0, name: String::new(), ..trace },
            Layout::Detailed => trace,
        };
        prop_assert_eq!(back, expected);
        same(Packet(bytes.len() as u16, bytes.clone()), layout)?;
        let ids: Vec<u32> = bytes.iter().map(|&b| u32::from(b)).collect();
        same(Message::Batch { n: ids.len(), ids }, layout)?;
    }
}
