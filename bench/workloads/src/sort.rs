//! Sorting: the bread and butter of glue code (ordering records, deduplicating keys).
//!
//! Generates `size` pseudo-random `u32`s, sorts them with the standard library's unstable
//! sort (what a guest author would actually call), and then answers `size` membership
//! queries by binary search, so both the sort and the lookups that usually follow it count.

use alloc::vec::Vec;

use crate::rng::Xorshift32;

/// Sort `size` pseudo-random words and binary-search `size` more; returns a checksum of the
/// sorted order and the query answers.
pub fn run(size: u32) -> u64 {
    let mut rng = Xorshift32::new(0x5EED_0001);
    // Keys drawn from a range about the size of the array, so duplicates and hits are common.
    let range = size.max(1).saturating_mul(2);
    let mut values: Vec<u32> = (0..size).map(|_| rng.next_u32() % range).collect();
    values.sort_unstable();

    let mut checksum = 0u64;
    for (i, &value) in values.iter().enumerate() {
        checksum = mix(checksum, (i as u64) << 32 | u64::from(value));
    }
    let mut hits = 0u64;
    for _ in 0..size {
        let query = rng.next_u32() % range;
        if let Ok(position) = values.binary_search(&query) {
            // `binary_search` may land on any of several equal keys; only a hit is portable.
            debug_assert_eq!(values[position], query);
            hits += 1;
        }
    }
    mix(checksum, hits)
}

/// An order-sensitive fold (FNV-1a style over 64-bit words).
fn mix(acc: u64, word: u64) -> u64 {
    (acc ^ word).wrapping_mul(0x0000_0100_0000_01B3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_single_inputs() {
        assert_eq!(run(0), 0);
        assert_ne!(run(1), 0);
    }
}
