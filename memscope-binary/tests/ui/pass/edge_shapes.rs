//! Shapes at the edges of what the generated code special-cases (a tag and
//! nothing else, one field, only detailed or only optional fields, flags in
//! both layouts), in a crate that denies warnings: the generated code
//! declares nothing it does not use.
#![deny(warnings, unused)]

use memscope_binary::{BinaryRecord, Layout};

#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct One {
    a: u64,
}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
#[binary(tag = b"TAGO")]
pub struct TagOnly {}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
#[binary(tag = b"TAG1")]
pub struct TagOne(u8);
#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct OnlyDetail {
    #[binary(detail)]
    a: String,
}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct OnlyPresence {
    #[binary(presence_bit = 3)]
    a: Option<String>,
}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct PresenceBoth {
    #[binary(presence_bit = 0)]
    a: Option<u32>,
    #[binary(presence_bit = 7, len = u8)]
    b: Option<String>,
    c: u8,
}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct OnlySkip {
    #[binary(skip)]
    a: String,
}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct DetailPresence {
    #[binary(detail, presence_bit = 3)]
    a: Option<String>,
}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct Lifetime<'a> {
    #[binary(skip)]
    a: Option<&'a str>,
    b: u8,
}
#[derive(BinaryRecord, Debug, PartialEq, Default)]
pub struct GenOne<T> {
    a: T,
}
#[derive(BinaryRecord, Debug, PartialEq, Clone, Copy)]
#[repr(u8)]
pub enum E {
    A,
    B = 5,
}
#[derive(BinaryRecord, Debug, PartialEq)]
#[binary(tag = b"ENUM")]
#[repr(i32)]
pub enum ET {
    A = -3,
    B,
}

fn rt<T: BinaryRecord + PartialEq + std::fmt::Debug>(v: T) {
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = v.to_bytes(layout).unwrap();
        assert_eq!(bytes.len(), v.encoded_len(layout));
        assert_eq!(
            T::decode_slice(&bytes, layout).unwrap(),
            (
                T::read_with(&mut bytes.as_slice(), layout).unwrap(),
                bytes.len()
            )
        );
        let (back, _) = T::decode_slice(&bytes, layout).unwrap();
        if layout == Layout::Detailed {
            assert_eq!(back, v);
        }
    }
}

fn main() {
    rt(One { a: 5 });
    rt(TagOnly {});
    rt(TagOne(3));
    rt(OnlyDetail { a: "x".into() });
    rt(OnlyPresence {
        a: Some(String::new()),
    });
    rt(OnlyPresence { a: None });
    rt(PresenceBoth {
        a: Some(0),
        b: None,
        c: 9,
    });
    rt(OnlySkip::default());
    rt(DetailPresence {
        a: Some("hi".into()),
    });
    rt(Lifetime { a: None, b: 1 });
    rt(GenOne { a: 7u16 });
    rt(E::B);
    rt(ET::A);
}
