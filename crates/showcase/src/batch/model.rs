//! The batch and its byte encoding, the guest's input (layout in `examples/batch-verify/src/batch.rs`).
//!
//! Decoding takes any bytes, as `check` may be handed anything: a malformed input is an
//! error, never a panic.

use gluecp_abi::codec::{Decode, Encode, Writer};

/// Elements below the KoalaBear prime are canonical.
pub const KOALABEAR_P: u32 = 0x7f00_0001;

/// A Poseidon2 digest: 8 canonical KoalaBear elements.
pub type Digest = [u32; 8];

/// How a transfer is signed; the discriminant is the tag byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// ECDSA over keccak256 of the message; the owner is an Ethereum address.
    Secp256k1 = 0,
    /// Ed25519 over the message; the owner is the public key.
    Ed25519 = 1,
}

impl Scheme {
    fn from_tag(tag: u8) -> Option<Scheme> {
        match tag {
            0 => Some(Scheme::Secp256k1),
            1 => Some(Scheme::Ed25519),
            _ => None,
        }
    }

    /// The name in messages, as the guest prints it.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Secp256k1 => "secp256k1",
            Scheme::Ed25519 => "ed25519",
        }
    }
}

/// One leaf of both state trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    pub scheme: Scheme,
    /// An Ethereum address right-aligned in zeros (secp256k1), or a public key (ed25519).
    pub owner: [u8; 32],
    pub balance: u64,
    pub nonce: u64,
}

impl Account {
    /// An empty slot.
    pub const EMPTY: Account = Account {
        scheme: Scheme::Secp256k1,
        owner: [0; 32],
        balance: 0,
        nonce: 0,
    };

    /// The 49-byte encoding, also the preimage of the keccak leaf.
    pub fn encode(&self) -> [u8; 49] {
        let mut bytes = [0; 49];
        bytes[0] = self.scheme as u8;
        bytes[1..33].copy_from_slice(&self.owner);
        bytes[33..41].copy_from_slice(&self.balance.to_le_bytes());
        bytes[41..].copy_from_slice(&self.nonce.to_le_bytes());
        bytes
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    pub from: u32,
    pub to: u32,
    pub amount: u64,
    pub nonce: u64,
}

impl Transfer {
    /// The signed message: chain id, from, to, amount, nonce, little-endian (28 bytes).
    pub fn message(&self, chain_id: u32) -> Vec<u8> {
        (chain_id, self.from, self.to, self.amount, self.nonce).to_bytes()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// `r ‖ s`, big-endian, and the recovery id (0 or 1 for a valid signature).
    Secp256k1 {
        signature: [u8; 64],
        recovery_id: u8,
    },
    /// `R ‖ s` (RFC 8032).
    Ed25519 { signature: [u8; 64] },
}

impl Signature {
    pub fn scheme(&self) -> Scheme {
        match self {
            Signature::Secp256k1 { .. } => Scheme::Secp256k1,
            Signature::Ed25519 { .. } => Scheme::Ed25519,
        }
    }

    /// The signature bytes (without the recovery id), e.g. to corrupt one in a test.
    pub fn bytes_mut(&mut self) -> &mut [u8; 64] {
        match self {
            Signature::Secp256k1 { signature, .. } | Signature::Ed25519 { signature } => signature,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedTransfer {
    pub transfer: Transfer,
    pub signature: Signature,
}

/// An account with its authentication paths, siblings from the leaf up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    pub account: Account,
    pub keccak_siblings: Vec<[u8; 32]>,
    pub poseidon2_siblings: Vec<Digest>,
}

/// The guest's whole input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub chain_id: u32,
    /// Depth of both trees, 1 to 32.
    pub depth: u32,
    pub keccak_root: [u8; 32],
    pub poseidon2_root: Digest,
    pub transfers: Vec<SignedTransfer>,
    /// The sender's (before the transfer) and the recipient's (after the sender's update)
    /// witnesses, per transfer.
    pub witnesses: Vec<[Witness; 2]>,
}

impl Batch {
    /// The batch section of the encoding: what the rollup posts and the guest hashes.
    pub fn data(&self) -> Vec<u8> {
        let mut out = Vec::new();
        (self.transfers.len() as u32).encode(&mut out);
        for SignedTransfer {
            transfer: t,
            signature,
        } in &self.transfers
        {
            (t.from, t.to, t.amount, t.nonce).encode(&mut out);
            match signature {
                Signature::Secp256k1 {
                    signature,
                    recovery_id,
                } => (0u8, *signature, *recovery_id).encode(&mut out),
                Signature::Ed25519 { signature } => (1u8, *signature).encode(&mut out),
            }
        }
        out
    }

    /// The guest's input.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = (
            self.chain_id,
            self.depth,
            self.keccak_root,
            self.poseidon2_root,
        )
            .to_bytes();
        out.write_all(&self.data());
        for witness in self.witnesses.iter().flatten() {
            out.write_all(&witness.account.encode());
            witness
                .keccak_siblings
                .iter()
                .for_each(|s| s.encode(&mut out));
            witness
                .poseidon2_siblings
                .iter()
                .for_each(|s| s.encode(&mut out));
        }
        out
    }

    /// Decode an input, checking what the guest's parser checks.
    pub fn decode(mut input: &[u8]) -> Result<Batch, String> {
        let input = &mut input;
        let (chain_id, depth) = read::<(u32, u32)>(input, "the header")?;
        if !(1..=32).contains(&depth) {
            return Err(format!(
                "malformed batch: tree depth {depth} is not between 1 and 32"
            ));
        }
        let (keccak_root, poseidon2_root) = read::<([u8; 32], Digest)>(input, "the header")?;
        if !canonical(&poseidon2_root) {
            return Err("malformed batch: the Poseidon2 root is not canonical".into());
        }
        let count = read::<u32>(input, "the batch")?;
        let mut transfers = Vec::new();
        for index in 0..count {
            let what = format!("transaction {index}");
            let (from, to, amount, nonce, tag) = read::<(u32, u32, u64, u64, u8)>(input, &what)?;
            let signature = match Scheme::from_tag(tag) {
                Some(Scheme::Secp256k1) => {
                    let (signature, recovery_id) = read(input, &what)?;
                    Signature::Secp256k1 {
                        signature,
                        recovery_id,
                    }
                }
                Some(Scheme::Ed25519) => Signature::Ed25519 {
                    signature: read(input, &what)?,
                },
                None => {
                    return Err(format!(
                        "malformed batch: transaction {index}: unknown signature scheme"
                    ));
                }
            };
            for account in [from, to] {
                if u64::from(account) >> depth != 0 {
                    return Err(format!(
                        "malformed batch: transaction {index}: account {account} is outside a tree of depth {depth}"
                    ));
                }
            }
            let transfer = Transfer {
                from,
                to,
                amount,
                nonce,
            };
            transfers.push(SignedTransfer {
                transfer,
                signature,
            });
        }
        let mut witnesses = Vec::with_capacity(transfers.len());
        for index in 0..count {
            let what = format!("the witnesses of transaction {index}");
            let mut witness = || witness(input, depth as usize, &what, index);
            witnesses.push([witness()?, witness()?]);
        }
        if !input.is_empty() {
            return Err(format!(
                "malformed batch: {} bytes after the witnesses",
                input.len()
            ));
        }
        Ok(Batch {
            chain_id,
            depth,
            keccak_root,
            poseidon2_root,
            transfers,
            witnesses,
        })
    }
}

fn read<T: Decode>(input: &mut &[u8], what: &str) -> Result<T, String> {
    T::decode(input).map_err(|_| format!("malformed batch: input ends inside {what}"))
}

fn canonical(digest: &Digest) -> bool {
    digest.iter().all(|&x| x < KOALABEAR_P)
}

fn witness(input: &mut &[u8], depth: usize, what: &str, index: u32) -> Result<Witness, String> {
    let (tag, owner, balance, nonce) = read::<(u8, [u8; 32], u64, u64)>(input, what)?;
    let scheme = Scheme::from_tag(tag).ok_or_else(|| {
        format!("malformed batch: transaction {index}: witness account has an unknown scheme")
    })?;
    let keccak_siblings = (0..depth)
        .map(|_| read(input, what))
        .collect::<Result<Vec<[u8; 32]>, _>>()?;
    let mut poseidon2_siblings = Vec::with_capacity(depth);
    for _ in 0..depth {
        let sibling: Digest = read(input, what)?;
        if !canonical(&sibling) {
            return Err(format!(
                "malformed batch: transaction {index}: a Poseidon2 sibling is not canonical"
            ));
        }
        poseidon2_siblings.push(sibling);
    }
    let account = Account {
        scheme,
        owner,
        balance,
        nonce,
    };
    Ok(Witness {
        account,
        keccak_siblings,
        poseidon2_siblings,
    })
}
