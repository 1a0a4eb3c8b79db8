//! The contract's storage as a Keccak Merkle tree, read and written statelessly: the guest
//! holds only the root, and every slot it touches comes with a Merkle proof in the input.
//!
//! **Tree.** A binary tree of fixed depth [`DEPTH`]. A 32-byte slot key lives at leaf
//! position `key mod 2^DEPTH` (the key read as a big-endian integer), so consecutive
//! slots (a `bytes` value's data) are neighbours. A leaf is `keccak256(key ‖ value)`, or
//! 32 zero bytes when the value is zero: as in the EVM, an unwritten slot reads as zero, and
//! writing zero empties it. An inner node is `keccak256(left ‖ right)`. Because the leaf
//! hash names its key, a position taken by one key cannot be passed off as another's; two
//! keys that share a position cannot both be stored, a limit of this toy tree (a real
//! chain uses a Merkle-Patricia trie) that the host's registry generator stays clear of.
//!
//! **Proofs.** A proof is `value ‖ sibling_0 ‖ … ‖ sibling_{DEPTH-1}` (32 bytes each,
//! siblings from the leaf up); the proofs fill the rest of the input, in the order the guest
//! touches slots, and are used where they lie.
//! [`State::sload`] checks one against the current root. [`State::sstore`] checks the old
//! value's proof the same way and recomputes the root along the same path with the new
//! value; a write to a slot read since the last write reuses that read's proof (the root has
//! not moved since), the way the EVM charges a "warm" write less.

use alloc::vec::Vec;

use gluecp_guest::keccak::keccak256;

use crate::{Hex, Word};

/// Depth of the tree: 2^20 leaf positions.
pub const DEPTH: usize = 20;
/// Bytes of one proof in the input.
pub const PROOF_LEN: usize = 32 * (DEPTH + 1);

type Proof = [u8; PROOF_LEN];

/// The storage root, the proofs not used yet, and the slots proven against the root since
/// the last write.
pub struct State<'a> {
    root: Word,
    proofs: core::slice::Iter<'a, Proof>,
    warm: Vec<(Word, &'a Proof)>,
}

impl<'a> State<'a> {
    /// Storage with the given root, read and written with `proofs`, the concatenated proofs
    /// (they stay where they are: a proof is never copied).
    pub fn new(root: Word, proofs: &'a [u8]) -> Self {
        let (proofs, partial) = proofs.as_chunks::<PROOF_LEN>();
        if !partial.is_empty() {
            panic!("the input ends inside a Merkle proof");
        }
        State {
            root,
            proofs: proofs.iter(),
            warm: Vec::new(),
        }
    }

    /// The current root, after checking that every proof was used.
    pub fn finish(self) -> Word {
        if self.proofs.len() != 0 {
            panic!("{} Merkle proofs left unused", self.proofs.len());
        }
        self.root
    }

    /// `SLOAD`: the value of slot `key`, proven by the next proof.
    #[inline(never)]
    pub fn sload(&mut self, key: &Word) -> Word {
        let proof = self.prove(key);
        self.warm.push((*key, proof));
        *value(proof)
    }

    /// `SSTORE`: set slot `key` to `value` and move the root.
    #[inline(never)]
    pub fn sstore(&mut self, key: &Word, value: &Word) {
        let proof = match self.warm.iter().find(|(warm, _)| warm == key) {
            Some((_, proof)) => proof,
            None => self.prove(key),
        };
        self.root = path_root(leaf(key, value), position(key), proof);
        self.warm.clear();
    }

    /// Take the next proof and check that it opens slot `key` under the current root.
    fn prove(&mut self, key: &Word) -> &'a Proof {
        let Some(proof) = self.proofs.next() else {
            panic!("the input lacks the Merkle proof of slot 0x{}", Hex(key));
        };
        if path_root(leaf(key, value(proof)), position(key), proof) != self.root {
            panic!(
                "Merkle proof does not match the root: slot 0x{} = 0x{}",
                Hex(key),
                Hex(value(proof))
            );
        }
        proof
    }
}

/// The value a proof claims.
fn value(proof: &Proof) -> &Word {
    proof.first_chunk().expect("a proof starts with the value")
}

/// Leaf position of `key`: its low [`DEPTH`] bits.
fn position(key: &Word) -> u32 {
    u32::from_be_bytes([key[28], key[29], key[30], key[31]]) & ((1 << DEPTH) - 1)
}

/// The leaf of slot `key` holding `value`.
fn leaf(key: &Word, value: &Word) -> Word {
    if *value == [0; 32] {
        return [0; 32];
    }
    hash_pair(key, value)
}

/// The root above `leaf` at `position` with the siblings of `proof`.
fn path_root(leaf: Word, position: u32, proof: &Proof) -> Word {
    let mut node = leaf;
    for (level, sibling) in proof[32..].as_chunks::<32>().0.iter().enumerate() {
        node = if position >> level & 1 == 0 {
            hash_pair(&node, sibling)
        } else {
            hash_pair(sibling, &node)
        };
    }
    node
}

fn hash_pair(left: &Word, right: &Word) -> Word {
    let mut pair = [0u8; 64];
    pair[..32].copy_from_slice(left);
    pair[32..].copy_from_slice(right);
    keccak256(&pair)
}
