//! A generated registry: a few hundred names with owners, nonces and content hashes in one
//! storage tree, all drawn from a seed through Keccak (no randomness, no downloads), and the
//! witness of a transaction against it.

use std::collections::HashSet;

use gluecp_abi::codec::Encode;
use k256::ecdsa::SigningKey;

use super::contract::{
    self, Witnessed, address_word, contenthash_slots, nonce_slot, owner_slot, uint_word,
};
use super::tree::{StateTree, position};
use super::tx::{self, Transaction};
use super::{Address, Journal, Word, keccak256};

/// One registered name.
#[derive(Clone, Debug)]
pub struct Record {
    pub name: String,
    /// Index of the owner in [`Registry::owners`].
    pub owner: usize,
    pub contenthash: Vec<u8>,
}

/// The resolver's state and who may change it.
#[derive(Clone, Debug)]
pub struct Registry {
    pub chain_id: u64,
    pub resolver: Address,
    pub tree: StateTree,
    /// The owners' keys (secp256k1, derived from the seed).
    pub owners: Vec<SigningKey>,
    pub records: Vec<Record>,
}

/// A transaction's input for the guest, and what executing it on the full state gives.
pub struct Witness {
    /// The guest's input: resolver, root, raw transaction, then the proofs.
    pub input: Vec<u8>,
    /// The expected journal, or why the transaction fails.
    pub outcome: Result<Journal, String>,
}

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "ra", "ne", "to", "vu", "shi", "an", "el", "or", "is", "ze", "pa", "du",
    "gen",
];

/// Keccak-256 of the seed, a tag and an index: the registry's source of "randomness".
fn draw(seed: u64, tag: &str, index: usize) -> Word {
    keccak256(&(seed, tag, index as u64).to_bytes())
}

/// A content hash as ENS stores it (multicodec-prefixed): IPFS (38 bytes), Swarm (39) or
/// IPNS (42), around a 32-byte digest.
pub fn contenthash(kind: u8, digest: &Word) -> Vec<u8> {
    let prefix: &[u8] = match kind % 3 {
        0 => &[0xe3, 0x01, 0x01, 0x70, 0x12, 0x20],
        1 => &[0xe4, 0x01, 0x01, 0xfa, 0x01, 0x1b, 0x20],
        _ => &[0xe5, 0x01, 0x01, 0x72, 0x00, 0x24, 0x08, 0x01, 0x12, 0x20],
    };
    [prefix, digest].concat()
}

impl Registry {
    /// A registry of `names` names held by about a third as many owners.
    pub fn generate(seed: u64, names: usize) -> Registry {
        let mut registry = Registry {
            chain_id: 1,
            resolver: keccak256(&(seed, "resolver").to_bytes())[12..]
                .try_into()
                .expect("20 bytes"),
            tree: StateTree::default(),
            owners: Vec::new(),
            records: Vec::new(),
        };
        // Leaf positions in use: a name or key whose slots would share one is skipped.
        let mut taken = HashSet::new();
        let mut nonces = Vec::new();
        for i in 0.. {
            if registry.owners.len() == names.div_ceil(3) {
                break;
            }
            let Ok(key) = SigningKey::from_slice(&draw(seed, "owner", i)) else {
                continue;
            };
            if taken.insert(position(&nonce_slot(&tx::address(key.verifying_key())))) {
                nonces.push(u64::from(draw(seed, "nonce", i)[0] % 4));
                registry.owners.push(key);
            }
        }
        let mut seen = HashSet::new();
        for i in 0.. {
            if registry.records.len() == names {
                break;
            }
            let word = draw(seed, "name", i);
            let label: String = (0..2 + usize::from(word[0] % 2))
                .map(|j| SYLLABLES[usize::from(word[1 + j] % 16)])
                .collect();
            let parent = usize::from(word[4]) % registry.records.len().max(1);
            let name = match registry.records.get(parent) {
                Some(parent) if word[5].is_multiple_of(8) => format!("{label}.{}", parent.name),
                _ => format!("{label}{}.eth", word[6] % 100),
            };
            let node = tx::namehash(&name);
            let (header, first_data) = contenthash_slots(&node);
            let slots = [
                owner_slot(&node),
                header,
                first_data,
                contract::add(&first_data, 1),
            ];
            let positions: HashSet<u32> = slots.iter().map(position).collect();
            if positions.len() < slots.len()
                || !positions.is_disjoint(&taken)
                || !seen.insert(name.clone())
            {
                continue;
            }
            taken.extend(positions);
            let contenthash = match word[7] % 4 {
                3 => Vec::new(),
                kind => contenthash(kind, &draw(seed, "site", i)),
            };
            registry.records.push(Record {
                name,
                owner: usize::from(word[8]) % registry.owners.len(),
                contenthash,
            });
        }

        let mut writer = Witnessed::new(&mut registry.tree);
        let slots_taken = "generated slots have positions of their own";
        for (key, nonce) in registry.owners.iter().zip(nonces) {
            let slot = nonce_slot(&tx::address(key.verifying_key()));
            contract::Storage::sstore(&mut writer, &slot, &uint_word(nonce)).expect(slots_taken);
        }
        for record in &registry.records {
            let node = tx::namehash(&record.name);
            let owner = tx::address(registry.owners[record.owner].verifying_key());
            contract::Storage::sstore(&mut writer, &owner_slot(&node), &address_word(&owner))
                .expect(slots_taken);
            contract::set_contenthash(&mut writer, &node, &record.contenthash).expect(slots_taken);
        }
        registry
    }

    /// The address of owner `owner`.
    pub fn address(&self, owner: usize) -> Address {
        tx::address(self.owners[owner].verifying_key())
    }

    /// The next nonce of `account`.
    pub fn nonce(&self, account: &Address) -> u64 {
        let value = self
            .tree
            .get(&nonce_slot(account))
            .map_or([0; 32], |proof| proof.value);
        u64::from_be_bytes(value[24..].try_into().expect("8 bytes"))
    }

    /// The transaction setting record `record`'s content hash to `contenthash`, with its
    /// owner's next nonce.
    pub fn transaction(&self, record: usize, contenthash: &[u8]) -> Transaction {
        let record = &self.records[record];
        Transaction {
            chain_id: self.chain_id,
            nonce: self.nonce(&self.address(record.owner)),
            name: record.name.clone(),
            contenthash: contenthash.to_vec(),
        }
    }

    /// `tx` signed by record `record`'s owner.
    pub fn sign(&self, tx: &Transaction, record: usize) -> Vec<u8> {
        tx.sign(&self.resolver, &self.owners[self.records[record].owner])
    }

    /// Execute `raw` on a copy of the state: the guest's input (with the proofs of the slots
    /// it touches before it stops, if it fails) and the outcome.
    pub fn witness(&self, raw: &[u8]) -> Witness {
        let mut tree = self.tree.clone();
        let mut storage = Witnessed::new(&mut tree);
        let outcome = contract::execute(&mut storage, &self.resolver, raw);
        let mut input = (self.resolver, self.tree.root(), raw).to_bytes();
        for proof in &storage.proofs {
            input.extend(proof.to_bytes());
        }
        Witness { input, outcome }
    }
}
