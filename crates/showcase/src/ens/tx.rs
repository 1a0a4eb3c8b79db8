//! The transaction on the host: RLP encoding, signing with `k256`, and the decoding and
//! signer recovery `check` re-executes with. The format is the guest's (`examples/ens/src/
//! tx.rs`): raw = `rlp([chain_id, nonce, name, contenthash, v, r, s])`, signed hash =
//! `keccak256(0x19 ‖ 0x00 ‖ resolver ‖ rlp([chain_id, nonce, name, contenthash]))`.

use k256::ecdsa::{RecoveryId, Signature, SigningKey, VerifyingKey};

use super::{Address, Word, keccak256};

/// The longest content hash the resolver accepts.
pub const MAX_CONTENTHASH: usize = 64;

/// An unsigned `setContenthash` transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    pub chain_id: u64,
    pub nonce: u64,
    pub name: String,
    pub contenthash: Vec<u8>,
}

/// A transaction with its signature, as decoded from raw bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    pub tx: Transaction,
    pub v: u8,
    pub r: Word,
    pub s: Word,
}

impl Transaction {
    fn fields(&self) -> Vec<u8> {
        let mut fields = rlp_uint(&self.chain_id.to_be_bytes());
        fields.extend(rlp_uint(&self.nonce.to_be_bytes()));
        fields.extend(rlp_bytes(self.name.as_bytes()));
        fields.extend(rlp_bytes(&self.contenthash));
        fields
    }

    /// The hash the owner signs for `resolver`.
    pub fn signing_hash(&self, resolver: &Address) -> Word {
        let mut message = vec![0x19, 0x00];
        message.extend(resolver);
        message.extend(rlp_list(&self.fields()));
        keccak256(&message)
    }

    /// The raw transaction signed by `key` for `resolver` (`k256` gives a low `s`).
    pub fn sign(&self, resolver: &Address, key: &SigningKey) -> Vec<u8> {
        let (signature, id) = key.sign_prehash_recoverable(&self.signing_hash(resolver));
        let (r, s) = signature.split_bytes();
        self.with_signature(27 + id.to_byte(), &r.into(), &s.into())
    }

    /// The raw transaction with the given signature words.
    pub fn with_signature(&self, v: u8, r: &Word, s: &Word) -> Vec<u8> {
        let mut items = self.fields();
        items.extend(rlp_uint(&[v]));
        items.extend(rlp_uint(r));
        items.extend(rlp_uint(s));
        rlp_list(&items)
    }
}

impl Signed {
    /// Decode a raw transaction; `None` if the guest would refuse it as malformed.
    pub fn decode(raw: &[u8]) -> Option<Signed> {
        let (items, rest) = rlp_split(raw)?;
        let (Item::List(mut items), []) = (items, rest) else {
            return None;
        };
        let mut next = || -> Option<&[u8]> {
            let (item, rest) = rlp_split(items)?;
            items = rest;
            match item {
                Item::Bytes(bytes) => Some(bytes),
                Item::List(_) => None,
            }
        };
        let chain_id = u64::from_be_bytes(uint(next()?)?);
        let nonce = u64::from_be_bytes(uint(next()?)?);
        let name = String::from_utf8(next()?.to_vec()).ok()?;
        let contenthash = next()?.to_vec();
        let [v] = uint(next()?)?;
        let (r, s) = (uint(next()?)?, uint(next()?)?);
        let tx = Transaction {
            chain_id,
            nonce,
            name,
            contenthash,
        };
        (items.is_empty() && tx.contenthash.len() <= MAX_CONTENTHASH && normalized(&tx.name))
            .then_some(Signed { tx, v, r, s })
    }

    /// `ecrecover`: the signer's address, if `v` is 27 or 28, `s` is low and a key recovers.
    pub fn signer(&self, resolver: &Address) -> Option<Address> {
        let id = RecoveryId::from_byte(self.v.checked_sub(27).filter(|&id| id < 2)?)?;
        let signature = Signature::from_scalars(self.r, self.s).ok()?;
        if signature.normalize_s() != signature {
            return None;
        }
        let hash = self.tx.signing_hash(resolver);
        let key = VerifyingKey::recover_from_prehash(&hash, &signature, id).ok()?;
        Some(address(&key))
    }
}

/// Whether `name` is one the resolver accepts: dot-separated non-empty labels of `a-z`,
/// `0-9` and `-`, at most 255 bytes.
pub fn normalized(name: &str) -> bool {
    name.len() <= 255
        && name.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        })
}

/// The Ethereum address of a public key: the last 20 bytes of Keccak-256 of `x ‖ y`.
pub fn address(key: &VerifyingKey) -> Address {
    let point = key.to_sec1_point(false);
    keccak256(&point.as_bytes()[1..])[12..]
        .try_into()
        .expect("20 bytes")
}

/// ENS's `namehash`.
pub fn namehash(name: &str) -> Word {
    let mut node = [0u8; 32];
    if name.is_empty() {
        return node;
    }
    for label in name.rsplit('.') {
        node = keccak256(&[node, keccak256(label.as_bytes())].concat());
    }
    node
}

fn rlp_header(offset: u8, len: usize) -> Vec<u8> {
    if len < 56 {
        return vec![offset + len as u8];
    }
    let digits = (len as u64).to_be_bytes();
    let digits = &digits[digits.iter().take_while(|&&d| d == 0).count()..];
    let mut header = vec![offset + 55 + digits.len() as u8];
    header.extend(digits);
    header
}

fn rlp_bytes(bytes: &[u8]) -> Vec<u8> {
    if let [byte @ 0..0x80] = bytes {
        return vec![*byte];
    }
    [rlp_header(0x80, bytes.len()), bytes.to_vec()].concat()
}

fn rlp_uint(big_endian: &[u8]) -> Vec<u8> {
    let zeros = big_endian.iter().take_while(|&&d| d == 0).count();
    rlp_bytes(&big_endian[zeros..])
}

fn rlp_list(payload: &[u8]) -> Vec<u8> {
    [rlp_header(0xc0, payload.len()), payload.to_vec()].concat()
}

enum Item<'a> {
    Bytes(&'a [u8]),
    List(&'a [u8]),
}

/// Split the first canonical RLP item off `input`.
fn rlp_split(input: &[u8]) -> Option<(Item<'_>, &[u8])> {
    let (&first, rest) = input.split_first()?;
    if first < 0x80 {
        return Some((Item::Bytes(&input[..1]), rest));
    }
    let offset = if first < 0xc0 { 0x80 } else { 0xc0 };
    let (len, rest) = match usize::from(first - offset) {
        short @ 0..=55 => (short, rest),
        long => {
            let (digits, rest) = rest.split_at_checked(long - 55)?;
            if digits.len() > 4 || digits[0] == 0 {
                return None;
            }
            let len = digits.iter().fold(0, |n, &d| (n << 8) | usize::from(d));
            (len >= 56).then_some((len, rest))?
        }
    };
    let (payload, rest) = rest.split_at_checked(len)?;
    match offset {
        0xc0 => Some((Item::List(payload), rest)),
        _ if matches!(payload, [0..0x80]) => None,
        _ => Some((Item::Bytes(payload), rest)),
    }
}

/// A canonical big-endian integer of at most `N` bytes, right-aligned.
fn uint<const N: usize>(digits: &[u8]) -> Option<[u8; N]> {
    if digits.len() > N || digits.first() == Some(&0) {
        return None;
    }
    let mut out = [0; N];
    out[N - digits.len()..].copy_from_slice(digits);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namehash_of_eth_is_the_ens_constant() {
        let eth = namehash("eth");
        assert_eq!(
            super::super::contract::hex(&eth),
            "93cdeb708b7545dc668eb9280176169d1c33cfd8ed6f04690a0bcc88a93fc4ae"
        );
        assert_eq!(
            namehash("a.eth"),
            keccak256(&[eth, keccak256(b"a")].concat())
        );
        assert_eq!(namehash(""), [0; 32]);
    }

    #[test]
    fn signed_transactions_round_trip_and_recover() {
        let key = SigningKey::from_slice(&[5; 32]).unwrap();
        let resolver = [9; 20];
        for len in [0, 1, 31, 32, 64] {
            let tx = Transaction {
                chain_id: 1 << 40,
                nonce: len as u64,
                name: "abc.eth".into(),
                contenthash: vec![0x42; len],
            };
            let signed = Signed::decode(&tx.sign(&resolver, &key)).unwrap();
            assert_eq!(signed.tx, tx);
            assert_eq!(signed.signer(&resolver), Some(address(key.verifying_key())));
            assert_ne!(signed.signer(&[8; 20]), Some(address(key.verifying_key())));
        }
    }

    #[test]
    fn non_canonical_rlp_is_refused() {
        let tx = Transaction {
            chain_id: 1,
            nonce: 0,
            name: "x.eth".into(),
            contenthash: vec![],
        };
        let raw = tx.with_signature(27, &[1; 32], &[2; 32]);
        assert!(Signed::decode(&raw).is_some());
        assert!(Signed::decode(&raw[..raw.len() - 1]).is_none());
        assert!(Signed::decode(&[raw.as_slice(), &[0]].concat()).is_none());
        // The chain id 1 written as the one-byte string 0x81 0x01.
        assert_eq!(&raw[..3], &[0xf8, raw[1], 0x01]);
        let padded = [&[0xf8, raw[1] + 1, 0x81][..], &raw[2..]].concat();
        assert!(Signed::decode(&padded).is_none());
        let mut upper = tx.clone();
        upper.name = "X.eth".into();
        assert!(Signed::decode(&upper.with_signature(27, &[1; 32], &[2; 32])).is_none());
    }
}
