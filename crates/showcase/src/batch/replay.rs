//! The host's own verification of a batch: the same checks as the guest, in the same
//! order and with the same messages, computed with `k256`, `ed25519-dalek`, `sha3` and
//! Plonky3, so the guest's journal and its rejections can both be compared with it.

use super::Journal;
use super::model::{Account, Batch, Signature, Transfer, Witness};
use super::tree::{KeccakHash, Poseidon2Hash, TreeHash, keccak256, path_root};
use k256::ecdsa::{RecoveryId, VerifyingKey};

/// The journal the guest must commit for `batch`, or why it must reject it: `transaction
/// I: what failed`, as the guest prints after `batch rejected: `.
pub fn replay(batch: &Batch) -> Result<Journal, String> {
    let mut roots = (batch.keccak_root, batch.poseidon2_root);
    for (index, (signed, [sender, recipient])) in
        batch.transfers.iter().zip(&batch.witnesses).enumerate()
    {
        let transfer = &signed.transfer;
        let step = || -> Result<_, String> {
            verify_signature(batch.chain_id, transfer, &signed.signature, &sender.account)?;
            check_proofs("sender", transfer.from, sender, roots)?;
            let (debited, credited) =
                apply_transfer(transfer, &sender.account, &recipient.account)?;
            let roots = update_roots(transfer.from, &debited, sender);
            check_proofs("recipient", transfer.to, recipient, roots)?;
            Ok(update_roots(transfer.to, &credited, recipient))
        };
        roots = step().map_err(|what| format!("transaction {index}: {what}"))?;
    }
    Ok(Journal {
        chain_id: batch.chain_id,
        transfers: batch.transfers.len() as u32,
        keccak_roots: (batch.keccak_root, roots.0),
        poseidon2_roots: (batch.poseidon2_root, roots.1),
        batch_hash: keccak256(&batch.data()),
    })
}

type Roots = ([u8; 32], [u32; 8]);

/// The secp256k1 group order n, halved (big-endian): the largest `s` Ethereum accepts.
const HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

fn verify_signature(
    chain_id: u32,
    transfer: &Transfer,
    signature: &Signature,
    sender: &Account,
) -> Result<(), String> {
    let scheme = signature.scheme();
    if sender.scheme != scheme {
        return Err(format!(
            "signed with {} but account {} signs with {}",
            scheme.name(),
            transfer.from,
            sender.scheme.name()
        ));
    }
    let message = transfer.message(chain_id);
    match signature {
        Signature::Secp256k1 {
            signature,
            recovery_id,
        } => {
            if signature[32..] > HALF_ORDER[..] {
                return Err("secp256k1 signature has a high s".into());
            }
            let address = (*recovery_id <= 1)
                .then(|| recover_address(&keccak256(&message), signature, *recovery_id))
                .flatten();
            if address.is_some_and(|address| address == sender.owner) {
                Ok(())
            } else {
                Err("secp256k1 signature does not recover the sender's address".into())
            }
        }
        Signature::Ed25519 { signature } => {
            let valid = ed25519_dalek::VerifyingKey::from_bytes(&sender.owner).is_ok_and(|key| {
                key.verify_strict(&message, &ed25519_dalek::Signature::from_bytes(signature))
                    .is_ok()
            });
            if valid {
                Ok(())
            } else {
                Err("ed25519 signature does not verify under the sender's key".into())
            }
        }
    }
}

/// The Ethereum address of the key that signed `hash`, right-aligned in 32 bytes.
fn recover_address(hash: &[u8; 32], signature: &[u8; 64], recovery_id: u8) -> Option<[u8; 32]> {
    let signature = k256::ecdsa::Signature::from_slice(signature).ok()?;
    let id = RecoveryId::from_byte(recovery_id)?;
    let key = VerifyingKey::recover_from_prehash(hash, &signature, id).ok()?;
    Some(ethereum_owner(&key))
}

/// A secp256k1 account's owner: the last 20 bytes of keccak256 of the key `x ‖ y`,
/// right-aligned in zeros.
pub fn ethereum_owner(key: &VerifyingKey) -> [u8; 32] {
    let point = key.to_sec1_point(false);
    let mut owner = keccak256(&point.as_bytes()[1..]);
    owner[..12].fill(0);
    owner
}

fn check_proofs(role: &str, index: u32, witness: &Witness, roots: Roots) -> Result<(), String> {
    let account = &witness.account;
    let keccak =
        path_root::<KeccakHash>(KeccakHash::leaf(account), index, &witness.keccak_siblings);
    if keccak != roots.0 {
        return Err(format!(
            "keccak Merkle proof of {role} account {index} does not match the keccak root"
        ));
    }
    let leaf = Poseidon2Hash::leaf(account);
    if path_root::<Poseidon2Hash>(leaf, index, &witness.poseidon2_siblings) != roots.1 {
        return Err(format!(
            "Poseidon2 Merkle proof of {role} account {index} does not match the Poseidon2 root"
        ));
    }
    Ok(())
}

/// The nonce, the balances, the recipient; the two accounts after the transfer.
pub fn apply_transfer(
    transfer: &Transfer,
    sender: &Account,
    recipient: &Account,
) -> Result<(Account, Account), String> {
    let (from, to) = (transfer.from, transfer.to);
    if from == to {
        return Err(format!("account {from} transfers to itself"));
    }
    if transfer.nonce != sender.nonce {
        return Err(format!(
            "nonce {} but account {from} is at nonce {}",
            transfer.nonce, sender.nonce
        ));
    }
    let nonce = (sender.nonce.checked_add(1))
        .ok_or_else(|| format!("account {from}'s nonce is exhausted"))?;
    if recipient.owner == [0; 32] {
        return Err(format!("recipient account {to} does not exist"));
    }
    let balance = sender.balance.checked_sub(transfer.amount).ok_or_else(|| {
        format!(
            "amount {} exceeds account {from}'s balance {}",
            transfer.amount, sender.balance
        )
    })?;
    let credited = recipient
        .balance
        .checked_add(transfer.amount)
        .ok_or_else(|| format!("account {to}'s balance would overflow"))?;
    let debited = Account {
        balance,
        nonce,
        ..*sender
    };
    Ok((
        debited,
        Account {
            balance: credited,
            ..*recipient
        },
    ))
}

fn update_roots(index: u32, account: &Account, witness: &Witness) -> Roots {
    (
        path_root::<KeccakHash>(KeccakHash::leaf(account), index, &witness.keccak_siblings),
        path_root::<Poseidon2Hash>(
            Poseidon2Hash::leaf(account),
            index,
            &witness.poseidon2_siblings,
        ),
    )
}
