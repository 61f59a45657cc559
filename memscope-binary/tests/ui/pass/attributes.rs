//! Every field attribute, together, in a struct that compiles.
use memscope_binary::{BinaryRecord, CodecError, FieldCodec, Layout, wire};
use std::io::{Read, Write};

/// Stores a `u64` as a `u32`, refusing values that do not fit.
struct Narrow;

impl FieldCodec<u64> for Narrow {
    const BASIC_SIZE: memscope_binary::EncodedSize = memscope_binary::EncodedSize::exact(4);
    const DETAILED_SIZE: memscope_binary::EncodedSize = memscope_binary::EncodedSize::exact(4);

    fn write_with<W: Write + ?Sized>(value: &u64, w: &mut W, _: Layout) -> Result<usize, CodecError> {
        let narrow = u32::try_from(*value).map_err(|_| CodecError::invalid(0, "over u32::MAX"))?;
        wire::write_bytes(w, &narrow.to_le_bytes())
    }

    fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<u64, CodecError> {
        Ok(u64::from(u32::from_le_bytes(wire::read_array(r)?)))
    }
}

#[derive(BinaryRecord, Debug, PartialEq, Default)]
#[binary(tag = b"ATTR")]
struct Everything {
    #[binary(with = Narrow)]
    narrow: u64,
    #[binary(len = u8)]
    short: String,
    #[binary(len = u32)]
    long: Vec<u16>,
    #[binary(skip)]
    cache: std::collections::HashMap<u32, u32>,
    #[binary(detail)]
    note: String,
    #[binary(detail, presence_bit = 0, len = u8)]
    first: Option<String>,
    #[binary(detail, presence_bit = 3)]
    second: Option<u32>,
}

fn main() {
    let value = Everything {
        narrow: 5,
        short: "s".into(),
        long: vec![1, 2],
        note: "n".into(),
        first: Some(String::new()),
        second: None,
        ..Default::default()
    };
    let bytes = value.to_bytes(Layout::Detailed).unwrap();
    // tag 4 + narrow 4 + short 1+1 + long 4+4 + note 2+1 + first 1+0 + second 4 + flags 1
    assert_eq!(bytes.len(), 27);
    assert_eq!(*bytes.last().unwrap(), 0b0000_0001);
    assert_eq!(Everything::decode_slice(&bytes, Layout::Detailed).unwrap().0, value);
}
