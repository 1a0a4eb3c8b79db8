//! The resolver contract on the host, over either kind of storage: the full tree, which
//! records the proofs the guest will need (the witness), or those proofs alone, which is how
//! `check` re-executes an input statelessly, as the guest does. The logic is the guest's
//! (`examples/ens/src/main.rs`), written a second time in plain host Rust.

use super::tree::{PROOF_LEN, Proof, StateTree};
use super::tx::Signed;
use super::{Address, Journal, Word, keccak256};

/// Solidity's slot numbers of `owners`, `nonces` and `contenthashes`.
const OWNERS: u8 = 0;
const NONCES: u8 = 1;
const CONTENTHASHES: u8 = 2;

/// `SLOAD` and `SSTORE` on some storage; `Err` says why a slot cannot be accessed.
pub trait Storage {
    fn sload(&mut self, key: &Word) -> Result<Word, String>;
    fn sstore(&mut self, key: &Word, value: &Word) -> Result<(), String>;
    fn root(&self) -> Word;
}

/// Execute the raw transaction `raw` on `storage` for the resolver at `resolver`.
pub fn execute(
    storage: &mut impl Storage,
    resolver: &Address,
    raw: &[u8],
) -> Result<Journal, String> {
    let old_root = storage.root();
    let signed = Signed::decode(raw).ok_or("malformed transaction")?;
    let tx = &signed.tx;
    let node = super::tx::namehash(&tx.name);
    let signer = signed
        .signer(resolver)
        .ok_or("signature recovers no signer")?;
    let owner = storage.sload(&mapping_slot(&node, OWNERS))?;
    if owner != address_word(&signer) {
        return Err("signature is not the owner's".into());
    }
    let nonce_slot = mapping_slot(&address_word(&signer), NONCES);
    let nonce = storage.sload(&nonce_slot)?;
    if nonce != uint_word(tx.nonce) {
        return Err(format!("wrong nonce {}", tx.nonce));
    }
    storage.sstore(&nonce_slot, &add(&nonce, 1))?;

    set_contenthash(storage, &node, &tx.contenthash)?;

    Ok(Journal {
        chain_id: tx.chain_id,
        resolver: *resolver,
        old_root,
        new_root: storage.root(),
        log_hash: log_hash(resolver, &node, &tx.contenthash),
    })
}

/// `contenthashes[node] = hash`: the header slot, then every data slot the old or the new
/// value uses, those past the new value's end zeroed (Solidity's `bytes` layout).
pub fn set_contenthash(storage: &mut impl Storage, node: &Word, hash: &[u8]) -> Result<(), String> {
    let (header_slot, first) = contenthash_slots(node);
    let old_len = stored_len(&storage.sload(&header_slot)?).ok_or("corrupt record")?;
    let header = match hash.len() {
        0..32 => {
            let mut header = [0u8; 32];
            header[..hash.len()].copy_from_slice(hash);
            header[31] = 2 * hash.len() as u8;
            header
        }
        len => uint_word(2 * len as u64 + 1),
    };
    storage.sstore(&header_slot, &header)?;
    let data_slots = |len: usize| if len < 32 { 0 } else { len.div_ceil(32) };
    for i in 0..data_slots(old_len).max(data_slots(hash.len())) {
        let mut word = [0u8; 32];
        if hash.len() >= 32 {
            let chunk = hash.chunks(32).nth(i).unwrap_or_default();
            word[..chunk.len()].copy_from_slice(chunk);
        }
        storage.sstore(&add(&first, i as u64), &word)?;
    }
    Ok(())
}

/// Hash of the `ContenthashChanged(bytes32 indexed node, bytes hash)` log (see the guest's
/// `emit_log`).
pub fn log_hash(resolver: &Address, node: &Word, hash: &[u8]) -> Word {
    let mut log = resolver.to_vec();
    log.extend(keccak256(b"ContenthashChanged(bytes32,bytes)"));
    log.extend(node);
    log.extend(uint_word(32));
    log.extend(uint_word(hash.len() as u64));
    let mut data = hash.to_vec();
    data.resize(hash.len().next_multiple_of(32), 0);
    log.extend(data);
    keccak256(&log)
}

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

/// The slot of `mapping[key]` for a mapping declared at slot `slot`.
pub fn mapping_slot(key: &Word, slot: u8) -> Word {
    keccak256(&[*key, uint_word(slot.into())].concat())
}

/// The `owners[node]` slot.
pub fn owner_slot(node: &Word) -> Word {
    mapping_slot(node, OWNERS)
}

/// The `nonces[account]` slot.
pub fn nonce_slot(account: &Address) -> Word {
    mapping_slot(&address_word(account), NONCES)
}

/// The header slot of `contenthashes[node]` and its first data slot.
pub fn contenthash_slots(node: &Word) -> (Word, Word) {
    let header = mapping_slot(node, CONTENTHASHES);
    (header, keccak256(&header))
}

pub fn address_word(address: &Address) -> Word {
    let mut word = [0u8; 32];
    word[12..].copy_from_slice(address);
    word
}

pub fn uint_word(n: u64) -> Word {
    let mut word = [0u8; 32];
    word[24..].copy_from_slice(&n.to_be_bytes());
    word
}

/// `word + n` modulo 2^256.
pub fn add(word: &Word, n: u64) -> Word {
    let mut sum = *word;
    let mut carry = u128::from(n);
    for byte in sum.iter_mut().rev() {
        carry += u128::from(*byte);
        *byte = carry as u8;
        carry >>= 8;
    }
    sum
}

/// The full tree, recording a proof at each access as the guest will consume them.
pub struct Witnessed<'a> {
    pub tree: &'a mut StateTree,
    pub proofs: Vec<Proof>,
    /// Slots read since the last write: a write to one of them needs no new proof.
    warm: Vec<Word>,
}

impl<'a> Witnessed<'a> {
    pub fn new(tree: &'a mut StateTree) -> Self {
        Witnessed {
            tree,
            proofs: Vec::new(),
            warm: Vec::new(),
        }
    }
}

fn taken(key: &Word, other: Word) -> String {
    format!(
        "slot {} sits where slot {} is stored",
        hex(key),
        hex(&other)
    )
}

impl Storage for Witnessed<'_> {
    fn sload(&mut self, key: &Word) -> Result<Word, String> {
        let proof = self.tree.get(key).map_err(|other| taken(key, other))?;
        let value = proof.value;
        self.proofs.push(proof);
        self.warm.push(*key);
        Ok(value)
    }

    fn sstore(&mut self, key: &Word, value: &Word) -> Result<(), String> {
        if !self.warm.contains(key) {
            let proof = self.tree.get(key).map_err(|other| taken(key, other))?;
            self.proofs.push(proof);
        }
        self.warm.clear();
        self.tree.set(key, value).map_err(|other| taken(key, other))
    }

    fn root(&self) -> Word {
        self.tree.root()
    }
}

/// The root and the proofs of an input, checked as they are consumed.
pub struct Stateless<'a> {
    root: Word,
    proofs: std::slice::ChunksExact<'a, u8>,
    warm: Vec<(Word, Proof)>,
}

impl<'a> Stateless<'a> {
    /// Storage at `root` with the concatenated `proofs`; `None` unless they are whole proofs.
    pub fn new(root: Word, proofs: &'a [u8]) -> Option<Self> {
        let chunks = proofs.chunks_exact(PROOF_LEN);
        chunks.remainder().is_empty().then_some(Stateless {
            root,
            proofs: chunks,
            warm: Vec::new(),
        })
    }

    /// Proofs not consumed.
    pub fn unused(&self) -> usize {
        self.proofs.len()
    }

    fn prove(&mut self, key: &Word) -> Result<Proof, String> {
        let bytes = self.proofs.next().ok_or("missing proof")?;
        let proof = Proof::from_bytes(bytes).ok_or("bad proof")?;
        if proof.root(key, &proof.value) != self.root {
            return Err("Merkle proof does not match the root".into());
        }
        Ok(proof)
    }
}

impl Storage for Stateless<'_> {
    fn sload(&mut self, key: &Word) -> Result<Word, String> {
        let proof = self.prove(key)?;
        let value = proof.value;
        self.warm.push((*key, proof));
        Ok(value)
    }

    fn sstore(&mut self, key: &Word, value: &Word) -> Result<(), String> {
        let proof = match self.warm.iter().position(|(warm, _)| warm == key) {
            Some(i) => self.warm.swap_remove(i).1,
            None => self.prove(key)?,
        };
        self.warm.clear();
        self.root = proof.root(key, value);
        Ok(())
    }

    fn root(&self) -> Word {
        self.root
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
