//! `#[derive(BinaryRecord)]` without `std`: every shape and attribute that
//! does not need it (maps are `BTreeMap`s: hash maps need `std`), encoded
//! into a `Vec<u8>` and decoded from a slice or through the crate's own
//! `io::Read`. Built for `thumbv7em-none-eabi` by `.ci/run`.
#![no_std]

extern crate alloc;

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, Layout};

/// An owned record with strings, sequences, a map, presence bits and a
/// detail field.
#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(tag = b"NOST")]
pub struct Sample {
    pub id: u32,
    pub name: String,
    pub values: Vec<u16>,
    pub table: BTreeMap<u8, i64>,
    #[binary(presence_bit = 0)]
    pub note: Option<String>,
    #[binary(detail)]
    pub extra: u64,
}

/// Evolution, unknown variants, bit fields and byte order.
#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(extensible, big_endian)]
#[repr(u8)]
pub enum Message {
    Flags {
        #[binary(bits = 3)]
        kind: u8,
        #[binary(bits = 5)]
        level: u8,
        #[binary(default)]
        added: u16,
    } = 1,
    #[binary(unknown)]
    Unknown { tag: u8, bytes: Vec<u8> },
}

/// A record that borrows from its input.
#[derive(BinaryRecord, Debug, PartialEq)]
pub struct Borrowed<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Encodes and decodes each, and reads one through `io::Read`.
pub fn round_trip(sample: &Sample, message: &Message) -> Result<bool, CodecError> {
    let bytes = sample.to_bytes(Layout::Detailed)?;
    let (back, _) = Sample::decode_slice(&bytes, Layout::Detailed)?;
    let mut reader = bytes.as_slice();
    let read = Sample::read_with(&mut reader, Layout::Detailed)?;
    let message_bytes = message.to_bytes(Layout::Basic)?;
    let (message_back, _) = Message::decode_slice(&message_bytes, Layout::Basic)?;
    let borrowed = Borrowed {
        name: "n",
        bytes: &[1, 2],
    };
    let borrowed_bytes = borrowed.to_bytes(Layout::Basic)?;
    let (borrowed_back, _) = Borrowed::decode_borrowed(&borrowed_bytes, Layout::Basic)?;
    Ok(back == *sample && read == *sample && message_back == *message && borrowed_back == borrowed)
}
