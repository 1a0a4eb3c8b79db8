//! Host-call tests of `SECP256K1_VERIFY` and `SECP256K1_RECOVER`: known answers, edge
//! cases, seeded random keys checked three ways (handler, [`reference`], `k256` itself),
//! and bad pointers.

use super::{Recover, Verify, reference};
use gluecp_abi::ecall::coprocessor::{INVALID, INVALID_KEY, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory};
use k256::ecdsa::{Signature, SigningKey};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CODE: u32 = 0x1000;
const HASH: u32 = 0x1_0000;
const SIG: u32 = 0x1_0100;
const KEY: u32 = 0x1_0200;
const OUT: u32 = 0x1_0300;

/// n, the group order, big-endian.
const N: [u8; 32] = hex32("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

const fn hex32(digits: &str) -> [u8; 32] {
    let digits = digits.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 64 {
        out[i / 2] = (nibble(digits[i]) << 4) | nibble(digits[i + 1]);
        i += 2;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}

fn concat(a: &[u8; 32], b: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(a);
    out[32..].copy_from_slice(b);
    out
}

fn memory(hash: &[u8; 32], signature: &[u8; 64], key: &[u8; 64]) -> Memory {
    let mut memory = Memory::new(CODE, 0x1000);
    memory.write_bytes(HASH, 32).unwrap().copy_from_slice(hash);
    memory
        .write_bytes(SIG, 64)
        .unwrap()
        .copy_from_slice(signature);
    memory.write_bytes(KEY, 64).unwrap().copy_from_slice(key);
    memory
}

/// The handler's status for `SECP256K1_VERIFY`, checked against the reference.
fn verify(hash: &[u8; 32], signature: &[u8; 64], key: &[u8; 64]) -> u32 {
    let mut memory = memory(hash, signature, key);
    let mut call = Call::new([HASH, SIG, KEY, 0], &mut memory);
    Verify.execute(&mut call).expect("well-formed call");
    let status = call.results()[0].expect("status set");
    assert_eq!(
        status,
        reference::verify(hash, signature, key),
        "handler vs reference"
    );
    status
}

/// The handler's answer to `SECP256K1_RECOVER`, checked against the reference.
fn recover(hash: &[u8; 32], signature: &[u8; 64], recovery_id: u32) -> Option<[u8; 64]> {
    let mut memory = memory(hash, signature, &[0; 64]);
    memory.write_bytes(OUT, 64).unwrap().fill(0xAA);
    let mut call = Call::new([HASH, SIG, recovery_id, OUT], &mut memory);
    Recover.execute(&mut call).expect("well-formed call");
    let status = call.results()[0].expect("status set");
    let out: [u8; 64] = memory.read_bytes(OUT, 64).unwrap().try_into().unwrap();
    let got = match status {
        OK => Some(out),
        INVALID => {
            assert_eq!(out, [0xAA; 64], "output untouched on INVALID");
            None
        }
        other => panic!("unexpected status {other}"),
    };
    let expected = reference::recover(hash, signature, recovery_id);
    assert_eq!(got, expected, "handler vs reference");
    got
}

/// The generator G of secp256k1 (SEC 2): the public key of the private key 1.
const GENERATOR: [u8; 64] = {
    let x = hex32("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    let y = hex32("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
    let mut key = [0u8; 64];
    let mut i = 0;
    while i < 32 {
        (key[i], key[32 + i]) = (x[i], y[i]);
        i += 1;
    }
    key
};

/// A known answer that needs no other implementation's test data: whatever k256 signs
/// with the private key 1 must verify against, and recover to, the generator.
#[test]
fn private_key_one_recovers_the_generator() {
    let mut secret = [0u8; 32];
    secret[31] = 1;
    let key = SigningKey::from_slice(&secret).unwrap();
    assert_eq!(public_key(&key), GENERATOR);
    for hash in [[0u8; 32], [0x5a; 32], [0xff; 32]] {
        let (signature, id) = key.sign_prehash_recoverable(&hash);
        let signature: [u8; 64] = signature.to_bytes().into();
        assert_eq!(verify(&hash, &signature, &GENERATOR), OK);
        let id = u32::from(id.to_byte());
        assert_eq!(recover(&hash, &signature, id), Some(GENERATOR));
        assert_ne!(recover(&hash, &signature, id ^ 1), Some(GENERATOR));
    }
}

#[test]
fn high_s_is_accepted() {
    let key = SigningKey::from_slice(&[7; 32]).unwrap();
    let public = public_key(&key);
    let hash = [0x42; 32];
    let (signature, id) = key.sign_prehash_recoverable(&hash);
    let (r, s) = signature.split_scalars();
    let high = Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
    let (low, high) = (signature.to_bytes().into(), high.to_bytes().into());
    assert_eq!(verify(&hash, &low, &public), OK);
    assert_eq!(verify(&hash, &high, &public), OK);
    // Negating s negates R: the parity bit of the recovery id flips.
    let id = u32::from(id.to_byte());
    assert_eq!(recover(&hash, &low, id), Some(public));
    assert_eq!(recover(&hash, &high, id ^ 1), Some(public));
}

#[test]
fn scalars_out_of_range_are_invalid() {
    let key = SigningKey::from_slice(&[9; 32]).unwrap();
    let public = public_key(&key);
    let hash = [0x17; 32];
    let (signature, id) = key.sign_prehash_recoverable(&hash);
    let good: [u8; 64] = signature.to_bytes().into();
    let (r, s): ([u8; 32], [u8; 32]) = (
        good[..32].try_into().unwrap(),
        good[32..].try_into().unwrap(),
    );
    let bad_scalars = [[0u8; 32], N, [0xFF; 32]];
    for bad in bad_scalars {
        for signature in [concat(&bad, &s), concat(&r, &bad)] {
            assert_eq!(verify(&hash, &signature, &public), INVALID);
            for id in 0..4 {
                assert_eq!(recover(&hash, &signature, id), None);
            }
        }
    }
    // r + n and s + n do not fit, but r = s = n − 1 is in range (and simply fails).
    let mut n_minus_1 = N;
    n_minus_1[31] -= 1;
    assert_eq!(
        verify(&hash, &concat(&n_minus_1, &n_minus_1), &public),
        INVALID
    );
    assert_eq!(recover(&hash, &good, u32::from(id.to_byte())), Some(public));
}

#[test]
fn recovery_ids_beyond_three_are_invalid() {
    let key = SigningKey::from_slice(&[3; 32]).unwrap();
    let hash = [0x01; 32];
    let (signature, id) = key.sign_prehash_recoverable(&hash);
    let signature: [u8; 64] = signature.to_bytes().into();
    assert!(recover(&hash, &signature, u32::from(id.to_byte())).is_some());
    for id in [4, 27, 28, 255, 256, 257, 0x100_0001, u32::MAX] {
        assert_eq!(recover(&hash, &signature, id), None, "id {id}");
    }
    // Ids 2 and 3 need r + n < p, which a random signature almost never has.
    assert_eq!(recover(&hash, &signature, 2), None);
    assert_eq!(recover(&hash, &signature, 3), None);
}

/// Ids 2 and 3 say `R.x = r + n`, possible only for r < p − n (about 2^128). Such
/// signatures are easy to make by hand: any small r whose r + n is the x of a curve point,
/// any s; the recovered key then verifies them.
#[test]
fn recovery_ids_with_x_beyond_n() {
    let hash = [0x44; 32];
    let mut recovered = 0;
    for r in 1..=8 {
        let mut signature = [0u8; 64];
        signature[31] = r;
        signature[63] = 5;
        for id in [2, 3] {
            if let Some(key) = recover(&hash, &signature, id) {
                assert_eq!(verify(&hash, &signature, &key), OK);
                recovered += 1;
            }
        }
    }
    assert!(recovered >= 2, "some r + n among 8 is on the curve");
}

#[test]
fn keys_off_the_curve_are_invalid_keys() {
    let key = SigningKey::from_slice(&[5; 32]).unwrap();
    let public = public_key(&key);
    let hash = [0x33; 32];
    let (signature, _) = key.sign_prehash_recoverable(&hash);
    let signature: [u8; 64] = signature.to_bytes().into();
    assert_eq!(verify(&hash, &signature, &public), OK);
    let p = hex32("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
    let mut y_plus_1 = public;
    y_plus_1[63] ^= 1;
    let mut x_plus_p = public;
    x_plus_p[..32].copy_from_slice(&p); // (p, y) is (0, y) unreduced
    for bad in [y_plus_1, x_plus_p, [0; 64], [0xFF; 64]] {
        assert_eq!(verify(&hash, &signature, &bad), INVALID_KEY);
        // The key is checked first, even when the signature is malformed too.
        assert_eq!(verify(&hash, &[0; 64], &bad), INVALID_KEY);
    }
}

#[test]
fn random_keys_agree_three_ways() {
    use k256::ecdsa::signature::hazmat::PrehashVerifier;
    let mut rng = ChaCha8Rng::seed_from_u64(0x5ec9_256b);
    for _ in 0..6 {
        let key = SigningKey::from_slice(&rng.random::<[u8; 32]>()).unwrap();
        let public = public_key(&key);
        assert_eq!(reference::public_key(&key.to_bytes().into()), Some(public));
        let hash: [u8; 32] = rng.random();
        let (signature, id) = key.sign_prehash_recoverable(&hash);
        let bytes: [u8; 64] = signature.to_bytes().into();
        assert!(
            key.verifying_key()
                .verify_prehash(&hash, &signature)
                .is_ok()
        );
        assert_eq!(verify(&hash, &bytes, &public), OK);
        assert_eq!(
            recover(&hash, &bytes, u32::from(id.to_byte())),
            Some(public)
        );
        // A different hash: k256 rejects, and so do the handler and the reference; recovery
        // yields some other key.
        let mut other = hash;
        other[rng.random_range(0..32)] ^= 1 << rng.random_range(0..8);
        assert!(
            key.verifying_key()
                .verify_prehash(&other, &signature)
                .is_err()
        );
        assert_eq!(verify(&other, &bytes, &public), INVALID);
        assert_ne!(
            recover(&other, &bytes, u32::from(id.to_byte())),
            Some(public)
        );
    }
}

fn public_key(key: &SigningKey) -> [u8; 64] {
    key.verifying_key().to_sec1_point(false).as_bytes()[1..]
        .try_into()
        .unwrap()
}

/// Run a call with the given arguments on memory holding a valid signature.
fn raw(coprocessor: &dyn Coprocessor, args: [u32; 4]) -> Result<[Option<u32>; 2], CallError> {
    let key = SigningKey::from_slice(&[1; 32]).unwrap();
    let (signature, _) = key.sign_prehash_recoverable(&[0; 32]);
    let mut memory = memory(&[0; 32], &signature.to_bytes().into(), &public_key(&key));
    let mut call = Call::new(args, &mut memory);
    coprocessor.execute(&mut call)?;
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
    assert_eq!(raw(&Verify, [HASH, SIG, KEY, 0]).unwrap()[0], Some(OK));
    let bad = [0, MEM_END - 8, MEM_END, u32::MAX - 10];
    for addr in bad {
        assert_eq!(operand_of(raw(&Verify, [addr, SIG, KEY, 0])), "hash");
        assert_eq!(operand_of(raw(&Verify, [HASH, addr, KEY, 0])), "signature");
        assert_eq!(operand_of(raw(&Verify, [HASH, SIG, addr, 0])), "public key");
        assert_eq!(operand_of(raw(&Recover, [addr, SIG, 0, OUT])), "hash");
        assert_eq!(operand_of(raw(&Recover, [HASH, addr, 0, OUT])), "signature");
        assert_eq!(operand_of(raw(&Recover, [HASH, SIG, 0, addr])), "output");
    }
    // Output into code, and a bad output even when the recovery id is invalid.
    assert_eq!(operand_of(raw(&Recover, [HASH, SIG, 0, CODE])), "output");
    assert_eq!(
        operand_of(raw(&Recover, [HASH, SIG, 9, MEM_END - 63])),
        "output"
    );
    // Byte operands need no alignment.
    let mut memory = memory(&[0; 32], &[0; 64], &[0; 64]);
    let mut call = Call::new([HASH + 1, SIG + 3, KEY + 1, OUT + 1], &mut memory);
    Verify.execute(&mut call).unwrap();
    assert_eq!(call.results()[0], Some(INVALID_KEY));
}
