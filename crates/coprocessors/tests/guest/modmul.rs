//! The modular-multiplication coprocessor from a guest: the SDK (`gluecp_guest::bigint`)
//! agrees with `num-bigint` on `mulmod` and the glue built on it, converts bytes both
//! ways, lets the output alias an input, and bad `MODMUL256` calls stop the guest with a
//! bad-call error.

use super::common::*;
use gluecp_abi::codec::{Decode, Encode};
use gluecp_abi::ecall::coprocessor::{INVALID, MODMUL256, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_vm::VmError;
use num_bigint::BigUint;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

type Words = [u32; 8];

/// Run the guest on `name` with `body` after the header.
fn run(name: &str, body: &[u8]) -> Result<(u32, Vec<u8>), VmError> {
    super::common::run(name, false, body)
}

fn big(value: &Words) -> BigUint {
    BigUint::from_slice(value)
}

fn words(value: &BigUint) -> Words {
    let digits = value.to_u32_digits();
    std::array::from_fn(|i| digits.get(i).copied().unwrap_or(0))
}

fn hex(value: &str) -> Words {
    words(&BigUint::parse_bytes(value.as_bytes(), 16).unwrap())
}

/// What the guest commits for one `modmul_ops` case, by `num-bigint`.
fn expected_ops(x: &Words, y: &Words, m: &Words) -> [Option<Words>; 6] {
    let (x, y, m) = (big(x), big(y), big(m));
    if m == BigUint::ZERO {
        return [None; 6];
    }
    let (xr, yr) = (&x % &m, &y % &m);
    let inverse = (xr != BigUint::ZERO).then(|| words(&xr.modpow(&(&m - 2u32), &m)));
    [
        Some(words(&(&x * &y % &m))),
        Some(words(&xr)),
        Some(words(&((&x + &y) % &m))),
        Some(words(&((&xr + &m - &yr) % &m))),
        Some(words(&x.modpow(&y, &m))),
        inverse,
    ]
}

/// A random value of a random bit length (0 to 256).
fn random_value(rng: &mut ChaCha8Rng) -> Words {
    let bits = rng.random_range(0..=256u32);
    let value: Words = std::array::from_fn(|_| rng.random());
    words(&(big(&value) >> (256 - bits)))
}

#[test]
fn sdk_operations_match_num_bigint() {
    let primes = [
        hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"), // secp256k1 p
        hex("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47"), // BN254 p
        hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff43"), // 2^256 - 189
        hex("7"),
    ];
    let max = [u32::MAX; 8];
    let mut cases: Vec<(Words, Words, Words)> = Vec::new();
    for m in [[0; 8], hex("1"), hex("2"), max, primes[0]] {
        for (x, y) in [
            ([0; 8], [0; 8]),
            (max, max),
            (hex("3"), [0; 8]),
            (max, hex("2")),
        ] {
            cases.push((x, y, m));
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(0x6d6f_646d);
    for p in primes {
        let x = random_value(&mut rng);
        cases.push((x, random_value(&mut rng), p));
        cases.push((p, x, p)); // x = p: no inverse
    }
    for _ in 0..20 {
        let (x, y, m) = (
            random_value(&mut rng),
            random_value(&mut rng),
            random_value(&mut rng),
        );
        cases.push((x, y, m));
    }
    let (code, journal) = run("modmul_ops", &cases.to_bytes()).unwrap();
    assert_eq!(code, 0);
    let mut journal = journal.as_slice();
    for (x, y, m) in &cases {
        let got = <[Option<Words>; 6]>::decode(&mut journal).unwrap();
        assert_eq!(got, expected_ops(x, y, m), "x {x:x?} y {y:x?} m {m:x?}");
        if primes.contains(m)
            && let Some(inverse) = got[5]
        {
            assert_eq!(big(x) * big(&inverse) % big(m), BigUint::from(1u32));
        }
    }
    assert!(journal.is_empty());
}

#[test]
fn sdk_converts_bytes_both_ways() {
    let bytes: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(1));
    let (code, journal) = run("modmul_bytes", &bytes.to_bytes()).unwrap();
    assert_eq!(code, 0);
    let be = words(&BigUint::from_bytes_be(&bytes));
    let le = words(&BigUint::from_bytes_le(&bytes));
    let bits = |w: &Words| big(w).bits() as u32;
    let expected = (
        (be, le),
        (true, true),
        (bits(&be), bits(&le), big(&be) < big(&le)),
    );
    assert_eq!(journal, expected.to_bytes());
}

#[test]
fn out_may_alias_each_input() {
    let x = hex("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
    let y = hex("123456789abcdef0123456789abcdef");
    let m = hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff43");
    let product = words(&(big(&x) * big(&y) % big(&m)));
    let (code, journal) = run("modmul_alias", &[x, y, m].to_bytes()).unwrap();
    assert_eq!(code, 0);
    assert_eq!(journal, [(OK, product); 3].to_bytes());
    // m = 0: the output is zeroed, whichever operand it is.
    let (_, journal) = run("modmul_alias", &[x, y, [0; 8]].to_bytes()).unwrap();
    assert_eq!(
        <[(u32, Words); 3]>::from_bytes(&journal),
        Ok([(INVALID, [0; 8]); 3])
    );
}

/// A raw `MODMUL256` call with `args`; its outcome.
fn raw(args: [u32; 4]) -> Result<(u32, Vec<u8>), VmError> {
    run("raw_ecall", &(MODMUL256, args).to_bytes())
}

#[track_caller]
fn assert_bad_call(args: [u32; 4]) {
    match raw(args) {
        Err(VmError::BadEcall { call, .. }) => assert_eq!(call, "modmul"),
        other => panic!("{args:x?}: expected a bad modmul call, got {other:?}"),
    }
}

#[test]
fn bad_calls_stop_the_guest() {
    // Somewhere in the middle of memory, unused by this guest: zeros, so m = 0.
    let free = 0x1000_0000;
    let good = [free, free + 32, free + 64, free + 96];
    assert_eq!(raw(good).unwrap(), (0, [INVALID, free + 32].to_bytes()));
    let code = program().entry() & !3;
    // Inputs may lie in code.
    assert_eq!(raw([free, code, code, free + 96]).unwrap().0, 0);

    for operand in 0..4 {
        let with = |addr: u32| {
            let mut args = good;
            args[operand] = addr;
            args
        };
        assert_bad_call(with(0)); // null
        for misaligned in [free + 1, free + 2, free + 3] {
            assert_bad_call(with(misaligned));
        }
        assert_bad_call(with(MEM_END - 28)); // runs past the end of memory
        assert_bad_call(with(MEM_END)); // starts past the end
        assert_bad_call(with(u32::MAX - 3)); // wraps around
    }
    assert_bad_call([code, free, free, free]); // output into code, even with m = 0
}
