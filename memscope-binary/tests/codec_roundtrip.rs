//! Property: for every supported type and both layouts, decoding what was
//! encoded gives the value back, both decoders consume exactly the bytes the
//! encoder wrote, and that count is `encoded_len` and lies within the type's
//! compile-time `EncodedSize` (equal to it where the size is fixed).

use std::fmt::Debug;

mod common;

use common::records::{AllocationInfo, MemoryStats};
use memscope_binary::{BinaryRecord, Layout};
use proptest::prelude::*;

fn layouts() -> impl Strategy<Value = Layout> {
    prop_oneof![Just(Layout::Basic), Just(Layout::Detailed)]
}

/// Encodes `value` and checks every promise of the trait; returns the decoded
/// copy so callers can compare types without `PartialEq` semantics (floats).
fn round_trip<T: BinaryRecord + Debug>(value: &T, layout: Layout) -> Result<T, TestCaseError> {
    let bytes = value
        .to_bytes(layout)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(bytes.len(), value.encoded_len(layout));
    let size = T::encoded_size(layout);
    prop_assert!(
        bytes.len() >= size.min,
        "{} < min {}",
        bytes.len(),
        size.min
    );
    if let Some(max) = size.max {
        prop_assert!(bytes.len() <= max, "{} > max {}", bytes.len(), max);
    }
    if let Some(exact) = size.exact_len() {
        prop_assert_eq!(bytes.len(), exact);
    }

    // Trailing bytes belong to whatever comes next and must be left alone.
    let mut padded = bytes.clone();
    padded.extend_from_slice(&[0xAB; 3]);
    let (from_slice, used) =
        T::decode_slice(&padded, layout).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(used, bytes.len());

    let mut reader = padded.as_slice();
    let from_reader =
        T::read_with(&mut reader, layout).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(reader.len(), 3, "read_with consumed bytes past the value");

    // Both decoders agree byte for byte.
    prop_assert_eq!(
        from_reader.to_bytes(layout).unwrap(),
        from_slice.to_bytes(layout).unwrap()
    );
    Ok(from_slice)
}

fn same<T: BinaryRecord + Debug + PartialEq>(
    value: T,
    layout: Layout,
) -> Result<(), TestCaseError> {
    let back = round_trip(&value, layout)?;
    prop_assert_eq!(back, value);
    Ok(())
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[repr(u8)]
enum Kind {
    Heap = 1,
    Stack = 2,
    Static = 200,
}

#[derive(BinaryRecord, Debug, Clone, PartialEq, Default)]
struct Leaf {
    id: u32,
    #[binary(detail, presence_bit = 0)]
    label: Option<String>,
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(tag = b"TREE")]
struct Tree<T> {
    kind: Kind,
    value: T,
    leaves: Vec<Leaf>,
    #[binary(detail)]
    pair: (Option<Box<Leaf>>, [i16; 3]),
    #[binary(len = u8)]
    short: String,
    #[binary(skip)]
    scratch: u64,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Heap), Just(Kind::Stack), Just(Kind::Static)]
}

prop_compose! {
    fn leaf()(id in any::<u32>(), label in proptest::option::of(".{0,8}")) -> Leaf {
        Leaf { id, label }
    }
}

prop_compose! {
    fn tree()(
        kind in kind(),
        value in any::<i64>(),
        leaves in proptest::collection::vec(leaf(), 0..6),
        boxed in proptest::option::of(leaf()),
        array in any::<[i16; 3]>(),
        short in ".{0,20}".prop_filter("fits a u8 prefix", |s: &String| s.len() <= 255),
    ) -> Tree<i64> {
        Tree { kind, value, leaves, pair: (boxed.map(Box::new), array), short, scratch: 0 }
    }
}

prop_compose! {
    fn allocation()(
        ptr in any::<usize>(),
        size in any::<usize>(),
        timestamp_alloc in any::<u64>(),
        var_name in proptest::option::of(".{0,12}"),
        type_name in proptest::option::of(".{0,12}"),
    ) -> AllocationInfo {
        AllocationInfo { ptr, size, timestamp_alloc, var_name, type_name }
    }
}

prop_compose! {
    fn stats()(v in any::<[u64; 7]>()) -> MemoryStats {
        MemoryStats {
            total_allocations: v[0],
            total_deallocations: v[1],
            active_allocations: v[2],
            active_memory: v[3],
            peak_memory: v[4],
            total_allocated: v[5],
            total_deallocated: v[6],
            ..Default::default()
        }
    }
}

proptest! {
    #[test]
    fn integers_round_trip(
        layout in layouts(),
        a in any::<(u8, u16, u32, u64)>(),
        b in any::<(i8, i16, i32, i64)>(),
        c in any::<(u128, i128, usize, isize)>(),
    ) {
        same(a, layout)?;
        same(b, layout)?;
        same(c, layout)?;
    }

    #[test]
    fn floats_round_trip_bit_for_bit(layout in layouts(), x in any::<f32>(), y in any::<f64>()) {
        prop_assert_eq!(round_trip(&x, layout)?.to_bits(), x.to_bits());
        prop_assert_eq!(round_trip(&y, layout)?.to_bits(), y.to_bits());
        let nan = f64::from_bits(0x7ff8_0000_dead_beef);
        prop_assert_eq!(round_trip(&nan, layout)?.to_bits(), nan.to_bits());
    }

    #[test]
    fn bool_char_and_unit_round_trip(layout in layouts(), b in any::<bool>(), c in any::<char>()) {
        same(b, layout)?;
        same(c, layout)?;
        same((), layout)?;
    }

    #[test]
    fn strings_options_vecs_arrays_boxes_round_trip(
        layout in layouts(),
        s in ".{0,40}",
        o in proptest::option::of(any::<u32>()),
        v in proptest::collection::vec(any::<u16>(), 0..50),
        nested in proptest::collection::vec(proptest::option::of(".{0,5}"), 0..8),
        a in any::<[u8; 16]>(),
        bx in any::<u64>().prop_map(Box::new),
    ) {
        same(s, layout)?;
        same(o, layout)?;
        same(v, layout)?;
        same(nested, layout)?;
        same(a, layout)?;
        same(bx, layout)?;
    }

    #[test]
    fn long_tuples_round_trip(layout in layouts(), a in any::<(u8, u16, u32, u64, i8, i16)>(), b in any::<(i32, i64, bool, char, u8, u8)>()) {
        same((a.0, a.1, a.2, a.3, a.4, a.5, b.0, b.1, b.2, b.3, b.4, b.5), layout)?;
    }

    #[test]
    fn derived_nested_generic_structs_round_trip(layout in layouts(), t in tree()) {
        let back = round_trip(&t, layout)?;
        match layout {
            Layout::Detailed => {
                // Everything but the skipped field survives.
                let expected = Tree { scratch: 0, ..t.clone() };
                prop_assert_eq!(back, expected);
            }
            Layout::Basic => {
                // Detail fields come back as their defaults, labels as None.
                prop_assert_eq!(back.pair, (None, [0; 3]));
                prop_assert!(back.leaves.iter().all(|l| l.label.is_none()));
                prop_assert_eq!(back.leaves.len(), t.leaves.len());
                prop_assert_eq!(back.short, t.short);
                prop_assert_eq!(back.value, t.value);
            }
        }
    }

    #[test]
    fn allocation_info_round_trips_in_both_layouts(info in allocation()) {
        let basic = round_trip(&info, Layout::Basic)?;
        prop_assert_eq!(basic, AllocationInfo::new(info.ptr, info.size, info.timestamp_alloc));
        same(info, Layout::Detailed)?;
    }

    #[test]
    fn memory_stats_round_trip(s in stats(), layout in layouts()) {
        same(s, layout)?;
    }
}
