//! The BN254 coprocessor from a guest: the SDK (`gluecp_guest::bn254`) and the plain twin
//! agree with the host's precompiles on Ethereum's vectors and invalid inputs, and bad
//! calls stop the guest with a bad-call error, never a host panic.

use super::common::*;
use gluecp_abi::codec::Encode;
use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::ecall::coprocessor::{BN254_ADD, BN254_MUL, BN254_PAIRING, INVALID, OK};
use gluecp_abi::memory::MEM_END;
use gluecp_coprocessors::bn254::{WORKLOAD, precompile};
use gluecp_vm::VmError;

fn hex(text: &str) -> Vec<u8> {
    let text = text.strip_prefix('-').unwrap_or(text);
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A `bn254_ops` operation `(op, input)` and its expected result.
type Case = ((u8, Vec<u8>), Option<Vec<u8>>);

#[path = "../../src/bn254/known_answers.rs"]
mod known_answers;

/// The known answers as `bn254_ops` operations, with the expected results.
fn known_ops() -> Vec<Case> {
    known_answers::cases()
        .into_iter()
        .map(|(kind, _, input, expected)| {
            let op = match kind {
                "add" => 0,
                "mul" => 1,
                _ => 2,
            };
            ((op, hex(&input)), Some(hex(&expected)))
        })
        .collect()
}

/// Inputs every precompile refuses, with `None` expected.
fn invalid_ops() -> Vec<Case> {
    let mut generator = [0u8; 64];
    (generator[31], generator[63]) = (1, 2);
    let off_curve = [&generator[..63], &[3]].concat();
    let above_p = [0xff; 64];
    let ops = [
        (0, [&off_curve[..], &generator].concat()),
        (0, [&generator[..], &above_p].concat()),
        (1, [&off_curve[..], &[7; 32]].concat()),
        (2, vec![0; 191]),
        (2, [&off_curve[..], &[0; 128]].concat()),
        (2, [&generator[..], &[0xff; 128]].concat()),
    ];
    ops.into_iter().map(|op| (op, None)).collect()
}

fn check_ops(plain: bool, cases: &[Case]) {
    let ops: Vec<(u8, Vec<u8>)> = cases.iter().map(|(op, _)| op.clone()).collect();
    let (_, journal) = run("bn254_ops", plain, &ops.to_bytes()).unwrap();
    let mut want = Vec::new();
    for ((op, input), expected) in cases {
        let host = match op {
            0 => precompile::add(input[..].try_into().unwrap())
                .ok()
                .map(Vec::from),
            1 => precompile::mul(input[..].try_into().unwrap())
                .ok()
                .map(Vec::from),
            _ => precompile::pairing(input)
                .ok()
                .map(|one| vec![u8::from(one)]),
        };
        assert_eq!(&host, expected, "host precompile, op {op}");
        host.encode(&mut want);
    }
    assert_eq!(journal, want, "plain {plain}");
}

#[test]
fn sdk_matches_known_answers_and_refuses_invalid_input() {
    let mut cases = known_ops();
    cases.extend(invalid_ops());
    check_ops(false, &cases);
}

#[test]
fn plain_twin_matches_on_cheap_cases() {
    // A few of each kind that stay cheap in RV32IM under a debug-built VM: additions,
    // small scalars, pairings of points at infinity, and every invalid input.
    let mut cases: Vec<_> = known_ops()
        .into_iter()
        .filter(|((op, input), _)| match op {
            0 => true,
            1 => input[64..94].iter().all(|&b| b == 0),
            _ => input.iter().all(|&b| b == 0),
        })
        .collect();
    cases.extend(invalid_ops());
    assert!(cases.len() > 15, "{} cases", cases.len());
    check_ops(true, &cases);
}

#[test]
fn workload_matches_native() {
    let input = (WORKLOAD.input)();
    let native = (WORKLOAD.native)(&input);
    assert_eq!(native, [1, 1, 0, 1, 1, 0, 1, 1, 0, 1]);
    assert_eq!(run(WORKLOAD.name, false, &input).unwrap().1, native);
    // The plain twin on one real check and on ones that are quick: at infinity, invalid.
    let cheap = [&input[..384], &[0; 384], &[0xff; 384], &[0; 100]].concat();
    assert_eq!(run(WORKLOAD.name, true, &cheap).unwrap().1, [1, 1, 2, 2]);
    assert_eq!(run(WORKLOAD.name, false, &cheap).unwrap().1, [1, 1, 2, 2]);
}

/// A raw call; its result registers, or the error.
fn raw(number: u32, args: [u32; 4]) -> Result<[u32; 2], VmError> {
    let (_, journal) = run("raw_ecall", false, &(number, args).to_bytes())?;
    Ok(<[u32; 2] as gluecp_abi::codec::Decode>::from_bytes(&journal).unwrap())
}

#[track_caller]
fn assert_bad_call(number: u32, args: [u32; 4]) {
    match raw(number, args) {
        Err(VmError::BadEcall { call, .. }) => assert!(call.starts_with("bn254_"), "{call}"),
        other => panic!("{args:x?}: expected a bad bn254 call, got {other:?}"),
    }
}

#[test]
fn bad_calls_stop_the_guest() {
    // Somewhere in the middle of memory, unused by this guest: zeros, points at infinity.
    let free = 0x1000_0000;
    let code = program().entry() & !3;
    for number in [BN254_ADD, BN254_MUL] {
        assert_eq!(raw(number, [free, free + 0x101, 0, 0]).unwrap()[0], OK);
        assert_bad_call(number, [0, free, 0, 0]); // null input
        assert_bad_call(number, [MEM_END - 64, free, 0, 0]); // input runs past the end
        assert_bad_call(number, [u32::MAX - 3, free, 0, 0]); // input wraps around
        assert_bad_call(number, [free, 0, 0, 0]); // null output
        assert_bad_call(number, [free, MEM_END - 32, 0, 0]); // output runs past the end
        assert_bad_call(number, [free, code, 0, 0]); // output in code
        assert_bad_call(number, [code, code, 0, 0]); // output in code, invalid input
    }
    assert_eq!(raw(BN254_PAIRING, [free, 192, 0, 0]).unwrap(), [OK, 1]);
    assert_eq!(raw(BN254_PAIRING, [0, 0, 0, 0]).unwrap(), [OK, 1]); // empty anywhere
    assert_eq!(raw(BN254_PAIRING, [free, 191, 0, 0]).unwrap(), [INVALID, 0]);
    assert_bad_call(BN254_PAIRING, [0, 192, 0, 0]); // null input
    assert_bad_call(BN254_PAIRING, [MEM_END - 192, 384, 0, 0]); // runs past the end
    assert_bad_call(BN254_PAIRING, [u32::MAX - 100, 192, 0, 0]); // wraps around
    assert_bad_call(BN254_PAIRING, [free, MAX_TRANSFER + 192, 0, 0]); // too long
    assert_bad_call(BN254_PAIRING, [free, u32::MAX, 0, 0]); // length overflows
}
