//! Names in memory that does not grow with them: a name is told apart from
//! others by its BLAKE3 digest and its length, and kept only as its first
//! [`SHOWN_BYTES`] bytes, for display. A [`NameTable`] holds at most a
//! fixed number of distinct names; what comes after is counted as "other
//! names" by its user.

use std::collections::HashMap;

use serde::Serialize;

/// How many bytes of a name are kept and shown; a longer name is cut at
/// the last character boundary before, and shown with an ellipsis.
pub const SHOWN_BYTES: usize = 256;

/// How many distinct names a table keeps unless told otherwise
/// ([`Options::max_names`](crate::Options::max_names)).
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
    ///
    /// # Panics
    ///
    /// If the table gave no name that number: numbers come from
    /// [`number`](Self::number) of this table, never from another's.
    pub fn name(&self, number: usize) -> &ShownName {
        &self.names[number]
    }

    /// How many names the table holds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the table holds no name.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The most names it holds.
    pub fn max(&self) -> usize {
        self.max
    }
}

/// The name tables that one or more files number their names by: type
/// names and variable names, each of at most `max` names.
#[derive(Debug, Clone)]
pub struct Names {
    /// The type names.
    pub types: NameTable,
    /// The variable names.
    pub vars: NameTable,
}

impl Names {
    /// Empty tables of at most `max` names each.
    pub fn new(max: u32) -> Self {
        Names {
            types: NameTable::new(max),
            vars: NameTable::new(max),
        }
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
        assert!(!ShownName::of("buf").is_cut());
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
}
