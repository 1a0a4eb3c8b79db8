//! The two state trees on the host: the same hashes as the guest's, and a sparse tree that
//! stores only the nodes above non-empty slots, so a depth of 16 or 32 costs no more than
//! the accounts in it.
//!
//! The Poseidon2 side uses Plonky3's own constructions, as the guest SDK documents them:
//! `PaddingFreeSponge<Poseidon2KoalaBear<16>, 16, 8, 8>` for leaves and
//! `TruncatedPermutation<Poseidon2KoalaBear<16>, 2, 8, 16>` for nodes, with
//! `default_koalabear_poseidon2_16()`.

use super::model::{Account, Digest};
use p3_field::PrimeField32;
use p3_koala_bear::{KoalaBear, Poseidon2KoalaBear, default_koalabear_poseidon2_16};
use p3_symmetric::{
    CryptographicHasher, PaddingFreeSponge, PseudoCompressionFunction, TruncatedPermutation,
};
use sha3::{Digest as _, Keccak256};
use std::collections::HashMap;
use std::sync::LazyLock;

pub fn keccak256(data: &[u8]) -> [u8; 32] {
    Keccak256::digest(data).into()
}

/// A Merkle tree's hashes.
pub trait TreeHash {
    type Digest: Copy + Eq + std::fmt::Debug;
    fn leaf(account: &Account) -> Self::Digest;
    fn node(left: &Self::Digest, right: &Self::Digest) -> Self::Digest;
}

/// keccak256 of the account's encoding; keccak256 of `left ‖ right`.
pub struct KeccakHash;

impl TreeHash for KeccakHash {
    type Digest = [u8; 32];

    fn leaf(account: &Account) -> [u8; 32] {
        keccak256(&account.encode())
    }

    fn node(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
        let mut hasher = Keccak256::new();
        hasher.update(left);
        hasher.update(right);
        hasher.finalize().into()
    }
}

type Permutation = Poseidon2KoalaBear<16>;
static SPONGE: LazyLock<PaddingFreeSponge<Permutation, 16, 8, 8>> =
    LazyLock::new(|| PaddingFreeSponge::new(default_koalabear_poseidon2_16()));
static COMPRESSION: LazyLock<TruncatedPermutation<Permutation, 2, 8, 16>> =
    LazyLock::new(|| TruncatedPermutation::new(default_koalabear_poseidon2_16()));

/// The sponge over the account's 25 elements; the truncated-permutation compression.
pub struct Poseidon2Hash;

impl TreeHash for Poseidon2Hash {
    type Digest = Digest;

    fn leaf(account: &Account) -> Digest {
        let elements = leaf_elements(account).map(KoalaBear::new);
        let digest: [KoalaBear; 8] = SPONGE.hash_iter(elements);
        digest.map(|x| x.as_canonical_u32())
    }

    fn node(left: &Digest, right: &Digest) -> Digest {
        let digest = COMPRESSION.compress([left.map(KoalaBear::new), right.map(KoalaBear::new)]);
        digest.map(|x| x.as_canonical_u32())
    }
}

/// The account as 25 field elements: the scheme tag, then the 16-bit little-endian limbs
/// of the owner, the balance and the nonce.
pub fn leaf_elements(account: &Account) -> [u32; 25] {
    let bytes = account.encode();
    let mut elements = [0; 25];
    elements[0] = u32::from(bytes[0]);
    for (element, limb) in elements[1..].iter_mut().zip(bytes[1..].as_chunks::<2>().0) {
        *element = u32::from(u16::from_le_bytes(*limb));
    }
    elements
}

/// The root above `leaf` at `index`, given its siblings from the leaf up.
pub fn path_root<H: TreeHash>(leaf: H::Digest, index: u32, siblings: &[H::Digest]) -> H::Digest {
    siblings
        .iter()
        .enumerate()
        .fold(leaf, |node, (level, sibling)| {
            if index >> level & 1 == 0 {
                H::node(&node, sibling)
            } else {
                H::node(sibling, &node)
            }
        })
}

/// A fixed-depth Merkle tree whose empty slots hold [`Account::EMPTY`].
pub struct SparseTree<H: TreeHash> {
    /// The root of an empty subtree of each height, 0 (a leaf) to the depth.
    empty: Vec<H::Digest>,
    /// The nodes that differ from the empty ones, by (height, index at that height).
    nodes: HashMap<(u32, u64), H::Digest>,
}

impl<H: TreeHash> SparseTree<H> {
    pub fn new(depth: u32) -> Self {
        let mut empty = vec![H::leaf(&Account::EMPTY)];
        for height in 0..depth as usize {
            empty.push(H::node(&empty[height], &empty[height]));
        }
        SparseTree {
            empty,
            nodes: HashMap::new(),
        }
    }

    fn depth(&self) -> u32 {
        self.empty.len() as u32 - 1
    }

    fn node(&self, height: u32, index: u64) -> H::Digest {
        self.nodes
            .get(&(height, index))
            .copied()
            .unwrap_or(self.empty[height as usize])
    }

    pub fn root(&self) -> H::Digest {
        self.node(self.depth(), 0)
    }

    /// The siblings of leaf `index`, from the leaf up.
    pub fn siblings(&self, index: u32) -> Vec<H::Digest> {
        (0..self.depth())
            .map(|height| self.node(height, (u64::from(index) >> height) ^ 1))
            .collect()
    }

    /// Put `account` at leaf `index` and update the nodes above it.
    pub fn set(&mut self, index: u32, account: &Account) {
        let mut node = H::leaf(account);
        let mut position = u64::from(index);
        for height in 0..self.depth() {
            self.nodes.insert((height, position), node);
            let sibling = self.node(height, position ^ 1);
            node = if position & 1 == 0 {
                H::node(&node, &sibling)
            } else {
                H::node(&sibling, &node)
            };
            position >>= 1;
        }
        self.nodes.insert((self.depth(), 0), node);
    }
}
