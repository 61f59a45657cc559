//! [`CodecError`], what went wrong while encoding or decoding a value, and
//! where: the field path and the byte offset.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;

/// One step of a [`FieldPath`]: a named field, a tuple field, or an element
/// of a sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSegment {
    /// A named struct field, or the position of a tuple-struct field.
    Field(&'static str),
    /// The n-th element of a `Vec`, array or tuple.
    Index(u64),
}

/// Where inside a value an error arose, e.g. `AllocationInfo.type_name` or
/// `Snapshot.records[3].size`.
///
/// Paths are built while an error travels outwards: each derived decoder
/// adds its own field and type name, so the innermost codec (a `u64`, a
/// `String`) never needs to know where it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath {
    /// The outermost type that added a segment, e.g. `AllocationInfo`.
    root: Option<&'static str>,
    /// Segments, innermost first (the order in which they were added).
    segments: Vec<PathSegment>,
}

impl FieldPath {
    /// The path with no segments: the error is about the value itself.
    pub const fn empty() -> Self {
        FieldPath {
            root: None,
            segments: Vec::new(),
        }
    }

    /// The outermost type named on the path, if any.
    pub fn root(&self) -> Option<&'static str> {
        self.root
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> impl Iterator<Item = PathSegment> + '_ {
        self.segments.iter().rev().copied()
    }

    /// True when no type or segment has been added.
    pub fn is_empty(&self) -> bool {
        self.root.is_none() && self.segments.is_empty()
    }

    fn push(&mut self, ty: Option<&'static str>, segment: PathSegment) {
        self.segments.push(segment);
        if ty.is_some() {
            self.root = ty;
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(root) = self.root() {
            f.write_str(root)?;
        }
        for segment in self.segments() {
            match segment {
                PathSegment::Field(name) => write!(f, ".{name}")?,
                PathSegment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// Where an error arose: the field path and the byte offset, counted from
/// the start of the outermost value being encoded or decoded.
///
/// One pointer wide: every [`CodecError`] carries one, and errors travel by
/// value through every codec call, so the path and the offset live behind
/// a `Box` that is only allocated once something has failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    inner: Box<Where>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Where {
    path: FieldPath,
    offset: u64,
}

impl Location {
    /// A location at `offset` bytes into a value, with an empty path.
    ///
    /// Out of line and cold, as everything that allocates for an error;
    /// the errors themselves are built inline, around it (see
    /// `boxed`).
    #[cold]
    #[inline(never)]
    pub fn at(offset: u64) -> Self {
        Location {
            inner: Box::new(Where {
                path: FieldPath::empty(),
                offset,
            }),
        }
    }

    /// The field the error belongs to.
    pub fn path(&self) -> &FieldPath {
        &self.inner.path
    }

    /// Byte offset from the start of the outermost value.
    pub fn offset(&self) -> u64 {
        self.inner.offset
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}", self.offset())?;
        if !self.path().is_empty() {
            write!(f, " in {}", self.path())?;
        }
        Ok(())
    }
}

/// `value` on the heap, out of line: the wide details of an error.
///
/// Errors are built where they are returned, only their allocations out
/// of line. A `CodecError` made by a function that is not inlined comes
/// back through memory, where the byte that tells `Ok` from `Err` in a
/// `Result<T, CodecError>` is the error's own discriminant: the optimiser
/// cannot rule out `Ok`, joins the error path to the success path after
/// every check, and the decoder loses its constant offsets (a borrowed
/// record took 117 instructions instead of 92). Built inline, the
/// discriminant is a constant it sees. For the same reason the methods
/// that place an error ([`CodecError::in_field`], ...) change only what
/// the location points to, out of line, never the error itself.
#[cold]
#[inline(never)]
pub(crate) fn boxed<T>(value: T) -> Box<T> {
    Box::new(value)
}

/// The width of a length prefix, as chosen by `#[binary(len = u8|u16|u32)]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LenWidth {
    /// One byte: at most 255 elements.
    U8,
    /// Two bytes: at most 65,535 elements (the default for `String`).
    U16,
    /// Four bytes: at most 4,294,967,295 elements (the default for `Vec`).
    U32,
}

impl LenWidth {
    /// How many bytes the prefix occupies.
    pub const fn bytes(self) -> usize {
        match self {
            LenWidth::U8 => 1,
            LenWidth::U16 => 2,
            LenWidth::U32 => 4,
        }
    }

    /// The largest length the prefix can hold.
    pub const fn max_len(self) -> u64 {
        match self {
            LenWidth::U8 => u8::MAX as u64,
            LenWidth::U16 => u16::MAX as u64,
            LenWidth::U32 => u32::MAX as u64,
        }
    }
}

impl fmt::Display for LenWidth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LenWidth::U8 => "u8",
            LenWidth::U16 => "u16",
            LenWidth::U32 => "u32",
        })
    }
}

/// Four tag bytes, shown as ASCII where they are printable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagBytes(pub [u8; 4]);

impl fmt::Display for TagBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("b\"")?;
        for &b in &self.0 {
            write!(f, "{}", core::ascii::escape_default(b))?;
        }
        f.write_str("\"")
    }
}

/// Everything that can go wrong while encoding or decoding a
/// [`BinaryRecord`](crate::BinaryRecord).
///
/// Every variant carries a [`Location`]: the field path (for example
/// `AllocationInfo.type_name`) and the byte offset from the start of the
/// outermost value, so a message points at the exact byte.
///
/// Four words: a decoder returns `Result<T, CodecError>` from every field,
/// so the error must not weigh on the value's way out. The location is one
/// pointer, each variant holds at most two more words of its own, and the
/// variants whose details are wider (names and 128-bit values) keep them
/// behind a `Box`: errors are rare, and built once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    /// The underlying reader or writer failed.
    #[error("i/o error {at}: {source}")]
    Io {
        /// Where the failing read or write began.
        at: Location,
        /// The error the reader or writer returned.
        #[source]
        source: crate::io::Error,
    },

    /// The input ended before the value did.
    #[error("unexpected end of input {at}: needed {needed} more bytes, found {available}")]
    UnexpectedEnd {
        /// Where the truncated piece began.
        at: Location,
        /// Bytes the piece needs.
        needed: u64,
        /// Bytes that were left.
        available: u64,
    },

    /// A string's bytes are not UTF-8.
    #[error("invalid utf-8 {at}: {source}")]
    InvalidUtf8 {
        /// Where the string's bytes begin.
        at: Location,
        /// Which byte is wrong.
        #[source]
        source: core::str::Utf8Error,
    },

    /// A `bool` byte other than 0 or 1.
    #[error("invalid bool {at}: expected 0 or 1, found {found}")]
    InvalidBool {
        /// Where the byte is.
        at: Location,
        /// The byte that was read.
        found: u8,
    },

    /// An `Option` tag byte other than 0 (None) or 1 (Some).
    #[error("invalid option tag {at}: expected 0 or 1, found {found}")]
    InvalidOptionTag {
        /// Where the byte is.
        at: Location,
        /// The byte that was read.
        found: u8,
    },

    /// A `char` that is not a Unicode scalar value.
    #[error("invalid char {at}: {found:#x} is not a unicode scalar value")]
    InvalidChar {
        /// Where the four bytes begin.
        at: Location,
        /// The value that was read.
        found: u32,
    },

    /// An enum discriminant that names no variant.
    #[error("invalid discriminant {at}: {} is not a variant of {}", details.found, details.enum_name)]
    InvalidDiscriminant {
        /// Where the discriminant begins.
        at: Location,
        /// The enum and the value.
        details: Box<DiscriminantDetails>,
    },

    /// On write: an `#[binary(unknown)]` variant holding a tag that a known
    /// variant claims. Its bytes would read back as that variant, so it is
    /// refused; write the known variant instead.
    #[error("tag claimed by a known variant {at}: {} is the tag of a variant of {} that this reader knows; write that variant instead of the unknown one", details.found, details.enum_name)]
    ClaimedTag {
        /// Where the discriminant would be written.
        at: Location,
        /// The enum and the tag.
        details: Box<DiscriminantDetails>,
    },

    /// On write: a value that does not fit in its `#[binary(bits = N)]`.
    #[error("value {} does not fit in a bit field of {} bits {at}", details.found, details.width)]
    BitsOverflow {
        /// The bit field.
        at: Location,
        /// Its width and the value.
        details: Box<BitsDetails>,
    },

    /// A group of bit fields with a bit set that no field uses.
    #[error(
        "unused bits set in a group of bit fields {at}: found {found:#b}, only bits {allowed:#b} may be set"
    )]
    UnusedBits {
        /// Where the group begins.
        at: Location,
        /// The group that was read.
        found: u64,
        /// The bits its fields use.
        allowed: u64,
    },

    /// A value too long for its length prefix (on write), or a decoded
    /// length over what the type allows (on read).
    #[error("length {len} does not fit a {width} length prefix (at most {}) {at}", width.max_len())]
    LengthOverflow {
        /// The field whose length overflows.
        at: Location,
        /// The width of the prefix.
        width: LenWidth,
        /// The length that does not fit.
        len: u64,
    },

    /// A segment tag that is not the expected one.
    #[error("wrong tag {at}: expected {expected}, found {found}")]
    TagMismatch {
        /// Where the tag begins.
        at: Location,
        /// The tag the type declares.
        expected: TagBytes,
        /// The tag that was read.
        found: TagBytes,
    },

    /// A `usize` or `isize` that does not fit its other side: on read, a
    /// value on the wire that this machine cannot hold; on write, a value
    /// over what the wire's 8 bytes hold.
    #[error("value {} does not fit in {} {at}", details.found, details.target)]
    OutOfRange {
        /// Where the value begins.
        at: Location,
        /// The target type and the value.
        details: Box<RangeDetails>,
    },

    /// A presence-flags byte with a bit set that no field claims.
    #[error(
        "invalid presence flags {at}: found {found:#010b}, only bits {allowed:#010b} may be set"
    )]
    ReservedFlagBits {
        /// Where the flags byte is.
        at: Location,
        /// The byte that was read.
        found: u8,
        /// The bits that name fields.
        allowed: u8,
    },

    /// A field marked absent by its presence bit whose bytes are not those
    /// of the empty value (for a name: a length that is not 0).
    #[error(
        "absent field is not empty {at}: its presence bit is clear but it encodes a non-default value"
    )]
    AbsentNotEmpty {
        /// Where the field begins.
        at: Location,
    },

    /// On write: a `#[binary(count = field)]` field whose length is not the
    /// value of the field that counts it. The path names the counted field.
    #[error(
        "length mismatch {at}: `{field}` says {count}, but this field has length {len}; set `{field}` to the length before writing",
        field = details.count_field, count = details.count, len = details.len
    )]
    CountMismatch {
        /// The counted field.
        at: Location,
        /// The counting field, its value and the counted field's length.
        details: Box<CountDetails>,
    },

    /// Values of a recursive type nested more deeply than it allows
    /// (`#[binary(max_depth = N)]`, 128 by default): decoding stops there
    /// rather than run out of stack.
    #[error("nesting too deep {at}: more than {limit} levels of a recursive type")]
    TooDeep {
        /// Where the value that would go one level too deep begins.
        at: Location,
        /// The deepest nesting allowed.
        limit: u32,
    },

    /// A map key, or a set element, that appeared before: every byte of a
    /// valid input has one meaning, so a duplicate is refused rather than
    /// silently replace the first.
    #[error("duplicate key {at}: a map's keys and a set's elements each appear once")]
    DuplicateKey {
        /// Where the repeated entry begins.
        at: Location,
    },

    /// A value outside what its type can hold: a zero for a `NonZero`
    /// integer, a nanosecond count of a second or more in a `Duration`.
    #[error("invalid {} {at}: found {}, expected {}", details.ty, details.found, details.expected)]
    InvalidValue {
        /// Where the value begins.
        at: Location,
        /// The type, the value and what the type accepts.
        details: Box<ValueDetails>,
    },

    /// A value the codec refuses for another reason (a custom codec's
    /// complaint, for example).
    #[error("invalid value {at}: {message}")]
    Invalid {
        /// Where the value begins.
        at: Location,
        /// What is wrong with it.
        message: Box<str>,
    },
}

/// The details of [`CodecError::InvalidDiscriminant`] and
/// [`CodecError::ClaimedTag`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscriminantDetails {
    /// The enum being decoded.
    pub enum_name: &'static str,
    /// The discriminant that was read.
    pub found: i128,
}

/// The details of [`CodecError::BitsOverflow`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitsDetails {
    /// The field's width in bits.
    pub width: u32,
    /// The value that does not fit.
    pub found: i128,
}

/// The details of [`CodecError::OutOfRange`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeDetails {
    /// The type the value does not fit: `usize` or `isize` on read, `u64`
    /// or `i64` on write.
    pub target: &'static str,
    /// The value.
    pub found: i128,
}

/// The details of [`CodecError::CountMismatch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountDetails {
    /// The field that holds the count.
    pub count_field: &'static str,
    /// Its value.
    pub count: u64,
    /// The counted field's length (bytes for a string, elements otherwise).
    pub len: u64,
}

/// The details of [`CodecError::InvalidValue`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueDetails {
    /// The type being decoded.
    pub ty: &'static str,
    /// The value that was read.
    pub found: u64,
    /// What the type accepts.
    pub expected: &'static str,
}

/// The `at` of any variant; one list of variants serves `&` and `&mut`.
macro_rules! location_of {
    ($error:expr) => {
        match $error {
            CodecError::Io { at, .. }
            | CodecError::UnexpectedEnd { at, .. }
            | CodecError::InvalidUtf8 { at, .. }
            | CodecError::InvalidBool { at, .. }
            | CodecError::InvalidOptionTag { at, .. }
            | CodecError::InvalidChar { at, .. }
            | CodecError::InvalidDiscriminant { at, .. }
            | CodecError::ClaimedTag { at, .. }
            | CodecError::BitsOverflow { at, .. }
            | CodecError::UnusedBits { at, .. }
            | CodecError::LengthOverflow { at, .. }
            | CodecError::TagMismatch { at, .. }
            | CodecError::OutOfRange { at, .. }
            | CodecError::ReservedFlagBits { at, .. }
            | CodecError::AbsentNotEmpty { at, .. }
            | CodecError::CountMismatch { at, .. }
            | CodecError::TooDeep { at, .. }
            | CodecError::DuplicateKey { at, .. }
            | CodecError::InvalidValue { at, .. }
            | CodecError::Invalid { at, .. } => at,
        }
    };
}

impl CodecError {
    /// Where the error arose.
    pub fn location(&self) -> &Location {
        location_of!(self)
    }

    fn location_mut(&mut self) -> &mut Location {
        location_of!(self)
    }

    /// Byte offset of the error from the start of the outermost value.
    pub fn offset(&self) -> u64 {
        self.location().offset()
    }

    /// The field path of the error, e.g. `AllocationInfo.type_name`.
    pub fn path(&self) -> &FieldPath {
        self.location().path()
    }

    /// Places an error raised by the field `field` of type `ty`, which
    /// begins `field_offset` bytes into its parent. Derived code calls this
    /// on the way out; hand-written impls of container types may too.
    #[inline(always)]
    pub fn in_field(mut self, ty: &'static str, field: &'static str, field_offset: usize) -> Self {
        place(
            &mut self.location_mut().inner,
            field_offset as u64,
            Some(ty),
            PathSegment::Field(field),
        );
        self
    }

    /// Places an error raised by element `index` of a sequence, which
    /// begins `element_offset` bytes into its parent.
    #[inline(always)]
    pub fn in_element(mut self, index: u64, element_offset: usize) -> Self {
        place(
            &mut self.location_mut().inner,
            element_offset as u64,
            None,
            PathSegment::Index(index),
        );
        self
    }

    /// Moves the error `delta` bytes further from the start, for a value
    /// that is itself embedded `delta` bytes into a larger input (a record
    /// inside a file, say).
    #[inline(always)]
    pub fn shifted(mut self, delta: u64) -> Self {
        shift(&mut self.location_mut().inner, delta);
        self
    }

    /// An I/O error at `offset`.
    #[inline]
    pub fn io(offset: usize, source: crate::io::Error) -> Self {
        CodecError::Io {
            at: Location::at(offset as u64),
            source,
        }
    }

    /// An input that ended with `available` of `needed` bytes left, at
    /// `offset`.
    #[inline]
    pub fn unexpected_end(offset: usize, needed: usize, available: usize) -> Self {
        CodecError::UnexpectedEnd {
            at: Location::at(offset as u64),
            needed: needed as u64,
            available: available as u64,
        }
    }

    /// A value a custom codec refuses, with a message saying why.
    #[inline]
    pub fn invalid(offset: usize, message: impl Into<String>) -> Self {
        CodecError::Invalid {
            at: Location::at(offset as u64),
            message: boxed_message(message.into()),
        }
    }
}

/// The location `delta` bytes further on and one level out (a `Box`'s
/// contents: the error that holds it is left as it is).
#[cold]
#[inline(never)]
fn place(at: &mut Where, delta: u64, ty: Option<&'static str>, segment: PathSegment) {
    at.offset = at.offset.saturating_add(delta);
    at.path.push(ty, segment);
}

#[cold]
#[inline(never)]
fn shift(at: &mut Where, delta: u64) {
    at.offset = at.offset.saturating_add(delta);
}

#[cold]
#[inline(never)]
fn boxed_message(message: String) -> Box<str> {
    message.into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_path_reads_outermost_first() {
        let err = CodecError::unexpected_end(3, 8, 5)
            .in_field("Inner", "size", 8)
            .in_element(2, 40)
            .in_field("Outer", "records", 4);
        assert_eq!(err.path().to_string(), "Outer.records[2].size");
        assert_eq!(err.offset(), 3 + 8 + 40 + 4);
        assert_eq!(
            err.to_string(),
            "unexpected end of input at byte 55 in Outer.records[2].size: needed 8 more bytes, found 5"
        );
    }

    #[test]
    fn errors_stay_four_words_so_results_stay_small() {
        // 64 bytes, aligned to 16 (an i128 field), before the location and
        // the wide details were boxed.
        assert_eq!(size_of::<Location>(), size_of::<usize>());
        assert_eq!(size_of::<CodecError>(), 4 * size_of::<usize>());
        assert_eq!(align_of::<CodecError>(), align_of::<usize>());
        // The error's discriminant leaves room for the value beside it.
        assert_eq!(size_of::<Result<u64, CodecError>>(), 4 * size_of::<usize>());
        assert_eq!(
            size_of::<Result<(u64, usize), CodecError>>(),
            4 * size_of::<usize>()
        );
    }

    #[test]
    fn tag_bytes_escape_non_ascii() {
        assert_eq!(TagBytes(*b"ST\0\xff").to_string(), r#"b"ST\x00\xff""#);
    }
}
