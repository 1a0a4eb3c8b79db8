//! The secp256k1 chips against stubs for the buses they share with the rest of the machine,
//! with the real byte table.
//!
//! `secp256k1-mul`: honest multiplications verify (the generator and other points, scalars
//! with zero bytes and the top bit set); every cell of sampled rows is bound; a forged result
//! or a forged request is rejected.

use gluecp_prover::Val;
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::secp256k1::curve::{CURVE, Point};
use gluecp_prover::chips::secp256k1::mul::{
    MUL_IN_BUS, MUL_OUT_BUS, MulAir, MulRequest, NUM_MUL_COLS, STEPS, generate_trace,
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

fn requests() -> Vec<MulRequest> {
    let c = &*CURVE;
    let mut rng = XorShift(0x5ec9_256b);
    let mut random = || {
        let words: Vec<u32> = (0..8).map(|_| rng.next_u32()).collect();
        BigUint::from_slice(&words) % &c.n.value
    };
    let p = c.mul(&random(), &c.g).expect("a point");
    // Bytes 8 and 9 zero, and the top bit set.
    let mut zero_bytes = random();
    zero_bytes.set_bit(64, false);
    for bit in 64..80 {
        zero_bytes.set_bit(bit, false);
    }
    zero_bytes.set_bit(255, true);
    vec![
        MulRequest {
            clk: 10,
            which: 0,
            point: c.g.clone(),
            k: random(),
        },
        MulRequest {
            clk: 10,
            which: 1,
            point: p.clone(),
            k: zero_bytes,
        },
        MulRequest {
            clk: 20,
            which: 0,
            point: p,
            k: &c.n.value - 1u32,
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
    fn new(requests: &[MulRequest]) -> Self {
        let c = &*CURVE;
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(requests, &mut bytes);
        let mut ins = Vec::new();
        let mut outs = Vec::new();
        for r in requests {
            let head = vec![r.clk, r.which];
            let point: Point = c.mul(&r.k, &r.point).expect("computable");
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
            Chip::Secp256k1Mul(MulAir),
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

    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }
}

#[test]
fn honest_multiplications_verify() {
    let setup = Setup::new(&requests());
    setup.check().expect("passes the debug checks");
    setup.prove().expect("verifies");
}

#[test]
fn every_cell_of_sampled_rows_is_bound() {
    // First, middle (adding and not), byte ends and last rows of the first multiplication,
    // and the first row of the second.
    let events = requests();
    let reference = Setup::new(&events);
    for row in [0, 1, 7, 8, 100, 101, 254, 255, 256] {
        for col in 0..NUM_MUL_COLS {
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
    setup.outs[1].0[5] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    assert!(setup.prove().is_err());
    let mut setup = Setup::new(&events);
    setup.ins[0].0[40] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    let _ = STEPS;
}

// ---- secp256k1-recover ----

use gluecp_abi::ecall::REG_ARGS;
use gluecp_abi::ecall::coprocessor::SECP256K1_RECOVER;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs};
use gluecp_prover::chips::secp256k1::recover::{
    HASH_SLOT, NUM_RECOVER_COLS, OUT_SLOT, RecoverAir, SIG_SLOT, mul_requests, witness,
};
use gluecp_prover::record::{MemoryState, SyscallEvent};
use gluecp_prover::testing::{memory_stub, memory_stub_rows};

fn be32(value: &BigUint) -> [u8; 32] {
    let bytes = value.to_bytes_be();
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    out
}

/// An `r` for which a point `R` with `R.x = r + (v >> 1) n` exists, searching up from `start`.
fn valid_r(start: BigUint, high: bool) -> BigUint {
    let c = &*CURVE;
    let p = &c.p.value;
    let mut r = start;
    loop {
        let x = if high { &r + &c.n.value } else { r.clone() };
        let rhs = (&x * &x * &x + 7u32) % p;
        let y = rhs.modpow(&((p + 1u32) >> 2), p);
        if &y * &y % p == rhs {
            return r;
        }
        r += 1u32;
    }
}

/// The call at `clk` with the operands written before it, recorded as the executor does.
fn recover_call(
    mem: &mut MemoryState,
    clk: u32,
    ptrs: [u32; 3],
    z: [u8; 32],
    sig: [u8; 64],
    v: u32,
) -> SyscallEvent {
    let [hash, sig_ptr, out] = ptrs;
    let mut t = timestamp(clk, 0) - 200;
    let mut put = |mem: &mut MemoryState, addr: u32, bytes: &[u8]| {
        for (w, chunk) in bytes.chunks_exact(4).enumerate() {
            mem.write(
                addr + 4 * w as u32,
                u32::from_le_bytes(chunk.try_into().unwrap()),
                t,
            );
            t += 1;
        }
    };
    put(mem, hash, &z);
    put(mem, sig_ptr, &sig);
    for (reg, value) in REG_ARGS[1..].iter().zip([sig_ptr, v, out]) {
        mem.write(*reg as u32, value, t);
        t += 1;
    }
    let mut event = SyscallEvent::new(clk, SECP256K1_RECOVER, hash, 0);
    for reg in &REG_ARGS[1..] {
        event.args.push(mem.read(*reg as u32, timestamp(clk, 2)));
    }
    for w in 0..8 {
        event
            .words
            .push(mem.read(hash + 4 * w, timestamp(clk, HASH_SLOT)));
    }
    for w in 0..16 {
        event
            .words
            .push(mem.read(sig_ptr + 4 * w, timestamp(clk, SIG_SLOT)));
    }
    let q = witness(&z, &sig, v).expect("a recovery the chips prove").q;
    let key = [be32(&q.x), be32(&q.y)].concat();
    for (w, chunk) in key.chunks_exact(4).enumerate() {
        let value = u32::from_le_bytes(chunk.try_into().unwrap());
        event
            .words
            .push(mem.write(out + 4 * w as u32, value, timestamp(clk, OUT_SLOT)));
    }
    event
}

/// Recoveries with each recovery id (`R.x = r + n` for ids 2 and 3), one whose output
/// overwrites its own hash and signature, one at the top of memory.
fn recoveries() -> Vec<SyscallEvent> {
    let c = &*CURVE;
    let mut rng = XorShift(0xec_4ec0);
    let mut random = || {
        let words: Vec<u32> = (0..8).map(|_| rng.next_u32()).collect();
        BigUint::from_slice(&words) % &c.n.value
    };
    let mut mem = MemoryState::default();
    let mut events = Vec::new();
    let top = (1 << 29) - 64;
    for (i, v) in [0u32, 1, 2, 3, 0, 1].into_iter().enumerate() {
        let r = if v >= 2 {
            valid_r(BigUint::from(1000u32 * i as u32 + 1), true)
        } else {
            valid_r(random(), false)
        };
        let z = be32(&random());
        let sig: [u8; 64] = [be32(&r), be32(&random())].concat().try_into().unwrap();
        let ptrs = match i {
            4 => [0x3000, 0x3020, 0x3000],
            5 => [0x1000, top - 64, top],
            _ => [0x2000, 0x2040, 0x2100],
        };
        events.push(recover_call(
            &mut mem,
            1000 * (i as u32 + 1),
            ptrs,
            z,
            sig,
            v,
        ));
    }
    events
}

struct RecoverSetup {
    trace: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    syscalls: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
    muls: Vec<(Vec<u32>, i32)>,
    results: Vec<(Vec<u32>, i32)>,
}

impl RecoverSetup {
    fn new(events: &[SyscallEvent]) -> Self {
        let c = &*CURVE;
        let mut bytes = ByteLookups::default();
        let trace = gluecp_prover::chips::secp256k1::recover::generate_trace(events, &mut bytes);
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
        let mut muls = Vec::new();
        let mut results = Vec::new();
        for r in mul_requests(events) {
            let head = vec![r.clk, r.which];
            let point = c.mul(&r.k, &r.point).expect("computable");
            muls.push((
                [
                    head.clone(),
                    packed(&r.point.x),
                    packed(&r.point.y),
                    packed(&r.k),
                ]
                .concat(),
                -1,
            ));
            results.push(([head, packed(&point.x), packed(&point.y)].concat(), 1));
        }
        Self {
            trace,
            bytes,
            syscalls,
            memory: memory_stub_rows(&accesses),
            muls,
            results,
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let exec = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let ins = StubAir::new(MUL_IN_BUS.name(), 50);
        let outs = StubAir::new(MUL_OUT_BUS.name(), 34);
        let chips = vec![
            Chip::Secp256k1Recover(RecoverAir),
            Chip::Stub(exec.clone()),
            Chip::Stub(memory_stub()),
            Chip::Stub(ins.clone()),
            Chip::Stub(outs.clone()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.trace.clone(),
            exec.generate_trace(&self.syscalls),
            memory_stub().generate_trace(&self.memory),
            ins.generate_trace(&self.muls),
            outs.generate_trace(&self.results),
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

    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }
}

#[test]
fn honest_recoveries_verify() {
    let setup = RecoverSetup::new(&recoveries());
    setup.check().expect("passes the debug checks");
    setup.prove().expect("verifies");
}

#[test]
fn every_cell_of_a_recovery_row_is_bound() {
    // Recovery ids 1 and 2 (R.x = r + n).
    let all = recoveries();
    let events = [all[1].clone(), all[2].clone()];
    let reference = RecoverSetup::new(&events);
    for row in 0..events.len() {
        for col in 0..NUM_RECOVER_COLS {
            let mut bad = RecoverSetup {
                trace: reference.trace.clone(),
                bytes: reference.bytes.clone(),
                syscalls: reference.syscalls.clone(),
                memory: reference.memory.clone(),
                muls: reference.muls.clone(),
                results: reference.results.clone(),
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
fn a_forged_key_or_product_is_rejected() {
    let events = recoveries();
    // The memory sees another key written.
    let mut forged = events.clone();
    forged[0].words[30].value ^= 1;
    let mut setup = RecoverSetup::new(&events);
    let accesses: Vec<_> = forged
        .iter()
        .flat_map(|e| e.args.iter().chain(&e.words).copied())
        .collect();
    setup.memory = memory_stub_rows(&accesses);
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    assert!(setup.prove().is_err());
    // The row claims the forged key: the addition's relations fail.
    assert!(RecoverSetup::new(&forged).check().is_err());
    // The multiplication table answers another point for A.
    let mut setup = RecoverSetup::new(&events);
    setup.results[0].0[3] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
}

// ---- secp256k1-verify ----

use gluecp_abi::ecall::coprocessor::SECP256K1_VERIFY;
use gluecp_prover::chips::secp256k1::verify::{NUM_VERIFY_COLS, SLOTS, VerifyAir};

/// A valid signature of `z` by the key `d G` with nonce `k`: `(r, s)` and the key.
fn sign(z: &BigUint, d: &BigUint, k: &BigUint) -> ([u8; 64], [u8; 64]) {
    let c = &*CURVE;
    let n = &c.n.value;
    let r = c.mul(k, &c.g).unwrap().x % n;
    let k_inv = k.modpow(&(n - 2u32), n);
    let s = k_inv * (z + &r * d) % n;
    let key = c.mul(d, &c.g).unwrap();
    (
        [be32(&r), be32(&s)].concat().try_into().unwrap(),
        [be32(&key.x), be32(&key.y)].concat().try_into().unwrap(),
    )
}

fn verify_call(
    mem: &mut MemoryState,
    clk: u32,
    ptrs: [u32; 3],
    operands: [&[u8]; 3],
) -> SyscallEvent {
    let mut t = timestamp(clk, 0) - 200;
    for (&addr, bytes) in ptrs.iter().zip(operands) {
        for (w, chunk) in bytes.chunks_exact(4).enumerate() {
            mem.write(
                addr + 4 * w as u32,
                u32::from_le_bytes(chunk.try_into().unwrap()),
                t,
            );
            t += 1;
        }
    }
    for (reg, value) in REG_ARGS[1..3].iter().zip(&ptrs[1..]) {
        mem.write(*reg as u32, *value, t);
        t += 1;
    }
    let mut event = SyscallEvent::new(clk, SECP256K1_VERIFY, ptrs[0], 0);
    for reg in &REG_ARGS[1..3] {
        event.args.push(mem.read(*reg as u32, timestamp(clk, 2)));
    }
    for ((&addr, bytes), slot) in ptrs.iter().zip(operands).zip(SLOTS) {
        for w in 0..bytes.len() as u32 / 4 {
            event
                .words
                .push(mem.read(addr + 4 * w, timestamp(clk, slot)));
        }
    }
    event
}

fn verifications() -> Vec<SyscallEvent> {
    let mut rng = XorShift(0xec_d5a);
    let mut random = || {
        let words: Vec<u32> = (0..8).map(|_| rng.next_u32()).collect();
        BigUint::from_slice(&words) % &CURVE.n.value
    };
    let mut mem = MemoryState::default();
    let mut events = Vec::new();
    for i in 0..2u32 {
        let z = random();
        let (sig, key) = sign(&z, &random(), &random());
        let event = verify_call(
            &mut mem,
            1000 * (i + 1),
            [0x1000, 0x2000, 0x3000],
            [&be32(&z), &sig, &key],
        );
        events.push(event);
    }
    events
}

#[test]
fn honest_verifications_verify_and_every_cell_is_bound() {
    use gluecp_prover::chips::secp256k1::verify::{generate_trace, mul_requests};
    let c = &*CURVE;
    let events = verifications();
    let build = |events: &[SyscallEvent]| {
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(events, &mut bytes);
        let syscalls: Vec<_> = events
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
        let mut muls = Vec::new();
        let mut results = Vec::new();
        for r in mul_requests(events) {
            let head = vec![r.clk, r.which];
            let point = c.mul(&r.k, &r.point).expect("computable");
            muls.push((
                [
                    head.clone(),
                    packed(&r.point.x),
                    packed(&r.point.y),
                    packed(&r.k),
                ]
                .concat(),
                -1,
            ));
            results.push(([head, packed(&point.x), packed(&point.y)].concat(), 1));
        }
        RecoverSetup {
            trace,
            bytes,
            syscalls,
            memory: memory_stub_rows(&accesses),
            muls,
            results,
        }
    };
    let tables = |setup: &RecoverSetup| {
        let (mut chips, traces) = setup.tables();
        chips[0] = Chip::Secp256k1Verify(VerifyAir);
        (chips, traces)
    };
    let check = |setup: &RecoverSetup| {
        let (chips, traces) = tables(setup);
        debug_check(&chips, &traces, &[], &[0])
    };
    let reference = build(&events);
    check(&reference).expect("passes the debug checks");
    let (chips, traces) = tables(&reference);
    prove_and_verify(&chips, traces).expect("verifies");
    for col in 0..NUM_VERIFY_COLS {
        let mut bad = RecoverSetup {
            trace: reference.trace.clone(),
            bytes: reference.bytes.clone(),
            syscalls: reference.syscalls.clone(),
            memory: reference.memory.clone(),
            muls: reference.muls.clone(),
            results: reference.results.clone(),
        };
        corrupt(&mut bad.trace, 1, col);
        assert!(
            check(&bad).is_err(),
            "corrupting column {col} was not detected"
        );
    }
    // A forged product answering the verification: the buses do not balance.
    let mut bad = build(&events);
    bad.results[1].0[4] ^= 1;
    assert_eq!(check(&bad), Err("unbalanced bus".into()));
}
