//! An ENS-style resolver contract executing one signed `setContenthash` transaction
//! statelessly: from the storage root before, the transaction and Merkle proofs of the slots
//! it touches, it checks the owner's signature and nonce, rewrites the record, and commits
//! the root after and the hash of the event it emits.
//!
//! **Storage**, laid out as Solidity lays out these state variables (see [`state`] for
//! the Merkle tree that holds the slots):
//!
//! ```solidity
//! mapping(bytes32 node => address) owners;         // slot 0
//! mapping(address => uint256) nonces;               // slot 1
//! mapping(bytes32 node => bytes) contenthashes;     // slot 2
//! ```
//!
//! so `owners[node]` is at `keccak256(node ‖ uint256(0))`, `nonces[a]` at
//! `keccak256(pad32(a) ‖ uint256(1))`, and `contenthashes[node]` at `p = keccak256(node ‖
//! uint256(2))`: a `bytes` value of up to 31 bytes lies in slot `p` itself (data
//! left-aligned, `2·len` in the last byte); a longer one keeps `2·len + 1` in `p` and its data
//! in slots `keccak256(p) + i`, 32 bytes each, zero-padded.
//!
//! **Input** (the [`gluecp_guest::abi::codec`] encoding): the resolver's address
//! (`[u8; 20]`), the storage root before (`[u8; 32]`), the raw transaction (`Vec<u8>`, see
//! [`tx`]), then the proofs, 672 bytes each, in the order the slots are touched: the owner,
//! the signer's nonce (read, then written with the same proof), the content hash's slot `p`
//! (likewise), then each data slot written.
//!
//! **Journal**: `(chain_id: u64, resolver: [u8; 20], old_root: [u8; 32], new_root:
//! [u8; 32], log_hash: [u8; 32])`, 124 bytes, where `log_hash` is [`emit_log`]'s hash of the
//! `ContenthashChanged` event. The chain id and the resolver are committed rather than
//! checked: the signature binds the transaction to both, and whoever reads the journal
//! knows which chain and contract it cares about.
//!
//! Invalid input stops the guest with exit code 101 and a `panicked at …` message: a
//! malformed transaction, a signature that is not the owner's, a wrong nonce, a proof that
//! does not match the root, or proofs left over.
#![no_std]
#![no_main]

extern crate alloc;

mod rlp;
mod state;
mod tx;

use core::fmt;

use gluecp_guest::{io, keccak::Keccak256, keccak::keccak256, secp256k1};

use state::State;
use tx::Transaction;

gluecp_guest::entry!(main);

/// A 32-byte EVM word: a slot key, a slot value, a hash.
type Word = [u8; 32];

/// Solidity's slot numbers of the three mappings.
const OWNERS: u8 = 0;
const NONCES: u8 = 1;
const CONTENTHASHES: u8 = 2;

/// The longest raw transaction accepted.
const MAX_TX: u32 = 1024;

/// Half the secp256k1 group order: the largest `s` EIP-2 allows.
const HALF_ORDER: Word = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

fn main() {
    let mut resolver = [0u8; 20];
    let mut old_root = [0u8; 32];
    io::read_exact(&mut resolver);
    io::read_exact(&mut old_root);
    let tx_len: u32 = io::read();
    if tx_len > MAX_TX {
        panic!("transaction of {tx_len} bytes, more than {MAX_TX}");
    }
    let mut raw = alloc::vec![0u8; tx_len as usize];
    io::read_exact(&mut raw);

    let proofs = io::read_to_end();

    let tx = tx::decode_transaction(&raw);
    let node = tx::namehash(tx.name);
    let signer = recover_signer(&tx, &resolver);

    let mut state = State::new(old_root, &proofs);
    let owner = state.sload(&mapping_slot(&node, OWNERS));
    if owner != address_word(&signer) {
        panic!(
            "signature is not the owner's: {} is owned by 0x{}, signed by 0x{}",
            tx.name,
            Hex(&owner[12..]),
            Hex(&signer)
        );
    }
    let nonce_slot = mapping_slot(&address_word(&signer), NONCES);
    let nonce = state.sload(&nonce_slot);
    if nonce != uint_word(tx.nonce) {
        panic!(
            "wrong nonce: the transaction has {}, the signer's next nonce is {}",
            tx.nonce,
            Uint(&nonce)
        );
    }
    state.sstore(&nonce_slot, &increment(nonce));
    set_contenthash(&mut state, &node, tx.contenthash);
    let log_hash = emit_log(&resolver, &node, tx.contenthash);

    let new_root = state.finish();
    io::commit(&(tx.chain_id, resolver, old_root, new_root, log_hash));
}

/// The address that signed `tx` for `resolver` (`ecrecover`), after Ethereum's checks on
/// the signature's form.
#[inline(never)]
fn recover_signer(tx: &Transaction<'_>, resolver: &[u8; 20]) -> [u8; 20] {
    if tx.v != 27 && tx.v != 28 {
        panic!("signature v is {}, not 27 or 28", tx.v);
    }
    if tx.s > HALF_ORDER {
        panic!("signature s is in the upper half of the group order (EIP-2)");
    }
    let hash = tx.signing_hash(resolver);
    match secp256k1::ecrecover(&hash, tx.v, &tx.r, &tx.s) {
        Some(signer) => signer,
        None => panic!("signature recovers no public key"),
    }
}

/// `contenthashes[node] = hash`: rewrite the header slot, then every data slot the old or
/// the new value uses, zeroing those past the new value's end (as Solidity does).
#[inline(never)]
fn set_contenthash(state: &mut State, node: &Word, hash: &[u8]) {
    let header_slot = mapping_slot(node, CONTENTHASHES);
    let old_len = match stored_len(&state.sload(&header_slot)) {
        Some(len) => len,
        None => panic!(
            "stored content hash of {} is not a valid bytes value",
            Hex(node)
        ),
    };
    let mut header = [0u8; 32];
    if hash.len() < 32 {
        header[..hash.len()].copy_from_slice(hash);
        header[31] = 2 * hash.len() as u8;
    } else {
        header = uint_word(2 * hash.len() as u64 + 1);
    }
    state.sstore(&header_slot, &header);

    let data_slots = |len: usize| if len < 32 { 0 } else { len.div_ceil(32) };
    let first_data_slot = keccak256(&header_slot);
    for i in 0..data_slots(old_len).max(data_slots(hash.len())) {
        let mut word = [0u8; 32];
        if hash.len() >= 32 {
            let chunk = hash.get(32 * i..).unwrap_or_default();
            let chunk = &chunk[..chunk.len().min(32)];
            word[..chunk.len()].copy_from_slice(chunk);
        }
        state.sstore(&add(&first_data_slot, i as u32), &word);
    }
}

/// The length of the `bytes` value whose header slot holds `header`, or `None` for a
/// header Solidity would reject (a long form of under 32 bytes) or one too long to be ours.
fn stored_len(header: &Word) -> Option<usize> {
    if header[31] & 1 == 0 {
        let len = usize::from(header[31] / 2);
        return (len < 32).then_some(len);
    }
    if header[..28].iter().any(|&b| b != 0) {
        return None;
    }
    let len = (u32::from_be_bytes([header[28], header[29], header[30], header[31]]) / 2) as usize;
    (len >= 32).then_some(len)
}

/// Emit `ContenthashChanged(bytes32 indexed node, bytes hash)` from `resolver`; returns the
/// log's hash `keccak256(address ‖ topic0 ‖ topic1 ‖ data)`, where `topic0 =
/// keccak256("ContenthashChanged(bytes32,bytes)")`, `topic1 = node` and `data` is the ABI
/// encoding of `hash`: `uint256(32) ‖ uint256(len) ‖ hash`, zero-padded to a multiple of 32.
#[inline(never)]
fn emit_log(resolver: &[u8; 20], node: &Word, hash: &[u8]) -> Word {
    let topic0 = keccak256(b"ContenthashChanged(bytes32,bytes)");
    let mut log = Keccak256::new();
    log.update(resolver);
    log.update(&topic0);
    log.update(node);
    log.update(&uint_word(32));
    log.update(&uint_word(hash.len() as u64));
    log.update(hash);
    log.update(&[0; 32][..hash.len().next_multiple_of(32) - hash.len()]);
    log.finalize()
}

/// The slot of `mapping[key]` for a mapping declared at slot `slot`.
fn mapping_slot(key: &Word, slot: u8) -> Word {
    let mut preimage = [0u8; 64];
    preimage[..32].copy_from_slice(key);
    preimage[63] = slot;
    keccak256(&preimage)
}

/// An address as a word: left-padded with zeros.
fn address_word(address: &[u8; 20]) -> Word {
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(address);
    word
}

/// `n` as a big-endian word.
fn uint_word(n: u64) -> Word {
    let mut word = [0u8; 32];
    word[24..].copy_from_slice(&n.to_be_bytes());
    word
}

/// `word + n`, modulo 2^256 as slot arithmetic is.
fn add(word: &Word, n: u32) -> Word {
    let mut sum = *word;
    let mut carry = n;
    for byte in sum.iter_mut().rev() {
        if carry == 0 {
            break;
        }
        let total = u32::from(*byte) + (carry & 0xff);
        *byte = total as u8;
        carry = (carry >> 8) + (total >> 8);
    }
    sum
}

/// `nonce + 1`, refusing to wrap (Solidity's checked arithmetic).
fn increment(nonce: Word) -> Word {
    if nonce == [0xff; 32] {
        panic!("nonce overflow");
    }
    add(&nonce, 1)
}

/// Lowercase hex of bytes, for messages.
struct Hex<'a>(&'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// A word as an unsigned integer, for messages: decimal if it fits in 64 bits.
struct Uint<'a>(&'a Word);

impl fmt::Display for Uint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0[..24].iter().all(|&b| b == 0) {
            true => write!(
                f,
                "{}",
                u64::from_be_bytes(self.0[24..].try_into().unwrap())
            ),
            false => write!(f, "0x{}", Hex(self.0)),
        }
    }
}
