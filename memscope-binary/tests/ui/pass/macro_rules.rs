//! Types defined by `macro_rules!` macros derive like any other: the
//! generated code's locals do not take the spans of tokens that came
//! through the macro, so they resolve together.
use memscope_binary::{BinaryRecord, Layout};

// The derive handed to the macro as an attribute, as serde, speedy,
// bincode and bitcode users do.
macro_rules! record {
    ($(#[$m:meta])* $name:ident { $($f:ident: $t:ty),* }) => {
        $(#[$m])* #[derive(Debug, Clone, PartialEq)] pub struct $name { $(pub $f: $t),* }
    };
}

record!(#[derive(memscope_binary::BinaryRecord)] Basic { ptr: u64, size: u64 });

// A `#[binary(...)]` attribute passed through the macro as well.
record!(
    #[derive(memscope_binary::BinaryRecord)]
    #[binary(tag = b"TAGD", size = 14)]
    Tagged { ptr: u64, kind: u16 }
);

// The derive written inside the macro body, fields and types from outside.
macro_rules! derived {
    ($name:ident { $($(#[$fm:meta])* $f:ident: $t:ty),* }) => {
        #[derive(BinaryRecord, Debug, Clone, PartialEq)]
        pub struct $name { $($(#[$fm])* pub $f: $t),* }
    };
}

derived!(Inner { ptr: u64, #[binary(detail, len = u8)] name: String });
derived!(Named {
    inner: Inner,
    #[binary(detail, presence_bit = 0)] note: Option<String>,
    #[binary(skip)] cache: Vec<u8>
});

// A tuple struct and an enum from inside a macro body.
macro_rules! shapes {
    ($tuple:ident($t:ty), $enum:ident) => {
        #[derive(BinaryRecord, Debug, PartialEq)]
        pub struct $tuple(pub $t, pub u8);

        #[derive(BinaryRecord, Debug, PartialEq)]
        #[repr(u8)]
        pub enum $enum { A = 1, B = 2 }
    };
}

shapes!(Pair(u32), Kind);

fn round_trip<T: BinaryRecord + PartialEq + std::fmt::Debug>(value: T, layout: Layout) {
    let bytes = value.to_bytes(layout).unwrap();
    assert_eq!(bytes.len(), value.encoded_len(layout));
    assert_eq!(T::decode_slice(&bytes, layout).unwrap(), (value, bytes.len()));
}

fn main() {
    round_trip(Basic { ptr: 1, size: 2 }, Layout::Basic);
    round_trip(Tagged { ptr: 3, kind: 4 }, Layout::Basic);
    round_trip(
        Named {
            inner: Inner { ptr: 5, name: "n".into() },
            note: Some("x".into()),
            cache: Vec::new(),
        },
        Layout::Detailed,
    );
    round_trip(Pair(6, 7), Layout::Basic);
    round_trip(Kind::B, Layout::Basic);
    assert_eq!(Basic::BASIC_SIZE.exact_len(), Some(16));
}
