//! Host-call tests of `MODMUL256`: EVM `MULMOD` vectors, edge cases and seeded random
//! inputs through the handler, the reference and `num-bigint`; aliasing; every bad
//! operand.

use super::reference::{self, U256};
use super::{ModMul256, WORDS};
use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory, MemoryFault};
use num_bigint::BigUint;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Read-only code occupies `[CODE, CODE + 0x1000)`.
const CODE: u32 = 0x1_0000;
const OUT: u32 = 0x10_0000;
const X: u32 = 0x10_0100;
const Y: u32 = 0x10_0200;
const M: u32 = 0x10_0300;

const ZERO: U256 = [0; WORDS];
const ONE: U256 = [1, 0, 0, 0, 0, 0, 0, 0];
const MAX: U256 = [u32::MAX; WORDS];

fn memory() -> Memory {
    Memory::new(CODE, 0x1000)
}

fn store(memory: &mut Memory, addr: u32, value: &U256) {
    let bytes: Vec<u8> = value.iter().flat_map(|w| w.to_le_bytes()).collect();
    memory
        .write_bytes(addr, 32)
        .unwrap()
        .copy_from_slice(&bytes);
}

fn load(memory: &Memory, addr: u32) -> U256 {
    let bytes = memory.read_bytes(addr, 32).unwrap();
    std::array::from_fn(|i| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().unwrap()))
}

fn call(memory: &mut Memory, args: [u32; 4]) -> Result<[Option<u32>; 2], CallError> {
    let mut call = Call::new(args, memory);
    ModMul256.execute(&mut call)?;
    Ok(call.results())
}

/// One call with the operands at separate addresses; `(status, out)`.
fn handler(x: &U256, y: &U256, m: &U256) -> (u32, U256) {
    let mut memory = memory();
    store(&mut memory, OUT, &[0xdead_beef; WORDS]);
    store(&mut memory, X, x);
    store(&mut memory, Y, y);
    store(&mut memory, M, m);
    let [status, a1] = call(&mut memory, [OUT, X, Y, M]).unwrap();
    assert_eq!(a1, None);
    (status.unwrap(), load(&memory, OUT))
}

fn big(value: &U256) -> BigUint {
    BigUint::from_slice(value)
}

fn from_big(value: &BigUint) -> U256 {
    let digits = value.to_u32_digits();
    std::array::from_fn(|i| digits.get(i).copied().unwrap_or(0))
}

/// `x * y mod m` by `num-bigint`; `None` when m = 0.
fn by_num_bigint(x: &U256, y: &U256, m: &U256) -> Option<U256> {
    (*m != ZERO).then(|| from_big(&(big(x) * big(y) % big(m))))
}

/// The handler, the reference and `num-bigint` agree on `(x, y, m)`; returns the result.
#[track_caller]
fn check(x: &U256, y: &U256, m: &U256) -> Option<U256> {
    let expected = by_num_bigint(x, y, m);
    assert_eq!(reference::mulmod(x, y, m), expected, "{x:x?} {y:x?} {m:x?}");
    let (status, out) = handler(x, y, m);
    match expected {
        Some(value) => assert_eq!((status, out), (OK, value), "{x:x?} {y:x?} {m:x?}"),
        None => assert_eq!((status, out), (INVALID, ZERO), "{x:x?} {y:x?} {m:x?}"),
    }
    expected
}

/// A 256-bit value from a small number.
fn small(value: u64) -> U256 {
    let mut out = ZERO;
    out[0] = value as u32;
    out[1] = (value >> 32) as u32;
    out
}

/// `2^256 - value`.
fn minus(value: u32) -> U256 {
    let mut out = MAX;
    out[0] = u32::MAX - value + 1;
    out
}

#[test]
fn evm_mulmod_vectors() {
    // EVM MULMOD: the product is taken at full precision, m = 0 gives 0.
    assert_eq!(check(&small(10), &small(10), &small(8)), Some(small(4)));
    // (2^256 - 1) = 3 (mod 12), so its square is 9.
    assert_eq!(check(&MAX, &MAX, &small(12)), Some(small(9)));
    // (2^256 - 1)^2 mod (2^256 - 1) = 0, and mod 2^256 - 2 it is 1 (as 2^256 - 1 = 1).
    assert_eq!(check(&MAX, &MAX, &MAX), Some(ZERO));
    assert_eq!(check(&MAX, &MAX, &minus(2)), Some(ONE));
    // (-1) * (-1) mod 7 with -1 = 2^256 - 1 = 1 (mod 7, as 2^256 = 2^(3·85+1) = 2).
    assert_eq!(check(&MAX, &MAX, &small(7)), Some(ONE));
    assert_eq!(check(&small(5), &small(6), &ZERO), None);
    assert_eq!(check(&MAX, &MAX, &ZERO), None);
}

#[test]
fn edge_cases() {
    let mut p256 = MAX; // secp256k1's p = 2^256 - 2^32 - 977
    p256[0] = 0xffff_fc2f;
    p256[1] = 0xffff_fffe;
    let mut top_bit = ZERO;
    top_bit[7] = 1 << 31;
    let values = [
        ZERO,
        ONE,
        small(2),
        small(u64::MAX),
        MAX,
        minus(2),
        p256,
        top_bit,
    ];
    let moduli = [
        ONE,
        small(2),
        small(3),
        small(u64::MAX),
        MAX,
        minus(2),
        p256,
        top_bit,
    ];
    for x in &values {
        for y in &values {
            for m in &moduli {
                check(x, y, m);
            }
            assert_eq!(check(x, y, &ONE), Some(ZERO));
            check(x, y, &ZERO);
        }
    }
}

/// A random value of a random bit length (0 to 256), so that small moduli and operands
/// far above the modulus both show up.
fn random_value(rng: &mut ChaCha8Rng) -> U256 {
    let bits = rng.random_range(0..=256u32);
    std::array::from_fn(|i| {
        let low = 32 * i as u32;
        let word: u32 = rng.random();
        match bits.saturating_sub(low) {
            0 => 0,
            n if n >= 32 => word,
            n => word & ((1 << n) - 1),
        }
    })
}

#[test]
fn random_inputs_match_reference_and_num_bigint() {
    let mut rng = ChaCha8Rng::seed_from_u64(256);
    for _ in 0..2000 {
        let (x, y, m) = (
            random_value(&mut rng),
            random_value(&mut rng),
            random_value(&mut rng),
        );
        check(&x, &y, &m);
    }
}

#[test]
fn out_may_alias_any_input() {
    let x = minus(5);
    let y = small(0x1234_5678_9abc);
    let m = minus(189); // 2^256 - 189, the largest 256-bit prime
    let expected = by_num_bigint(&x, &y, &m).unwrap();
    for args in [[X, X, Y, M], [Y, X, Y, M], [M, X, Y, M]] {
        let mut memory = memory();
        store(&mut memory, X, &x);
        store(&mut memory, Y, &y);
        store(&mut memory, M, &m);
        assert_eq!(call(&mut memory, args), Ok([Some(OK), None]));
        assert_eq!(load(&memory, args[0]), expected, "{args:x?}");
    }
    // Everything in one place: x = y = m, so the product is 0 mod m.
    let mut mem = memory();
    store(&mut mem, X, &x);
    assert_eq!(call(&mut mem, [X, X, X, X]), Ok([Some(OK), None]));
    assert_eq!(load(&mem, X), ZERO);
}

/// A bad call: the error names `operand` with a memory fault of kind `fault`, and the
/// output is untouched.
#[track_caller]
fn assert_bad(args: [u32; 4], operand: &str, fault: MemoryFault) {
    let mut memory = memory();
    store(&mut memory, OUT, &[7; WORDS]);
    store(&mut memory, M, &ONE);
    let error = call(&mut memory, args).unwrap_err();
    assert!(
        matches!(&error, CallError::Memory { operand: named, error } if *named == operand && error.fault == fault),
        "{args:x?}: {error}"
    );
    assert_eq!(load(&memory, OUT), [7; WORDS]);
}

#[test]
fn bad_operands_are_refused() {
    let names = ["out", "x", "y", "m"];
    for (index, operand) in names.into_iter().enumerate() {
        let with = |addr: u32| {
            let mut args = [OUT, X, Y, M];
            args[index] = addr;
            args
        };
        assert_bad(with(0), operand, MemoryFault::Unmapped);
        for misaligned in [X + 1, X + 2, X + 3] {
            assert_bad(with(misaligned), operand, MemoryFault::Misaligned);
        }
        assert_bad(with(MEM_END - 28), operand, MemoryFault::Unmapped);
        assert_bad(with(MEM_END), operand, MemoryFault::Unmapped);
        assert_bad(with(u32::MAX - 3), operand, MemoryFault::Unmapped);
    }
    // Inputs may lie in code; the output may not, even when m = 0.
    let mut mem = memory();
    assert_eq!(
        call(&mut mem, [OUT, CODE, CODE, M]),
        Ok([Some(INVALID), None])
    );
    assert_bad([CODE, X, Y, M], "out", MemoryFault::WriteToCode);
    assert_bad(
        [CODE + 0x1000 - 4, X, Y, M],
        "out",
        MemoryFault::WriteToCode,
    );
    let mut mem = memory();
    assert!(call(&mut mem, [CODE, X, Y, X]).is_err()); // m = 0
}
