//! The ENS showcase: the guest's journal is the host's re-execution for the demo and for
//! updates of every shape (first record, longer, shorter, cleared), and the guest refuses a
//! signature that is not the owner's, a proof that does not match the root, a replayed
//! nonce, a high `s` and a name that is not normalized, with exit code 101 and a message.

use std::path::Path;
use std::sync::OnceLock;

use gluecp_showcase::ens::registry::Registry;
use gluecp_showcase::ens::tree::PROOF_LEN;
use gluecp_showcase::ens::{self, Journal, SHOWCASE};
use gluecp_vm::{Program, Vm};

/// `gluecp_guest::PANIC_EXIT_CODE`.
const PANIC_EXIT_CODE: u32 = 101;

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let guest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ens");
        let elf = gluecp_build::build_guest(&guest).expect("guest builds");
        Program::from_elf(&std::fs::read(elf).unwrap()).expect("guest loads")
    })
}

/// A small registry for the tests that are not the demo (quicker to generate).
fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| Registry::generate(7, 40))
}

/// Run the guest: exit code, journal, stderr.
fn run(input: &[u8]) -> (u32, Vec<u8>, String) {
    let coprocessors = gluecp_coprocessors::builtins();
    let mut vm = Vm::with_coprocessors(program(), &coprocessors);
    vm.set_input(input.to_vec());
    let exit = vm.run().expect("the guest halts");
    let stderr = String::from_utf8_lossy(vm.stderr()).into_owned();
    (exit.code, vm.journal().to_vec(), stderr)
}

/// Run `input`, expect a rejection whose message contains `message`.
fn assert_rejected(input: &[u8], message: &str) {
    let (code, journal, stderr) = run(input);
    assert_eq!(code, PANIC_EXIT_CODE, "stderr: {stderr}");
    assert!(journal.is_empty());
    assert!(
        stderr.contains(message),
        "expected {message:?} in {stderr:?}"
    );
}

#[test]
fn demo_journal_is_the_hosts() {
    let input = (SHOWCASE.input)();
    let (code, journal, stderr) = run(&input);
    assert_eq!(code, 0, "stderr: {stderr}");
    let summary = (SHOWCASE.check)(&input, &journal).expect("check passes");
    assert!(summary.contains(".eth"), "{summary}");
    let (registry, witness) = ens::demo();
    assert_eq!(witness.input, input);
    let expected = witness.outcome.expect("the demo transaction is valid");
    assert_eq!(journal, expected.to_bytes());
    assert_eq!(expected.old_root, registry.tree.root());
    assert_ne!(expected.new_root, expected.old_root);
    // A journal off by one bit fails the check.
    let mut wrong = journal.clone();
    wrong[40] ^= 1;
    assert!((SHOWCASE.check)(&input, &wrong).is_err());
}

#[test]
fn updates_of_every_shape_match_the_host() {
    let registry = registry();
    let with_hash = registry
        .records
        .iter()
        .position(|r| r.contenthash.len() > 32);
    let without = registry
        .records
        .iter()
        .position(|r| r.contenthash.is_empty());
    let subdomain = registry
        .records
        .iter()
        .position(|r| r.name.matches('.').count() > 1);
    let (with_hash, without) = (with_hash.unwrap(), without.unwrap());
    let long: Vec<u8> = (0..64).collect();
    let cases: [(usize, &[u8]); 5] = [
        (with_hash, &long),       // two full data slots
        (without, &long[..38]),   // a first record
        (with_hash, &[]),         // cleared: header and data slots zeroed
        (with_hash, &long[..20]), // short form, inline in the header slot
        (subdomain.unwrap_or(0), &long[..33]),
    ];
    for (record, contenthash) in cases {
        let tx = registry.transaction(record, contenthash);
        let witness = registry.witness(&registry.sign(&tx, record));
        let expected = witness.outcome.expect("valid update");
        let (code, journal, stderr) = run(&witness.input);
        assert_eq!(code, 0, "{}: {stderr}", tx.name);
        assert_eq!(Journal::from_bytes(&journal), Some(expected), "{}", tx.name);
        assert!((SHOWCASE.check)(&witness.input, &journal).is_ok());
    }
}

#[test]
fn a_signature_that_is_not_the_owners_is_rejected() {
    let registry = registry();
    let record = 3;
    let tx = registry.transaction(record, &[7; 38]);
    // Signed by another owner.
    let stranger = (registry.records[record].owner + 1) % registry.owners.len();
    let raw = tx.sign(&registry.resolver, &registry.owners[stranger]);
    let witness = registry.witness(&raw);
    assert!(witness.outcome.is_err());
    assert_rejected(&witness.input, "signature is not the owner's");
    // The owner's signature with a corrupted s (its last byte, the raw transaction's).
    let mut raw = registry.sign(&tx, record);
    *raw.last_mut().unwrap() ^= 1;
    let witness = registry.witness(&raw);
    assert!(witness.outcome.is_err());
    assert_rejected(&witness.input, "signature is not the owner's");
}

#[test]
fn a_proof_that_does_not_match_the_root_is_rejected() {
    let registry = registry();
    let tx = registry.transaction(5, &[9; 40]);
    let raw = registry.sign(&tx, 5);
    let witness = registry.witness(&raw);
    assert!(witness.outcome.is_ok());
    // The proofs follow the resolver, the root and the raw transaction's length and bytes.
    let proofs = 20 + 32 + 4 + raw.len();
    // A sibling of the owner's proof (the first), then one of the last data slot's.
    for offset in [proofs + 32 + 5 * 32 + 7, witness.input.len() - 1] {
        let mut input = witness.input.clone();
        input[offset] ^= 0x10;
        assert_rejected(&input, "Merkle proof does not match the root");
        assert!((SHOWCASE.check)(&input, &[]).is_err());
    }
}

#[test]
fn a_wrong_nonce_a_high_s_and_a_bad_name_are_rejected() {
    let registry = registry();
    let record = 8;
    let mut tx = registry.transaction(record, &[1; 32]);
    tx.nonce += 1;
    let witness = registry.witness(&registry.sign(&tx, record));
    assert!(witness.outcome.is_err());
    assert_rejected(&witness.input, "wrong nonce");

    // The same signature with s' = n - s and v flipped recovers the same signer; EIP-2
    // forbids it.
    tx.nonce -= 1;
    let signed = ens::tx::Signed::decode(&registry.sign(&tx, record)).unwrap();
    let n = hex32("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    let high_s = sub(&n, &signed.s);
    let raw = tx.with_signature(55 - signed.v, &signed.r, &high_s);
    assert_rejected(&registry.witness(&raw).input, "EIP-2");

    tx.name = tx.name.to_uppercase();
    let witness = registry.witness(&registry.sign(&tx, record));
    assert!(witness.outcome.is_err());
    assert_rejected(&witness.input, "is not a normalized ENS name");
}

#[test]
fn a_malformed_transaction_is_rejected() {
    let registry = registry();
    let raw = registry.sign(&registry.transaction(2, &[3; 36]), 2);
    // The chain id 1 (the byte 0x01) padded to the non-canonical string 0x81 0x01.
    assert_eq!(&raw[..3], &[0xf8, raw[1], 0x01]);
    let padded = [&[0xf8, raw[1] + 1, 0x81][..], &raw[2..]].concat();
    let witness = registry.witness(&padded);
    assert!(witness.outcome.is_err());
    assert_rejected(&witness.input, "malformed transaction");
    assert_rejected(&witness.input, "shortest encoding");
    let witness = registry.witness(&raw[..raw.len() - 1]);
    assert_rejected(&witness.input, "malformed transaction");
}

#[test]
fn input_left_over_is_rejected() {
    let mut input = (SHOWCASE.input)();
    input.extend([0; PROOF_LEN]);
    assert_rejected(&input, "1 Merkle proofs left unused");
    assert!((SHOWCASE.check)(&input, &[]).is_err());
    input.truncate(input.len() - 1);
    assert_rejected(&input, "the input ends inside a Merkle proof");
}

fn hex32(digits: &str) -> [u8; 32] {
    std::array::from_fn(|i| u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).unwrap())
}

/// `a - b` for big-endian words, `a >= b`.
fn sub(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = d.rem_euclid(256) as u8;
    }
    out
}
