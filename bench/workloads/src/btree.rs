//! An ordered map: the state tables (balances, indexes, caches) of glue code.
//!
//! Inserts `size` pseudo-random keys into a `BTreeMap` (counting repeats), looks up `size`
//! more, removes every other key in order, and folds the survivors by a range scan; so the
//! workload is allocation-, comparison- and pointer-chasing-heavy.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use crate::rng::Xorshift32;

/// Insert, look up, remove and scan `size` keys; returns a checksum of the results.
pub fn run(size: u32) -> u64 {
    let mut rng = Xorshift32::new(0x5EED_0003);
    let range = size.max(1).saturating_mul(2);

    let mut map: BTreeMap<u32, u32> = BTreeMap::new();
    for _ in 0..size {
        *map.entry(rng.next_u32() % range).or_insert(0) += 1;
    }

    let mut found = 0u64;
    for _ in 0..size {
        if let Some(&count) = map.get(&(rng.next_u32() % range)) {
            found += u64::from(count);
        }
    }

    let doomed: Vec<u32> = map.keys().copied().step_by(2).collect();
    for key in &doomed {
        map.remove(key);
    }

    let mut checksum = found << 32 | map.len() as u64;
    for (&key, &count) in map.range(range / 4..) {
        checksum =
            (checksum ^ u64::from(key) << 8 ^ u64::from(count)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    checksum
}
