//! Host-call tests of the BN254 precompiles: known answers from the curve's facts,
//! invalid inputs of every kind, the handlers against the big-integer reference on seeded
//! random points, pairing identities, and every bad operand.

use super::precompile::{self, Invalid};
use super::{Add, Mul, Pairing, reference};
use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_vm::{Call, CallError, Coprocessor, Memory, MemoryFault};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use substrate_bn::{AffineG1, AffineG2, Fq, Fq2, Fr, G1, G2, Group};

const CODE: u32 = 0x1000;
const INPUT: u32 = 0x10_0000;
const OUTPUT: u32 = 0x20_0001; // byte operands may have any alignment

fn hex(text: &str) -> Vec<u8> {
    let text = text.strip_prefix('-').unwrap_or(text);
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// The first `N` bytes of `input`, zero-padded: what the EVM hands precompiles 0x06, 0x07.
fn pad<const N: usize>(input: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let len = input.len().min(N);
    out[..len].copy_from_slice(&input[..len]);
    out
}

fn execute(
    coprocessor: &dyn Coprocessor,
    memory: &mut Memory,
    args: [u32; 4],
) -> Result<[Option<u32>; 2], CallError> {
    let mut call = Call::new(args, memory);
    coprocessor.execute(&mut call)?;
    Ok(call.results())
}

/// Run `BN254_ADD` or `BN254_MUL` on `input`; the output, or `None` on status INVALID
/// (after checking the output was left alone).
fn point_call(coprocessor: &dyn Coprocessor, input: &[u8]) -> Option<[u8; 64]> {
    let mut memory = Memory::new(CODE, 0x1000);
    memory
        .write_bytes(INPUT, input.len() as u32)
        .unwrap()
        .copy_from_slice(input);
    memory.write_bytes(OUTPUT, 64).unwrap().fill(0xee);
    let [status, _] = execute(coprocessor, &mut memory, [INPUT, OUTPUT, 0, 0]).unwrap();
    let output: [u8; 64] = memory.read_bytes(OUTPUT, 64).unwrap().try_into().unwrap();
    match status {
        Some(OK) => Some(output),
        Some(INVALID) => {
            assert_eq!(output, [0xee; 64], "output written on INVALID");
            None
        }
        other => panic!("status {other:?}"),
    }
}

fn add(input: &[u8; 128]) -> Option<[u8; 64]> {
    point_call(&Add, input)
}

fn mul(input: &[u8; 96]) -> Option<[u8; 64]> {
    point_call(&Mul, input)
}

fn pairing(input: &[u8]) -> Option<bool> {
    let mut memory = Memory::new(CODE, 0x1000);
    memory
        .write_bytes(INPUT, input.len() as u32)
        .unwrap()
        .copy_from_slice(input);
    let args = [INPUT, input.len() as u32, 0, 0];
    match execute(&Pairing, &mut memory, args).unwrap() {
        [Some(OK), Some(one)] => Some(one == 1),
        [Some(INVALID), Some(0)] => None,
        other => panic!("results {other:?}"),
    }
}

#[test]
fn known_answers() {
    let mut counts = [0; 3];
    for (kind, name, input, expected) in super::known_answers::cases() {
        let (input, expected) = (hex(&input), hex(&expected));
        match kind {
            "add" => {
                let input = pad::<128>(&input);
                assert_eq!(add(&input).map(Vec::from), Some(expected.clone()), "{name}");
                assert_eq!(
                    reference::precompile_add(&input).map(Vec::from),
                    Some(expected),
                    "{name}"
                );
                counts[0] += 1;
            }
            "mul" => {
                let input = pad::<96>(&input);
                assert_eq!(mul(&input).map(Vec::from), Some(expected.clone()), "{name}");
                assert_eq!(
                    reference::precompile_mul(&input).map(Vec::from),
                    Some(expected),
                    "{name}"
                );
                counts[1] += 1;
            }
            _ => {
                assert_eq!(pairing(&input), Some(expected == [1]), "{name}");
                counts[2] += 1;
            }
        }
    }
    assert_eq!(counts, [6, 7, 7]);
}

fn be(value: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    let bytes = value.parse::<num_bigint::BigUint>().unwrap().to_bytes_be();
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// The group order r.
const R: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

fn concat<const N: usize>(parts: &[&[u8]]) -> [u8; N] {
    parts.concat().try_into().expect("parts add up")
}

#[test]
fn invalid_g1_points_are_refused() {
    let p = reference::p().to_string();
    let generator = concat::<64>(&[&be("1"), &be("2")]);
    let bad: [[u8; 64]; 4] = [
        concat(&[&be(&p), &be("2")]), // x = p, which reduces to 0: not in the field
        concat(&[&be("1"), &be(&p)]), // y = p
        concat(&[&be("1"), &be("3")]), // off the curve
        concat(&[&be("0"), &be("1")]), // (0, 1) is neither a point nor infinity
    ];
    for point in bad {
        for input in [
            concat::<128>(&[&point, &generator]),
            concat(&[&generator, &point]),
        ] {
            assert_eq!(add(&input), None);
            assert_eq!(reference::precompile_add(&input), None);
        }
        assert_eq!(mul(&concat(&[&point, &be("1")])), None);
    }
    assert_eq!(
        precompile::add(&concat(&[&bad[0], &generator])),
        Err(Invalid::NotInField)
    );
    assert_eq!(
        precompile::add(&concat(&[&bad[2], &generator])),
        Err(Invalid::NotOnCurve)
    );
}

#[test]
fn scalars_act_modulo_the_group_order() {
    let generator = concat::<64>(&[&be("1"), &be("2")]);
    let times = |s: [u8; 32]| mul(&concat(&[&generator, &s])).unwrap();
    let r: num_bigint::BigUint = R.parse().unwrap();
    let minus_g = concat::<64>(&[&be("1"), &be(&(reference::p() - 2u32).to_string())]);
    assert_eq!(times(be("0")), [0; 64]);
    assert_eq!(times(be(R)), [0; 64]);
    assert_eq!(times(be("1")), generator);
    assert_eq!(times(be(&(&r + 1u32).to_string())), generator);
    assert_eq!(times(be(&(&r - 1u32).to_string())), minus_g); // -G = (1, p - 2)
    assert_eq!(add(&concat(&[&generator, &minus_g])), Some([0; 64]));
    assert_eq!(mul(&concat(&[&[0; 64], &[0xff; 32]])), Some([0; 64]));
    let input = concat::<96>(&[&generator, &[0xff; 32]]);
    assert_eq!(mul(&input), reference::precompile_mul(&input));
}

#[test]
fn random_points_match_the_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(0xb254);
    let generator: reference::Point = Some((1u32.into(), 2u32.into()));
    for _ in 0..6 {
        let [s1, s2, s3]: [[u8; 32]; 3] = std::array::from_fn(|_| rng.random());
        let p = reference::encode(&reference::mul(&generator, &s1));
        let q = reference::encode(&reference::mul(&generator, &s2));
        for input in [
            concat::<128>(&[&p, &q]),
            concat(&[&p, &p]),
            concat(&[&[0; 64], &q]),
        ] {
            let want = reference::precompile_add(&input);
            assert!(want.is_some());
            assert_eq!(add(&input), want);
            assert_eq!(precompile::add(&input).ok(), want);
        }
        let input = concat::<96>(&[&p, &s3]);
        let want = reference::precompile_mul(&input);
        assert!(want.is_some());
        assert_eq!(mul(&input), want);
    }
}

fn fq_bytes(value: Fq) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    value.to_big_endian(&mut bytes).unwrap();
    bytes
}

/// A G2 point's affine coordinates in the precompile's encoding (imaginary parts first).
fn g2_bytes(x: Fq2, y: Fq2) -> Vec<u8> {
    [x, y]
        .into_iter()
        .flat_map(|c| [fq_bytes(c.imaginary()), fq_bytes(c.real())])
        .flatten()
        .collect()
}

/// `g1 ‖ g2` in the precompile's encoding.
fn encode_pair(g1: G1, g2: G2) -> Vec<u8> {
    let g1 = AffineG1::from_jacobian(g1).map_or([Fq::zero(); 2], |g1| [g1.x(), g1.y()]);
    let g2 = AffineG2::from_jacobian(g2).map_or([Fq2::zero(); 2], |g2| [g2.x(), g2.y()]);
    let mut out: Vec<u8> = g1.into_iter().flat_map(fq_bytes).collect();
    out.extend(g2_bytes(g2[0], g2[1]));
    out
}

fn fr(value: u64) -> Fr {
    Fr::from_str(&value.to_string()).unwrap()
}

#[test]
fn pairing_identities() {
    let (a, b) = (fr(0x1234_5678_9abc), fr(0xfedc_ba98_7654));
    let (p, q) = (G1::one(), G2::one());
    let check = |pairs: &[(G1, G2)]| {
        let input: Vec<u8> = pairs
            .iter()
            .flat_map(|&(g1, g2)| encode_pair(g1, g2))
            .collect();
        let result = pairing(&input);
        assert_eq!(result, precompile::pairing(&input).ok());
        result
    };
    assert_eq!(check(&[(p * a, q * b), (-(p * (a * b)), q)]), Some(true));
    assert_eq!(
        check(&[(p * a, q * b), (-(p * (a * b + fr(1))), q)]),
        Some(false)
    );
    assert_eq!(check(&[(p, q)]), Some(false));
    assert_eq!(check(&[(p, q), (-p, q)]), Some(true));
    // Points at infinity contribute nothing.
    assert_eq!(check(&[(G1::zero(), q)]), Some(true));
    assert_eq!(
        check(&[(p, G2::zero()), (G1::zero(), G2::zero())]),
        Some(true)
    );
    assert_eq!(pairing(&[]), Some(true));
}

/// A point of the G2 curve outside the order-r subgroup.
fn g2_outside_subgroup() -> (Fq2, Fq2) {
    for i in 1.. {
        let x = Fq2::new(Fq::from_str(&i.to_string()).unwrap(), Fq::one());
        if let Some(y) = (x * x * x + G2::b()).sqrt() {
            assert!(AffineG2::new(x, y).is_err());
            return (x, y);
        }
    }
    unreachable!()
}

#[test]
fn invalid_pairing_inputs_are_refused() {
    let valid = encode_pair(G1::one(), G2::one());
    let corrupt = |at: usize, value: &[u8]| {
        let mut input = valid.clone();
        input[at..at + value.len()].copy_from_slice(value);
        input
    };
    let p = be(&reference::p().to_string());
    let (x, y) = g2_outside_subgroup();
    let outside = [&valid[..64], &g2_bytes(x, y)].concat();
    let cases = [
        (valid[..191].to_vec(), Invalid::Length),
        ([&valid[..], &[0]].concat(), Invalid::Length),
        (corrupt(0, &p), Invalid::NotInField),    // G1 x = p
        (corrupt(63, &[3]), Invalid::NotOnCurve), // G1 (1, 3)
        (corrupt(64, &p), Invalid::NotInField),   // G2 x_im = p
        (corrupt(127, &[valid[127] ^ 1]), Invalid::NotOnCurve), // G2 x_re moved
        (outside, Invalid::NotInSubgroup),
    ];
    for (input, why) in cases {
        assert_eq!(precompile::pairing(&input), Err(why));
        assert_eq!(pairing(&input), None);
        // Invalid anywhere fails the whole input.
        assert_eq!(pairing(&[&valid[..], &input].concat()), None);
    }
}

#[test]
fn bad_pointers_are_refused() {
    use MemoryFault::*;
    let fault = |coprocessor: &dyn Coprocessor, args: [u32; 4], input: &[u8]| {
        let mut memory = Memory::new(CODE, 0x1000);
        memory
            .write_bytes(INPUT, input.len() as u32)
            .unwrap()
            .copy_from_slice(input);
        match execute(coprocessor, &mut memory, args) {
            Err(CallError::Memory { operand, error }) => (operand, error.fault),
            other => panic!("{args:x?}: expected a memory error, got {other:?}"),
        }
    };
    let invalid = [0xffu8; 128]; // coordinates above p
    for (coprocessor, len) in [(&Add as &dyn Coprocessor, 128), (&Mul, 96)] {
        assert_eq!(
            fault(coprocessor, [0, OUTPUT, 0, 0], &[]),
            ("input", Unmapped)
        );
        assert_eq!(
            fault(coprocessor, [MEM_END - len + 1, OUTPUT, 0, 0], &[]),
            ("input", Unmapped)
        );
        assert_eq!(
            fault(coprocessor, [u32::MAX, OUTPUT, 0, 0], &[]),
            ("input", Unmapped)
        );
        // A bad output is a bad call whether the input is valid or not.
        for input in [&[0u8; 128], &invalid] {
            assert_eq!(
                fault(coprocessor, [INPUT, 0, 0, 0], input),
                ("output", Unmapped)
            );
            assert_eq!(
                fault(coprocessor, [INPUT, MEM_END - 63, 0, 0], input),
                ("output", Unmapped)
            );
            assert_eq!(
                fault(coprocessor, [INPUT, CODE + 0xfc0, 0, 0], input),
                ("output", WriteToCode)
            );
        }
    }
    assert_eq!(fault(&Pairing, [0, 192, 0, 0], &[]), ("input", Unmapped));
    assert_eq!(
        fault(&Pairing, [MEM_END - 191, 192, 0, 0], &[]),
        ("input", Unmapped)
    );
    assert_eq!(
        fault(&Pairing, [MEM_END - 384, 576, 0, 0], &[]),
        ("input", Unmapped)
    );
    assert_eq!(
        fault(&Pairing, [u32::MAX - 10, 192, 0, 0], &[]),
        ("input", Unmapped)
    );
    let mut memory = Memory::new(CODE, 0x1000);
    for len in [MAX_TRANSFER + 192, u32::MAX] {
        let err = execute(&Pairing, &mut memory, [INPUT, len, 0, 0]).unwrap_err();
        assert!(
            matches!(
                err,
                CallError::Invalid {
                    operand: "input",
                    ..
                }
            ),
            "{err}"
        );
    }
    // An empty input may be anywhere.
    let results = execute(&Pairing, &mut memory, [0, 0, 0, 0]).unwrap();
    assert_eq!(results, [Some(OK), Some(1)]);
}
