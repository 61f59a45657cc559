//! `#[binary(bits = N)]`: consecutive bit fields (integers, bools,
//! fieldless enums) share whole bytes, packed from the least significant
//! bit up, as `presence_bit` numbers its flags. Sizes stay known at compile
//! time; a value too wide for its bits is an error on write naming the
//! field; every bit pattern decodes and writes back to itself, or is
//! refused with the field's path (an enum's pattern that names no
//! variant, or a set bit no field uses).

mod common;

use common::{decode_both, every_bit_flipped, every_truncation_fails, layouts, same};
use memscope_binary::{BinaryRecord, BitField, BorrowRecord, CodecError, EncodedSize, Layout};
use proptest::prelude::*;

#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Mode {
    Read,
    Write,
    Exec = 3,
}

/// Any tag a bit field can hold is a kind: a bare unknown variant.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Heap = 1,
    #[binary(unknown)]
    Other(u8),
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Header {
    #[binary(bits = 3)]
    version: u8,
    #[binary(bits = 1)]
    compressed: bool,
    #[binary(bits = 2)]
    mode: Mode,
    #[binary(bits = 10)]
    delta: i16,
    /// Not a bit field: the group ends before it.
    len: u8,
    #[binary(bits = 4)]
    kind: Kind,
    /// A detailed-only group of its own.
    #[binary(detail, bits = 12)]
    level: u16,
}

// Sizes are constants: two bytes, `len`, one byte; and 2 more detailed.
const _: () = assert!(matches!(Header::BASIC_SIZE.exact_len(), Some(4)));
const _: () = assert!(matches!(Header::DETAILED_SIZE.exact_len(), Some(6)));

/// Bit fields in enum variants, borrowed types and generic types.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[repr(u8)]
enum Packet<'a> {
    Small {
        #[binary(bits = 4)]
        a: u8,
        #[binary(bits = 4)]
        b: u8,
        name: &'a str,
    },
    Wide(#[binary(bits = 63)] i64, #[binary(bits = 1)] bool),
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Pair<T> {
    #[binary(bits = 5)]
    left: T,
    #[binary(bits = 3)]
    right: T,
}

fn header() -> Header {
    Header {
        version: 5,
        compressed: true,
        mode: Mode::Exec,
        delta: -2,
        len: 0xAA,
        kind: Kind::Other(9),
        level: 0x0ABC,
    }
}

#[test]
fn consecutive_bit_fields_share_whole_bytes_from_the_lowest_bit() {
    #[rustfmt::skip]
    let basic: &[u8] = &[
        // version 5 (bits 0-2), compressed (bit 3), mode 3 (bits 4-5),
        // delta -2 as 10 bits (bits 6-15): 0b1111111110_11_1_101
        0b1011_1101, 0b1111_1111,
        0xAA,        // len: a whole byte of its own
        0b0000_1001, // kind 9 in 4 bits, the rest unused
    ];
    assert_eq!(header().to_bytes(Layout::Basic).unwrap(), basic);
    let (decoded, used) = Header::decode_slice(basic, Layout::Basic).unwrap();
    assert_eq!(used, 4);
    assert_eq!(
        decoded.level, 0,
        "the detailed group is not in the basic layout"
    );
    let mut detailed = basic.to_vec();
    detailed.extend_from_slice(&[0xBC, 0x0A]); // level, 12 bits of 2 bytes
    assert_eq!(header().to_bytes(Layout::Detailed).unwrap(), detailed);
    assert_eq!(
        Header::decode_slice(&detailed, Layout::Detailed).unwrap(),
        (header(), 6)
    );
    assert_eq!(
        Header::read_with(&mut detailed.as_slice(), Layout::Detailed).unwrap(),
        header()
    );
}

#[test]
fn a_value_too_wide_for_its_bits_is_an_error_naming_the_field() {
    let mut wide = header();
    wide.version = 8;
    let error = wide.to_bytes(Layout::Basic).unwrap_err();
    assert!(
        matches!(&error, CodecError::BitsOverflow { details, .. } if details.width == 3 && details.found == 8)
    );
    assert_eq!(
        error.to_string(),
        "value 8 does not fit in a bit field of 3 bits at byte 0 in Header.version"
    );
    wide = header();
    wide.delta = -513;
    assert_eq!(
        wide.to_bytes(Layout::Basic).unwrap_err().path().to_string(),
        "Header.delta"
    );
    wide = header();
    wide.kind = Kind::Other(16);
    let error = wide.to_bytes(Layout::Basic).unwrap_err();
    assert_eq!(
        (error.offset(), error.path().to_string()),
        (3, "Header.kind".into())
    );
    wide = header();
    wide.level = 0x1000;
    assert!(
        wide.to_bytes(Layout::Basic).is_ok(),
        "not written in the basic layout"
    );
    assert_eq!(wide.to_bytes(Layout::Detailed).unwrap_err().offset(), 4);
}

#[test]
fn every_bit_pattern_decodes_and_writes_back_or_names_the_field() {
    // The first group: 16 bits, every pattern. Mode 2 names no variant.
    let (mut refused, mut decoded) = (0, 0);
    for pattern in 0..=u16::MAX {
        let mut bytes = pattern.to_le_bytes().to_vec();
        bytes.extend_from_slice(&[0, 1]);
        match Header::decode_slice(&bytes, Layout::Basic) {
            Ok((value, _)) => {
                decoded += 1;
                assert_eq!(value.to_bytes(Layout::Basic).unwrap(), bytes);
            }
            Err(error) => {
                refused += 1;
                assert_eq!((pattern >> 4) & 0b11, 2, "{error}");
                assert!(matches!(error, CodecError::InvalidDiscriminant { .. }));
                assert_eq!(error.path().to_string(), "Header.mode");
                assert_eq!(error.offset(), 0);
            }
        }
    }
    assert_eq!((decoded, refused), (3 << 14, 1 << 14));
    // Every pattern of the kind's four bits is a kind.
    for pattern in 0..16u8 {
        let bytes = [0, 0, 0, pattern];
        let (value, _) = Header::decode_slice(&bytes, Layout::Basic).unwrap();
        assert_eq!(value.to_bytes(Layout::Basic).unwrap(), bytes);
    }
}

#[test]
fn a_set_bit_that_no_field_uses_is_refused() {
    let bytes = [0, 0, 0, 0b0001_0000];
    let error = Header::decode_slice(&bytes, Layout::Basic).unwrap_err();
    assert!(matches!(
        error,
        CodecError::UnusedBits {
            found: 0b1_0000,
            allowed: 0b1111,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "unused bits set in a group of bit fields at byte 3 in Header.(bits of kind): found 0b10000, only bits 0b1111 may be set"
    );
    assert_eq!(decode_both::<Header>(&bytes, Layout::Basic), None);
}

#[test]
fn bit_fields_in_variants_borrowed_and_generic_types() {
    let small = Packet::Small {
        a: 0xA,
        b: 0x5,
        name: "n",
    };
    let mut bytes = Vec::new();
    small.write_borrowed(&mut bytes, Layout::Basic).unwrap();
    assert_eq!(bytes, [0, 0x5A, 1, 0, b'n']);
    assert_eq!(
        Packet::decode_borrowed(&bytes, Layout::Basic).unwrap(),
        (small, 5)
    );
    // 64 bits, the most a group holds.
    let wide = Packet::Wide(-(1 << 62), true);
    bytes.clear();
    wide.write_borrowed(&mut bytes, Layout::Basic).unwrap();
    assert_eq!(bytes, [1, 0, 0, 0, 0, 0, 0, 0, 0b1100_0000]);
    assert_eq!(
        Packet::decode_borrowed(&bytes, Layout::Basic).unwrap().0,
        wide
    );
    let pair = Pair {
        left: 31u32,
        right: 7,
    };
    assert_eq!(pair.to_bytes(Layout::Basic).unwrap(), [0xFF]);
    assert_eq!(Pair::<u32>::BASIC_SIZE, EncodedSize::exact(1));
    assert!(
        Pair {
            left: 32u32,
            right: 0
        }
        .to_bytes(Layout::Basic)
        .is_err()
    );
}

#[test]
fn a_fieldless_enum_is_a_bit_field_of_its_discriminant() {
    assert_eq!(<Mode as BitField>::MAX_BITS, 8);
    assert_eq!(Mode::Exec.to_bits(2).unwrap(), 3);
    assert_eq!(Mode::from_bits(1, 2).unwrap(), Mode::Write);
    assert!(Mode::from_bits(2, 2).is_err());
    assert_eq!(Kind::from_bits(7, 4).unwrap(), Kind::Other(7));
    assert!(Kind::Other(1).to_bits(4).is_err(), "Heap claims 1");
}

#[test]
fn every_truncation_and_every_flipped_bit_is_an_error_or_a_value() {
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = header().to_bytes(layout).unwrap();
        every_truncation_fails::<Header>(&bytes, layout);
        let (decoded, refused) = every_bit_flipped::<Header>(&bytes, layout);
        assert!(decoded > 0 && refused > 0);
    }
}

fn any_mode() -> impl Strategy<Value = Mode> {
    prop_oneof![Just(Mode::Read), Just(Mode::Write), Just(Mode::Exec)]
}

proptest! {
    #[test]
    fn every_value_that_fits_round_trips(
        version in 0u8..8,
        compressed in any::<bool>(),
        mode in any_mode(),
        delta in -512i16..512,
        len in any::<u8>(),
        kind in (0u8..16).prop_map(|k| if k == 1 { Kind::Heap } else { Kind::Other(k) }),
        level in 0u16..4096,
        layout in layouts(),
    ) {
        let level = if layout == Layout::Detailed { level } else { 0 };
        same(Header { version, compressed, mode, delta, len, kind, level }, layout)?;
    }

    #[test]
    fn every_value_too_wide_is_refused(version in 8u8.., delta in 512i16..) {
        let mut wide = header();
        wide.version = version;
        prop_assert!(wide.to_bytes(Layout::Basic).is_err());
        wide = header();
        wide.delta = delta;
        prop_assert!(wide.to_bytes(Layout::Basic).is_err());
        wide.delta = -delta - 1;
        prop_assert!(wide.to_bytes(Layout::Basic).is_err());
    }
}
