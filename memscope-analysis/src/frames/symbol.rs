//! Function names as the symbolizer gives them (demangled Rust paths,
//! short DWARF names of inlined functions, C symbols), and what can be
//! read off them: their crate, their generic arguments elided, closures.

/// The standard library's crates and the crates it is built from.
const STD_CRATES: [&str; 7] = [
    "alloc",
    "core",
    "std",
    "hashbrown",
    "std_detect",
    "rustc_demangle",
    "panic_unwind",
];

/// C start-up and thread functions: the runtime above the program.
const C_RUNTIME: [&str; 9] = [
    "_start",
    "__libc_start_main",
    "__libc_start_call_main",
    "__libc_start_main_impl",
    "start_thread",
    "clone",
    "clone3",
    "__clone",
    "__clone3",
];

/// `text` seen through the references, pointers, slices and trait objects
/// around a path: `<&mut [T] as ...` is `T as ...`.
fn path_of(mut text: &str) -> &str {
    loop {
        let before = text.len();
        for prefix in ["<", "&mut ", "&", "*const ", "*mut ", "[", "(", "dyn "] {
            while let Some(rest) = text.strip_prefix(prefix) {
                text = rest;
            }
        }
        if text.len() == before {
            return text;
        }
    }
}

/// The crate whose code `function` is, by its path: the first segment of
/// a path, and for a trait's method (`<T as Trait>::method`) the crate of
/// the type when it is a path outside the standard library, else of the
/// trait (an impl of the program's trait for `Vec` is the program's).
/// `None` for a name without a path (`allocate`, `{closure#0}`, `main`).
///
/// ```
/// use memscope_analysis::frames::crate_of_function;
///
/// assert_eq!(crate_of_function("jaq_json::read::parse_many"), Some("jaq_json"));
/// assert_eq!(crate_of_function("<indexmap::map::IndexMap<K,V> as core::clone::Clone>::clone"), Some("indexmap"));
/// assert_eq!(crate_of_function("<str as alloc::string::ToString>::to_string"), Some("alloc"));
/// assert_eq!(crate_of_function("<alloc::vec::Vec<u8> as app::parse::Parse>::parse"), Some("app"));
/// assert_eq!(crate_of_function("allocate"), None);
/// ```
pub fn crate_of_function(function: &str) -> Option<&str> {
    if let Some((self_type, trait_path)) = impl_of(function) {
        return match first_segment(self_type) {
            Some(krate) if !STD_CRATES.contains(&krate) => Some(krate),
            krate => first_segment(trait_path).or(krate),
        };
    }
    first_segment(function)
}

/// The crate of the trait of a trait's method (`<T as Trait>::method`);
/// `None` for any other function.
pub(crate) fn trait_crate_of(function: &str) -> Option<&str> {
    impl_of(function).and_then(|(_, trait_path)| first_segment(trait_path))
}

/// The type and the trait (with what follows it) of a trait's method
/// (`<T as Trait>::method`); `None` for any other function.
fn impl_of(function: &str) -> Option<(&str, &str)> {
    split_as(function.strip_prefix('<')?)
}

/// The first segment of the path in `text`, when it is a path of more
/// than one segment and that segment is a plain identifier.
fn first_segment(text: &str) -> Option<&str> {
    let path = path_of(text);
    let end = path.find("::")?;
    let segment = &path[..end];
    let plain = !segment.is_empty() && segment.chars().all(|c| c.is_alphanumeric() || c == '_');
    plain.then_some(segment)
}

/// `<T as Trait>::...` without its `<`: (`T`, `Trait>::...`), splitting at
/// the ` as ` outside every generic list.
fn split_as(inner: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (at, c) in inner.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ' ' if depth == 0 && inner[at..].starts_with(" as ") => {
                return Some((&inner[..at], &inner[at + 4..]));
            }
            _ => {}
        }
    }
    None
}

/// Whether `function` is the standard library's own code: a path in one
/// of its crates (`alloc`, `core`, `std`, `hashbrown`), or a library
/// trait's method on a library type or a type that is not a path
/// (`<str as alloc::string::ToString>::to_string`). A method of another
/// crate's type stays that crate's, whoever defined the trait
/// (`<app::Config as core::clone::Clone>::clone`), and a method of another
/// crate's trait is that crate's, whatever the type
/// (`<alloc::vec::Vec<u8> as app::Parse>::parse`).
///
/// ```
/// use memscope_analysis::frames::is_std_function;
///
/// assert!(is_std_function("alloc::raw_vec::RawVec<T,A>::grow_one"));
/// assert!(is_std_function("<alloc::vec::Vec<T> as core::clone::Clone>::clone"));
/// assert!(is_std_function("<str as alloc::string::ToString>::to_string"));
/// assert!(!is_std_function("<app::Config as core::clone::Clone>::clone"));
/// assert!(!is_std_function("<alloc::vec::Vec<u8> as app::Parse>::parse"));
/// assert!(!is_std_function("app::main"));
/// ```
pub fn is_std_function(function: &str) -> bool {
    crate_of_function(function).is_some_and(|krate| STD_CRATES.contains(&krate))
}

/// Whether `function` is the C runtime's start-up or thread entry, or the
/// `main` rustc generates to start the Rust runtime.
pub fn is_c_runtime_function(function: &str) -> bool {
    function == "main" || C_RUNTIME.contains(&function)
}

/// `name` with every generic argument list removed (`parse_many<R>` is
/// `parse_many`, `Vec<T>::push` is `Vec::push`, the turbofish
/// `print_to::<Stdout>` is `print_to`), and the `<T as Trait>`
/// shape of a qualified path kept. The `>` of a `->` inside does not
/// close a list; an unclosed list is dropped.
///
/// ```
/// use memscope_analysis::frames::elide_generics;
///
/// assert_eq!(elide_generics("reserve<(alloc::string::String, usize), F>"), "reserve");
/// assert_eq!(elide_generics("<alloc::vec::Vec<T> as core::clone::Clone>::clone"), "<alloc::vec::Vec as core::clone::Clone>::clone");
/// assert_eq!(elide_generics("call_once<fn() -> core::result::Result<(), E>, ()>"), "call_once");
/// assert_eq!(elide_generics("{closure#0}<app::Env>"), "{closure#0}");
/// assert_eq!(elide_generics("std::io::stdio::print_to::<std::io::stdio::Stdout>"), "std::io::stdio::print_to");
/// assert_eq!(
///     elide_generics("<std::sync::OnceLock<T>>::initialize::<<std::sync::OnceLock<T>>::get_or_init::{closure#0}, !>::{closure#0}"),
///     "<std::sync::OnceLock>::initialize::{closure#0}",
/// );
/// ```
pub fn elide_generics(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // Depth of generic lists being dropped, and whether the `<` at each
    // depth opened a list (else it opened a qualified path, kept).
    let mut stack: Vec<bool> = Vec::new();
    let mut previous = ' ';
    for c in name.chars() {
        let dropping = stack.iter().any(|&list| list);
        match c {
            '<' => {
                // A list follows a name or a closure's `}`; a qualified
                // path starts a segment (at the start, after `::`, `(`,
                // `&`, a space or another `<`).
                let turbofish = !dropping && previous == ':' && out.ends_with("::");
                let list =
                    previous.is_alphanumeric() || previous == '_' || previous == '}' || turbofish;
                if turbofish {
                    // `name::<T>` is `name<T>`: the `::` goes with the list.
                    out.truncate(out.len() - 2);
                }
                stack.push(list || dropping);
                if !(list || dropping) {
                    out.push(c);
                }
            }
            '>' if previous == '-' => {
                if !dropping {
                    out.push(c);
                }
            }
            '>' => match stack.pop() {
                Some(true) => {}
                Some(false) => out.push(c),
                None => out.push(c),
            },
            _ if dropping => {}
            _ => out.push(c),
        }
        previous = c;
    }
    out
}

/// Whether a path segment names a closure: `{closure#0}` (v0) or
/// `{{closure}}` (legacy).
pub(crate) fn is_closure_segment(segment: &str) -> bool {
    segment.starts_with("{closure") || segment == "{{closure}}"
}

/// The segments of a path, split at the `::` outside every `<...>`.
pub(crate) fn segments(path: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = path.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'<' => depth += 1,
            b'>' if at > 0 && bytes[at - 1] != b'-' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(at + 1) == Some(&b':') => {
                parts.push(&path[start..at]);
                at += 2;
                start = at;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    parts.push(&path[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_arguments_go_and_qualified_paths_keep_their_shape() {
        assert_eq!(elide_generics("app::main"), "app::main");
        assert_eq!(
            elide_generics("<&mut [T] as core::fmt::Debug>::fmt"),
            "<&mut [T] as core::fmt::Debug>::fmt"
        );
        assert_eq!(
            elide_generics("hashbrown::raw::RawTable<T,A>::reserve_rehash<F>"),
            "hashbrown::raw::RawTable::reserve_rehash"
        );
        assert_eq!(elide_generics("f<unclosed"), "f");
        assert_eq!(
            elide_generics("jaq_json::read::parse::{closure#0}<R>"),
            "jaq_json::read::parse::{closure#0}"
        );
    }

    #[test]
    fn a_function_s_crate_is_its_path_s_or_its_self_type_s() {
        assert_eq!(
            crate_of_function("<&app::Config as core::fmt::Debug>::fmt"),
            Some("app")
        );
        assert_eq!(
            crate_of_function("<[u8] as alloc::borrow::ToOwned>::to_owned"),
            Some("alloc")
        );
        assert_eq!(crate_of_function("{closure#0}"), None);
        assert_eq!(crate_of_function("__libc_start_main"), None);
        assert!(!is_std_function(
            "<&mut jaq::Ctx as core::iter::Iterator>::next"
        ));
        assert!(is_std_function("<&mut I as core::iter::Iterator>::next"));
        assert!(is_std_function("hashbrown::raw::RawTable<T>::reserve"));
        assert!(is_c_runtime_function("__libc_start_call_main"));
        assert!(!is_c_runtime_function("app::main"));
    }

    #[test]
    fn paths_split_at_the_separators_outside_generic_lists() {
        assert_eq!(
            segments("<a::B<c::D> as e::F>::g::{closure#0}"),
            ["<a::B<c::D> as e::F>", "g", "{closure#0}"]
        );
        assert_eq!(segments("main"), ["main"]);
        assert!(is_closure_segment("{closure#3}"));
        assert!(is_closure_segment("{{closure}}"));
        assert!(!is_closure_segment("closure"));
    }
}
