//! ENS record update (blockchain): a resolver contract runs one signed `setContenthash`
//! transaction, statelessly, on a Keccak Merkle tree of its storage.
//!
//! The guest (`examples/ens`) gets the storage root, the raw transaction and a Merkle proof
//! of each slot it touches. It recovers the signer (`ecrecover`, the secp256k1
//! coprocessor), reads the name's owner and the signer's nonce (`sload`), checks them,
//! writes the nonce and the new record (`sstore`), hashes the `ContenthashChanged` event
//! (`emit_log`), and commits `(chain_id, resolver, old_root, new_root, log_hash)`; every hash
//! is a Keccak-256 on the Keccak coprocessor. The guest's `main.rs` documents the storage
//! layout and the input, `state.rs` the tree and its proofs, `tx.rs` the transaction.
//!
//! On the host: [`registry`] generates a few hundred names with owners and records and
//! produces a transaction's witness (the proofs, from the full tree), [`contract`] is the
//! same resolver logic over the full tree or over proofs alone, and [`check`] re-executes an
//! input statelessly to get the journal the guest must have committed.

pub mod contract;
pub mod registry;
pub mod tree;
pub mod tx;

use gluecp_abi::codec::{Decode, Encode};
use sha3::Digest;

use contract::{Stateless, hex};
use registry::{Registry, Witness};

/// A 32-byte EVM word.
pub type Word = [u8; 32];
/// A 20-byte Ethereum address.
pub type Address = [u8; 20];

/// Keccak-256, Ethereum's hash.
pub fn keccak256(data: &[u8]) -> Word {
    sha3::Keccak256::digest(data).into()
}

/// What the guest commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    pub chain_id: u64,
    pub resolver: Address,
    pub old_root: Word,
    pub new_root: Word,
    /// `keccak256(resolver ‖ topic0 ‖ node ‖ abi.encode(contenthash))`.
    pub log_hash: Word,
}

impl Journal {
    /// The journal's bytes: `(chain_id, resolver, old_root, new_root, log_hash)` encoded.
    pub fn to_bytes(&self) -> Vec<u8> {
        let Journal {
            chain_id,
            resolver,
            old_root,
            new_root,
            log_hash,
        } = self;
        (chain_id, resolver, old_root, new_root, log_hash).to_bytes()
    }

    /// Decode a journal; `None` if the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Journal> {
        let (chain_id, resolver, old_root, new_root, log_hash) = Decode::from_bytes(bytes).ok()?;
        Some(Journal {
            chain_id,
            resolver,
            old_root,
            new_root,
            log_hash,
        })
    }
}

/// Seed and size of the demo registry.
const DEMO_SEED: u64 = 2024;
const DEMO_NAMES: usize = 300;

/// The demo: the owner of a name of a 300-name registry points it at a new IPFS site.
pub fn demo() -> (Registry, Witness) {
    let registry = Registry::generate(DEMO_SEED, DEMO_NAMES);
    let record = 42;
    let site = registry::contenthash(0, &keccak256(b"gluecp demo site, version 2"));
    let tx = registry.transaction(record, &site);
    let witness = registry.witness(&registry.sign(&tx, record));
    (registry, witness)
}

fn input() -> Vec<u8> {
    demo().1.input
}

/// Re-execute `input` on the host, statelessly, and compare with `journal`.
pub fn check(input: &[u8], journal: &[u8]) -> Result<String, String> {
    let mut reader = input;
    let (resolver, old_root, raw): (Address, Word, Vec<u8>) =
        Decode::decode(&mut reader).map_err(|e| format!("input does not decode: {e}"))?;
    let mut storage =
        Stateless::new(old_root, reader).ok_or("input does not end with whole Merkle proofs")?;
    let expected = contract::execute(&mut storage, &resolver, &raw)
        .map_err(|e| format!("the host rejects the transaction: {e}"))?;
    if storage.unused() != 0 {
        return Err(format!(
            "{} Merkle proofs are left unused",
            storage.unused()
        ));
    }
    let got = Journal::from_bytes(journal).ok_or("journal does not decode")?;
    if got != expected {
        return Err(format!("journal {got:?}, expected {expected:?}"));
    }
    let name = tx::Signed::decode(&raw).map_or(String::new(), |signed| signed.tx.name);
    Ok(format!(
        "{name}: storage root {}… -> {}…, log {}…",
        &hex(&got.old_root)[..12],
        &hex(&got.new_root)[..12],
        &hex(&got.log_hash)[..12]
    ))
}

/// The showcase entry.
pub const SHOWCASE: crate::Showcase = crate::Showcase {
    name: "ens",
    title: "ENS record update (blockchain)",
    guest_dir: "examples/ens",
    input,
    check,
};
