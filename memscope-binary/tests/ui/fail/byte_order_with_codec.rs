use memscope_binary::{BinaryRecord, CodecError, FieldCodec, Layout, wire};
use std::io::{Read, Write};

struct Raw;

impl FieldCodec<u32> for Raw {
    fn write_with<W: Write + ?Sized>(value: &u32, w: &mut W, _: Layout) -> Result<usize, CodecError> {
        wire::write_bytes(w, &value.to_le_bytes())
    }

    fn read_with<R: Read + ?Sized>(r: &mut R, _: Layout) -> Result<u32, CodecError> {
        Ok(u32::from_le_bytes(wire::read_array(r)?))
    }
}

#[derive(BinaryRecord)]
#[binary(big_endian)]
struct Header {
    #[binary(with = Raw, big_endian)]
    length: u32,
    #[binary(little_endian, with = Raw)]
    other: u32,
}

fn main() {}
