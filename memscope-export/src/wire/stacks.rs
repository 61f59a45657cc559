//! The stack segments' bodies (FORMAT.md, `sSTR`, `sFRM`, `sSTK`, `sIDS`,
//! `sMOD`) and their translation to and from the model's
//! [`CallStacks`] and per-record [`StackId`]s.

use std::io::Read;

use memscope_binary::{BinaryRecord, CodecError, Layout};

use crate::error::{FormatError, FormatResult, Tag};
use crate::model::ids::{FrameId, StackId, StringId};
use crate::model::stacks::{CallStacks, Frame, Module, Stack};
use crate::read::budget::{Budget, cost};
use crate::wire::content::{Content, read_entries};
use crate::wire::{EncodedSegment, FRAMES, Held, IDS, MODULES, STACKS, STRINGS, decode_body, held};

/// Bit 0 of a frame's flags: inlined into the frame that follows it.
const INLINED: u32 = 1 << 0;

/// One frame as `sFRM` stores it: names as string index + 1.
#[derive(BinaryRecord, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[binary(size = 24)]
pub(crate) struct FrameEntry {
    address: u64,
    function: u32,
    file: u32,
    line: u32,
    flags: u32,
}

/// One stack as `sSTK` stores it.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct StackEntry {
    #[binary(len = u16)]
    frames: Vec<u32>,
}

/// One module as `sMOD` stores it: its path as a plain string index.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct ModuleEntry {
    start: u64,
    end: u64,
    file_offset: u64,
    path: u32,
    #[binary(len = u16)]
    build_id: Vec<u8>,
}

/// One string of `sSTR`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct StringEntry {
    #[binary(len = u32)]
    text: String,
}

/// The body of `sSTR`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct StringsBody {
    strings: Vec<StringEntry>,
}

/// The body of `sFRM`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct FramesBody {
    frames: Vec<FrameEntry>,
}

/// The body of `sSTK`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct StacksBody {
    stacks: Vec<StackEntry>,
}

/// The body of `sIDS`, as the writer builds it.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct IdsBody {
    ids: Vec<u32>,
}

/// The body of `sMOD`.
#[derive(BinaryRecord, Debug, Clone, Default, PartialEq, Eq)]
struct ModulesBody {
    modules: Vec<ModuleEntry>,
}

impl FrameEntry {
    fn of(frame: &Frame) -> Self {
        FrameEntry {
            address: frame.address,
            function: frame.function.map_or(0, StringId::to_wire),
            file: frame.file.map_or(0, StringId::to_wire),
            line: frame.line.unwrap_or(0),
            flags: if frame.inlined { INLINED } else { 0 },
        }
    }
}

/// The encoded bodies of the stack segments, in writing order: the
/// tables of `stacks`, and `ids`, the stack of each record.
pub(crate) fn encode(
    stacks: &CallStacks,
    ids: &[Option<StackId>],
) -> Result<Vec<EncodedSegment>, CodecError> {
    let strings = StringsBody {
        strings: stacks
            .strings
            .iter()
            .map(|s| StringEntry { text: s.clone() })
            .collect(),
    };
    let frames = FramesBody {
        frames: stacks.frames.iter().map(FrameEntry::of).collect(),
    };
    let stack_table = StacksBody {
        stacks: stacks
            .stacks
            .iter()
            .map(|stack| StackEntry {
                frames: stack.frames.iter().map(|f| f.index() as u32).collect(),
            })
            .collect(),
    };
    let ids = IdsBody {
        ids: ids
            .iter()
            .map(|id| id.map_or(0, StackId::to_wire))
            .collect(),
    };
    let mut bodies = vec![
        (STRINGS, strings.to_bytes(Layout::Basic)?),
        (FRAMES, frames.to_bytes(Layout::Basic)?),
        (STACKS, stack_table.to_bytes(Layout::Basic)?),
        (IDS, ids.to_bytes(Layout::Basic)?),
    ];
    if !stacks.modules.is_empty() {
        let modules = ModulesBody {
            modules: stacks
                .modules
                .iter()
                .map(|m| ModuleEntry {
                    start: m.start,
                    end: m.end,
                    file_offset: m.file_offset,
                    path: m.path.index() as u32,
                    build_id: m.build_id.clone(),
                })
                .collect(),
        };
        bodies.push((MODULES, modules.to_bytes(Layout::Basic)?));
    }
    Ok(bodies)
}

/// What reading `sIDS` found: the stack of each record when it was kept,
/// the largest id in it (to check against the stack table once that is
/// in: [`check_ids`]), and where in the content the first id is.
#[derive(Debug)]
pub(crate) struct IdsRead {
    /// The stack of each record, when kept.
    pub(crate) kept: Option<Vec<Option<StackId>>>,
    /// The largest stack id.
    pub(crate) largest: Option<StackId>,
    /// Where the first id is, from the content's start.
    pub(crate) first: u64,
}

/// Reads the content of `sIDS`: the stack of each record, with `keep`
/// straight into the vector the reader keeps (4 bytes a record), else
/// checked and dropped, to be read again beside the records; either way
/// charged to `memory`. The count must match the content's length and,
/// when `records` is given, the allocation segment's record count, both
/// checked before anything is allocated; whether each id names a stack is
/// checked once the stack table is in ([`check_ids`]).
pub(crate) fn read_ids<I: Read>(
    content: &mut Content<I>,
    records: Option<u64>,
    memory: &mut Budget,
    keep: bool,
) -> FormatResult<IdsRead> {
    let count = content.read_u32()?;
    content.expect_exactly(u64::from(count), 4)?;
    if let Some(records) = records
        && u64::from(count) != records
    {
        return Err(FormatError::StackIdCount {
            found: u64::from(count),
            records,
            offset: content.body_at(),
        });
    }
    memory.charge(
        u64::from(count) * cost::ENTRY,
        held(IDS, Held::Entries),
        content.body_at(),
    )?;
    let first = content.position();
    let mut largest = None;
    let kept = read_entries(content, count, keep, StackId::from_wire, |id| {
        largest = largest.max(Some(id));
        Ok(())
    })?;
    Ok(IdsRead {
        kept,
        largest,
        first,
    })
}

/// Refuses a stack id, `largest` the largest of `sIDS` (whose body is at
/// `offset`), that names none of `stacks` stacks.
pub(crate) fn check_ids(largest: Option<StackId>, stacks: usize, offset: u64) -> FormatResult<()> {
    match largest {
        Some(id) if id.index() >= stacks => Err(FormatError::IndexOutOfRange {
            what: "stack",
            index: id.index() as u64,
            count: stacks as u64,
            tag: Tag(IDS),
            offset,
        }),
        _ => Ok(()),
    }
}

/// The stack tables of a file as they are read, each kept as the file has
/// it until all are in ([`into_model`](Self::into_model)).
#[derive(Debug, Default)]
pub(crate) struct StackSegments {
    strings: Vec<String>,
    frames: Vec<FrameEntry>,
    stacks: Vec<StackEntry>,
    modules: Vec<ModuleEntry>,
}

impl StackSegments {
    /// Takes the body of the stack table `tag` (`sSTR`, `sFRM`, `sSTK`,
    /// `sMOD`: its content, at `offset`); `sIDS` is read by [`read_ids`].
    pub(crate) fn apply(
        &mut self,
        tag: [u8; 4],
        body: &[u8],
        offset: u64,
    ) -> Result<(), FormatError> {
        match tag {
            STRINGS => {
                self.strings = decode_body::<StringsBody>(tag, body, offset)?
                    .strings
                    .into_iter()
                    .map(|s| s.text)
                    .collect();
            }
            FRAMES => self.frames = decode_body::<FramesBody>(tag, body, offset)?.frames,
            STACKS => self.stacks = decode_body::<StacksBody>(tag, body, offset)?.stacks,
            MODULES => self.modules = decode_body::<ModulesBody>(tag, body, offset)?.modules,
            _ => {}
        }
        Ok(())
    }

    /// The model of the tables read, every cross-reference between them
    /// checked (FORMAT.md, "Rules for readers, version 2"), with errors at
    /// the body of the segment at fault (`at` gives it per tag); the stack
    /// ids are checked against it by [`check_ids`].
    pub(crate) fn into_model(self, at: impl Fn([u8; 4]) -> u64) -> Result<CallStacks, FormatError> {
        let out_of_range = |what: &'static str, index: u64, count: usize, tag: [u8; 4]| {
            FormatError::IndexOutOfRange {
                what,
                index,
                count: count as u64,
                tag: Tag(tag),
                offset: at(tag),
            }
        };
        let strings = self.strings.len();
        let string = |index: u32| -> Result<Option<StringId>, FormatError> {
            match StringId::from_wire(index) {
                Some(id) if id.index() >= strings => {
                    Err(out_of_range("string", id.index() as u64, strings, FRAMES))
                }
                id => Ok(id),
            }
        };
        let mut frames = Vec::with_capacity(self.frames.len());
        for entry in &self.frames {
            if entry.flags & !INLINED != 0 {
                return Err(FormatError::ReservedFrameFlags {
                    flags: entry.flags,
                    offset: at(FRAMES),
                });
            }
            frames.push(Frame {
                address: entry.address,
                function: string(entry.function)?,
                file: string(entry.file)?,
                line: (entry.line != 0).then_some(entry.line),
                inlined: entry.flags & INLINED != 0,
            });
        }
        let mut stacks = Vec::with_capacity(self.stacks.len());
        for entry in self.stacks {
            if let Some(&bad) = entry.frames.iter().find(|&&f| f as usize >= frames.len()) {
                return Err(out_of_range("frame", u64::from(bad), frames.len(), STACKS));
            }
            stacks.push(Stack {
                frames: entry
                    .frames
                    .iter()
                    .map(|&f| FrameId::from_index(f as usize))
                    .collect(),
            });
        }
        let mut modules = Vec::with_capacity(self.modules.len());
        for entry in self.modules {
            if entry.path as usize >= strings {
                return Err(out_of_range(
                    "string",
                    u64::from(entry.path),
                    strings,
                    MODULES,
                ));
            }
            modules.push(Module {
                start: entry.start,
                end: entry.end,
                file_offset: entry.file_offset,
                path: StringId::from_index(entry.path as usize),
                build_id: entry.build_id,
            });
        }
        let tables = CallStacks {
            strings: self.strings,
            frames,
            stacks,
            modules,
        };
        Ok(tables)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_24_bytes_field_by_field() {
        let frame = Frame {
            address: 0x0102_0304_0506_0708,
            function: Some(StringId::from_index(0)),
            file: Some(StringId::from_index(1)),
            line: Some(300),
            inlined: true,
        };
        #[rustfmt::skip]
        let expected: [u8; 24] = [
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // address
            1, 0, 0, 0,                                     // function: string 0
            2, 0, 0, 0,                                     // file: string 1
            0x2c, 0x01, 0, 0,                               // line 300
            1, 0, 0, 0,                                     // inlined
        ];
        assert_eq!(
            FrameEntry::of(&frame).to_bytes(Layout::Basic).unwrap(),
            expected
        );
    }

    /// The segments of `stacks` and `ids`, read back as the reader reads
    /// them, for a file of `records` records.
    fn read_back_of(
        stacks: &CallStacks,
        ids: &[Option<StackId>],
        records: u64,
    ) -> Result<(CallStacks, Vec<Option<StackId>>), FormatError> {
        let mut segments = StackSegments::default();
        let mut read = None;
        for (tag, body) in encode(stacks, ids).unwrap() {
            if tag == IDS {
                let mut content = Content::of_slice(tag, &body, 0);
                let unlimited = &mut Budget::for_file(0, u64::MAX);
                read = Some(read_ids(&mut content, Some(records), unlimited, true)?);
                content.end()?;
            } else {
                segments.apply(tag, &body, 0)?;
            }
        }
        let tables = segments.into_model(|_| 0)?;
        let read = read.unwrap();
        check_ids(read.largest, tables.stacks.len(), 0)?;
        Ok((tables, read.kept.unwrap()))
    }

    fn read_back(
        stacks: &CallStacks,
        ids: &[Option<StackId>],
    ) -> Result<(CallStacks, Vec<Option<StackId>>), FormatError> {
        read_back_of(stacks, ids, ids.len() as u64)
    }

    #[test]
    fn tables_and_ids_come_back_as_they_went() {
        let mut stacks = CallStacks::default();
        let path = stacks.intern_string("/bin/app");
        let frame = stacks.push_frame(Frame {
            address: 0x10,
            function: None,
            file: Some(path),
            line: Some(7),
            inlined: true,
        });
        let id = stacks.push_stack([frame, frame]);
        stacks.modules.push(Module {
            start: 0x1000,
            end: 0x2000,
            file_offset: 0,
            path,
            build_id: vec![1, 2],
        });
        let ids = [Some(id), None];
        assert_eq!(read_back(&stacks, &ids).unwrap(), (stacks, ids.to_vec()));
    }

    #[test]
    fn reading_names_what_is_out_of_range_or_missing() {
        let mut stacks = CallStacks::default();
        let frame = stacks.push_frame(Frame {
            address: 1,
            function: None,
            file: None,
            line: None,
            inlined: false,
        });
        let id = stacks.push_stack([frame]);
        let bad_stack = StackId::from_index(1);
        assert!(matches!(
            read_back(&stacks, &[Some(bad_stack)]),
            Err(FormatError::IndexOutOfRange {
                what: "stack",
                index: 1,
                count: 1,
                ..
            })
        ));
        assert!(matches!(
            read_back_of(&stacks, &[Some(id)], 2),
            Err(FormatError::StackIdCount {
                found: 1,
                records: 2,
                offset: 0
            })
        ));
    }
}
