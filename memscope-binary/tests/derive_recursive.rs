//! Recursive types: a type that contains itself (through `Vec`, `Option`,
//! `Box`, a variant) derives, its size unknown rather than a compile-time
//! cycle, and round-trips. Decoding bounds the nesting (128 levels by
//! default, `#[binary(max_depth = N)]` otherwise) with a typed error, so no
//! input overflows the stack.

mod common;

use common::{every_byte_changed, every_truncation_fails, layouts, same};
use memscope_binary::{BinaryRecord, BorrowRecord, CodecError, EncodedSize, Layout};
use proptest::prelude::*;

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Node {
    value: u32,
    children: Vec<Node>,
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct List {
    value: u8,
    next: Option<Box<List>>,
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[repr(u8)]
enum Expr {
    Number(i64),
    Add(Box<Expr>, Box<Self>),
    Call {
        #[binary(len = u8)]
        name: String,
        args: Vec<Expr>,
    },
}

#[derive(BinaryRecord, Debug, Clone, PartialEq)]
#[binary(max_depth = 4)]
struct Shallow {
    #[binary(detail)]
    inner: Option<Box<Shallow>>,
}

/// Borrowed and recursive.
#[derive(BinaryRecord, Debug, Clone, PartialEq)]
struct Path<'a> {
    name: &'a str,
    parent: Option<Box<Path<'a>>>,
}

fn list(len: usize) -> List {
    let mut list = List {
        value: 0,
        next: None,
    };
    for value in 1..len {
        list = List {
            value: value as u8,
            next: Some(Box::new(list)),
        };
    }
    list
}

/// `levels` nested `List`s, every value 0.
fn zeros(levels: usize) -> List {
    let mut list = List {
        value: 0,
        next: None,
    };
    for _ in 1..levels {
        list = List {
            value: 0,
            next: Some(Box::new(list)),
        };
    }
    list
}

/// `levels` nested `List`s as bytes: value 0, tag 1 (Some), value 0, ...,
/// then tag 0 (None) if `end`.
fn list_bytes(levels: usize, end: bool) -> Vec<u8> {
    let mut bytes = [0u8, 1].repeat(levels);
    if end {
        let last = bytes.len() - 1;
        bytes[last] = 0;
    }
    bytes
}

#[test]
fn recursive_sizes_are_unknown_not_a_compile_cycle() {
    assert_eq!(Node::BASIC_SIZE, EncodedSize { min: 4, max: None });
    assert_eq!(List::BASIC_SIZE, EncodedSize { min: 1, max: None });
    assert_eq!(Expr::BASIC_SIZE.max, None);
    assert_eq!(<Path as BorrowRecord>::BORROWED_BASIC_SIZE.max, None);
}

#[test]
fn a_tree_is_its_value_then_its_children() {
    let tree = Node {
        value: 1,
        children: vec![Node {
            value: 2,
            children: vec![],
        }],
    };
    #[rustfmt::skip]
    assert_eq!(tree.to_bytes(Layout::Basic).unwrap(), [
        1, 0, 0, 0,     // value
        1, 0, 0, 0,     // children: u32 count 1
        2, 0, 0, 0,     //   value
        0, 0, 0, 0,     //   children: none
    ]);
}

#[test]
fn nesting_up_to_the_limit_decodes_and_one_more_level_is_an_error() {
    for layout in [Layout::Basic, Layout::Detailed] {
        let bytes = list_bytes(128, true);
        assert_eq!(
            List::decode_slice(&bytes, layout).unwrap(),
            (zeros(128), bytes.len())
        );
        assert_eq!(
            List::read_with(&mut bytes.as_slice(), layout).unwrap(),
            zeros(128)
        );

        let bytes = list_bytes(129, true);
        for error in [
            List::decode_slice(&bytes, layout).unwrap_err(),
            List::read_with(&mut bytes.as_slice(), layout).unwrap_err(),
        ] {
            assert!(
                matches!(error, CodecError::TooDeep { limit: 128, .. }),
                "{error:?}"
            );
            // The 129th list begins after 128 levels of two bytes.
            assert_eq!(error.offset(), 256);
            assert_eq!(
                error.to_string(),
                format!(
                    "nesting too deep at byte 256 in List{}: more than 128 levels of a recursive type",
                    ".next".repeat(128)
                )
            );
        }
    }
}

#[test]
fn max_depth_sets_the_limit() {
    let nested = |levels: usize| {
        let mut value = Shallow { inner: None };
        for _ in 1..levels {
            value = Shallow {
                inner: Some(Box::new(value)),
            };
        }
        value
    };
    let four = nested(4).to_bytes(Layout::Detailed).unwrap();
    assert_eq!(
        Shallow::decode_slice(&four, Layout::Detailed).unwrap().0,
        nested(4)
    );
    let five = nested(5).to_bytes(Layout::Detailed).unwrap();
    let error = Shallow::decode_slice(&five, Layout::Detailed).unwrap_err();
    assert!(
        matches!(error, CodecError::TooDeep { limit: 4, .. }),
        "{error:?}"
    );
}

#[test]
fn a_million_levels_of_hostile_nesting_are_an_error_not_a_stack_overflow() {
    let bytes = list_bytes(1_000_000, true);
    assert!(matches!(
        List::decode_slice(&bytes, Layout::Basic),
        Err(CodecError::TooDeep { .. })
    ));
    assert!(matches!(
        List::read_with(&mut bytes.as_slice(), Layout::Basic),
        Err(CodecError::TooDeep { .. })
    ));
    // An expression that opens a million `Add`s.
    let adds = [1u8].repeat(1_000_000);
    assert!(matches!(
        Expr::decode_slice(&adds, Layout::Basic),
        Err(CodecError::TooDeep { .. })
    ));
    // A tree a million children deep: count 1, value, count 1, ...
    let tree = [0u8, 0, 0, 0, 1, 0, 0, 0].repeat(1_000_000);
    assert!(matches!(
        Node::decode_slice(&tree, Layout::Basic),
        Err(CodecError::TooDeep { .. })
    ));
    let path = [0u8, 0, 1].repeat(1_000_000);
    assert!(matches!(
        Path::decode_borrowed(&path, Layout::Basic),
        Err(CodecError::TooDeep { .. })
    ));
}

#[test]
fn the_depth_is_released_on_success_and_on_error() {
    let deep = list_bytes(129, true);
    assert!(List::decode_slice(&deep, Layout::Basic).is_err());
    assert!(List::decode_slice(&deep[..10], Layout::Basic).is_err());
    // After failures at any depth the next decode has the whole budget.
    let bytes = list_bytes(128, true);
    assert!(List::decode_slice(&bytes, Layout::Basic).is_ok());
    assert_eq!(memscope_binary::__private::DepthGuard::current(), 0);
}

#[test]
fn wide_trees_are_not_deep() {
    // Ten thousand siblings are one level.
    let wide = Node {
        value: 0,
        children: (0..10_000)
            .map(|value| Node {
                value,
                children: vec![],
            })
            .collect(),
    };
    let bytes = wide.to_bytes(Layout::Basic).unwrap();
    assert_eq!(Node::decode_slice(&bytes, Layout::Basic).unwrap().0, wide);
}

#[test]
fn hostile_recursive_input_is_an_error_or_a_value_never_a_panic() {
    let expr = Expr::Call {
        name: "f".into(),
        args: vec![
            Expr::Number(1),
            Expr::Add(Box::new(Expr::Number(2)), Box::new(Expr::Number(3))),
        ],
    };
    let bytes = expr.to_bytes(Layout::Basic).unwrap();
    every_truncation_fails::<Expr>(&bytes, Layout::Basic);
    let (decoded, refused) = every_byte_changed::<Expr>(&bytes, Layout::Basic);
    assert!(decoded > 0 && refused > 0);
    every_truncation_fails::<List>(&list(5).to_bytes(Layout::Basic).unwrap(), Layout::Basic);
}

fn node() -> impl Strategy<Value = Node> {
    any::<u32>()
        .prop_map(|value| Node {
            value,
            children: vec![],
        })
        .prop_recursive(4, 32, 4, |inner| {
            (any::<u32>(), proptest::collection::vec(inner, 0..4))
                .prop_map(|(value, children)| Node { value, children })
        })
}

fn expr() -> impl Strategy<Value = Expr> {
    any::<i64>()
        .prop_map(Expr::Number)
        .prop_recursive(5, 32, 3, |inner| {
            prop_oneof![
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| Expr::Add(Box::new(a), Box::new(b))),
                ("[a-z]{0,5}", proptest::collection::vec(inner, 0..3))
                    .prop_map(|(name, args)| Expr::Call { name, args }),
            ]
        })
}

proptest! {
    #[test]
    fn recursive_values_round_trip(layout in layouts(), node in node(), expr in expr(), len in 1usize..100) {
        same(node, layout)?;
        same(expr, layout)?;
        same(list(len), layout)?;
    }

    #[test]
    fn borrowed_recursive_values_round_trip(layout in layouts(), names in proptest::collection::vec(".{0,4}", 1..20)) {
        let mut path = Path { name: &names[0], parent: None };
        for name in &names[1..] {
            path = Path { name, parent: Some(Box::new(path)) };
        }
        let mut bytes = Vec::new();
        path.write_borrowed(&mut bytes, layout).unwrap();
        prop_assert_eq!(bytes.len(), path.borrowed_len(layout));
        prop_assert_eq!(Path::decode_borrowed(&bytes, layout).unwrap(), (path, bytes.len()));
    }
}
