//! Deterministic "glue" workloads for the `gluecp bench glue` benchmark.
//!
//! A zkVM spends most of its cycles not in hashes or signatures (those go to coprocessors)
//! but in the ordinary Rust around them: sorting, maps, parsing, small interpreters. These
//! workloads are that kind of code, written with `core` and `alloc` only and no
//! dependencies, so the very same source runs natively on the host and as a guest inside
//! the VM (`bench/glue-guest`). The benchmark runs each one both ways, checks that the
//! checksums agree, and compares the times.
//!
//! Every workload is a `fn(size) -> checksum`: its input is generated from a fixed seed
//! ([`rng::Xorshift32`]), `size` scales the work linearly (or `n log n`), and the checksum
//! depends on every result so the compiler cannot skip the work.
//!
//! - [`sort`]: sort pseudo-random words, then binary-search them;
//! - [`sha256`]: SHA-256 over a generated buffer, in plain Rust;
//! - [`bytecode`]: a stack-machine interpreter running a Collatz loop;
//! - [`btree`]: `BTreeMap` inserts, lookups, removals and a range scan;
//! - [`text`]: `core::fmt` formatting of records and parsing them back.
//!
//! [`ALL`] lists them in benchmark order; the guest selects one by its index there.
#![no_std]

extern crate alloc;

pub mod btree;
pub mod bytecode;
pub mod rng;
pub mod sha256;
pub mod sort;
pub mod text;

/// One benchmark workload.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    /// Short name used in tables and on the command line.
    pub name: &'static str,
    /// What it does, in one line.
    pub description: &'static str,
    /// The size the benchmark uses: about 100 million RV32IM instructions in the VM.
    pub default_size: u32,
    /// Run it on an input of the given size and return the checksum.
    pub run: fn(u32) -> u64,
}

/// Every workload, in benchmark order. The index into this slice is the guest's workload
/// number, so append new workloads at the end.
pub const ALL: &[Workload] = &[
    Workload {
        name: "sort",
        description: "sort_unstable + binary_search over pseudo-random u32s",
        default_size: 250_000,
        run: sort::run,
    },
    Workload {
        name: "sha256",
        description: "from-scratch SHA-256 over a generated buffer (size in KiB)",
        default_size: 1024,
        run: sha256::run,
    },
    Workload {
        name: "bytecode",
        description: "stack-machine interpreter: Collatz lengths of 1..=size",
        default_size: 2_500,
        run: bytecode::run,
    },
    Workload {
        name: "btree",
        description: "BTreeMap insert/get/remove/range over pseudo-random keys",
        default_size: 100_000,
        run: btree::run,
    },
    Workload {
        name: "text",
        description: "core::fmt formatting of records and parsing them back",
        default_size: 40_000,
        run: text::run,
    },
];

/// The workload called `name`, with its index in [`ALL`].
pub fn find(name: &str) -> Option<(u32, &'static Workload)> {
    ALL.iter()
        .enumerate()
        .find(|(_, workload)| workload.name == name)
        .map(|(index, workload)| (index as u32, workload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        for (index, workload) in ALL.iter().enumerate() {
            assert_eq!(find(workload.name).map(|(i, _)| i), Some(index as u32));
        }
    }

    #[test]
    fn runs_are_deterministic() {
        for workload in ALL {
            let size = workload.default_size / 100;
            assert_eq!(
                (workload.run)(size),
                (workload.run)(size),
                "{}",
                workload.name
            );
        }
    }

    /// Checksums pinned from a native run: a change here changes what the benchmark measures
    /// (or breaks determinism), so it must be deliberate.
    #[test]
    fn pinned_checksums() {
        let pinned: [(&str, u32, u64); 5] = [
            ("sort", 1000, 0x9ff9_f150_2e71_b1e0),
            ("sha256", 4, 0x4c79_573b_8ce3_8b60),
            ("bytecode", 1000, 0xe896_0000_00b2),
            ("btree", 1000, 0x11e4_a190_ffb1_326f),
            ("text", 1000, 0x0cc9_db63_bcf8_361a),
        ];
        for (name, size, checksum) in pinned {
            let (_, workload) = find(name).expect("pinned workload exists");
            let actual = (workload.run)(size);
            assert_eq!(actual, checksum, "{name}({size}) = {actual:#x}");
        }
    }
}
