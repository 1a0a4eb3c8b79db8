//! End to end: compiled Rust guests (the bundled examples) proven and verified, with the
//! statement checked against a host-side computation and wrong statements rejected.

use std::path::{Path, PathBuf};

use gluecp_prover::execute::ExecuteError;
use gluecp_prover::machine::{Expected, Phase, ProgramProveError, prove_program, verify_program};
use gluecp_prover::{ProofParams, VerifierPolicy};
use gluecp_vm::{Program, Registry};
use sha3::{Digest, Keccak256};

fn example(name: &str) -> Program {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    let elf = gluecp_build::build_guest(&dir).unwrap_or_else(|e| panic!("building {name}: {e}"));
    Program::from_elf(&std::fs::read(elf).expect("reading the ELF")).expect("a valid program")
}

/// Proves `program` on `input`, checks the journal is `journal`, verifies, and checks that the
/// same proof is rejected for another journal, input or exit code. Returns the proof's tables.
fn prove_and_check(program: &Program, input: &[u8], journal: &[u8]) -> Vec<String> {
    let registry = gluecp_coprocessors::builtins();
    let (envelope, stats) = prove_program(
        program,
        &registry,
        input,
        &ProofParams::default(),
        &mut |_| {},
    )
    .expect("proves");
    assert_eq!(envelope.journal, journal, "journal");
    assert!(stats.cycles > 0);
    let policy = VerifierPolicy::default();
    let expected = Expected {
        journal: Some(journal.to_vec()),
        input: Some(input.to_vec()),
        exit_code: Some(0),
    };
    verify_program(program, &envelope, &expected, &policy).expect("verifies");
    // Round trip through bytes.
    let bytes = envelope.to_bytes().expect("encodes");
    let decoded = gluecp_prover::ProofEnvelope::from_bytes(&bytes).expect("decodes");
    verify_program(program, &decoded, &expected, &policy).expect("decoded proof verifies");

    let mut other_journal = journal.to_vec();
    other_journal[0] ^= 1;
    for (what, wrong) in [
        (
            "another journal",
            Expected {
                journal: Some(other_journal),
                ..expected.clone()
            },
        ),
        (
            "another input",
            Expected {
                input: Some([input, &[0]].concat()),
                ..expected.clone()
            },
        ),
        (
            "another exit code",
            Expected {
                exit_code: Some(1),
                ..expected.clone()
            },
        ),
    ] {
        assert!(
            verify_program(program, &envelope, &wrong, &policy).is_err(),
            "{what} accepted"
        );
    }
    stats.tables.into_iter().map(|(name, ..)| name).collect()
}

#[test]
fn fibonacci_proves_and_verifies() {
    let program = example("fibonacci");
    let n = 300u32;
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    prove_and_check(&program, &n.to_le_bytes(), &a.to_le_bytes());
}

/// The Keccak-f chip: a message of several blocks and a partial one.
#[test]
fn keccak_proves_and_verifies() {
    let program = example("keccak");
    let message: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
    let digest = Keccak256::digest(&message);
    prove_and_check(&program, &message, &digest);
}

/// A proof of one program is not a proof of another.
#[test]
fn a_proof_for_another_program_is_rejected() {
    let fibonacci = example("fibonacci");
    let keccak = example("keccak");
    let input = 5u32.to_le_bytes();
    let (envelope, _) = prove_program(
        &fibonacci,
        &Registry::new(),
        &input,
        &ProofParams::default(),
        &mut |_| {},
    )
    .expect("proves");
    let result = verify_program(
        &keccak,
        &envelope,
        &Expected::default(),
        &VerifierPolicy::default(),
    );
    assert!(result.is_err(), "proof of fibonacci accepted for keccak");
}

/// Calls no chip serves (BN254) get a clear error naming the call, not a bad proof.
#[test]
fn unsupported_coprocessors_are_refused() {
    use gluecp_abi::codec::Encode;
    let program = coprocessor_guest();
    let mut input = ("bn254_ops", false).to_bytes();
    // G1 addition of the point at infinity to itself.
    input.extend(vec![(0u8, vec![0u8; 128])].to_bytes());
    let result = prove_program(
        &program,
        &gluecp_coprocessors::builtins(),
        &input,
        &ProofParams::default(),
        &mut |_| {},
    );
    match result {
        Err(ProgramProveError::Execute(error @ ExecuteError::Unsupported { .. })) => {
            assert!(error.to_string().contains("bn254"), "{error}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
}

/// The batch-verification showcase (32 transfers: 17 secp256k1 recoveries, 15 ed25519
/// verifications through their chips, Keccak and Poseidon2 Merkle proofs) proves, and its
/// journal is the host's replay.
#[test]
fn batch_verify_proves_and_verifies() {
    let showcase = gluecp_showcase::batch::SHOWCASE;
    let program = example("batch-verify");
    let input = (showcase.input)();
    let registry = gluecp_coprocessors::builtins();
    let mut vm = gluecp_vm::Vm::with_coprocessors(&program, &registry);
    vm.set_input(input.clone());
    vm.run().expect("runs");
    let journal = vm.journal().to_vec();
    (showcase.check)(&input, &journal).expect("the host agrees with the journal");
    prove_and_check(&program, &input, &journal);
}

/// The ENS showcase (RLP decoding, Keccak-256, a Merkle-Patricia proof and `ecrecover` of the
/// transaction's signer through the secp256k1 chips) proves, and its journal is the host's
/// stateless re-execution.
#[test]
fn ens_proves_and_verifies() {
    let showcase = gluecp_showcase::ens::SHOWCASE;
    let program = example("ens");
    let input = (showcase.input)();
    let registry = gluecp_coprocessors::builtins();
    let mut vm = gluecp_vm::Vm::with_coprocessors(&program, &registry);
    vm.set_input(input.clone());
    vm.run().expect("runs");
    let journal = vm.journal().to_vec();
    gluecp_showcase::ens::check(&input, &journal).expect("the host agrees with the journal");
    prove_and_check(&program, &input, &journal);
}

/// Progress reports every phase in order. The stage boundaries come from Plonky3's span names
/// (see `gluecp_prover::progress`): if an upgrade renames them, this fails instead of the
/// progress display silently skipping a stage.
#[test]
fn progress_reports_every_phase() {
    let program = example("fibonacci");
    let mut seen = Vec::new();
    prove_program(
        &program,
        &Registry::new(),
        &3u32.to_le_bytes(),
        &ProofParams::default(),
        &mut |phase| seen.push(phase),
    )
    .expect("proves");
    assert_eq!(
        seen,
        [
            Phase::Execute,
            Phase::Trace,
            Phase::Commit,
            Phase::Quotient,
            Phase::Fri
        ]
    );
}

/// The coprocessor test guest (`crates/coprocessors/guest`): every SDK entry point.
fn coprocessor_guest() -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../coprocessors/guest");
    let elf = gluecp_build::build_guests(&dir)
        .expect("the guest builds")
        .remove("coprocessor-guest")
        .expect("a coprocessor-guest binary");
    Program::from_elf(&std::fs::read(elf).expect("reading the ELF")).expect("a valid program")
}

/// Keccak-256 one-shot and incremental from unaligned addresses (the SDK absorbs the blocks
/// where they lie: `keccak-absorb-unaligned` serves those calls), and the same hash in plain
/// RISC-V (the twin: loads, stores, shifts and bitwise ops by the thousand).
#[test]
fn keccak_from_unaligned_data_and_the_plain_twin_prove() {
    use gluecp_abi::codec::Encode;
    let program = coprocessor_guest();
    let message: Vec<u8> = (0..300u32).map(|i| (i * 31 + 5) as u8).collect();
    let digest = Keccak256::digest(&message).to_vec();
    for offset in [1u32, 3] {
        let mut input = ("keccak_hash", false).to_bytes();
        input.extend((message.clone(), offset, 7u32).to_bytes());
        let tables = prove_and_check(&program, &input, &digest.repeat(3));
        for table in ["keccak-absorb-unaligned", "keccak-absorb-word"] {
            assert!(
                tables.iter().any(|t| t == table),
                "no {table} in {tables:?}"
            );
        }
    }
    let mut input = ("keccak256", true).to_bytes();
    input.extend(&message[..100]);
    prove_and_check(&program, &input, &Keccak256::digest(&message[..100]));
}

/// A run longer than one proof holds gets a clear error before any proving.
#[test]
fn a_run_too_long_for_one_proof_is_refused() {
    let program = example("fibonacci");
    // About 10 cycles per step: well past 2^22 cycles.
    let result = prove_program(
        &program,
        &Registry::new(),
        &500_000u32.to_le_bytes(),
        &ProofParams::default(),
        &mut |_| {},
    );
    match result {
        Err(ProgramProveError::Execute(e @ ExecuteError::TooLong)) => {
            assert!(e.to_string().contains("cycles"), "{e}");
        }
        other => panic!("expected TooLong, got {:?}", other.map(|_| ())),
    }
}

/// Int8 matrix products through the `matmul` chip: operands at odd addresses sharing a word
/// (the `matmul` entry reads A and B straight from the input buffer), extreme values, and
/// degenerate shapes (a row, a column, `k = 1`), checked against a host product.
#[test]
fn matrix_products_prove_and_verify() {
    use gluecp_abi::codec::Encode;
    let program = coprocessor_guest();
    let product = |a: &[i8], b: &[i8], m: usize, k: usize, n: usize| -> Vec<i32> {
        (0..m * n)
            .map(|ij| {
                let (i, j) = (ij / n, ij % n);
                (0..k)
                    .map(|p| i32::from(a[i * k + p]) * i32::from(b[p * n + j]))
                    .sum()
            })
            .collect()
    };
    let (m, k, n) = (3usize, 5usize, 7usize);
    let a: Vec<i8> = (0..m * k).map(|i| (i as i32 * 77 - 128) as i8).collect();
    let mut b: Vec<i8> = (0..k * n).map(|i| (i as i32 * 53 + 9) as i8).collect();
    b[0] = -128;
    b[1] = 127;
    let mut input = ("matmul", false).to_bytes();
    for dim in [m, k, n] {
        input.extend((dim as u32).to_le_bytes());
    }
    input.extend(a.iter().chain(&b).map(|&x| x as u8));
    let c: Vec<u8> = product(&a, &b, m, k, n)
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    prove_and_check(&program, &input, &c);

    let shapes = [(1usize, 9usize, 1usize), (4, 1, 3), (2, 3, 1), (1, 2, 6)];
    type Case = (u32, u32, u32, Vec<i8>, Vec<i8>);
    let cases: Vec<Case> = shapes
        .iter()
        .map(|&(m, k, n)| {
            let a = (0..m * k).map(|i| (i * 91 + 3) as i8).collect();
            let b = (0..k * n).map(|i| (i * 37 + 200) as i8).collect();
            (m as u32, k as u32, n as u32, a, b)
        })
        .collect();
    let mut input = ("matmul_cases", false).to_bytes();
    input.extend(cases.to_bytes());
    let journal: Vec<u8> = cases
        .iter()
        .flat_map(|(m, k, n, a, b)| product(a, b, *m as usize, *k as usize, *n as usize).to_bytes())
        .collect();
    prove_and_check(&program, &input, &journal);
}

/// The transformer example on a short prompt: every matrix product on the `matmul` chip,
/// the weights' Keccak-256 on the `keccak` chip, the rest in the glue.
#[test]
fn transformer_proves_and_verifies() {
    use gluecp_showcase::transformer::{DEMO_SEED, Outcome, encode_input, weights};
    let program = example("transformer");
    let tokens = [71u16, 108];
    let weights = weights::generate(DEMO_SEED);
    let input = encode_input(&tokens, &weights);
    let journal = Outcome::compute(&tokens, &weights)
        .expect("a valid prompt")
        .to_journal();
    prove_and_check(&program, &input, &journal);
}

/// Poseidon2 permutations through the `poseidon2` chip: one permutation of a state with the
/// extreme canonical values, and a sponge hash of 40 elements (several permutations), whose
/// digest must equal the guest's plain-RISC-V reference implementation's.
#[test]
fn poseidon2_permutations_prove_and_verify() {
    use gluecp_abi::codec::Encode;
    use p3_field::{PrimeCharacteristicRing, PrimeField32};
    use p3_koala_bear::KoalaBear;
    use p3_symmetric::Permutation;
    let program = coprocessor_guest();
    let registry = gluecp_coprocessors::builtins();
    let p = KoalaBear::ORDER_U32;
    let mut state: [u32; 16] = core::array::from_fn(|i| (i as u32).wrapping_mul(0x0123_4567) % p);
    state[0] = p - 1;
    state[1] = 0x7f00_0000;
    state[2] = 0;
    let mut permuted = state.map(KoalaBear::from_u32);
    p3_koala_bear::default_koalabear_poseidon2_16().permute_mut(&mut permuted);
    let mut input = ("poseidon2_permute", false).to_bytes();
    input.extend(state.to_bytes());
    let journal = (true, permuted.map(|x| x.as_canonical_u32())).to_bytes();
    prove_and_check(&program, &input, &journal);

    let elements: Vec<u32> = (0..40u32)
        .map(|i| i.wrapping_mul(0x9e37_79b9) % p)
        .collect();
    let run = |plain: bool| {
        let mut input = ("poseidon2_hash", plain).to_bytes();
        input.extend(elements.to_bytes());
        let mut vm = gluecp_vm::Vm::with_coprocessors(&program, &registry);
        vm.set_input(input.clone());
        vm.run().expect("runs");
        (input, vm.journal().to_vec())
    };
    let (_, reference) = run(true);
    let (input, journal) = run(false);
    assert_eq!(journal, reference, "the SDK hash and the reference differ");
    prove_and_check(&program, &input, &journal);
}

/// Calls the VM runs but the chips do not prove yet get a clear error, not a bad proof: a
/// Poseidon2 state with an element not below p (status INVALID), a matrix product with a
/// dimension above 2^11.
#[test]
fn calls_outside_the_chips_domain_are_refused() {
    use gluecp_abi::codec::Encode;
    let program = coprocessor_guest();
    let mut state = [0u32; 16];
    state[4] = 0x7f00_0001;
    let mut poseidon = ("poseidon2_permute", false).to_bytes();
    poseidon.extend(state.to_bytes());
    let (m, k, n) = (1u32, 2049u32, 1u32);
    let mut matmul = ("matmul", false).to_bytes();
    for dim in [m, k, n] {
        matmul.extend(dim.to_le_bytes());
    }
    matmul.extend(vec![1u8; (m * k + k * n) as usize]);
    for (input, expected) in [(poseidon, "Poseidon2"), (matmul, "matrix product")] {
        let result = prove_program(
            &program,
            &gluecp_coprocessors::builtins(),
            &input,
            &ProofParams::default(),
            &mut |_| {},
        );
        match result {
            Err(ProgramProveError::Execute(error @ ExecuteError::Unsupported { .. })) => {
                assert!(error.to_string().contains(expected), "{error}");
            }
            other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
        }
    }
}

/// SHA-256 through the `sha256` chip: a message hashed one-shot from an odd offset (blocks
/// read at any alignment), incrementally, and by the plain-RISC-V `sha2` twin in the same run
/// (three digests that must all be the host's).
#[test]
fn sha256_hashes_prove_and_verify() {
    use gluecp_abi::codec::Encode;
    use sha2::Digest;
    let program = coprocessor_guest();
    let message: Vec<u8> = (0..300u32).map(|i| (i * 7 + 1) as u8).collect();
    let digest = sha2::Sha256::digest(&message).to_vec();
    let mut input = ("sha256_hash", false).to_bytes();
    input.extend((message, 3u32, 100u32).to_bytes());
    prove_and_check(&program, &input, &digest.repeat(3));
}

/// 256-bit modular arithmetic through the `modmul` chip: the SDK's `mulmod`, `reduce`,
/// `addmod`, `submod`, `powmod` (a loop of products) and `invmod_prime` on secp256k1's field
/// prime and on random moduli, `m = 0` (status INVALID) and `m = 1`; then raw calls whose
/// output aliases each input in turn. The journal is the VM's, whose `MODMUL256` is
/// `crypto-bigint`'s; the coprocessor's own tests check it against `num-bigint`.
#[test]
fn modular_multiplications_prove_and_verify() {
    use gluecp_abi::codec::Encode;
    let program = coprocessor_guest();
    let registry = gluecp_coprocessors::builtins();
    let mut rng = gluecp_prover::testing::XorShift(0x6d6f_646d_756c);
    let mut random = || -> [u32; 8] { core::array::from_fn(|_| rng.next_u32()) };
    let mut p = [u32::MAX; 8];
    p[0] = 0xffff_fc2f;
    p[1] = 0xffff_fffe;
    let mut one = [0u32; 8];
    one[0] = 1;
    let cases = vec![
        (random(), random(), p),
        (random(), random(), random()),
        (random(), random(), [0; 8]),
        (random(), random(), one),
        ([u32::MAX; 8], [u32::MAX; 8], [u32::MAX; 8]),
    ];
    let run = |input: &[u8]| {
        let mut vm = gluecp_vm::Vm::with_coprocessors(&program, &registry);
        vm.set_input(input.to_vec());
        vm.run().expect("runs");
        vm.journal().to_vec()
    };
    let mut input = ("modmul_ops", false).to_bytes();
    input.extend(cases.to_bytes());
    let journal = run(&input);
    prove_and_check(&program, &input, &journal);

    let mut input = ("modmul_alias", false).to_bytes();
    input.extend([random(), random(), p].to_bytes());
    let journal = run(&input);
    prove_and_check(&program, &input, &journal);
}

/// secp256k1 recoveries through the `secp256k1-recover` and `secp256k1-mul` chips, one per
/// recovery id (ids 2 and 3 take `R.x = r + n`), each key checked against the chips' own
/// arithmetic and the VM's (`k256`); a recovery that returns INVALID is refused with a clear
/// error.
#[test]
fn secp256k1_recoveries_prove_and_verify() {
    use gluecp_abi::codec::Encode;
    use gluecp_prover::chips::secp256k1::curve::CURVE;
    use gluecp_prover::chips::secp256k1::recover::witness;
    use num_bigint::BigUint;
    let c = &*CURVE;
    let p = &c.p.value;
    let program = coprocessor_guest();
    let registry = gluecp_coprocessors::builtins();
    let be32 = |v: &BigUint| -> [u8; 32] {
        let b = v.to_bytes_be();
        let mut out = [0u8; 32];
        out[32 - b.len()..].copy_from_slice(&b);
        out
    };
    let valid_r = |mut r: BigUint, high: bool| loop {
        let x = if high { &r + &c.n.value } else { r.clone() };
        let rhs = (&x * &x * &x + 7u32) % p;
        if rhs
            .modpow(&((p + 1u32) >> 2), p)
            .modpow(&BigUint::from(2u32), p)
            == rhs
        {
            return r;
        }
        r += 1u32;
    };
    let hash = be32(&BigUint::from_bytes_be(b"a 32-byte message hash to sign.."));
    for v in 0u8..4 {
        let r = if v >= 2 {
            valid_r(BigUint::from(77u32), true)
        } else {
            valid_r(
                BigUint::from_bytes_be(b"some r, below the group order n"),
                false,
            )
        };
        let s = BigUint::from_bytes_be(b"and an s, also below the order.");
        let sig: [u8; 64] = [be32(&r), be32(&s)].concat().try_into().unwrap();
        let q = witness(&hash, &sig, u32::from(v))
            .expect("a valid recovery")
            .q;
        let key: [u8; 64] = [be32(&q.x), be32(&q.y)].concat().try_into().unwrap();
        let mut input = ("secp256k1_recover", false).to_bytes();
        input.extend((hash, sig, v).to_bytes());
        let mut vm = gluecp_vm::Vm::with_coprocessors(&program, &registry);
        vm.set_input(input.clone());
        vm.run().expect("runs");
        assert_eq!(
            vm.journal(),
            Some(key).to_bytes(),
            "k256 and the chips agree"
        );
        prove_and_check(&program, &input, &Some(key).to_bytes());
    }

    // r = 0: the VM returns INVALID, which the chips do not prove.
    let mut input = ("secp256k1_recover", false).to_bytes();
    input.extend((hash, [0u8; 64], 0u8).to_bytes());
    match prove_program(
        &program,
        &registry,
        &input,
        &ProofParams::default(),
        &mut |_| {},
    ) {
        Err(ProgramProveError::Execute(error @ ExecuteError::Unsupported { .. })) => {
            assert!(error.to_string().contains("INVALID"), "{error}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
}

/// A secp256k1 verification through the `secp256k1-verify` and `secp256k1-mul` chips: a
/// signature made on the host verifies in the guest and proves; a wrong signature (the VM
/// returns INVALID) is refused with a clear error.
#[test]
fn secp256k1_verification_proves_and_verifies() {
    use gluecp_abi::codec::Encode;
    use gluecp_prover::chips::secp256k1::curve::CURVE;
    use num_bigint::BigUint;
    let c = &*CURVE;
    let n = &c.n.value;
    let program = coprocessor_guest();
    let registry = gluecp_coprocessors::builtins();
    let be32 = |v: &BigUint| -> [u8; 32] {
        let b = v.to_bytes_be();
        let mut out = [0u8; 32];
        out[32 - b.len()..].copy_from_slice(&b);
        out
    };
    let z = BigUint::from_bytes_be(b"the hash of a message to verify.");
    let d = BigUint::from_bytes_be(b"a private key, below the order n");
    let k = BigUint::from_bytes_be(b"a nonce that nobody should reuse");
    let r = c.mul(&k, &c.g).unwrap().x % n;
    let s = k.modpow(&(n - 2u32), n) * (&z + &r * &d) % n;
    let key = c.mul(&d, &c.g).unwrap();
    let signature: [u8; 64] = [be32(&r), be32(&s)].concat().try_into().unwrap();
    let public: [u8; 64] = [be32(&key.x), be32(&key.y)].concat().try_into().unwrap();
    let mut input = ("secp256k1_verify", false).to_bytes();
    input.extend((be32(&z), signature, public).to_bytes());
    prove_and_check(&program, &input, &0u32.to_bytes());

    let mut wrong = signature;
    wrong[63] ^= 1;
    let mut input = ("secp256k1_verify", false).to_bytes();
    input.extend((be32(&z), wrong, public).to_bytes());
    match prove_program(
        &program,
        &registry,
        &input,
        &ProofParams::default(),
        &mut |_| {},
    ) {
        Err(ProgramProveError::Execute(error @ ExecuteError::Unsupported { .. })) => {
            assert!(error.to_string().contains("does not return OK"), "{error}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
}
