//! The storage tree on the host: the whole sparse tree (the "full node" the witness comes
//! from), and the path computation a proof is checked with. Same tree as the guest's
//! `state` module: depth [`DEPTH`], slot `key` at position `key mod 2^DEPTH`, leaf
//! `keccak256(key ‖ value)` or zero for a zero value, inner node `keccak256(left ‖ right)`.

use std::collections::HashMap;

use super::{Word, keccak256};

/// Depth of the tree: 2^20 leaf positions.
pub const DEPTH: usize = 20;
/// Bytes of one proof: the value, then the siblings from the leaf up.
pub const PROOF_LEN: usize = 32 * (DEPTH + 1);

/// A slot's value and the siblings of its path, leaf first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
    pub value: Word,
    pub siblings: [Word; DEPTH],
}

impl Proof {
    /// The proof's bytes in the input: `value ‖ sibling_0 ‖ … ‖ sibling_{DEPTH-1}`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.value.to_vec();
        bytes.extend(self.siblings.as_flattened());
        bytes
    }

    /// A proof from exactly [`PROOF_LEN`] bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Proof> {
        let (value, rest) = bytes.split_first_chunk::<32>()?;
        let (siblings, rest) = rest.as_chunks::<32>();
        Some(Proof {
            value: *value,
            siblings: siblings.try_into().ok().filter(|_| rest.is_empty())?,
        })
    }

    /// The root this proof gives for slot `key` holding `value` (the proof's own or a new
    /// one).
    pub fn root(&self, key: &Word, value: &Word) -> Word {
        let position = position(key);
        let mut node = leaf(key, value);
        for (level, sibling) in self.siblings.iter().enumerate() {
            node = if position >> level & 1 == 0 {
                hash_pair(&node, sibling)
            } else {
                hash_pair(sibling, &node)
            };
        }
        node
    }
}

/// Leaf position of `key`: its low [`DEPTH`] bits.
pub fn position(key: &Word) -> u32 {
    u32::from_be_bytes([key[28], key[29], key[30], key[31]]) & ((1 << DEPTH) - 1)
}

fn leaf(key: &Word, value: &Word) -> Word {
    if *value == [0; 32] {
        [0; 32]
    } else {
        hash_pair(key, value)
    }
}

fn hash_pair(left: &Word, right: &Word) -> Word {
    let mut pair = [0u8; 64];
    pair[..32].copy_from_slice(left);
    pair[32..].copy_from_slice(right);
    keccak256(&pair)
}

/// The whole tree, storing only the slots written and the nodes above them.
#[derive(Clone, Debug)]
pub struct StateTree {
    /// Position to the key and (non-zero) value stored there.
    slots: HashMap<u32, (Word, Word)>,
    /// `nodes[level]`: position at that level to node, where it differs from the empty one.
    nodes: Vec<HashMap<u32, Word>>,
    /// `empty[level]`: the node over an empty subtree of that height.
    empty: [Word; DEPTH + 1],
}

impl Default for StateTree {
    fn default() -> Self {
        let mut empty = [[0; 32]; DEPTH + 1];
        for level in 1..=DEPTH {
            empty[level] = hash_pair(&empty[level - 1], &empty[level - 1]);
        }
        StateTree {
            slots: HashMap::new(),
            nodes: vec![HashMap::new(); DEPTH + 1],
            empty,
        }
    }
}

impl StateTree {
    /// The root.
    pub fn root(&self) -> Word {
        self.node(DEPTH, 0)
    }

    fn node(&self, level: usize, index: u32) -> Word {
        self.nodes[level]
            .get(&index)
            .copied()
            .unwrap_or(self.empty[level])
    }

    /// The key holding `key`'s position, if another key does.
    pub fn occupant(&self, key: &Word) -> Option<Word> {
        self.slots
            .get(&position(key))
            .map(|(k, _)| *k)
            .filter(|k| k != key)
    }

    /// The value of slot `key` (zero if unwritten) and its proof; `Err` with the occupying
    /// key if another key holds its position, when no proof can exist.
    pub fn get(&self, key: &Word) -> Result<Proof, Word> {
        if let Some(other) = self.occupant(key) {
            return Err(other);
        }
        let position = position(key);
        let value = self.slots.get(&position).map_or([0; 32], |(_, v)| *v);
        let siblings = std::array::from_fn(|level| self.node(level, (position >> level) ^ 1));
        Ok(Proof { value, siblings })
    }

    /// Set slot `key` to `value`; `Err` with the occupying key if another key holds its
    /// position.
    pub fn set(&mut self, key: &Word, value: &Word) -> Result<(), Word> {
        if let Some(other) = self.occupant(key) {
            return Err(other);
        }
        let mut position = position(key);
        if *value == [0; 32] {
            self.slots.remove(&position);
        } else {
            self.slots.insert(position, (*key, *value));
        }
        let mut node = leaf(key, value);
        for level in 0..=DEPTH {
            if node == self.empty[level] {
                self.nodes[level].remove(&position);
            } else {
                self.nodes[level].insert(position, node);
            }
            if level == DEPTH {
                break;
            }
            let sibling = self.node(level, position ^ 1);
            node = if position & 1 == 0 {
                hash_pair(&node, &sibling)
            } else {
                hash_pair(&sibling, &node)
            };
            position >>= 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(n: u64) -> Word {
        keccak256(&n.to_le_bytes())
    }

    #[test]
    fn proofs_open_every_slot_and_zero_empties_it() {
        let mut tree = StateTree::default();
        let empty_root = tree.root();
        let keys: Vec<Word> = (0..50).map(word).collect();
        for (i, key) in keys.iter().enumerate() {
            tree.set(key, &word(1000 + i as u64)).unwrap();
        }
        for (i, key) in keys.iter().enumerate() {
            let proof = tree.get(key).unwrap();
            assert_eq!(proof.value, word(1000 + i as u64));
            assert_eq!(proof.root(key, &proof.value), tree.root());
            assert_eq!(Proof::from_bytes(&proof.to_bytes()), Some(proof.clone()));
            // The proof of the old value gives the root after a write, as `sstore` uses it.
            let mut after = tree.clone();
            after.set(key, &word(7)).unwrap();
            assert_eq!(proof.root(key, &word(7)), after.root());
        }
        for key in &keys {
            tree.set(key, &[0; 32]).unwrap();
        }
        assert_eq!(tree.root(), empty_root);
    }

    #[test]
    fn a_taken_position_has_no_proof() {
        let mut tree = StateTree::default();
        let key = word(1);
        let mut twin = word(2);
        twin[28..].copy_from_slice(&key[28..]);
        tree.set(&key, &word(3)).unwrap();
        assert_eq!(tree.get(&twin), Err(key));
        assert_eq!(tree.set(&twin, &word(4)), Err(key));
        let proof = tree.get(&key).unwrap();
        assert_ne!(proof.root(&twin, &[0; 32]), tree.root());
    }
}
