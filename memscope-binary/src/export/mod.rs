//! Exports of a tracker's state: the binary format, JSON, and the atomic
//! file writing every export to a path shares.

pub(crate) mod atomic;
pub mod binary;
pub mod json;
