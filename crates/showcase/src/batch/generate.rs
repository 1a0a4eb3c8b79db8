//! Deterministic batches: a [`Rollup`] holds accounts with their signing keys and both
//! state trees, signs transfers and turns them into a [`Batch`] with its witnesses.
//! Keys, balances, slots and transfers all come from a seed.

use super::model::{Account, Batch, Scheme, Signature, SignedTransfer, Transfer, Witness};
use super::replay::ethereum_owner;
use super::tree::{KeccakHash, Poseidon2Hash, SparseTree, keccak256};
use ed25519_dalek::Signer;
use gluecp_abi::codec::Encode;
use std::collections::BTreeMap;

/// The shape of a generated batch.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub seed: u64,
    pub chain_id: u32,
    /// Depth of both trees: `2^depth` account slots.
    pub depth: u32,
    /// Accounts with a balance, alternately secp256k1 and ed25519; at most `2^depth`.
    pub accounts: u32,
    pub transfers: u32,
}

/// The demo: 32 transfers among 24 accounts in trees of 65,536 slots.
pub const DEMO: Params = Params {
    seed: 0x0ba7_c4ed,
    chain_id: 7,
    depth: 16,
    accounts: 24,
    transfers: 32,
};

/// A valid batch of `params.transfers` random transfers.
pub fn generate(params: &Params) -> Batch {
    let mut rollup = Rollup::new(params.seed, params.depth, params.accounts);
    let transfers = rollup.random_transfers(params.seed ^ 0x7a11_5fe7, params.transfers);
    let signed: Vec<_> = transfers
        .iter()
        .map(|transfer| rollup.sign(params.chain_id, transfer))
        .collect();
    rollup.batch(params.chain_id, &signed)
}

enum Key {
    Secp256k1(k256::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// The state a sequencer keeps: accounts by slot, their keys, both trees.
pub struct Rollup {
    depth: u32,
    /// Every non-empty slot.
    accounts: BTreeMap<u32, Account>,
    /// The keys of the accounts created funded; a slot that only received funds has none.
    keys: BTreeMap<u32, Key>,
    keccak: SparseTree<KeccakHash>,
    poseidon2: SparseTree<Poseidon2Hash>,
}

impl Rollup {
    /// `accounts` funded accounts at seeded slots of trees of depth `depth`.
    ///
    /// # Panics
    ///
    /// If the depth is not 1 to 32 or the accounts do not fit.
    pub fn new(seed: u64, depth: u32, accounts: u32) -> Rollup {
        assert!((1..=32).contains(&depth), "depth {depth} is not 1 to 32");
        assert!(
            u64::from(accounts) <= 1 << depth,
            "{accounts} accounts do not fit"
        );
        let mut rng = SplitMix64(seed);
        let mask = (1u64 << depth) - 1;
        // An odd multiplier is a bijection modulo 2^depth: distinct slots, spread out.
        let offset = rng.next() & mask;
        let mut rollup = Rollup {
            depth,
            accounts: BTreeMap::new(),
            keys: BTreeMap::new(),
            keccak: SparseTree::new(depth),
            poseidon2: SparseTree::new(depth),
        };
        for i in 0..accounts {
            let slot = ((u64::from(i) * 0x9e37_79b1 + offset) & mask) as u32;
            let secret = keccak256(&(b"gluecp batch showcase key", seed, i).to_bytes());
            let (owner, key) = if i % 2 == 0 {
                let key = k256::ecdsa::SigningKey::from_slice(&secret)
                    .expect("a hash is a valid secp256k1 secret but with negligible odds");
                (ethereum_owner(key.verifying_key()), Key::Secp256k1(key))
            } else {
                let key = ed25519_dalek::SigningKey::from_bytes(&secret);
                (key.verifying_key().to_bytes(), Key::Ed25519(key))
            };
            let scheme = [Scheme::Secp256k1, Scheme::Ed25519][i as usize % 2];
            let balance = 10_000 + rng.next() % 1_000_000;
            let nonce = rng.next() % 4;
            let account = Account {
                scheme,
                owner,
                balance,
                nonce,
            };
            rollup.update(slot, account);
            rollup.keys.insert(slot, key);
        }
        rollup
    }

    /// The slots of the accounts with keys, in increasing order.
    pub fn slots(&self) -> Vec<u32> {
        self.keys.keys().copied().collect()
    }

    /// The account at `slot` (empty if none).
    pub fn account(&self, slot: u32) -> Account {
        self.accounts.get(&slot).copied().unwrap_or(Account::EMPTY)
    }

    /// `count` valid transfers between random accounts, each for at most half the
    /// sender's balance, with the right nonces; the state is not changed.
    pub fn random_transfers(&self, seed: u64, count: u32) -> Vec<Transfer> {
        let mut rng = SplitMix64(seed);
        let mut state = self.accounts.clone();
        let slots = self.slots();
        assert!(slots.len() >= 2, "transfers need two accounts");
        (0..count)
            .map(|_| {
                let from = slots[(rng.next() % slots.len() as u64) as usize];
                let mut to = slots[(rng.next() % slots.len() as u64) as usize];
                if to == from {
                    to = slots[(slots.iter().position(|&s| s == from).unwrap() + 1) % slots.len()];
                }
                let sender = state[&from];
                let amount = rng.next() % (sender.balance / 2 + 1);
                let transfer = Transfer {
                    from,
                    to,
                    amount,
                    nonce: sender.nonce,
                };
                let sender = state.get_mut(&from).unwrap();
                sender.balance -= amount;
                sender.nonce += 1;
                state.get_mut(&to).unwrap().balance += amount;
                transfer
            })
            .collect()
    }

    /// Sign `transfer` with its sender's key.
    ///
    /// # Panics
    ///
    /// If the sender has no key.
    pub fn sign(&self, chain_id: u32, transfer: &Transfer) -> SignedTransfer {
        let key = &self.keys[&transfer.from];
        let message = transfer.message(chain_id);
        let signature = match key {
            Key::Secp256k1(key) => {
                let (signature, id) = key.sign_prehash_recoverable(&keccak256(&message));
                Signature::Secp256k1 {
                    signature: signature.to_bytes().into(),
                    recovery_id: id.to_byte(),
                }
            }
            Key::Ed25519(key) => Signature::Ed25519 {
                signature: key.sign(&message).to_bytes(),
            },
        };
        SignedTransfer {
            transfer: *transfer,
            signature,
        }
    }

    /// The batch of `transfers` from the current state, with their witnesses; the state
    /// moves past them. Transfers are applied even where the guest must reject them
    /// (balances saturate), so that a test can build a batch that fails a given check.
    pub fn batch(&mut self, chain_id: u32, transfers: &[SignedTransfer]) -> Batch {
        let (keccak_root, poseidon2_root) = (self.keccak.root(), self.poseidon2.root());
        let mut witnesses = Vec::with_capacity(transfers.len());
        for SignedTransfer { transfer: t, .. } in transfers {
            let sender_witness = self.witness(t.from);
            let mut sender = self.account(t.from);
            sender.balance = sender.balance.saturating_sub(t.amount);
            sender.nonce = sender.nonce.wrapping_add(1);
            self.update(t.from, sender);
            let recipient_witness = self.witness(t.to);
            let mut recipient = self.account(t.to);
            recipient.balance = recipient.balance.saturating_add(t.amount);
            self.update(t.to, recipient);
            witnesses.push([sender_witness, recipient_witness]);
        }
        Batch {
            chain_id,
            depth: self.depth,
            keccak_root,
            poseidon2_root,
            transfers: transfers.to_vec(),
            witnesses,
        }
    }

    fn witness(&self, slot: u32) -> Witness {
        Witness {
            account: self.account(slot),
            keccak_siblings: self.keccak.siblings(slot),
            poseidon2_siblings: self.poseidon2.siblings(slot),
        }
    }

    fn update(&mut self, slot: u32, account: Account) {
        self.keccak.set(slot, &account);
        self.poseidon2.set(slot, &account);
        self.accounts.insert(slot, account);
    }
}

/// A small seeded generator (SplitMix64): enough for test data, no dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
