//! The ids of a file's tables: which string, frame, stack or thread an
//! entry names. Each is a newtype, and "none" is `Option::None`: the
//! file's own encoding (an index + 1, with 0 for none) stays inside the
//! wire code (`crate::wire`), and an `Option` of an id costs no more
//! than the id.

use std::fmt;
use std::num::NonZeroU32;

/// Defines an id over a non-zero `u32` that holds its index + 1, so that
/// `Option<Id>` is four bytes.
macro_rules! table_id {
    ($(#[$doc:meta])* $name:ident, $table:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(NonZeroU32);

        impl $name {
            #[doc = concat!("The entry at `index` of the ", $table, ".")]
            ///
            /// # Panics
            ///
            /// When `index` is `u32::MAX` or more: no file holds that many
            /// entries.
            pub fn from_index(index: usize) -> Self {
                u32::try_from(index)
                    .ok()
                    .and_then(|index| index.checked_add(1))
                    .and_then(NonZeroU32::new)
                    .map(Self)
                    .expect(concat!("a ", $table, " holds fewer than u32::MAX entries"))
            }

            #[doc = concat!("Its index in the ", $table, ".")]
            pub fn index(self) -> usize {
                self.0.get() as usize - 1
            }

            /// The file's encoding: index + 1 (the wire code's only).
            #[allow(dead_code, reason = "frames are written by index, not by this number")]
            pub(crate) fn to_wire(self) -> u32 {
                self.0.get()
            }

            /// From the file's encoding: `None` for 0.
            #[allow(dead_code, reason = "frames are read by index, not by this number")]
            pub(crate) fn from_wire(value: u32) -> Option<Self> {
                NonZeroU32::new(value).map(Self)
            }
        }
    };
}

table_id!(
    /// A string of a file's string table ([`CallStacks::strings`](crate::CallStacks::strings)).
    StringId,
    "string table"
);

table_id!(
    /// A frame of a file's frame table ([`CallStacks::frames`](crate::CallStacks::frames)).
    FrameId,
    "frame table"
);

table_id!(
    /// A call stack of a file's stack table ([`CallStacks::stacks`](crate::CallStacks::stacks)).
    ///
    /// Outputs number stacks from 1, as the JSON document's `stack` field
    /// does: [`number`](Self::number) is that number.
    ///
    /// ```
    /// use memscope_export::StackId;
    ///
    /// let id = StackId::from_index(0);
    /// assert_eq!((id.index(), id.number()), (0, 1));
    /// assert_eq!(id.to_string(), "1");
    /// assert_eq!(size_of::<Option<StackId>>(), 4);
    /// ```
    StackId,
    "stack table"
);

table_id!(
    /// A thread of a file's thread table ([`Threads::threads`](crate::Threads::threads)).
    ThreadIndex,
    "thread table"
);

impl StackId {
    /// The stack's number as outputs show it: its index + 1.
    pub fn number(self) -> u32 {
        self.0.get()
    }
}

impl fmt::Display for StackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.number().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_index_and_none_is_the_wire_zero() {
        for index in [0, 1, 41, u32::MAX as usize - 1] {
            let id = FrameId::from_index(index);
            assert_eq!(id.index(), index);
            assert_eq!(FrameId::from_wire(id.to_wire()), Some(id));
        }
        assert_eq!(StringId::from_wire(0), None);
        assert_eq!(StackId::from_index(2).to_wire(), 3);
    }

    #[test]
    #[should_panic(expected = "fewer than u32::MAX entries")]
    fn an_index_no_file_can_hold_is_refused() {
        let _ = ThreadIndex::from_index(u32::MAX as usize);
    }
}
