//! [`Budget`]: the memory a reader may hold for one file (FORMAT.md,
//! "Memory budget (both versions)"), and the running total of what it
//! holds, charged before each allocation that the file's contents decide.

use crate::error::{FormatError, FormatResult};

/// What every file may make a reader hold, whatever its size: its
/// buffers, one record at a time, and whatever FORMAT.md's charges leave
/// out come out of it.
pub const MEMORY_ALLOWANCE: u64 = 32 << 20;

/// What each byte of a file adds to its budget.
pub const MEMORY_PER_FILE_BYTE: u64 = 16;

/// The memory budget FORMAT.md gives a file of `file_size` bytes:
/// [`MEMORY_ALLOWANCE`] plus [`MEMORY_PER_FILE_BYTE`] bytes for each of
/// its bytes.
///
/// ```
/// use memscope_export::memory_budget;
///
/// assert_eq!(memory_budget(0), 32 << 20);
/// assert_eq!(memory_budget(2_000_000), (32 << 20) + 32_000_000);
/// ```
pub fn memory_budget(file_size: u64) -> u64 {
    MEMORY_ALLOWANCE.saturating_add(file_size.saturating_mul(MEMORY_PER_FILE_BYTE))
}

/// The charges of FORMAT.md, per entry of each table.
pub(crate) mod cost {
    /// A string of `sSTR`, besides its length.
    pub(crate) const STRING: u64 = 48;
    /// A frame of `sFRM`.
    pub(crate) const FRAME: u64 = 64;
    /// A stack of `sSTK`, besides 8 bytes a frame.
    pub(crate) const STACK: u64 = 64;
    /// A module of `sMOD`, besides its build id.
    pub(crate) const MODULE: u64 = 144;
    /// A thread of `tHRD`, besides its name.
    pub(crate) const THREAD: u64 = 64;
    /// A record's entry in `sIDS` or `tHRD`.
    pub(crate) const ENTRY: u64 = 4;
    /// An extension segment, in the list a reader keeps.
    pub(crate) const SEGMENT: u64 = 32;
}

/// What the entries of table segment `tag` (`sSTR`, `sFRM`, `sSTK`,
/// `sMOD`) hold once decoded, from its content: its count (the first 4
/// bytes) and its length (FORMAT.md, "Memory budget": equal to the sum
/// of the charges of its entries when the table is sound).
pub(crate) fn table_cost(tag: [u8; 4], content: &[u8]) -> u64 {
    let Some(count) = content.first_chunk::<4>() else {
        return 0;
    };
    let count = u64::from(u32::from_le_bytes(*count));
    let rest = content.len() as u64 - 4;
    let per = |cost: u64| count.saturating_mul(cost);
    match tag {
        // Σ(48 + length): the lengths are the content less the count and
        // a 4-byte length a string.
        crate::wire::STRINGS => rest.saturating_add(per(cost::STRING - 4)),
        crate::wire::FRAMES => per(cost::FRAME),
        // Σ(64 + 8·depth): the depths are the content less a 2-byte depth
        // a stack, in 4-byte frame indices.
        crate::wire::STACKS => rest.saturating_mul(2).saturating_add(per(cost::STACK - 4)),
        // Σ(144 + build-id length), each module 30 bytes besides it.
        crate::wire::MODULES => rest.saturating_add(per(cost::MODULE - 30)),
        _ => 0,
    }
}

/// The memory a reader may hold for a file, and what it holds so far.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    limit: u64,
    held: u64,
}

impl Budget {
    /// The budget of a file of `file_size` bytes: FORMAT.md's, or
    /// `at_least` when that is more.
    pub(crate) fn for_file(file_size: u64, at_least: u64) -> Self {
        Budget {
            limit: memory_budget(file_size).max(at_least),
            held: 0,
        }
    }

    /// Takes `bytes` more for `what`, at byte `offset` of the file,
    /// before they are allocated; refuses when the total would pass the
    /// budget.
    pub(crate) fn charge(
        &mut self,
        bytes: u64,
        what: &'static str,
        offset: u64,
    ) -> FormatResult<()> {
        let needed = self.held.saturating_add(bytes);
        if needed > self.limit {
            return Err(FormatError::MemoryBudget {
                what,
                needed,
                budget: self.limit,
                offset,
            });
        }
        self.held = needed;
        Ok(())
    }

    /// Gives back `bytes` charged for what is no longer held.
    pub(crate) fn release(&mut self, bytes: u64) {
        self.held = self.held.saturating_sub(bytes);
    }

    /// What is held now.
    #[cfg(test)]
    pub(crate) fn held(&self) -> u64 {
        self.held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_add_up_to_the_budget_and_not_past_it() {
        let mut budget = Budget::for_file(1000, 0);
        let limit = (32 << 20) + 16_000;
        budget.charge(limit - 10, "tables", 100).unwrap();
        budget.charge(10, "ids", 200).unwrap();
        let err = budget.charge(1, "window", 300).unwrap_err();
        assert!(
            matches!(err, FormatError::MemoryBudget { what: "window", needed, budget: b, offset: 300 } if needed == limit + 1 && b == limit),
            "{err}"
        );
        assert_eq!(budget.held(), limit, "a refused charge is not held");
        budget.release(10);
        budget.charge(10, "window", 300).unwrap();
    }

    #[test]
    fn a_tables_charge_from_its_count_and_length_is_the_sum_of_its_entries() {
        use crate::model::stacks::{CallStacks, Frame, Module};
        let mut stacks = CallStacks::default();
        let path = stacks.intern_string("/usr/lib/libc.so.6");
        stacks.intern_string("");
        stacks.intern_string("app::main");
        let frame = Frame {
            address: 1,
            function: None,
            file: None,
            line: None,
            inlined: false,
        };
        let frames: Vec<_> = (0..3).map(|_| stacks.push_frame(frame)).collect();
        stacks.push_stack([]);
        stacks.push_stack(frames.clone());
        stacks.push_stack([frames[0]]);
        stacks.modules.push(Module {
            start: 0,
            end: 1,
            file_offset: 0,
            path,
            build_id: vec![7; 20],
        });
        let expected = |tag| -> u64 {
            match tag {
                crate::wire::STRINGS => stacks.strings.iter().map(|s| 48 + s.len() as u64).sum(),
                crate::wire::FRAMES => 64 * stacks.frames.len() as u64,
                crate::wire::STACKS => stacks
                    .stacks
                    .iter()
                    .map(|s| 64 + 8 * s.frames.len() as u64)
                    .sum(),
                crate::wire::MODULES => stacks
                    .modules
                    .iter()
                    .map(|m| 144 + m.build_id.len() as u64)
                    .sum(),
                _ => 0,
            }
        };
        let segments = crate::wire::stacks::encode(&stacks, &[]).unwrap();
        assert_eq!(segments.len(), 5);
        for (tag, body) in segments {
            assert_eq!(table_cost(tag, &body), expected(tag), "{:?}", tag);
        }
    }

    #[test]
    fn a_larger_budget_can_be_given_never_a_smaller_one() {
        assert_eq!(Budget::for_file(0, 1 << 40).limit, 1 << 40);
        assert_eq!(Budget::for_file(0, 1).limit, 32 << 20);
        assert_eq!(Budget::for_file(u64::MAX, 0).limit, u64::MAX);
    }
}
