//! Reflection: `BinaryRecord::schema(layout)` describes a type's wire
//! layout (name, tag, size, each piece in wire order with its type, offset
//! and size), `Schema::fingerprint` changes when any of it does, and
//! `hexdump` shows one value's bytes piece by piece with field paths.

mod common;

use common::records::{AllocationInfo, AllocationRecord, MemoryStats};
use memscope_binary::{BinaryRecord, EncodedSize, FieldSchema, Layout, Schema, hexdump};

fn piece(schema: &Schema) -> Vec<(&str, &str, Option<usize>, EncodedSize)> {
    schema
        .fields
        .iter()
        .map(|f| (f.name, f.ty, f.offset, f.size))
        .collect()
}

#[test]
fn the_allocation_record_in_both_layouts() {
    let basic = AllocationInfo::schema(Layout::Basic);
    assert_eq!((basic.name, basic.tag), ("AllocationInfo", None));
    assert_eq!(basic.size, EncodedSize::exact(24));
    assert_eq!(
        piece(&basic),
        [
            ("ptr", "usize", Some(0), EncodedSize::exact(8)),
            ("size", "usize", Some(8), EncodedSize::exact(8)),
            ("timestamp_alloc", "u64", Some(16), EncodedSize::exact(8)),
        ]
    );
    let detailed = AllocationInfo::schema(Layout::Detailed);
    let name = EncodedSize::length_prefixed(memscope_binary::LenWidth::U16, EncodedSize::exact(1));
    assert_eq!(
        piece(&detailed)[3..],
        [
            ("var_name", "Option<String>", Some(24), name),
            ("type_name", "Option<String>", None, name),
            ("(presence flags)", "u8", None, EncodedSize::exact(1)),
        ]
    );
    // The borrowed twin has the same layout under its own name.
    let borrowed = AllocationRecord::schema(Layout::Detailed);
    assert_eq!(borrowed.name, "AllocationRecord");
    assert_eq!(borrowed.fields[3].ty, "Option<&'a str>");
    assert_eq!(borrowed.size, detailed.size);
}

#[test]
fn a_tagged_record_counts_offsets_from_its_tag_and_leaves_out_skipped_fields() {
    let stats = MemoryStats::schema(Layout::Basic);
    assert_eq!(stats.tag, Some(*b"STAT"));
    assert_eq!(stats.size, EncodedSize::exact(60));
    let names: Vec<&str> = stats.fields.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "total_allocations",
            "total_deallocations",
            "active_allocations",
            "active_memory",
            "peak_memory",
            "total_allocated",
            "total_deallocated",
        ]
    );
    let offsets: Vec<Option<usize>> = stats.fields.iter().map(|f| f.offset).collect();
    assert_eq!(offsets, (0..7).map(|i| Some(4 + 8 * i)).collect::<Vec<_>>());
    assert_eq!(MemoryStats::schema(Layout::Detailed), stats);
}

#[derive(BinaryRecord)]
#[binary(extensible)]
#[repr(u8)]
#[allow(dead_code)] // read through their schema
enum Event {
    Alloc {
        ptr: u64,
        #[binary(bits = 4)]
        kind: u8,
        #[binary(bits = 4)]
        flags: u8,
    } = 1,
    #[binary(unknown)]
    Unknown { tag: u8, bytes: Vec<u8> },
}

#[test]
fn an_enum_lists_its_discriminant_then_each_variant_from_where_it_ends() {
    let schema = Event::schema(Layout::Basic);
    assert_eq!(schema.size.max, None);
    let expected = [
        FieldSchema {
            name: "(discriminant)",
            ty: "u8",
            offset: Some(0),
            size: EncodedSize::exact(1),
            bits: None,
        },
        FieldSchema {
            name: "Alloc.(length)",
            ty: "u32",
            offset: Some(1),
            size: EncodedSize::exact(4),
            bits: None,
        },
        FieldSchema {
            name: "Alloc.ptr",
            ty: "u64",
            offset: Some(5),
            size: EncodedSize::exact(8),
            bits: None,
        },
        FieldSchema {
            name: "Alloc.kind",
            ty: "u8",
            offset: Some(13),
            size: EncodedSize::exact(1),
            bits: Some((4, 0)),
        },
        FieldSchema {
            name: "Alloc.flags",
            ty: "u8",
            offset: Some(13),
            size: EncodedSize::exact(1),
            bits: Some((4, 4)),
        },
        FieldSchema {
            name: "Unknown.(length)",
            ty: "u32",
            offset: Some(1),
            size: EncodedSize::exact(4),
            bits: None,
        },
        FieldSchema {
            name: "Unknown.bytes",
            ty: "[u8]",
            offset: Some(5),
            size: EncodedSize::UNKNOWN,
            bits: None,
        },
    ];
    assert_eq!(schema.fields, expected);
}

mod order {
    use memscope_binary::BinaryRecord;

    #[derive(BinaryRecord)]
    pub struct Original {
        pub a: u32,
        pub b: u16,
        #[binary(detail)]
        pub c: String,
    }

    #[derive(BinaryRecord)]
    pub struct Swapped {
        pub b: u16,
        pub a: u32,
        #[binary(detail)]
        pub c: String,
    }

    #[derive(BinaryRecord)]
    pub struct Retyped {
        pub a: u32,
        pub b: i16,
        #[binary(detail)]
        pub c: String,
    }

    #[derive(BinaryRecord)]
    pub struct Dropped {
        pub a: u32,
        #[binary(detail)]
        pub c: String,
    }
}

#[test]
fn the_fingerprint_changes_with_a_field_s_type_order_or_presence_and_layout() {
    let fingerprint = |schema: Schema| schema.fingerprint();
    let original = fingerprint(order::Original::schema(Layout::Basic));
    // Same name, same layout: the same number, on every machine.
    assert_eq!(
        original,
        fingerprint(order::Original::schema(Layout::Basic))
    );
    let others = [
        order::Swapped::schema(Layout::Basic),
        order::Retyped::schema(Layout::Basic),
        order::Dropped::schema(Layout::Basic),
        order::Original::schema(Layout::Detailed),
    ];
    for other in others {
        let mut renamed = other.clone();
        renamed.name = "Original";
        assert_ne!(fingerprint(renamed), original, "{other:?}");
    }
    // Pinned: a change to the hash (or to what the derive reports) shows
    // up here, not in a file that no longer matches.
    assert_eq!(
        fingerprint(AllocationInfo::schema(Layout::Basic)),
        0x454a_0324_7eee_0092
    );
}

#[test]
fn the_hex_dump_names_every_piece_of_an_allocation_record() {
    let info = AllocationInfo {
        ptr: 0x1000,
        size: 64,
        timestamp_alloc: 7,
        var_name: Some("buf".into()),
        type_name: None,
    };
    let bytes = info.to_bytes(Layout::Detailed).unwrap();
    let dump = hexdump::annotate::<AllocationInfo>(&bytes, Layout::Detailed).unwrap();
    assert_eq!(
        dump.to_string(),
        "\
00000000  00 10 00 00 00 00 00 00  AllocationInfo.ptr
00000008  40 00 00 00 00 00 00 00  AllocationInfo.size
00000010  07 00 00 00 00 00 00 00  AllocationInfo.timestamp_alloc
00000018  03 00 62 75 66           AllocationInfo.var_name
0000001d  00 00                    AllocationInfo.type_name
0000001f  01                       AllocationInfo.(presence flags)
"
    );
    // The pieces cover the record, back to back.
    let mut at = 0;
    for piece in &dump.pieces {
        assert_eq!(piece.start, at);
        at += piece.len;
    }
    assert_eq!(at, bytes.len());
    // A borrowed record dumps the same way.
    let borrowed = hexdump::annotate::<AllocationRecord>(&bytes, Layout::Detailed).unwrap();
    assert_eq!(
        borrowed.to_string(),
        dump.to_string()
            .replace("AllocationInfo", "AllocationRecord")
    );
}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Batch {
    header: Inner,
    blobs: Vec<u8>,
    event: Event,
}

#[derive(BinaryRecord, Debug, PartialEq)]
struct Inner {
    id: u16,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.to_bytes(Layout::Basic).ok() == other.to_bytes(Layout::Basic).ok()
    }
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Event")
    }
}

#[test]
fn the_hex_dump_follows_nested_records_and_wraps_long_pieces() {
    let batch = Batch {
        header: Inner { id: 1 },
        blobs: (0..20).collect(),
        event: Event::Unknown {
            tag: 9,
            bytes: vec![7],
        },
    };
    let bytes = batch.to_bytes(Layout::Basic).unwrap();
    let dump = hexdump::annotate::<Batch>(&bytes, Layout::Basic).unwrap();
    assert_eq!(
        dump.to_string(),
        "\
00000000  01 00                                            Batch.header.id
00000002  14 00 00 00 00 01 02 03 04 05 06 07 08 09 0a 0b  Batch.blobs
00000012  0c 0d 0e 0f 10 11 12 13
0000001a  09                                               Batch.event.(discriminant)
0000001b  01 00 00 00                                      Batch.event.Unknown.(length)
0000001f  07                                               Batch.event.Unknown.(unknown variant's body)
"
    );
}

#[test]
fn input_that_does_not_decode_is_the_decoder_s_error() {
    let mut bytes = [0; 29];
    bytes[28] = 0x80; // a presence bit no field has
    let error = hexdump::annotate::<AllocationInfo>(&bytes, Layout::Detailed).unwrap_err();
    assert_eq!(error.path().to_string(), "AllocationInfo.(presence flags)");
    let error = hexdump::annotate::<MemoryStats>(b"STAX", Layout::Basic).unwrap_err();
    assert_eq!(error.path().to_string(), "MemoryStats.(tag)");
}

/// `use memscope_binary::BinaryRecord;` alone reaches every method and
/// constant of a derived type, owned or borrowed (item 8 of issue 22).
mod only_binary_record {
    use memscope_binary::BinaryRecord;

    use super::common::records::{AllocationInfo, AllocationRecord};
    use memscope_binary::Layout;

    #[test]
    fn every_method_of_a_derived_type_is_reachable() {
        let info = AllocationInfo::new(1, 2, 3);
        let bytes = info.to_bytes(Layout::Basic).unwrap();
        assert_eq!(
            AllocationInfo::decode_slice(&bytes, Layout::Basic)
                .unwrap()
                .0,
            info
        );
        assert_eq!(
            AllocationInfo::read_with(&mut bytes.as_slice(), Layout::Basic).unwrap(),
            info
        );
        assert_eq!(
            AllocationInfo::read_from(&mut bytes.as_slice()).unwrap(),
            info
        );
        let mut written = Vec::new();
        assert_eq!(info.write_with(&mut written, Layout::Basic).unwrap(), 24);
        assert_eq!(info.encoded_len(Layout::Basic), 24);
        assert_eq!(
            AllocationInfo::encoded_size(Layout::Basic).exact_len(),
            Some(24)
        );
        assert_eq!(AllocationInfo::BASIC_SIZE.exact_len(), Some(24));
        assert_eq!(AllocationInfo::DETAILED_SIZE.min, 29);
        assert_eq!(AllocationInfo::schema(Layout::Basic).fields.len(), 3);

        // A borrowed record writes, measures and describes itself too.
        let record = AllocationRecord::from(&info);
        assert_eq!(record.to_bytes(Layout::Basic).unwrap(), bytes);
        let mut written = Vec::new();
        record.write_with(&mut written, Layout::Detailed).unwrap();
        assert_eq!(written.len(), record.encoded_len(Layout::Detailed));
        assert_eq!(AllocationRecord::BASIC_SIZE, AllocationInfo::BASIC_SIZE);
        assert_eq!(
            AllocationRecord::DETAILED_SIZE,
            AllocationInfo::DETAILED_SIZE
        );
        assert_eq!(
            AllocationRecord::encoded_size(Layout::Detailed),
            AllocationInfo::DETAILED_SIZE
        );
        assert_eq!(AllocationRecord::schema(Layout::Basic).fields.len(), 3);
    }
}
