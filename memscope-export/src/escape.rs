//! The characters no output shows raw, and how each kind of output writes
//! them instead.
//!
//! Names in a memscope file (and the paths a user types) are text from
//! elsewhere. A terminal acts on some characters rather than showing them:
//! controls move the cursor or start escape sequences, bidirectional
//! overrides reverse what follows (numbers included), zero-width characters
//! and line separators hide or split text. [`needs_escape`] is the one list
//! of them; [`escape_text`] and [`quote_text`] write them visibly for people
//! (`\u{202e}`), and [`SafeJson`] writes them as `\u202e` escapes in JSON,
//! which parses back to the same string.

use std::borrow::Cow;
use std::io;

/// Whether `c` is shown escaped by every output: C0 controls, DEL, C1
/// controls, bidirectional controls (U+061C, U+200E, U+200F, U+202A to
/// U+202E, U+2066 to U+2069), zero-width and invisible characters (U+180E,
/// U+200B to U+200D, U+2060 to U+2064, U+206A to U+206F, U+FEFF, U+FFF9 to
/// U+FFFB, the tag characters U+E0000 to U+E007F) and the line and
/// paragraph separators U+2028 and U+2029.
///
/// ```
/// use memscope_export::escape::needs_escape;
///
/// assert!(needs_escape('\u{1b}') && needs_escape('\u{9b}') && needs_escape('\u{7f}'));
/// assert!(needs_escape('\u{202e}') && needs_escape('\u{200b}') && needs_escape('\u{2028}'));
/// assert!(!needs_escape('é') && !needs_escape('🦀') && !needs_escape(' '));
/// ```
pub fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// `text` with every character [`needs_escape`] lists written visibly:
/// `\n`, `\r` and `\t` as such, the others as `\u{XXXX}`. Anything else,
/// backslashes included, is left as it is; text without such characters
/// is returned unchanged, without a copy. For paths and messages; names in
/// a table go through [`quote_text`].
///
/// ```
/// use memscope_export::escape::escape_text;
///
/// assert_eq!(escape_text("/tmp/a\u{202e}b\nc"), "/tmp/a\\u{202e}b\\nc");
/// assert_eq!(escape_text("plain"), "plain");
/// ```
pub fn escape_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text, false);
    Cow::Owned(out)
}

/// `text` in double quotes with every character [`needs_escape`] lists
/// written as [`escape_text`] does, and `\` and `"` escaped too, so the
/// quoted form reads back unambiguously.
///
/// ```
/// use memscope_export::escape::quote_text;
///
/// assert_eq!(quote_text("a\"\\\u{9b}"), r#""a\"\\\u{9b}""#);
/// ```
pub fn quote_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    escape_into(&mut out, text, true);
    out.push('"');
    out
}

/// The one escaping of text for people.
fn escape_into(out: &mut String, text: &str, quoted: bool) {
    use std::fmt::Write;
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' | '"' if quoted => {
                out.push('\\');
                out.push(c);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// A serde_json formatter that also writes every character [`needs_escape`]
/// lists as a `\uXXXX` escape (a UTF-16 surrogate pair above U+FFFF);
/// serde_json itself escapes only C0 controls, `"` and `\`. The JSON means
/// the same, and a terminal showing it acts on nothing. Everything else is
/// `F`'s: [`serde_json::ser::CompactFormatter`] for the JSON document,
/// [`serde_json::ser::PrettyFormatter`] for the command-line tool's
/// `--json`.
///
/// ```
/// use memscope_export::escape::SafeJson;
/// use serde::Serialize;
///
/// let mut out = Vec::new();
/// let mut json = serde_json::Serializer::with_formatter(&mut out, SafeJson::compact());
/// "a\u{7f}\u{9b}\u{202e}é".serialize(&mut json).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), r#""a\u007f\u009b\u202eé""#);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SafeJson<F>(pub F);

impl SafeJson<serde_json::ser::CompactFormatter> {
    /// Compact JSON: no whitespace.
    pub fn compact() -> Self {
        SafeJson(serde_json::ser::CompactFormatter)
    }
}

impl SafeJson<serde_json::ser::PrettyFormatter<'static>> {
    /// Pretty JSON: two-space indentation, one field per line.
    pub fn pretty() -> Self {
        SafeJson(serde_json::ser::PrettyFormatter::new())
    }
}

/// String fragments are split around the characters to escape; the rest
/// goes to the wrapped formatter (the hooks `PrettyFormatter` has state in).
impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        let mut from = 0;
        // Printable ASCII, most of any name, is skipped a byte at a time;
        // only the other characters are decoded and checked.
        while let Some(offset) = fragment.as_bytes()[from..]
            .iter()
            .position(|byte| !(b' '..=b'~').contains(byte))
        {
            let at = from + offset;
            let Some(c) = fragment[at..].chars().next() else {
                break;
            };
            from = at + c.len_utf8();
            if needs_escape(c) {
                self.0.write_string_fragment(writer, &fragment[start..at])?;
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = from;
            }
        }
        self.0.write_string_fragment(writer, &fragment[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// One character of every class, and their neighbours that stay raw.
    const ESCAPED: [char; 14] = [
        '\u{1b}',
        '\u{0}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{202e}',
        '\u{2066}',
        '\u{200f}',
        '\u{200b}',
        '\u{200d}',
        '\u{feff}',
        '\u{2028}',
        '\u{2029}',
        '\u{e0041}',
    ];
    const RAW: [char; 8] = [
        ' ', '~', '\u{a0}', 'é', '\u{2030}', '\u{2070}', '🦀', '\u{fffd}',
    ];

    fn json(value: &str, formatter: SafeJson<impl serde_json::ser::Formatter>) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        value.serialize(&mut ser).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_class_is_escaped_and_its_neighbours_are_not() {
        for c in ESCAPED {
            assert!(needs_escape(c), "{:x}", u32::from(c));
            let text = format!("a{c}b");
            assert!(!escape_text(&text).chars().any(needs_escape), "{text:?}");
            assert!(!quote_text(&text).chars().any(needs_escape), "{text:?}");
            assert!(!json(&text, SafeJson::compact()).chars().any(needs_escape));
        }
        for c in RAW {
            assert!(!needs_escape(c), "{:x}", u32::from(c));
            assert_eq!(escape_text(&c.to_string()), c.to_string());
        }
    }

    #[test]
    fn text_escapes_read_as_the_code_point() {
        assert_eq!(escape_text("\u{1b}[31m"), "\\u{1b}[31m");
        assert_eq!(escape_text("x\u{202e}1234"), "x\\u{202e}1234");
        assert_eq!(escape_text("a\tb\r\n"), "a\\tb\\r\\n");
        assert_eq!(escape_text("C:\\dir"), "C:\\dir");
        assert_eq!(quote_text("C:\\dir"), "\"C:\\\\dir\"");
        assert_eq!(quote_text(""), "\"\"");
    }

    #[test]
    fn json_escapes_parse_back_to_the_same_string() {
        let text: String = ESCAPED.iter().chain(&RAW).collect();
        for out in [
            json(&text, SafeJson::compact()),
            json(&text, SafeJson::pretty()),
        ] {
            assert!(out.is_ascii() || !out.chars().any(needs_escape), "{out}");
            let back: String = serde_json::from_str(&out).unwrap();
            assert_eq!(back, text);
        }
        assert_eq!(
            json("\u{85}\u{2028}\u{e0041}", SafeJson::compact()),
            r#""\u0085\u2028\udb40\udc41""#
        );
    }

    #[test]
    fn json_without_such_characters_is_what_serde_json_writes() {
        let value =
            serde_json::json!({"name": "Vec<u8> \"quoted\" é\n", "n": [1, -2, 3.5, null, true]});
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeJson::pretty());
        value.serialize(&mut ser).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
