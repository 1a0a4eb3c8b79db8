//! The `ed25519-mul` table against stubs for its request and result buses, with the real byte
//! table: honest multiplications verify (the base point, another point, scalars 0, `ℓ`, with
//! the top bit set); every cell of sampled rows is bound; a forged result or request is
//! rejected.

use gluecp_prover::Val;
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::ed25519::curve::{CURVE, Point};
use gluecp_prover::chips::ed25519::mul::{
    EdMulAir, EdMulRequest, MUL_IN_BUS, MUL_OUT_BUS, NUM_ED_MUL_COLS, generate_trace,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::testing::{XorShift, corrupt, debug_check, prove_and_verify};
use num_bigint::BigUint;
use p3_matrix::dense::RowMajorMatrix;

fn packed(value: &BigUint) -> Vec<u32> {
    let mut bytes = value.to_bytes_le();
    bytes.resize(32, 0);
    bytes
        .chunks_exact(2)
        .map(|p| u32::from(p[0]) + 256 * u32::from(p[1]))
        .collect()
}

fn requests() -> Vec<EdMulRequest> {
    let c = &*CURVE;
    let mut rng = XorShift(0xed_25519);
    let mut random = || {
        let words: Vec<u32> = (0..8).map(|_| rng.next_u32()).collect();
        BigUint::from_slice(&words)
    };
    let p = c.mul(&(random() % &c.l.value), &c.b);
    let mut top = random();
    top.set_bit(255, true);
    vec![
        EdMulRequest {
            clk: 10,
            which: 0,
            point: c.b.clone(),
            k: random() % &c.l.value,
        },
        EdMulRequest {
            clk: 10,
            which: 1,
            point: p.clone(),
            k: top,
        },
        EdMulRequest {
            clk: 20,
            which: 0,
            point: p,
            k: BigUint::ZERO,
        },
        EdMulRequest {
            clk: 30,
            which: 1,
            point: c.b.clone(),
            k: c.l.value.clone(),
        },
    ]
}

struct Setup {
    trace: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    ins: Vec<(Vec<u32>, i32)>,
    outs: Vec<(Vec<u32>, i32)>,
}

impl Setup {
    fn new(requests: &[EdMulRequest]) -> Self {
        let c = &*CURVE;
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(requests, &mut bytes);
        let mut ins = Vec::new();
        let mut outs = Vec::new();
        for r in requests {
            let head = vec![r.clk, r.which];
            let point: Point = c.mul(&r.k, &r.point);
            ins.push((
                [
                    head.clone(),
                    packed(&r.point.x),
                    packed(&r.point.y),
                    packed(&r.k),
                ]
                .concat(),
                1,
            ));
            outs.push(([head, packed(&point.x), packed(&point.y)].concat(), -1));
        }
        Self {
            trace,
            bytes,
            ins,
            outs,
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let ins = StubAir::new(MUL_IN_BUS.name(), 50);
        let outs = StubAir::new(MUL_OUT_BUS.name(), 34);
        let chips = vec![
            Chip::Ed25519Mul(EdMulAir),
            Chip::Stub(ins.clone()),
            Chip::Stub(outs.clone()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.trace.clone(),
            ins.generate_trace(&self.ins),
            outs.generate_trace(&self.outs),
            self.bytes.generate_trace(),
        ];
        (chips, traces)
    }

    fn check(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        debug_check(&chips, &traces, &[], &[0]).map_err(|e| {
            if e.starts_with("constraint failure") {
                "constraint failure".into()
            } else {
                e
            }
        })
    }
}

#[test]
fn honest_multiplications_verify() {
    let c = &*CURVE;
    let events = requests();
    // [0] P and [ℓ] B are the identity.
    assert_eq!(c.mul(&events[2].k, &events[2].point), Point::identity());
    assert_eq!(c.mul(&events[3].k, &events[3].point), Point::identity());
    let setup = Setup::new(&events);
    setup.check().expect("passes the debug checks");
    let (chips, traces) = setup.tables();
    prove_and_verify(&chips, traces).expect("verifies");
}

#[test]
fn every_cell_of_sampled_rows_is_bound() {
    let events = requests();
    let reference = Setup::new(&events[..2]);
    // The first row, a byte's end, the last row, and the next multiplication's first.
    for row in [0, 7, 255, 256] {
        for col in 0..NUM_ED_MUL_COLS {
            let mut bad = Setup {
                trace: reference.trace.clone(),
                bytes: reference.bytes.clone(),
                ins: reference.ins.clone(),
                outs: reference.outs.clone(),
            };
            corrupt(&mut bad.trace, row, col);
            assert!(
                bad.check().is_err(),
                "corrupting row {row} column {col} was not detected"
            );
        }
    }
}

#[test]
fn a_forged_result_or_request_is_rejected() {
    let events = requests();
    let mut setup = Setup::new(&events);
    setup.outs[0].0[7] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    let mut setup = Setup::new(&events);
    setup.ins[1].0[45] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
}

// ---- ed25519-verify with its feeder, SHA-512 and multiplication tables ----

use gluecp_abi::ecall::REG_ARGS;
use gluecp_abi::ecall::coprocessor::ED25519_VERIFY;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs};
use gluecp_prover::chips::ed25519::feeder::{self, BlockAir, NUM_BLOCK_COLS, WORD_AIR};
use gluecp_prover::chips::ed25519::verify::{
    self, KEY_SLOT, NUM_VERIFY_COLS, SIG_SLOT, VerifyAir, small_order_y,
};
use gluecp_prover::chips::sha512::{KTableAir, Sha512Air, k_table_trace};
use gluecp_prover::chips::word_bytes::{self, WordRead};
use gluecp_prover::record::{MemoryState, SyscallEvent};
use gluecp_prover::testing::{memory_stub, memory_stub_rows};
use sha2::{Digest, Sha512};

fn encode(p: &Point) -> [u8; 32] {
    let mut out = [0u8; 32];
    let y = p.y.to_bytes_le();
    out[..y.len()].copy_from_slice(&y);
    out[31] |= u8::from(p.x.bit(0)) << 7;
    out
}

/// A signature of `message` by the secret scalar `a` with nonce `r`: `(key, R ‖ s)`.
fn sign(a: &BigUint, r: &BigUint, message: &[u8]) -> ([u8; 32], [u8; 64]) {
    let c = &*CURVE;
    let l = &c.l.value;
    let key = encode(&c.mul(a, &c.b));
    let big_r = encode(&c.mul(r, &c.b));
    let digest = Sha512::new()
        .chain_update(big_r)
        .chain_update(key)
        .chain_update(message)
        .finalize();
    let k = BigUint::from_bytes_le(&digest) % l;
    let s = (r + k * a) % l;
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&big_r);
    let s_bytes = s.to_bytes_le();
    sig[32..32 + s_bytes.len()].copy_from_slice(&s_bytes);
    (key, sig)
}

/// The call at `clk`, recorded as the executor does, with the operands written before it.
fn verify_call(
    mem: &mut MemoryState,
    clk: u32,
    ptrs: [u32; 3],
    key: [u8; 32],
    sig: [u8; 64],
    message: &[u8],
) -> SyscallEvent {
    let [key_ptr, sig_ptr, msg_ptr] = ptrs;
    let mut t = timestamp(clk, 0) - 400;
    let mut put = |mem: &mut MemoryState, addr: u32, bytes: &[u8]| {
        for (i, &b) in bytes.iter().enumerate() {
            let a = addr + i as u32;
            let word = mem.value(a & !3);
            let shift = 8 * (a & 3);
            mem.write(a & !3, (word & !(0xff << shift)) | u32::from(b) << shift, t);
            t += 1;
        }
    };
    put(mem, key_ptr, &key);
    put(mem, sig_ptr, &sig);
    put(mem, msg_ptr, message);
    for (reg, value) in REG_ARGS[1..]
        .iter()
        .zip([sig_ptr, msg_ptr, message.len() as u32])
    {
        mem.write(*reg as u32, value, t);
        t += 1;
    }
    let mut event = SyscallEvent::new(clk, ED25519_VERIFY, key_ptr, 0);
    for reg in &REG_ARGS[1..] {
        event.args.push(mem.read(*reg as u32, timestamp(clk, 2)));
    }
    for w in 0..8 {
        event
            .words
            .push(mem.read(key_ptr + 4 * w, timestamp(clk, KEY_SLOT)));
    }
    for w in 0..16 {
        event
            .words
            .push(mem.read(sig_ptr + 4 * w, timestamp(clk, SIG_SLOT)));
    }
    if !message.is_empty() {
        let (first, last) = (msg_ptr & !3, (msg_ptr + message.len() as u32 - 1) & !3);
        for addr in (first..=last).step_by(4) {
            event.words.push(mem.read(addr, timestamp(clk, 2)));
        }
    }
    event
}

/// Verifications: a message whose pad byte lands at position 112 of the first block (no room
/// for the length: a second block of zeros and the length), an empty message, one of three
/// blocks at an odd address.
fn verifications() -> Vec<SyscallEvent> {
    let mut mem = MemoryState::default();
    let cases: [(&[u8], u32); 3] = [
        (&[0x5a; 48], 0x4000),
        (&[], 0x1234_5671),
        (&[0x33; 200], 0x5003),
    ];
    cases
        .iter()
        .enumerate()
        .map(|(i, &(message, msg_ptr))| {
            let a = BigUint::from(1000u32 + i as u32) * 0x1234_5678_9abc_u64;
            let r = BigUint::from(77u32 + i as u32) * 0xdead_beef_u64;
            let (key, sig) = sign(&a, &r, message);
            verify::witness(&key, &sig, message).expect("a valid signature");
            verify_call(
                &mut mem,
                1000 * (i as u32 + 1),
                [0x2000, 0x3000, msg_ptr],
                key,
                sig,
                message,
            )
        })
        .collect()
}

struct VerifySetup {
    traces: Vec<RowMajorMatrix<Val>>,
    bytes: ByteLookups,
    syscalls: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
}

impl VerifySetup {
    fn new(events: &[SyscallEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let verify_trace = verify::generate_trace(events, &mut bytes);
        let (inputs, muls) = verify::requests(events);
        let (block_trace, blocks) = feeder::generate_trace(&inputs, &mut bytes);
        let reads: Vec<WordRead<'_>> = events
            .iter()
            .flat_map(|call| {
                let (ptr, len) = (call.args[1].value, call.args[2].value);
                call.words[24..].iter().map(move |read| WordRead {
                    clk: call.clk,
                    access: read,
                    counts: core::array::from_fn(|k| {
                        u32::from((ptr..ptr + len).contains(&(read.addr + k as u32)))
                    }),
                })
            })
            .collect();
        let word_trace = word_bytes::generate_trace(&reads, false, &mut bytes);
        let sha_trace = gluecp_prover::chips::sha512::generate_trace(&blocks, &mut bytes);
        let mul_trace = generate_trace(&muls, &mut bytes);
        let syscalls = events
            .iter()
            .map(|e| {
                let [lo, hi] = limbs(e.a0);
                (vec![SYSCALL_OP, e.clk, e.number, lo, hi, 0, 0, 0, 0, 0], 1)
            })
            .collect();
        let accesses: Vec<_> = events
            .iter()
            .flat_map(|e| e.args.iter().chain(&e.words).copied())
            .collect();
        Self {
            traces: vec![
                verify_trace,
                block_trace,
                word_trace,
                sha_trace,
                k_table_trace(blocks.len()),
                mul_trace,
            ],
            bytes,
            syscalls,
            memory: memory_stub_rows(&accesses),
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let exec = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let chips = vec![
            Chip::Ed25519Verify(VerifyAir),
            Chip::Ed25519Block(BlockAir),
            Chip::WordBytes(WORD_AIR),
            Chip::Sha512(Sha512Air),
            Chip::Sha512K(KTableAir),
            Chip::Ed25519Mul(EdMulAir),
            Chip::Stub(exec.clone()),
            Chip::Stub(memory_stub()),
            Chip::Byte(ByteAir),
        ];
        let mut traces = self.traces.clone();
        traces.push(exec.generate_trace(&self.syscalls));
        traces.push(memory_stub().generate_trace(&self.memory));
        traces.push(self.bytes.generate_trace());
        (chips, traces)
    }

    fn check(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        debug_check(&chips, &traces, &[], &[0, 1, 2, 3, 4, 5])
    }
}

#[test]
fn small_order_points_are_those_the_test_names() {
    // The y of every point of order dividing 8 makes the test's product vanish, and a point
    // of order ℓ does not.
    let c = &*CURVE;
    let p = &c.p.value;
    for y in [BigUint::from(1u32), p - 1u32, BigUint::ZERO] {
        assert!(small_order_y(&y));
    }
    // The points of order 4, (±sqrt(-1), 0), are on the curve and caught through y = 0.
    let i = BigUint::from(2u32).modpow(&((p - 1u32) >> 2), p);
    let order4 = Point {
        x: i,
        y: BigUint::ZERO,
    };
    assert!(c.contains(&order4));
    assert_eq!(c.mul(&BigUint::from(4u32), &order4), Point::identity());
    assert!(small_order_y(&order4.y));
    assert!(!small_order_y(&c.b.y));
    assert!(!small_order_y(&c.mul(&BigUint::from(12345u32), &c.b).y));
}

#[test]
fn honest_verifications_verify() {
    let setup = VerifySetup::new(&verifications());
    setup.check().expect("passes the debug checks");
    let (chips, traces) = setup.tables();
    prove_and_verify(&chips, traces).expect("verifies");
}

#[test]
fn every_cell_of_a_verification_row_and_a_block_row_is_bound() {
    let events = verifications();
    let reference = VerifySetup::new(&events[..1]);
    for (table, row, width) in [
        (0, 0, NUM_VERIFY_COLS),
        (1, 0, NUM_BLOCK_COLS),
        (1, 1, NUM_BLOCK_COLS),
    ] {
        for col in 0..width {
            let mut bad = VerifySetup {
                traces: reference.traces.clone(),
                bytes: reference.bytes.clone(),
                syscalls: reference.syscalls.clone(),
                memory: reference.memory.clone(),
            };
            corrupt(&mut bad.traces[table], row, col);
            assert!(
                bad.check().is_err(),
                "corrupting table {table} row {row} column {col} was not detected"
            );
        }
    }
}

#[test]
fn a_forged_message_byte_or_status_is_rejected() {
    let events = verifications();
    // The memory holds another message byte than the one hashed.
    let mut forged = events.clone();
    forged[0].words[25].prev ^= 0x100;
    forged[0].words[25].value ^= 0x100;
    let mut setup = VerifySetup::new(&events);
    let accesses: Vec<_> = forged
        .iter()
        .flat_map(|e| e.args.iter().chain(&e.words).copied())
        .collect();
    setup.memory = memory_stub_rows(&accesses);
    assert!(setup.check().is_err());
    // The CPU claims INVALID for a call the chip proves OK.
    let mut setup = VerifySetup::new(&events);
    setup.syscalls[0].0[5] = 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
}
