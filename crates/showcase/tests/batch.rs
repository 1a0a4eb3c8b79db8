//! The batch-verification guest against the host's own verification: journals of valid
//! batches, and rejections — bad signatures, wrong Merkle proofs, broken business rules,
//! malformed inputs — with exit code 1 and the same reason the host finds.

use gluecp_showcase::batch::{
    self, Batch, DEMO, Params, REJECTED_EXIT_CODE, REJECTED_PREFIX, Rollup, SHOWCASE, Scheme,
    Signature, Transfer, generate, replay,
};
use gluecp_vm::{Program, Vm};
use std::path::Path;
use std::sync::OnceLock;

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let elf = gluecp_build::build_guest(&root.join(SHOWCASE.guest_dir)).expect("guest builds");
        Program::from_elf(&std::fs::read(elf).unwrap()).expect("guest loads")
    })
}

struct Outcome {
    code: u32,
    journal: Vec<u8>,
    stderr: String,
}

fn run(input: &[u8]) -> Outcome {
    let coprocessors = gluecp_coprocessors::builtins();
    let mut vm = Vm::with_coprocessors(program(), &coprocessors);
    vm.set_input(input.to_vec());
    let exit = vm.run().expect("the guest halts");
    Outcome {
        code: exit.code,
        journal: vm.journal().to_vec(),
        stderr: String::from_utf8_lossy(vm.stderr()).into_owned(),
    }
}

/// A small batch: 6 transfers among 6 accounts in trees of depth 4.
const SMALL: Params = Params {
    seed: 11,
    chain_id: 1,
    depth: 4,
    accounts: 6,
    transfers: 6,
};

#[test]
fn demo_batch_is_verified() {
    let input = (SHOWCASE.input)();
    let outcome = run(&input);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let summary = (SHOWCASE.check)(&input, &outcome.journal).unwrap();
    assert!(summary.starts_with("32 transfers verified"), "{summary}");
    let journal = batch::Journal::from_bytes(&outcome.journal).unwrap();
    assert_ne!(journal.keccak_roots.0, journal.keccak_roots.1);
    assert_ne!(journal.poseidon2_roots.0, journal.poseidon2_roots.1);
    // Both schemes are exercised.
    let batch = Batch::decode(&input).unwrap();
    for scheme in [Scheme::Secp256k1, Scheme::Ed25519] {
        assert!(
            batch
                .transfers
                .iter()
                .any(|t| t.signature.scheme() == scheme)
        );
    }
}

#[test]
fn journals_match_the_host_on_other_batches() {
    let shapes = [
        SMALL,
        Params {
            seed: 5,
            chain_id: 9,
            depth: 1,
            accounts: 2,
            transfers: 3,
        },
        Params {
            seed: 6,
            chain_id: 2,
            depth: 32,
            accounts: 3,
            transfers: 4,
        },
        Params {
            seed: 7,
            chain_id: 3,
            depth: 8,
            accounts: 5,
            transfers: 0,
        },
    ];
    for params in shapes {
        let batch = generate(&params);
        let input = batch.encode();
        let outcome = run(&input);
        assert_eq!(outcome.code, 0, "{params:?}: {}", outcome.stderr);
        assert_eq!(
            outcome.journal,
            replay(&batch).unwrap().to_bytes(),
            "{params:?}"
        );
        assert!((SHOWCASE.check)(&input, &outcome.journal).is_ok());
    }
    // A wrong journal is caught.
    let input = generate(&SMALL).encode();
    let mut journal = run(&input).journal;
    journal[40] ^= 1;
    let error = (SHOWCASE.check)(&input, &journal).unwrap_err();
    assert!(error.contains("keccak roots"), "{error}");
}

/// The guest and the host both reject `batch`, for `reason`.
#[track_caller]
fn assert_rejected(batch: &Batch, reason: &str) {
    assert_eq!(replay(batch).unwrap_err(), reason, "host");
    assert_rejected_input(&batch.encode(), reason);
}

#[track_caller]
fn assert_rejected_input(input: &[u8], reason: &str) {
    let outcome = run(input);
    assert_eq!(
        outcome.code, REJECTED_EXIT_CODE,
        "stderr: {}",
        outcome.stderr
    );
    assert_eq!(outcome.stderr, format!("{REJECTED_PREFIX}{reason}\n"));
    assert!(outcome.journal.is_empty());
}

/// The index of the first transfer signed with `scheme`.
fn first(batch: &Batch, scheme: Scheme) -> usize {
    (batch.transfers.iter())
        .position(|t| t.signature.scheme() == scheme)
        .expect("the batch has a transfer of each scheme")
}

#[test]
fn bad_secp256k1_signature_is_rejected() {
    let mut batch = generate(&SMALL);
    let k = first(&batch, Scheme::Secp256k1);
    batch.transfers[k].signature.bytes_mut()[5] ^= 0x10;
    let reason =
        format!("transaction {k}: secp256k1 signature does not recover the sender's address");
    assert_rejected(&batch, &reason);

    // The same signature with s replaced by n - s recovers the same key with the other
    // recovery id, but Ethereum's low-s rule refuses it.
    let mut batch = generate(&SMALL);
    let Signature::Secp256k1 {
        signature,
        recovery_id,
    } = &mut batch.transfers[k].signature
    else {
        unreachable!()
    };
    let s = k256::NonZeroScalar::try_from(&signature[32..]).unwrap();
    signature[32..].copy_from_slice(&(-s).to_bytes());
    *recovery_id ^= 1;
    assert_rejected(
        &batch,
        &format!("transaction {k}: secp256k1 signature has a high s"),
    );
}

#[test]
fn bad_ed25519_signature_is_rejected() {
    let mut batch = generate(&SMALL);
    let k = first(&batch, Scheme::Ed25519);
    batch.transfers[k].signature.bytes_mut()[40] ^= 1;
    let reason =
        format!("transaction {k}: ed25519 signature does not verify under the sender's key");
    assert_rejected(&batch, &reason);
    // A valid signature of a different amount: the signed message is what counts.
    let mut batch = generate(&SMALL);
    batch.transfers[k].transfer.amount += 1;
    batch.witnesses.truncate(k + 1);
    batch.transfers.truncate(k + 1);
    assert_rejected(&batch, &reason);
}

#[test]
fn wrong_keccak_proof_is_rejected() {
    let mut batch = generate(&SMALL);
    let from = batch.transfers[2].transfer.from;
    batch.witnesses[2][0].keccak_siblings[1][7] ^= 1;
    let reason = format!(
        "transaction 2: keccak Merkle proof of sender account {from} does not match the keccak root"
    );
    assert_rejected(&batch, &reason);
    // A recipient's balance claimed higher than it is.
    let mut batch = generate(&SMALL);
    let to = batch.transfers[4].transfer.to;
    batch.witnesses[4][1].account.balance += 1000;
    let reason = format!(
        "transaction 4: keccak Merkle proof of recipient account {to} does not match the keccak root"
    );
    assert_rejected(&batch, &reason);
}

#[test]
fn wrong_poseidon2_proof_is_rejected() {
    let mut batch = generate(&SMALL);
    let to = batch.transfers[3].transfer.to;
    let element = &mut batch.witnesses[3][1].poseidon2_siblings[2][5];
    *element = (*element + 1) % 0x7f00_0001;
    let reason = format!(
        "transaction 3: Poseidon2 Merkle proof of recipient account {to} does not match the Poseidon2 root"
    );
    assert_rejected(&batch, &reason);
}

/// A batch of the given transfers, signed by their senders, from `SMALL`'s accounts.
fn batch_of(transfers: impl Fn(&Rollup, &[u32]) -> Vec<Transfer>) -> Batch {
    let mut rollup = Rollup::new(SMALL.seed, SMALL.depth, SMALL.accounts);
    let slots = rollup.slots();
    let signed: Vec<_> = transfers(&rollup, &slots)
        .iter()
        .map(|t| rollup.sign(SMALL.chain_id, t))
        .collect();
    rollup.batch(SMALL.chain_id, &signed)
}

#[test]
fn business_rules_are_enforced() {
    let transfer = |rollup: &Rollup, from: u32, to: u32, amount: u64| {
        let nonce = rollup.account(from).nonce;
        Transfer {
            from,
            to,
            amount,
            nonce,
        }
    };
    // Overdraft, on the second transfer of a sender.
    let batch = batch_of(|r, s| {
        let balance = r.account(s[0]).balance;
        let first = transfer(r, s[0], s[1], balance / 2);
        let second = Transfer {
            nonce: first.nonce + 1,
            ..transfer(r, s[0], s[2], balance)
        };
        vec![first, second]
    });
    let (from, balance) = (
        batch.transfers[1].transfer.from,
        batch.witnesses[1][0].account.balance,
    );
    let amount = batch.transfers[1].transfer.amount;
    assert_rejected(
        &batch,
        &format!("transaction 1: amount {amount} exceeds account {from}'s balance {balance}"),
    );
    // A replayed nonce.
    let batch = batch_of(|r, s| vec![transfer(r, s[1], s[0], 5), transfer(r, s[1], s[0], 5)]);
    let (from, nonce) = (
        batch.transfers[1].transfer.from,
        batch.transfers[1].transfer.nonce,
    );
    let reason = format!(
        "transaction 1: nonce {nonce} but account {from} is at nonce {}",
        nonce + 1
    );
    assert_rejected(&batch, &reason);
    // To itself; to an empty slot.
    let batch = batch_of(|r, s| vec![transfer(r, s[2], s[2], 1)]);
    let from = batch.transfers[0].transfer.from;
    assert_rejected(
        &batch,
        &format!("transaction 0: account {from} transfers to itself"),
    );
    let taken = Rollup::new(SMALL.seed, SMALL.depth, SMALL.accounts).slots();
    let empty = (0..16).find(|slot| !taken.contains(slot)).unwrap();
    let batch = batch_of(|r, s| vec![transfer(r, s[3], empty, 1)]);
    assert_rejected(
        &batch,
        &format!("transaction 0: recipient account {empty} does not exist"),
    );
    // A secp256k1 signature presented for an ed25519 account.
    let mut batch = generate(&SMALL);
    let k = first(&batch, Scheme::Ed25519);
    batch.transfers[k].signature = Signature::Secp256k1 {
        signature: [1; 64],
        recovery_id: 0,
    };
    let from = batch.transfers[k].transfer.from;
    let reason =
        format!("transaction {k}: signed with secp256k1 but account {from} signs with ed25519");
    assert_rejected(&batch, &reason);
}

#[test]
fn malformed_inputs_are_rejected() {
    let input = generate(&SMALL).encode();
    for (bad, reason) in [
        (
            input[..input.len() - 1].to_vec(),
            "malformed batch: input ends inside the witnesses of transaction 5",
        ),
        (
            [&input[..], &[0]].concat(),
            "malformed batch: 1 bytes after the witnesses",
        ),
        (
            input[..10].to_vec(),
            "malformed batch: input ends inside the header",
        ),
    ] {
        assert_eq!(Batch::decode(&bad).unwrap_err(), reason);
        assert_rejected_input(&bad, reason);
    }
    // An unknown signature scheme: byte 24 of the first transfer, after the 72-byte header
    // and the 4-byte count.
    let mut bad = input.clone();
    bad[72 + 4 + 24] = 2;
    let reason = "malformed batch: transaction 0: unknown signature scheme";
    assert_eq!(Batch::decode(&bad).unwrap_err(), reason);
    assert_rejected_input(&bad, reason);
    // A depth the trees cannot have.
    let mut bad = input;
    bad[4] = 33;
    let reason = "malformed batch: tree depth 33 is not between 1 and 32";
    assert_rejected_input(&bad, reason);
    assert!((SHOWCASE.check)(&bad, &[]).is_err());
}

#[test]
fn the_demo_is_deterministic() {
    assert_eq!((SHOWCASE.input)(), generate(&DEMO).encode());
}
