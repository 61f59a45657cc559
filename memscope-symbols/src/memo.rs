//! The memo of resolved addresses: a `HashMap` keyed by return address
//! with a multiplicative hasher (the one `rustc-hash` uses) instead of
//! SipHash. The keys are addresses of the process being symbolized, not
//! input an attacker picks, and a repeated frame should cost a probe, not
//! a SipHash round.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::frame::ResolvedFrame;

/// Resolved frames by return address.
pub(crate) type Memo = HashMap<u64, Box<[ResolvedFrame]>, BuildHasherDefault<AddressHasher>>;

/// Multiply-rotate hashing of `u64` keys.
#[derive(Default, Clone, Copy)]
pub(crate) struct AddressHasher(u64);

/// An odd constant with well-spread bits (from rustc-hash 2).
const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = self.0.wrapping_add(value).wrapping_mul(SEED);
    }

    fn finish(&self) -> u64 {
        // The product's high bits are its best mixed; the table takes its
        // bucket from the low bits, so bring the high ones down.
        self.0.rotate_left(26)
    }
}
