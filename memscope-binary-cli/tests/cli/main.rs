//! End-to-end tests of the `memscope-binary` command: each command on files
//! written by the library in a temporary directory, checked on what it
//! prints and how it exits.

mod browser;
mod budget;
mod ci;
mod common;
mod corpus;
mod diff;
mod errors;
mod hostile;
mod inspect;
mod interchange;
mod limits;
mod output;
mod peak;
mod report;
mod stacks;
mod summary;
mod terminal;
mod threads;
mod to_json;
mod validate;
