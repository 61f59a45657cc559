//! Borrowed types: references, `Cow`s, nested borrowed types, several
//! lifetimes, generics, and every field attribute, in a crate that denies
//! warnings.
#![deny(warnings, unused)]

use std::borrow::Cow;

use memscope_binary::{BinaryRecord, BorrowRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq, Default)]
#[binary(tag = b"BRRW", size = 16)]
pub struct Names<'a> {
    id: u64,
    #[binary(skip)]
    cache: Option<&'a str>,
    #[binary(detail, len = u8)]
    name: &'a str,
    #[binary(detail, presence_bit = 2)]
    alias: Option<Cow<'a, str>>,
    #[binary(with = Doubled)]
    doubled: u32,
}

pub struct Doubled;

impl memscope_binary::FieldCodec<u32> for Doubled {
    const BASIC_SIZE: memscope_binary::EncodedSize = memscope_binary::EncodedSize::exact(4);
    const DETAILED_SIZE: memscope_binary::EncodedSize = memscope_binary::EncodedSize::exact(4);

    fn write_with<W: std::io::Write + ?Sized>(v: &u32, w: &mut W, l: Layout) -> Result<usize, memscope_binary::CodecError> {
        (v / 2).write_with(w, l)
    }

    fn read_with<R: std::io::Read + ?Sized>(r: &mut R, l: Layout) -> Result<u32, memscope_binary::CodecError> {
        u32::read_with(r, l).map(|v| v * 2)
    }
}

#[derive(BinaryRecord, Debug, PartialEq)]
pub struct Two<'a, 'b, T> {
    first: &'a [u8],
    second: Vec<Names<'b>>,
    value: T,
}

#[derive(BinaryRecord, Debug, PartialEq)]
#[repr(u16)]
pub enum Either<'a> {
    Text(&'a str),
    Bytes { raw: Cow<'a, [u8]> } = 9,
    Nothing,
}

fn rt<'a, T: BorrowRecord<'a> + PartialEq + std::fmt::Debug>(v: &T, buffer: &'a mut Vec<u8>) {
    for layout in [Layout::Basic, Layout::Detailed] {
        buffer.clear();
        v.write_borrowed(buffer, layout).unwrap();
        assert_eq!(buffer.len(), v.borrowed_len(layout));
    }
    let bytes: &'a [u8] = buffer;
    let (back, used) = T::decode_borrowed(bytes, Layout::Detailed).unwrap();
    assert_eq!((&back, used), (v, bytes.len()));
}

fn main() {
    let names = Names { id: 1, cache: None, name: "n", alias: Some(Cow::Borrowed("a")), doubled: 4 };
    rt(&names, &mut Vec::new());
    rt(&Two { first: &[1, 2], second: vec![Names::default()], value: 5u8 }, &mut Vec::new());
    rt(&Either::Text("t"), &mut Vec::new());
    rt(&Either::Bytes { raw: Cow::Borrowed(&[3]) }, &mut Vec::new());
    rt(&Either::Nothing, &mut Vec::new());
    assert_eq!(Names::BORROWED_BASIC_SIZE.exact_len(), Some(16));
}
