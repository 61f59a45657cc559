//! Canonical maps and sets: equal `HashMap`s and `HashSet`s encode to
//! equal bytes, whatever their insertion order, capacity or hasher seed,
//! because their entries are written in the order of their keys' encodings
//! (compared as byte strings). B-trees keep their key order. Any order
//! decodes, so files written before still read.

mod common;

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasherDefault;

use common::{every_bit_flipped, every_truncation_fails, layouts, same};
use memscope_binary::{BinaryRecord, CodecError, Layout};
use proptest::prelude::*;

#[test]
fn entries_are_written_in_the_order_of_their_keys_encodings() {
    let map: HashMap<u16, u8> = [(1, 0xA), (256, 0xB), (2, 0xC)].into();
    #[rustfmt::skip]
    assert_eq!(map.to_bytes(Layout::Basic).unwrap(), [
        3, 0, 0, 0,       // count
        0x00, 0x01, 0x0B, // key 256 ([00 01] sorts first), value
        0x01, 0x00, 0x0A, // key 1
        0x02, 0x00, 0x0C, // key 2
    ]);
    // Strings: by their bytes, the length prefix first.
    let set: HashSet<String> = ["b".into(), "ab".into(), "a".into()].into();
    #[rustfmt::skip]
    assert_eq!(set.to_bytes(Layout::Basic).unwrap(), [
        3, 0, 0, 0,
        1, 0, b'a',
        1, 0, b'b',
        2, 0, b'a', b'b',
    ]);
}

#[test]
fn equal_tables_give_equal_bytes_whatever_their_history() {
    let keys: Vec<u64> = (0..500).map(|i| i * 7919 % 1009).collect();
    let mut forward: HashMap<u64, String> = HashMap::new();
    for &k in &keys {
        forward.insert(k, format!("v{k}"));
    }
    // Inserted backwards, into a bigger table, with a different seed
    // (every `RandomState` has its own), and after removals.
    let mut backward: HashMap<u64, String> =
        HashMap::with_capacity_and_hasher(4096, RandomState::new());
    for &k in keys.iter().rev() {
        backward.insert(k, format!("v{k}"));
    }
    backward.insert(99_999, "gone".into());
    backward.remove(&99_999);
    assert_eq!(forward, backward);
    for layout in [Layout::Basic, Layout::Detailed] {
        assert_eq!(
            forward.to_bytes(layout).unwrap(),
            backward.to_bytes(layout).unwrap()
        );
    }
    // A deterministic hasher, too.
    let fixed: HashMap<u64, String, BuildHasherDefault<std::collections::hash_map::DefaultHasher>> =
        forward.iter().map(|(k, v)| (*k, v.clone())).collect();
    assert_eq!(
        fixed.to_bytes(Layout::Basic).unwrap(),
        forward.to_bytes(Layout::Basic).unwrap()
    );
}

#[test]
fn any_order_decodes_and_a_repeated_key_is_refused() {
    // Not canonical (key 2 before key 1): as a writer before this change
    // could have written it.
    #[rustfmt::skip]
    let unsorted = [2, 0, 0, 0, 2, 0, 0x0C, 1, 0, 0x0A];
    let (map, used) = HashMap::<u16, u8>::decode_slice(&unsorted, Layout::Basic).unwrap();
    assert_eq!((map, used), ([(1, 0xA), (2, 0xC)].into(), unsorted.len()));
    let repeated = [2, 0, 0, 0, 1, 0, 0x0C, 1, 0, 0x0A];
    assert!(matches!(
        HashMap::<u16, u8>::decode_slice(&repeated, Layout::Basic),
        Err(CodecError::DuplicateKey { .. })
    ));
}

#[test]
fn a_key_that_cannot_be_written_is_an_error_with_its_index() {
    let map: HashMap<String, u8> = [("x".repeat(70_000), 1)].into();
    let error = map.to_bytes(Layout::Basic).unwrap_err();
    assert!(matches!(
        error,
        CodecError::LengthOverflow { len: 70_000, .. }
    ));
    assert_eq!(error.path().to_string(), "[0][0]");
}

#[test]
fn every_truncation_and_every_flipped_bit_is_an_error_or_a_value() {
    let map: HashMap<u16, String> = (0..5).map(|i| (i, "ab".repeat(i as usize))).collect();
    let bytes = map.to_bytes(Layout::Basic).unwrap();
    every_truncation_fails::<HashMap<u16, String>>(&bytes, Layout::Basic);
    every_bit_flipped::<HashMap<u16, String>>(&bytes, Layout::Basic);
}

proptest! {
    #[test]
    fn a_hash_map_writes_what_the_b_tree_of_its_encodings_would(
        entries in proptest::collection::vec((any::<u32>(), any::<u8>()), 0..32),
        layout in layouts(),
    ) {
        let map: HashMap<u32, u8> = entries.iter().copied().collect();
        // The same entries, sorted by the bytes of their keys.
        let by_bytes: BTreeMap<[u8; 4], u8> = map.iter().map(|(k, v)| (k.to_le_bytes(), *v)).collect();
        let expected = by_bytes.to_bytes(layout).unwrap();
        prop_assert_eq!(map.to_bytes(layout).unwrap(), expected);
        same(map, layout)?;
    }

    #[test]
    fn equal_sets_give_equal_bytes(mut elements in proptest::collection::vec(".{0,4}", 0..16)) {
        let first: HashSet<String> = elements.iter().cloned().collect();
        elements.reverse();
        let second: HashSet<String> = elements.into_iter().collect();
        prop_assert_eq!(first.to_bytes(Layout::Basic).unwrap(), second.to_bytes(Layout::Basic).unwrap());
    }
}
