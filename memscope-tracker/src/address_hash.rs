//! [`AddressHash`]: the hash of the maps keyed by addresses (a shard's
//! names and huge sizes) and by return addresses (the stack table).

use std::hash::{BuildHasher, Hasher};

/// The hash of a shard's names and huge sizes by address, and of the
/// stack table's stacks (return addresses): a multiply whose 128-bit
/// product is folded onto itself, so that every bit of the address reaches
/// every bit of the hash. Unlike `std`'s default it is
/// constant-constructible, which a constant-initialised tracker needs, and
/// needs no random keys; a deterministic hash is safe here because the
/// keys are addresses the allocator chose, not input an attacker controls.
/// Its multiplier differs from
/// [`shard_index`](crate::shard::shard_index)'s, whose top bits are the
/// same for every key of a shard.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AddressHash;

impl BuildHasher for AddressHash {
    type Hasher = AddressHasher;

    #[inline]
    fn build_hasher(&self) -> AddressHasher {
        AddressHasher(0)
    }
}

/// The state of one [`AddressHash`] hashing.
pub(crate) struct AddressHasher(u64);

impl AddressHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * 0xA076_1D64_78BD_642F;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for AddressHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write_usize(&mut self, word: usize) {
        self.mix(word as u64);
    }

    #[inline]
    fn write_u64(&mut self, word: u64) {
        self.mix(word);
    }

    /// Keys other than addresses, a word at a time; not used by the index.
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_addresses_differ_in_the_low_bits_of_their_hashes() {
        let hash = |word: usize| AddressHash.hash_one(word);
        // A hash map takes its bucket from the low bits: addresses 16
        // bytes apart must not share them.
        let buckets: std::collections::HashSet<u64> = (0..256)
            .map(|i| hash(0x7f00_0000_0000 + i * 16) & 0xff)
            .collect();
        assert!(buckets.len() > 128, "{} of 256", buckets.len());
    }
}
