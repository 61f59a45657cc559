//! Golden bytes: derived records encode to exactly the bytes FORMAT.md's
//! layout rules say, written out here by hand, a comment per field. And the
//! errors: each names the field path and the byte offset where it arose.

mod common;

use common::records::{AllocationInfo, MemoryStats};
use memscope_binary::{BinaryRecord, CodecError, Layout, LenWidth, PathSegment};

fn allocation() -> AllocationInfo {
    AllocationInfo {
        ptr: 0x0000_7f00_dead_beef,
        size: 0x40,
        timestamp_alloc: 0x0102_0304_0506_0708,
        var_name: Some("buf".into()),
        type_name: None,
    }
}

#[rustfmt::skip]
const ALLOCATION_BASIC: [u8; 24] = [
    0xef, 0xbe, 0xad, 0xde, 0x00, 0x7f, 0x00, 0x00, // ptr, u64 little-endian
    0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // size = 64
    0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // timestamp_alloc
];

#[test]
fn allocation_basic_layout_is_the_24_byte_record() {
    assert_eq!(
        allocation().to_bytes(Layout::Basic).unwrap(),
        ALLOCATION_BASIC
    );
}

#[test]
fn allocation_detailed_layout_adds_names_and_presence_flags() {
    let mut expected = ALLOCATION_BASIC.to_vec();
    #[rustfmt::skip]
    expected.extend_from_slice(&[
        0x03, 0x00, b'b', b'u', b'f', // var_name: u16 length 3, "buf"
        0x00, 0x00,                   // type_name: absent, length 0
        0b0000_0001,                  // flags: bit 0 var_name present, bit 1 clear
    ]);
    assert_eq!(allocation().to_bytes(Layout::Detailed).unwrap(), expected);
    // FORMAT.md: a detailed record is 29 + len(var_name) + len(type_name).
    assert_eq!(expected.len(), 29 + 3);
}

#[test]
fn an_empty_name_is_present_and_distinct_from_an_absent_one() {
    let mut info = allocation();
    info.var_name = Some(String::new());
    info.type_name = Some(String::new());
    let bytes = info.to_bytes(Layout::Detailed).unwrap();
    #[rustfmt::skip]
    assert_eq!(&bytes[24..], &[
        0x00, 0x00, // var_name: length 0
        0x00, 0x00, // type_name: length 0
        0b0000_0011, // both present
    ]);
    let (back, _) = AllocationInfo::decode_slice(&bytes, Layout::Detailed).unwrap();
    assert_eq!(back.var_name.as_deref(), Some(""));
    assert_eq!(back.type_name.as_deref(), Some(""));
}

#[test]
fn memory_stats_is_the_60_byte_stat_segment() {
    let stats = MemoryStats {
        total_allocations: 1,
        total_deallocations: 2,
        active_allocations: 3,
        active_memory: 4,
        peak_memory: 5,
        total_allocated: 6,
        total_deallocated: 0x0100,
        total_reallocations: 77,    // skipped
        peak_allocations: 88,       // skipped
        call_stacks: 9,             // skipped
        call_stack_bytes: 10,       // skipped
        call_stacks_dropped: 11,    // skipped
        unrecorded_allocations: 12, // skipped
        unrecorded_bytes: 13,       // skipped
    };
    #[rustfmt::skip]
    let expected: [u8; 60] = [
        b'S', b'T', b'A', b'T',                 // tag
        1, 0, 0, 0, 0, 0, 0, 0,                 // total_allocations
        2, 0, 0, 0, 0, 0, 0, 0,                 // total_deallocations
        3, 0, 0, 0, 0, 0, 0, 0,                 // active_allocations
        4, 0, 0, 0, 0, 0, 0, 0,                 // active_memory
        5, 0, 0, 0, 0, 0, 0, 0,                 // peak_memory
        6, 0, 0, 0, 0, 0, 0, 0,                 // total_allocated
        0, 1, 0, 0, 0, 0, 0, 0,                 // total_deallocated = 256
    ];
    assert_eq!(stats.to_bytes(Layout::Basic).unwrap(), expected);
    assert_eq!(stats.to_bytes(Layout::Detailed).unwrap(), expected);
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[repr(u16)]
enum Color {
    Red = 0x0102,
    Blue = 7,
}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Pixel(Color, bool, #[binary(len = u8)] Vec<i8>, char);

#[test]
fn enums_tuples_bools_and_short_vecs_follow_their_rules() {
    let pixel = Pixel(Color::Red, true, vec![-1, 2], 'é');
    #[rustfmt::skip]
    assert_eq!(pixel.to_bytes(Layout::Basic).unwrap(), [
        0x02, 0x01,             // Color::Red as its u16 repr
        0x01,                   // true
        0x02, 0xff, 0x02,       // u8 count 2, then -1, 2
        0xe9, 0x00, 0x00, 0x00, // 'é' as a u32 scalar value
    ]);
    assert_eq!(Color::Blue.to_bytes(Layout::Basic).unwrap(), [7, 0]);
}

#[test]
fn usize_is_eight_bytes_on_every_machine() {
    assert_eq!(
        1usize.to_bytes(Layout::Basic).unwrap(),
        [1, 0, 0, 0, 0, 0, 0, 0]
    );
    assert_eq!((-1isize).to_bytes(Layout::Basic).unwrap(), [0xff; 8]);
}

// ---- errors name the field and the byte ----

#[test]
fn invalid_utf8_names_the_field_and_the_bad_byte() {
    let mut info = allocation();
    info.type_name = Some("Vec<u8>".into());
    let mut bytes = info.to_bytes(Layout::Detailed).unwrap();
    // type_name's bytes start after 24 + (2 + 3) + 2 = 31; break its 3rd byte.
    bytes[33] = 0xff;
    let err = AllocationInfo::decode_slice(&bytes, Layout::Detailed).unwrap_err();
    assert!(matches!(err, CodecError::InvalidUtf8 { .. }), "{err}");
    assert_eq!(err.path().to_string(), "AllocationInfo.type_name");
    assert_eq!(err.offset(), 33);
    assert_eq!(
        err.to_string(),
        "invalid utf-8 at byte 33 in AllocationInfo.type_name: invalid utf-8 sequence of 1 bytes from index 2"
    );
    // The streaming decoder agrees.
    let err = AllocationInfo::read_with(&mut bytes.as_slice(), Layout::Detailed).unwrap_err();
    assert_eq!(
        (err.path().to_string(), err.offset()),
        ("AllocationInfo.type_name".into(), 33)
    );
}

#[test]
fn wrong_tag_names_expected_and_found() {
    let mut bytes = MemoryStats::default().to_bytes(Layout::Basic).unwrap();
    bytes[..4].copy_from_slice(b"ALOC");
    let err = MemoryStats::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"wrong tag at byte 0 in MemoryStats.(tag): expected b"STAT", found b"ALOC""#
    );
}

#[test]
fn truncation_says_which_field_and_how_many_bytes_were_left() {
    let bytes = MemoryStats::default().to_bytes(Layout::Basic).unwrap();
    let err = MemoryStats::decode_slice(&bytes[..50], Layout::Basic).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected end of input at byte 44 in MemoryStats.total_allocated: needed 8 more bytes, found 6"
    );
    let err = MemoryStats::read_from(&mut &bytes[..50]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unexpected end of input at byte 44 in MemoryStats.total_allocated: needed 8 more bytes, found 6"
    );
}

#[test]
fn a_reserved_presence_bit_is_refused() {
    let mut bytes = allocation().to_bytes(Layout::Detailed).unwrap();
    *bytes.last_mut().unwrap() |= 0b0000_0100;
    let err = AllocationInfo::decode_slice(&bytes, Layout::Detailed).unwrap_err();
    assert!(
        matches!(
            err,
            CodecError::ReservedFlagBits {
                found: 0b101,
                allowed: 0b11,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.offset(), bytes.len() as u64 - 1);
}

#[test]
fn an_absent_name_with_a_length_is_refused() {
    let mut bytes = allocation().to_bytes(Layout::Detailed).unwrap();
    // Clear var_name's presence bit while its 3 bytes remain.
    *bytes.last_mut().unwrap() = 0;
    let err = AllocationInfo::decode_slice(&bytes, Layout::Detailed).unwrap_err();
    assert!(matches!(err, CodecError::AbsentNotEmpty { .. }), "{err}");
    assert_eq!(
        (err.path().to_string(), err.offset()),
        ("AllocationInfo.var_name".into(), 24)
    );
}

#[test]
fn invalid_bool_discriminant_and_char_are_errors() {
    let err = Pixel::decode_slice(&[7, 0, 2, 0, 0, 0, 0, 0], Layout::Basic).unwrap_err();
    assert!(
        matches!(err, CodecError::InvalidBool { found: 2, .. }),
        "{err}"
    );
    assert_eq!(
        (err.path().to_string(), err.offset()),
        ("Pixel.1".into(), 2)
    );

    let err = Pixel::decode_slice(&[9, 9, 1, 0, 0, 0, 0, 0], Layout::Basic).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid discriminant at byte 0 in Pixel.0: 2313 is not a variant of Color"
    );

    let err = char::decode_slice(&0xD800u32.to_le_bytes(), Layout::Basic).unwrap_err();
    assert!(
        matches!(err, CodecError::InvalidChar { found: 0xD800, .. }),
        "{err}"
    );
}

#[test]
fn a_value_too_long_for_its_prefix_fails_on_write_naming_the_field() {
    let pixel = Pixel(Color::Blue, false, vec![0; 300], 'x');
    let err = pixel.to_bytes(Layout::Basic).unwrap_err();
    assert!(
        matches!(
            err,
            CodecError::LengthOverflow {
                width: LenWidth::U8,
                len: 300,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.path().segments().collect::<Vec<_>>(),
        [PathSegment::Field("2")]
    );
    assert_eq!(
        err.to_string(),
        "length 300 does not fit a u8 length prefix (at most 255) at byte 3 in Pixel.2"
    );

    let mut info = allocation();
    info.type_name = Some("x".repeat(70_000));
    let err = info.to_bytes(Layout::Detailed).unwrap_err();
    assert_eq!(err.path().to_string(), "AllocationInfo.type_name");
}

#[test]
fn element_errors_carry_their_index() {
    let names = vec!["ok".to_string(), "bad".to_string()];
    let mut bytes = names.to_bytes(Layout::Basic).unwrap();
    // u32 count, then "ok" (2 + 2 bytes), then "bad": its first byte is at 4 + 4 + 2.
    bytes[10] = 0xc3;
    let err = Vec::<String>::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert_eq!((err.path().to_string(), err.offset()), ("[1]".into(), 10));
}

#[test]
fn a_huge_count_is_refused_before_anything_is_allocated() {
    // u32::MAX elements of 8 bytes claimed, 4 bytes present.
    let mut bytes = u32::MAX.to_le_bytes().to_vec();
    bytes.extend_from_slice(&[0; 4]);
    let err = Vec::<u64>::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert!(
        matches!(err, CodecError::UnexpectedEnd { available: 4, .. }),
        "{err}"
    );
    // The streaming decoder cannot see the end coming; it stops when it arrives.
    let err = Vec::<u64>::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap_err();
    assert!(matches!(err, CodecError::UnexpectedEnd { .. }), "{err}");
}
