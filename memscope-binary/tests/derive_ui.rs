//! Compile-time behaviour of `#[derive(BinaryRecord)]`: every supported shape
//! compiles (`ui/pass`), and every misuse is a compile error whose message
//! and span are pinned in a committed `.stderr` (`ui/fail`). Regenerate with
//! `TRYBUILD=overwrite cargo test -p memscope-binary --test derive_ui` and read the diff: the
//! messages are the user interface.

#[test]
fn derive_ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
