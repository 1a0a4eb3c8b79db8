//! Batch verification, the typical work of a rollup's prover (guest:
//! `examples/batch-verify`): check a batch of signed transfers against the state, apply
//! them, and commit the state transition.
//!
//! The state is one set of accounts committed to by two Merkle trees of the same depth, a
//! keccak tree (what Ethereum checks cheaply) and a Poseidon2 tree over KoalaBear (what a
//! STARK proves cheaply). Each transfer is signed with secp256k1 (ECDSA over keccak256 of
//! the message, the signer's address recovered as in Ethereum) or ed25519, and comes with
//! the Merkle proofs of its sender and recipient in both trees. The guest parses the batch
//! (`parse_batch`), checks each signature (`verify_secp256k1`, `verify_ed25519`) and each
//! proof (`verify_keccak_proof`, `verify_poseidon2_proof`), applies the transfer
//! (`apply_transfer`: nonce, balances, recipient), and recomputes both roots along the
//! same paths (`update_keccak_root`, `update_poseidon2_root`). The glue does the parsing
//! and the business logic; the hashes and signatures go to the coprocessors.
//!
//! [`Batch`] is the input (its layout is in the guest's `batch.rs`); [`Journal`] what the
//! guest commits: the chain id, the number of transfers, both trees' roots before and
//! after, and keccak256 of the posted batch section. [`generate`] builds a batch from a
//! seed, [`replay`] verifies one on the host with `k256`, `ed25519-dalek`, `sha3` and
//! Plonky3, giving the expected journal or the guest's exact rejection message.

mod generate;
mod model;
mod replay;
mod tree;

pub use generate::{DEMO, Params, Rollup, generate};
pub use model::{Account, Batch, Digest, Scheme, Signature, SignedTransfer, Transfer, Witness};
pub use replay::replay;

use gluecp_abi::codec::{Decode, Encode};

/// The showcase: the [`DEMO`] batch and its check.
pub const SHOWCASE: crate::Showcase = crate::Showcase {
    name: "batch",
    title: "Batch verification (zero knowledge)",
    guest_dir: "examples/batch-verify",
    input: || generate(&DEMO).encode(),
    check,
};

/// Exit code and stderr prefix of a batch the guest rejects.
pub const REJECTED_EXIT_CODE: u32 = 1;
/// What the guest prints before the reason, e.g. `batch rejected: transaction 3: ...`.
pub const REJECTED_PREFIX: &str = "batch rejected: ";

/// The guest's journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Journal {
    pub chain_id: u32,
    pub transfers: u32,
    /// Before and after the batch.
    pub keccak_roots: ([u8; 32], [u8; 32]),
    /// Before and after the batch.
    pub poseidon2_roots: (Digest, Digest),
    /// keccak256 of the batch section of the input.
    pub batch_hash: [u8; 32],
}

type JournalTuple = (u32, u32, ([u8; 32], [u8; 32]), (Digest, Digest), [u8; 32]);

impl Journal {
    pub fn to_bytes(&self) -> Vec<u8> {
        let tuple: JournalTuple = (
            self.chain_id,
            self.transfers,
            self.keccak_roots,
            self.poseidon2_roots,
            self.batch_hash,
        );
        tuple.to_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Journal, String> {
        let (chain_id, transfers, keccak_roots, poseidon2_roots, batch_hash) =
            JournalTuple::from_bytes(bytes)
                .map_err(|e| format!("the journal is not a batch journal: {e}"))?;
        Ok(Journal {
            chain_id,
            transfers,
            keccak_roots,
            poseidon2_roots,
            batch_hash,
        })
    }
}

/// Compare the guest's journal with the host's verification of `input`.
pub fn check(input: &[u8], journal: &[u8]) -> Result<String, String> {
    let batch = Batch::decode(input)?;
    let expected =
        replay(&batch).map_err(|reason| format!("the host rejects the batch: {reason}"))?;
    let got = Journal::from_bytes(journal)?;
    let fields: [(&str, bool); 5] = [
        ("chain id", got.chain_id == expected.chain_id),
        ("transfer count", got.transfers == expected.transfers),
        ("keccak roots", got.keccak_roots == expected.keccak_roots),
        (
            "Poseidon2 roots",
            got.poseidon2_roots == expected.poseidon2_roots,
        ),
        ("batch hash", got.batch_hash == expected.batch_hash),
    ];
    if let Some((field, _)) = fields.iter().find(|(_, same)| !same) {
        return Err(format!(
            "the guest's {field} differ from the host's: {got:?} vs {expected:?}"
        ));
    }
    let secp = (batch.transfers.iter())
        .filter(|t| t.signature.scheme() == Scheme::Secp256k1)
        .count();
    Ok(format!(
        "{} transfers verified ({secp} secp256k1, {} ed25519); keccak root {} -> {}, Poseidon2 root {} -> {}",
        expected.transfers,
        expected.transfers as usize - secp,
        short_hex(&expected.keccak_roots.0),
        short_hex(&expected.keccak_roots.1),
        short_hex(&expected.poseidon2_roots.0.to_bytes()),
        short_hex(&expected.poseidon2_roots.1.to_bytes()),
    ))
}

/// The first 8 bytes in hex, enough to tell roots apart.
fn short_hex(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{hex}…")
}
