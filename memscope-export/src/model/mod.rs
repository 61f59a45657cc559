//! What a file holds, as a program works with it: records with their
//! call stacks and threads, the stack tables, the thread table, and the
//! typed ids that link them. How each piece is encoded is `crate::wire`'s
//! business; none of the file's index + 1 encodings appears here.

pub mod history;
pub mod ids;
pub mod record;
pub mod stacks;
pub mod threads;
