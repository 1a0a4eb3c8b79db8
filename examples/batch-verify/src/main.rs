//! A rollup's batch verification: check every signed transfer of a batch and the Merkle
//! proofs of the accounts it touches in two state trees, apply the transfers, and commit
//! the state transition.
//!
//! The state is one set of accounts committed to twice, as a rollup settling on Ethereum
//! does: a keccak Merkle tree, cheap to check on chain, and a Poseidon2 Merkle tree over
//! KoalaBear, cheap to prove. Both trees have the same depth and put account `i` at leaf
//! `i`; empty slots hold the all-zero account.
//!
//! - keccak tree: leaf = keccak256(account's 49-byte encoding), node = keccak256(left ‖
//!   right). Leaves and nodes hash preimages of different lengths, and the fixed depth
//!   puts every leaf at the same level, so a node cannot pass for a leaf.
//! - Poseidon2 tree: leaf = `poseidon2::hash` of 25 elements (scheme, then the owner,
//!   balance and nonce as little-endian 16-bit limbs), node = `poseidon2::compress`.
//!
//! Input: see [`batch`]. Journal, in the codec's encoding: `(chain id: u32, transfers:
//! u32, (keccak root before, after): ([u8; 32], [u8; 32]), (Poseidon2 root before, after):
//! ([u32; 8], [u32; 8]), batch hash: [u8; 32])`, the batch hash being keccak256 of the
//! input's batch section. Both trees are updated along the witnesses' paths, so the roots
//! after are the real post-state roots.
//!
//! A batch that fails a check is rejected with exit code 1 and `batch rejected:
//! transaction I: what failed` on stderr (or `batch rejected: malformed batch: ...`).
#![no_std]
#![no_main]

extern crate alloc;

mod batch;

use alloc::format;
use alloc::string::String;
use batch::{Account, Message, Roots, Signature, Transfer, Witness, parse_batch};
use gluecp_guest::keccak::keccak256;
use gluecp_guest::poseidon2::{self, Digest};
use gluecp_guest::{ed25519, io, secp256k1};

gluecp_guest::entry!(main);

/// Exit code of a rejected batch.
const REJECTED: u32 = 1;

/// The journal: chain id, transfers, keccak roots, Poseidon2 roots, batch hash.
type Journal = (u32, u32, ([u8; 32], [u8; 32]), (Digest, Digest), [u8; 32]);

fn main() {
    let input = io::read_to_end();
    match verify_batch(&input) {
        Ok(journal) => io::commit(&journal),
        Err(reason) => {
            gluecp_guest::eprintln!("batch rejected: {reason}");
            gluecp_guest::exit(REJECTED);
        }
    }
}

fn verify_batch(input: &[u8]) -> Result<Journal, String> {
    let batch = parse_batch(input)?;
    let mut roots = batch.roots;
    for (index, (transfer, [sender, recipient])) in
        batch.transfers.iter().zip(&batch.witnesses).enumerate()
    {
        process(batch.chain_id, transfer, sender, recipient, &mut roots)
            .map_err(|what| format!("transaction {index}: {what}"))?;
    }
    let count = batch.transfers.len() as u32;
    Ok((
        batch.chain_id,
        count,
        (batch.roots.keccak, roots.keccak),
        (batch.roots.poseidon2, roots.poseidon2),
        hash_batch(batch.data),
    ))
}

/// One transfer: its signature, the sender's proofs, the transfer itself, the recipient's
/// proofs against the roots after the sender's update, and the recipient's update.
fn process(
    chain_id: u32,
    transfer: &Transfer<'_>,
    sender: &Witness<'_>,
    recipient: &Witness<'_>,
    roots: &mut Roots,
) -> Result<(), String> {
    let scheme = transfer.signature.scheme();
    if sender.account.scheme != scheme {
        return Err(format!(
            "signed with {} but account {} signs with {}",
            scheme.name(),
            transfer.from,
            sender.account.scheme.name()
        ));
    }
    let message = transfer.message(chain_id);
    let owner = &sender.account.owner;
    match transfer.signature {
        Signature::Secp256k1 {
            signature,
            recovery_id,
        } => verify_secp256k1(&message, signature, recovery_id, owner)?,
        Signature::Ed25519 { signature } => verify_ed25519(&message, signature, owner)?,
    }
    check_proofs("sender", transfer.from, sender, roots)?;
    let (debited, credited) = apply_transfer(transfer, &sender.account, &recipient.account)?;
    *roots = update_roots(transfer.from, &debited, sender);
    check_proofs("recipient", transfer.to, recipient, roots)?;
    *roots = update_roots(transfer.to, &credited, recipient);
    Ok(())
}

/// The largest `s` Ethereum transactions accept, n / 2 (big-endian).
const HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// Ethereum's rule: recover the signer's key from the signature of keccak256(message) and
/// compare its address with the account's owner; `s` must be low, so that a transaction
/// has one valid signature.
#[inline(never)]
fn verify_secp256k1(
    message: &Message,
    signature: &[u8; 64],
    recovery_id: u8,
    owner: &[u8; 32],
) -> Result<(), String> {
    if signature[32..] > HALF_ORDER[..] {
        return Err(String::from("secp256k1 signature has a high s"));
    }
    let recovered = if recovery_id <= 1 {
        secp256k1::recover(&keccak256(message), signature, recovery_id)
    } else {
        None
    };
    match recovered {
        Some(key) if keccak256(&key)[12..] == owner[12..] && owner[..12] == [0; 12] => Ok(()),
        _ => Err(String::from(
            "secp256k1 signature does not recover the sender's address",
        )),
    }
}

#[inline(never)]
fn verify_ed25519(message: &Message, signature: &[u8; 64], owner: &[u8; 32]) -> Result<(), String> {
    ed25519::verify(owner, signature, message)
        .map_err(|_| String::from("ed25519 signature does not verify under the sender's key"))
}

/// Both Merkle proofs of `witness`'s account at leaf `index`.
fn check_proofs(
    role: &str,
    index: u32,
    witness: &Witness<'_>,
    roots: &Roots,
) -> Result<(), String> {
    let account = &witness.account;
    if !verify_keccak_proof(account, index, witness.keccak_siblings, &roots.keccak) {
        return Err(format!(
            "keccak Merkle proof of {role} account {index} does not match the keccak root"
        ));
    }
    if !verify_poseidon2_proof(
        account,
        index,
        &witness.poseidon2_siblings,
        &roots.poseidon2,
    ) {
        return Err(format!(
            "Poseidon2 Merkle proof of {role} account {index} does not match the Poseidon2 root"
        ));
    }
    Ok(())
}

/// The business logic: the nonce, the balances, the recipient. Returns the sender and the
/// recipient after the transfer.
#[inline(never)]
fn apply_transfer(
    transfer: &Transfer<'_>,
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
    let Some(nonce) = sender.nonce.checked_add(1) else {
        return Err(format!("account {from}'s nonce is exhausted"));
    };
    if recipient.owner == [0; 32] {
        return Err(format!("recipient account {to} does not exist"));
    }
    let Some(balance) = sender.balance.checked_sub(transfer.amount) else {
        return Err(format!(
            "amount {} exceeds account {from}'s balance {}",
            transfer.amount, sender.balance
        ));
    };
    let Some(credited) = recipient.balance.checked_add(transfer.amount) else {
        return Err(format!("account {to}'s balance would overflow"));
    };
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

/// The roots once `account` replaces leaf `index`, along `witness`'s paths.
fn update_roots(index: u32, account: &Account, witness: &Witness<'_>) -> Roots {
    Roots {
        keccak: update_keccak_root(account, index, witness.keccak_siblings),
        poseidon2: update_poseidon2_root(account, index, &witness.poseidon2_siblings),
    }
}

#[inline(never)]
fn verify_keccak_proof(
    account: &Account,
    index: u32,
    siblings: &[[u8; 32]],
    root: &[u8; 32],
) -> bool {
    keccak_path_root(account, index, siblings) == *root
}

#[inline(never)]
fn update_keccak_root(account: &Account, index: u32, siblings: &[[u8; 32]]) -> [u8; 32] {
    keccak_path_root(account, index, siblings)
}

/// The keccak root above `account` at leaf `index`, given the siblings from the leaf up.
fn keccak_path_root(account: &Account, index: u32, siblings: &[[u8; 32]]) -> [u8; 32] {
    let mut node = keccak256(&account.encode());
    let mut pair = [0; 64];
    for (level, sibling) in siblings.iter().enumerate() {
        let (left, right) = pair.split_at_mut(32);
        if index >> level & 1 == 0 {
            left.copy_from_slice(&node);
            right.copy_from_slice(sibling);
        } else {
            left.copy_from_slice(sibling);
            right.copy_from_slice(&node);
        }
        node = keccak256(&pair);
    }
    node
}

#[inline(never)]
fn verify_poseidon2_proof(
    account: &Account,
    index: u32,
    siblings: &[Digest],
    root: &Digest,
) -> bool {
    poseidon2_path_root(account, index, siblings) == *root
}

#[inline(never)]
fn update_poseidon2_root(account: &Account, index: u32, siblings: &[Digest]) -> Digest {
    poseidon2_path_root(account, index, siblings)
}

/// The Poseidon2 root above `account` at leaf `index`, given the siblings from the leaf
/// up.
fn poseidon2_path_root(account: &Account, index: u32, siblings: &[Digest]) -> Digest {
    let mut node = poseidon2::hash(&poseidon2_leaf_elements(account));
    for (level, sibling) in siblings.iter().enumerate() {
        node = if index >> level & 1 == 0 {
            poseidon2::compress(&node, sibling)
        } else {
            poseidon2::compress(sibling, &node)
        };
    }
    node
}

/// The account as 25 field elements: the scheme, then the 16-bit little-endian limbs of
/// the rest of its encoding, i.e. of the owner (16 limbs), the balance (4) and the nonce
/// (4). Every element is below p, and the length is fixed, as the padding-free sponge
/// needs.
fn poseidon2_leaf_elements(account: &Account) -> [u32; 25] {
    let bytes = account.encode();
    let mut elements = [0; 25];
    elements[0] = u32::from(bytes[0]);
    for (element, limb) in elements[1..].iter_mut().zip(bytes[1..].as_chunks::<2>().0) {
        *element = u32::from(u16::from_le_bytes(*limb));
    }
    elements
}

/// The batch commitment: keccak256 of the batch section as posted.
#[inline(never)]
fn hash_batch(data: &[u8]) -> [u8; 32] {
    keccak256(data)
}
