//! Host-call tests of `ED25519_VERIFY`: RFC 8032 vectors, malleability and small-order
//! cases, seeded random keys checked three ways (handler, [`reference`], `ed25519-dalek`),
//! and bad pointers.

use super::{Verify, reference};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory};
use num_bigint::BigUint;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CODE: u32 = 0x1000;
const KEY: u32 = 0x1_0000;
const SIG: u32 = 0x1_0100;
const MSG: u32 = 0x1_0200;

fn hex<const N: usize>(digits: &str) -> [u8; N] {
    let bytes: Vec<u8> = (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect();
    bytes.try_into().unwrap()
}

fn memory(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> Memory {
    let mut memory = Memory::new(CODE, 0x1000);
    memory.write_bytes(KEY, 32).unwrap().copy_from_slice(key);
    memory
        .write_bytes(SIG, 64)
        .unwrap()
        .copy_from_slice(signature);
    let len = message.len() as u32;
    memory
        .write_bytes(MSG, len)
        .unwrap()
        .copy_from_slice(message);
    memory
}

/// The handler's status, checked against the reference.
fn verify(key: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> u32 {
    let mut memory = memory(key, signature, message);
    let mut call = Call::new([KEY, SIG, MSG, message.len() as u32], &mut memory);
    Verify.execute(&mut call).expect("well-formed call");
    let status = call.results()[0].expect("status set");
    assert_eq!(
        status,
        reference::verify(key, signature, message),
        "handler vs reference"
    );
    status
}

/// RFC 8032 section 7.1, tests 1 to 3: (secret, public key, message, signature).
const RFC8032: [(&str, &str, &str, &str); 3] = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
];

#[test]
fn rfc8032_vectors() {
    for (i, (secret, public, message, signature)) in RFC8032.into_iter().enumerate() {
        let (secret, public, signature) =
            (hex::<32>(secret), hex::<32>(public), hex::<64>(signature));
        let message: Vec<u8> = (0..message.len() / 2)
            .map(|i| u8::from_str_radix(&message[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        assert_eq!(reference::public_key(&secret), public);
        assert_eq!(
            SigningKey::from_bytes(&secret).sign(&message).to_bytes(),
            signature
        );
        assert_eq!(verify(&public, &signature, &message), OK);
        // Wrong message, signature, key.
        let mut longer = message.clone();
        longer.push(0);
        assert_eq!(verify(&public, &signature, &longer), INVALID);
        let mut bad_r = signature;
        bad_r[1] ^= 0x10;
        assert_eq!(verify(&public, &bad_r, &message), INVALID);
        let mut bad_s = signature;
        bad_s[40] ^= 0x01;
        assert_eq!(verify(&public, &bad_s, &message), INVALID);
        let other = hex::<32>(RFC8032[(i + 1) % RFC8032.len()].1);
        assert_eq!(verify(&other, &signature, &message), INVALID);
    }
}

/// ℓ, little-endian.
fn order() -> BigUint {
    (BigUint::from(1u32) << 252u32)
        + BigUint::parse_bytes(b"27742317777372353535851937790883648493", 10).unwrap()
}

fn le32(v: &BigUint) -> [u8; 32] {
    let mut out = [0u8; 32];
    let bytes = v.to_bytes_le();
    out[..bytes.len()].copy_from_slice(&bytes);
    out
}

#[test]
fn non_canonical_s_is_rejected() {
    let key = SigningKey::from_bytes(&[1; 32]);
    let message = b"malleable?";
    let signature = key.sign(message).to_bytes();
    let public = key.verifying_key().to_bytes();
    assert_eq!(verify(&public, &signature, message), OK);
    // s + ℓ satisfies the same equation, but is not the canonical scalar.
    let s = BigUint::from_bytes_le(&signature[32..]) + order();
    let mut malleated = signature;
    malleated[32..].copy_from_slice(&le32(&s));
    assert_eq!(verify(&public, &malleated, message), INVALID);
    let mut top_bit = signature;
    top_bit[63] |= 0x80;
    assert_eq!(verify(&public, &top_bit, message), INVALID);
}

/// Encodings of points of order 1, 2, 4 and 8.
const SMALL_ORDER: [&str; 5] = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
];

#[test]
fn small_order_keys_and_r_are_rejected() {
    // With A the identity, (R, s) = ([r]B, r) passes the cofactorless equation for every
    // message: plain `verify` takes it, `verify_strict` and the handler must not.
    let mut r = [0x2A; 32];
    r[31] = 0; // below ℓ
    let mut forged = [0u8; 64];
    forged[..32].copy_from_slice(&reference::base_mul(&r));
    forged[32..].copy_from_slice(&r);
    let identity = hex::<32>(SMALL_ORDER[0]);
    let weak = VerifyingKey::from_bytes(&identity).unwrap();
    let forged_signature = Signature::from_bytes(&forged);
    assert!(weak.verify(b"anything", &forged_signature).is_ok());
    assert!(weak.verify_strict(b"anything", &forged_signature).is_err());
    for encoding in SMALL_ORDER {
        assert_eq!(
            verify(&hex(encoding), &forged, b"anything"),
            INVALID,
            "key {encoding}"
        );
    }
    // A genuine key with a small-order R.
    let key = SigningKey::from_bytes(&[4; 32]);
    let public = key.verifying_key().to_bytes();
    for encoding in SMALL_ORDER {
        let mut signature = key.sign(b"m").to_bytes();
        signature[..32].copy_from_slice(&hex::<32>(encoding));
        assert_eq!(verify(&public, &signature, b"m"), INVALID, "R {encoding}");
    }
}

#[test]
fn non_canonical_keys_follow_dalek() {
    // y = p + k for small k reduces to y = k; such keys decode in dalek (and the reference
    // follows it), the identity (k = 1) is of small order, and no signature made for
    // the canonical key verifies under the non-canonical bytes (A enters the hash as given).
    let p = (BigUint::from(1u32) << 255u32) - 19u32;
    let key = SigningKey::from_bytes(&[8; 32]);
    let signature = key.sign(b"m").to_bytes();
    for k in 0u32..19 {
        let encoding = le32(&(&p + k));
        assert_eq!(verify(&encoding, &signature, b"m"), INVALID, "y = p + {k}");
    }
}

#[test]
fn random_keys_agree_three_ways() {
    let mut rng = ChaCha8Rng::seed_from_u64(0xed25_5190);
    for _ in 0..4 {
        let secret: [u8; 32] = rng.random();
        let key = SigningKey::from_bytes(&secret);
        let public = key.verifying_key().to_bytes();
        assert_eq!(reference::public_key(&secret), public);
        let len = rng.random_range(0..200);
        let message: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        let signature = key.sign(&message);
        assert!(
            key.verifying_key()
                .verify_strict(&message, &signature)
                .is_ok()
        );
        let signature = signature.to_bytes();
        assert_eq!(verify(&public, &signature, &message), OK);
        let mut tampered = signature;
        tampered[rng.random_range(0..64)] ^= 1 << rng.random_range(0..8);
        let dalek = key
            .verifying_key()
            .verify_strict(&message, &Signature::from_bytes(&tampered));
        assert!(dalek.is_err());
        assert_eq!(verify(&public, &tampered, &message), INVALID);
    }
}

/// Run a call with the given arguments on memory holding a valid signature of 16 bytes.
fn raw(args: [u32; 4]) -> Result<[Option<u32>; 2], CallError> {
    let key = SigningKey::from_bytes(&[1; 32]);
    let message = [0x5A; 16];
    let signature = key.sign(&message).to_bytes();
    let mut memory = memory(&key.verifying_key().to_bytes(), &signature, &message);
    let mut call = Call::new(args, &mut memory);
    Verify.execute(&mut call)?;
    Ok(call.results())
}

fn operand_of(result: Result<[Option<u32>; 2], CallError>) -> &'static str {
    match result {
        Err(CallError::Memory { operand, .. }) => operand,
        other => panic!("expected a memory error, got {other:?}"),
    }
}

#[test]
fn bad_pointers_are_bad_calls() {
    assert_eq!(raw([KEY, SIG, MSG, 16]).unwrap()[0], Some(OK));
    assert_eq!(raw([KEY, SIG, MSG, 15]).unwrap()[0], Some(INVALID));
    for addr in [0, MEM_END - 8, MEM_END, u32::MAX - 10] {
        assert_eq!(operand_of(raw([addr, SIG, MSG, 16])), "public key");
        assert_eq!(operand_of(raw([KEY, addr, MSG, 16])), "signature");
        assert_eq!(operand_of(raw([KEY, SIG, addr, 16])), "message");
    }
    // Lengths past the end of memory or overflowing the address space.
    assert_eq!(
        operand_of(raw([KEY, SIG, MSG, MEM_END - MSG + 1])),
        "message"
    );
    assert_eq!(operand_of(raw([KEY, SIG, MSG, u32::MAX])), "message");
    // An empty message may have any pointer, even null; byte operands need no alignment.
    assert_eq!(raw([KEY, SIG, 0, 0]).unwrap()[0], Some(INVALID));
    assert_eq!(
        raw([KEY + 1, SIG + 1, MSG + 1, 15]).unwrap()[0],
        Some(INVALID)
    );
}
