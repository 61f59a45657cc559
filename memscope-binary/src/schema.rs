//! Reflection: a record's wire layout as a value ([`Schema`]), asked of its
//! type with [`BinaryRecord::schema`](crate::BinaryRecord::schema): its
//! name, tag, size bounds, and its fields in wire order with their types,
//! offsets and sizes. What FORMAT.md's record tables are checked against,
//! and what an independent checker can be written from.

#[allow(unused_imports)]
use crate::prelude::*;
use crate::record::{BinaryRecord, EncodedSize, Layout};

/// The wire layout of a type in one [`Layout`].
///
/// ```
/// use memscope_binary::{BinaryRecord, EncodedSize, Layout};
///
/// #[derive(BinaryRecord)]
/// #[binary(tag = b"STAT")]
/// struct Stats {
///     total: u64,
///     #[binary(detail)]
///     name: String,
///     #[binary(skip)]
///     cache: u32,
/// }
///
/// let basic = Stats::schema(Layout::Basic);
/// assert_eq!((basic.name, basic.tag), ("Stats", Some(*b"STAT")));
/// assert_eq!(basic.size, EncodedSize::exact(12));
/// let total = &basic.fields[0];
/// assert_eq!((total.name, total.ty, total.offset), ("total", "u64", Some(4)));
/// assert_eq!(basic.fields.len(), 1); // no detail field, no skipped one
///
/// let detailed = Stats::schema(Layout::Detailed);
/// assert_eq!(detailed.fields[1].name, "name");
/// assert_eq!(detailed.fields[1].offset, Some(12));
/// assert_ne!(basic.fingerprint(), detailed.fingerprint());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    /// The type's name, unqualified: `Stats`, `u64`, `Vec<u8>`.
    pub name: &'static str,
    /// `#[binary(tag = ...)]`: the four bytes written first.
    pub tag: Option<[u8; 4]>,
    /// Bounds on every value's encoding in this layout.
    pub size: EncodedSize,
    /// The pieces of the encoding in wire order: the fields written in this
    /// layout (never a skipped field, nor a detail field in the basic
    /// layout), and the pieces that are not fields (a discriminant, a
    /// length, a presence flags byte, a group of bit fields), whose names
    /// are in parentheses. An enum lists its discriminant, then every
    /// variant's fields as `Variant.field`, each at the offset it has in
    /// its own variant.
    pub fields: Vec<FieldSchema>,
}

/// One piece of a [`Schema`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSchema {
    /// The field's name (`ptr`, `0` in a tuple, `Alloc.ptr` in an enum
    /// variant), or the piece's in parentheses: `(discriminant)`,
    /// `(length)`, `(presence flags)`.
    pub name: &'static str,
    /// The field's type as written in the source (`Option<String>`), or
    /// the piece's wire type (`u8`, `u32`).
    pub ty: &'static str,
    /// Where it begins, from the record's first byte (the tag included);
    /// `None` once a piece before it has a variable size.
    pub offset: Option<usize>,
    /// Bounds on its encoding.
    pub size: EncodedSize,
    /// For a bit field: its width and its position in its group, as
    /// `(bits, shift)`.
    pub bits: Option<(u32, u32)>,
}

impl Schema {
    /// The schema of a type with no fields of its own: one piece, the whole
    /// value. What [`BinaryRecord::schema`] is unless the type says more.
    pub fn opaque<T: BinaryRecord>(layout: Layout) -> Self {
        let name = short_name(core::any::type_name::<T>());
        let size = T::encoded_size(layout);
        Schema {
            name,
            tag: None,
            size,
            fields: Vec::new(),
        }
    }

    /// A hash of everything a reader depends on: the name, the tag, the
    /// size, and each field's name, type, offset, size and bits, in wire
    /// order. It changes when a field's type, order or presence changes,
    /// and differs between the layouts of a type with detail fields. Stable
    /// across runs and machines (FNV-1a, 64 bits), so it can be stored.
    ///
    /// ```
    /// use memscope_binary::{BinaryRecord, Layout};
    ///
    /// mod a {
    ///     #[derive(memscope_binary::BinaryRecord)]
    ///     pub struct Record { pub x: u32, pub y: u16 }
    /// }
    /// mod b {
    ///     #[derive(memscope_binary::BinaryRecord)]
    ///     pub struct Record { pub y: u16, pub x: u32 }
    /// }
    /// let (a, b) = (a::Record::schema(Layout::Basic), b::Record::schema(Layout::Basic));
    /// assert_ne!(a.fingerprint(), b.fingerprint());
    /// assert_eq!(a.fingerprint(), a::Record::schema(Layout::Basic).fingerprint());
    /// ```
    pub fn fingerprint(&self) -> u64 {
        let mut hash = Fnv::default();
        hash.str(self.name);
        match self.tag {
            Some(tag) => {
                hash.byte(1);
                hash.bytes(&tag);
            }
            None => hash.byte(0),
        }
        hash.size(self.size);
        hash.u64(self.fields.len() as u64);
        for field in &self.fields {
            hash.str(field.name);
            hash.str(field.ty);
            hash.option(field.offset.map(|offset| offset as u64));
            hash.size(field.size);
            hash.option(
                field
                    .bits
                    .map(|(bits, shift)| u64::from(bits) << 32 | u64::from(shift)),
            );
        }
        hash.0
    }

    /// The field named `name`, if the schema has it.
    pub fn field(&self, name: &str) -> Option<&FieldSchema> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// `core::any::type_name` without module paths: `alloc::vec::Vec<u8>` is
/// `Vec<u8>`. (The derive passes its types' names as written.)
fn short_name(full: &'static str) -> &'static str {
    // A name without generics: its last path segment. A generic one keeps
    // its full text (cutting each segment would need a new string).
    match full.find('<') {
        None => full.rsplit("::").next().unwrap_or(full),
        Some(_) => full,
    }
}

/// FNV-1a, 64 bits: small, with no dependency, and the same everywhere.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn byte(&mut self, byte: u8) {
        self.0 ^= u64::from(byte);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.byte(byte);
        }
    }

    fn u64(&mut self, value: u64) {
        self.bytes(&value.to_le_bytes());
    }

    fn str(&mut self, text: &str) {
        self.u64(text.len() as u64);
        self.bytes(text.as_bytes());
    }

    fn option(&mut self, value: Option<u64>) {
        match value {
            Some(value) => {
                self.byte(1);
                self.u64(value);
            }
            None => self.byte(0),
        }
    }

    fn size(&mut self, size: EncodedSize) {
        self.u64(size.min as u64);
        self.option(size.max.map(|max| max as u64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_std_type_is_one_opaque_piece_named_without_its_path() {
        let schema = u64::schema(Layout::Basic);
        assert_eq!(schema.name, "u64");
        assert_eq!(schema.size, EncodedSize::exact(8));
        assert!(schema.fields.is_empty());
        assert_eq!(String::schema(Layout::Basic).name, "String");
    }

    #[test]
    fn the_fingerprint_sees_every_property() {
        let base = Schema {
            name: "R",
            tag: None,
            size: EncodedSize::exact(4),
            fields: vec![FieldSchema {
                name: "x",
                ty: "u32",
                offset: Some(0),
                size: EncodedSize::exact(4),
                bits: None,
            }],
        };
        let mut seen = vec![base.fingerprint()];
        let mut variants = Vec::new();
        let mut changed = base.clone();
        changed.tag = Some(*b"ABCD");
        variants.push(changed);
        let mut changed = base.clone();
        changed.fields[0].ty = "i32";
        variants.push(changed);
        let mut changed = base.clone();
        changed.fields[0].offset = None;
        variants.push(changed);
        let mut changed = base.clone();
        changed.fields[0].bits = Some((3, 0));
        variants.push(changed);
        let mut changed = base.clone();
        changed.fields.clear();
        variants.push(changed);
        for variant in variants {
            let fingerprint = variant.fingerprint();
            assert!(!seen.contains(&fingerprint), "{variant:?}");
            seen.push(fingerprint);
        }
    }
}
