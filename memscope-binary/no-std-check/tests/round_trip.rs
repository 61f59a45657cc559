//! The `#![no_std]` crate's records round-trip on the host too, with
//! memscope-binary built without `std` (its own `io::Read`, an atomic depth
//! counter, no hash maps).

use std::collections::BTreeMap;

use memscope_binary::io::Read as _;
use memscope_binary_no_std_check::{Message, Sample, round_trip};

#[test]
fn every_record_round_trips_without_std() {
    let sample = Sample {
        id: 7,
        name: "no_std".into(),
        values: vec![1, 2, 3],
        table: BTreeMap::from([(1, -1), (2, 2)]),
        note: Some("n".into()),
        extra: 9,
    };
    let message = Message::Flags {
        kind: 5,
        level: 17,
        added: 3,
    };
    assert!(round_trip(&sample, &message).unwrap());
    let unknown = Message::Unknown {
        tag: 40,
        bytes: vec![1, 2],
    };
    assert!(round_trip(&sample, &unknown).unwrap());
    // The crate's own `Read` for a slice.
    let mut source: &[u8] = &[1, 2, 3];
    let mut buf = [0; 2];
    assert_eq!(source.read(&mut buf).unwrap(), 2);
    assert_eq!(source, [3]);
}
