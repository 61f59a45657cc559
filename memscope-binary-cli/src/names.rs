//! Names in memory that does not grow with them: a name is told apart from
//! others by its BLAKE3 digest and its length, and kept only as its first
//! [`SHOWN_BYTES`] bytes, for display. A [`NameTable`] holds at most a
//! fixed number of distinct names; what comes after is counted as "other
//! names" by its user.

use std::collections::HashMap;

use memscope_tracker::AllocationInfo;
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::table::cell_text;

/// How many bytes of a name are kept and shown; a longer name is cut at
/// the last character boundary before, and shown with an ellipsis.
pub const SHOWN_BYTES: usize = 256;

/// How many distinct names a table keeps unless `--max-names` says
/// otherwise.
pub const DEFAULT_MAX_NAMES: u32 = 10_000;

/// A name as kept: at most its first [`SHOWN_BYTES`] bytes, and how long
/// it was.
///
/// In JSON it is two fields: `name` (the kept bytes) and `name_bytes` (the
/// whole name's length; more than `name`'s when it was cut).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownName {
    /// The name, or its first bytes.
    pub name: String,
    /// The whole name's length in bytes.
    pub name_bytes: u64,
}

impl ShownName {
    /// What is kept of `name`.
    pub fn of(name: &str) -> Self {
        let mut end = name.len().min(SHOWN_BYTES);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        ShownName {
            name: name[..end].to_owned(),
            name_bytes: name.len() as u64,
        }
    }

    /// Whether the name was longer than what is kept.
    pub fn is_cut(&self) -> bool {
        self.name_bytes > self.name.len() as u64
    }

    /// The name in a table cell: as [`cell_text`] shows it, followed by `…`
    /// when it was cut.
    pub fn cell(&self) -> String {
        let mut cell = cell_text(&self.name);
        if self.is_cut() {
            cell.push('…');
        }
        cell
    }
}

/// What identifies a name without keeping it: a 128-bit BLAKE3 digest and
/// the length. Two different names collide only if BLAKE3 does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct NameKey {
    digest: [u8; 16],
    len: u64,
}

impl NameKey {
    fn of(name: &str) -> Self {
        let hash = blake3::hash(name.as_bytes());
        let mut digest = [0; 16];
        digest.copy_from_slice(&hash.as_bytes()[..16]);
        NameKey {
            digest,
            len: name.len() as u64,
        }
    }
}

/// The distinct names of one column (type names, say) of one or more
/// files, numbered from 0 in the order they were first seen; at most `max`
/// of them.
///
/// Once full, the table admits no new name: a name it does not hold is
/// then "other" for every file read after, and also was for every file
/// read before (or it would have been admitted), so counts kept by number
/// are exact for every name the table holds, in every file.
#[derive(Debug, Clone)]
pub struct NameTable {
    numbers: HashMap<NameKey, u32>,
    names: Vec<ShownName>,
    max: usize,
}

impl NameTable {
    /// An empty table that will hold at most `max` names.
    pub fn new(max: u32) -> Self {
        NameTable {
            numbers: HashMap::new(),
            names: Vec::new(),
            max: max as usize,
        }
    }

    /// The number of `name`, admitting it if it is new and there is room;
    /// `None` if it is new and the table is full.
    pub fn number(&mut self, name: &str) -> Option<usize> {
        let key = NameKey::of(name);
        if let Some(&number) = self.numbers.get(&key) {
            return Some(number as usize);
        }
        if self.names.len() >= self.max {
            return None;
        }
        let number = self.names.len();
        self.numbers.insert(key, number as u32);
        self.names.push(ShownName::of(name));
        Some(number)
    }

    /// The name numbered `number`.
    pub fn name(&self, number: usize) -> &ShownName {
        &self.names[number]
    }

    /// How many names the table holds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The most names it holds.
    pub fn max(&self) -> usize {
        self.max
    }
}

/// A record as shown: its numbers, and what is kept of its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRecord {
    /// The block's address.
    pub ptr: u64,
    /// Its size in bytes.
    pub size: u64,
    /// When it was allocated, nanoseconds since the UNIX epoch.
    pub timestamp_alloc: u64,
    /// Its variable name, if any.
    pub var_name: Option<ShownName>,
    /// Its type name, if any.
    pub type_name: Option<ShownName>,
}

impl From<&AllocationInfo> for ShownRecord {
    fn from(info: &AllocationInfo) -> Self {
        ShownRecord {
            ptr: info.ptr as u64,
            size: info.size as u64,
            timestamp_alloc: info.timestamp_alloc,
            var_name: info.var_name.as_deref().map(ShownName::of),
            type_name: info.type_name.as_deref().map(ShownName::of),
        }
    }
}

/// The fields of the JSON document's records (`ptr`, `size`,
/// `timestamp_alloc`, `var_name`, `type_name`), then `var_name_bytes` and
/// `type_name_bytes`: each name's whole length, `null` when it is absent.
impl Serialize for ShownRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn text(name: &Option<ShownName>) -> Option<&str> {
            name.as_ref().map(|n| n.name.as_str())
        }
        let bytes = |name: &Option<ShownName>| name.as_ref().map(|n| n.name_bytes);
        let mut record = serializer.serialize_struct("ShownRecord", 7)?;
        record.serialize_field("ptr", &self.ptr)?;
        record.serialize_field("size", &self.size)?;
        record.serialize_field("timestamp_alloc", &self.timestamp_alloc)?;
        record.serialize_field("var_name", &text(&self.var_name))?;
        record.serialize_field("type_name", &text(&self.type_name))?;
        record.serialize_field("var_name_bytes", &bytes(&self.var_name))?;
        record.serialize_field("type_name_bytes", &bytes(&self.type_name))?;
        record.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_is_cut_at_a_character_boundary_and_shown_with_an_ellipsis() {
        let name = format!("{}é{}", "a".repeat(SHOWN_BYTES - 1), "b".repeat(1000));
        let shown = ShownName::of(&name);
        assert_eq!(shown.name, "a".repeat(SHOWN_BYTES - 1));
        assert_eq!(shown.name_bytes, name.len() as u64);
        assert!(shown.is_cut());
        assert!(shown.cell().ends_with("a…"));
        let short = ShownName::of("buf");
        assert!(!short.is_cut());
        assert_eq!(short.cell(), "buf");
    }

    #[test]
    fn names_are_compared_whole_not_by_what_is_kept() {
        let mut table = NameTable::new(10);
        let prefix = "p".repeat(SHOWN_BYTES * 2);
        let a = format!("{prefix}a");
        let b = format!("{prefix}b");
        assert_eq!(table.number(&a), Some(0));
        assert_eq!(table.number(&b), Some(1));
        assert_eq!(table.number(&a), Some(0));
        assert_eq!(table.name(0), table.name(1), "the same shown name");
        assert_eq!(table.number(&prefix), Some(2), "a prefix is another name");
        assert_eq!(table.len(), 3);
    }

    #[test]
    fn a_full_table_admits_no_new_name_but_still_knows_its_own() {
        let mut table = NameTable::new(2);
        assert_eq!(table.number("first"), Some(0));
        assert_eq!(table.number("second"), Some(1));
        assert_eq!(table.number("third"), None);
        assert_eq!(table.number("second"), Some(1));
        assert_eq!(table.number("third"), None);
        assert_eq!((table.len(), table.max()), (2, 2));
        assert_eq!(NameTable::new(0).number("any"), None);
    }

    #[test]
    fn what_a_table_keeps_does_not_grow_with_the_length_of_names() {
        let mut table = NameTable::new(100);
        for i in 0..100 {
            table.number(&format!("{i}{}", "x".repeat(100_000)));
        }
        let kept: usize = table.names.iter().map(|n| n.name.capacity()).sum();
        assert!(kept <= 100 * SHOWN_BYTES, "{kept}");
    }

    #[test]
    fn a_shown_record_serializes_like_the_document_plus_the_lengths() {
        let mut info = AllocationInfo::new(16, 8, 3);
        info.var_name = Some("v".repeat(300));
        let json = serde_json::to_value(ShownRecord::from(&info)).unwrap();
        assert_eq!(json["ptr"], 16);
        assert_eq!(json["var_name"].as_str().unwrap().len(), SHOWN_BYTES);
        assert_eq!(json["var_name_bytes"], 300);
        assert_eq!(json["type_name"], serde_json::Value::Null);
        assert_eq!(json["type_name_bytes"], serde_json::Value::Null);
    }
}
