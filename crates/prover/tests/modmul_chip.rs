//! The `modmul` chip against stubs for the CPU (`exec` bus) and the memory (`memory` bus),
//! with the real byte table.
//!
//! Honest calls verify (random and extreme operands, `m = 0`, `m = 1`, operands aliasing one
//! another, operands at the ends of memory); every cell of every real row is bound; a forged
//! result, a result not reduced below `m`, a forged status and pointers out of range are
//! rejected.

use gluecp_abi::ecall::REG_ARGS;
use gluecp_abi::ecall::coprocessor::{INVALID, MODMUL256, OK};
use gluecp_prover::Val;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::modmul::{
    ModmulAir, ModmulCols, NUM_MODMUL_COLS, OPERAND_SLOTS, generate_trace,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::record::{MemoryAccess, MemoryState, SyscallEvent};
use gluecp_prover::testing::{
    XorShift, corrupt, debug_check, memory_stub, memory_stub_rows, prove_and_verify,
};
use num_bigint::BigUint;
use p3_matrix::dense::RowMajorMatrix;

type U256 = [u32; 8];

fn big(words: &U256) -> BigUint {
    BigUint::from_slice(words)
}

fn words(value: &BigUint) -> U256 {
    let mut out = [0; 8];
    for (o, d) in out.iter_mut().zip(value.to_u32_digits()) {
        *o = d;
    }
    out
}

/// Writes the given operands (address, value) before `clk`, then runs the call at `clk` as the
/// executor records it: `out = x y mod m` with the addresses `[out, x, y, m]`.
fn call(mem: &mut MemoryState, clk: u32, ptrs: [u32; 4], init: &[(u32, U256)]) -> SyscallEvent {
    let mut t = timestamp(clk, 0) - 100;
    for (addr, value) in init {
        for (w, &v) in value.iter().enumerate() {
            mem.write(addr + 4 * w as u32, v, t);
            t += 1;
        }
    }
    for (&reg, &ptr) in REG_ARGS[1..].iter().zip(&ptrs[1..]) {
        mem.write(reg as u32, ptr, t);
        t += 1;
    }
    let ret;
    let mut event = SyscallEvent::new(clk, MODMUL256, ptrs[0], 0);
    for reg in &REG_ARGS[1..] {
        event.args.push(mem.read(*reg as u32, timestamp(clk, 2)));
    }
    let mut operands = [[0u32; 8]; 3];
    for (k, operand) in operands.iter_mut().enumerate() {
        for (w, v) in operand.iter_mut().enumerate() {
            let access = mem.read(
                ptrs[k + 1] + 4 * w as u32,
                timestamp(clk, OPERAND_SLOTS[k + 1]),
            );
            *v = access.value;
            event.words.push(access);
        }
    }
    let [x, y, m] = operands.map(|o| big(&o));
    let out = if m == BigUint::ZERO {
        ret = INVALID;
        [0; 8]
    } else {
        ret = OK;
        words(&(x * y % m))
    };
    event.ret = ret;
    for (w, &v) in out.iter().enumerate() {
        event
            .words
            .push(mem.write(ptrs[0] + 4 * w as u32, v, timestamp(clk, OPERAND_SLOTS[0])));
    }
    event
}

const ONES: U256 = [u32::MAX; 8];

/// secp256k1's field prime.
const P: U256 = [
    0xfffffc2f, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
];

fn random(rng: &mut XorShift) -> U256 {
    core::array::from_fn(|_| rng.next_u32())
}

/// Calls covering the chip's cases: random operands, the extremes, `m = 0`, `m = 1`, a
/// small `m`, aliasing (`x = y`, `out = x`, `out = m`, and a partial overlap), operands at
/// both ends of memory.
fn calls() -> Vec<SyscallEvent> {
    let mut rng = XorShift(0x5eed_0123_4567_89ab);
    let mut mem = MemoryState::default();
    let (a, b, c, d) = (0x2000, 0x2100, 0x2200, 0x2300);
    let top = (1 << 29) - 32;
    let mut small = [0; 8];
    small[0] = 7;
    let mut one = [0; 8];
    one[0] = 1;
    vec![
        call(
            &mut mem,
            1000,
            [d, a, b, c],
            &[(a, random(&mut rng)), (b, random(&mut rng)), (c, P)],
        ),
        call(
            &mut mem,
            2000,
            [d, a, b, c],
            &[(a, ONES), (b, ONES), (c, ONES)],
        ),
        call(&mut mem, 3000, [d, a, b, c], &[(c, [0; 8])]),
        call(&mut mem, 4000, [d, a, b, c], &[(c, one)]),
        call(&mut mem, 5000, [d, a, b, c], &[(a, ONES), (c, small)]),
        call(
            &mut mem,
            6000,
            [a, a, a, c],
            &[(a, random(&mut rng)), (c, P)],
        ),
        call(&mut mem, 7000, [c, a, b, c], &[(c, random(&mut rng))]),
        call(&mut mem, 8000, [a + 8, a, a + 4, 0x1000], &[(0x1000, P)]),
        call(&mut mem, 9000, [top, top, 0x1000, top], &[(top, P)]),
    ]
}

struct Setup {
    trace: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    syscalls: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
}

fn accesses(events: &[SyscallEvent]) -> Vec<MemoryAccess> {
    events
        .iter()
        .flat_map(|e| e.args.iter().chain(&e.words).copied())
        .collect()
}

impl Setup {
    fn new(events: &[SyscallEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(events, &mut bytes);
        let syscalls = events
            .iter()
            .map(|e| {
                let [lo, hi] = limbs(e.a0);
                let [r0, r1] = limbs(e.ret);
                let message = [SYSCALL_OP, e.clk, e.number, lo, hi, r0, r1, 0, 0, 0];
                (message.to_vec(), 1)
            })
            .collect();
        Self {
            trace,
            bytes,
            syscalls,
            memory: memory_stub_rows(&accesses(events)),
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let exec = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let chips = vec![
            Chip::Modmul(ModmulAir),
            Chip::Stub(exec.clone()),
            Chip::Stub(memory_stub()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.trace.clone(),
            exec.generate_trace(&self.syscalls),
            memory_stub().generate_trace(&self.memory),
            self.bytes.generate_trace(),
        ];
        (chips, traces)
    }

    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }

    /// The debug prover's checks without proving: constraints, then bus balance.
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
fn honest_calls_verify() {
    let events = calls();
    assert_eq!(events[2].ret, INVALID);
    let setup = Setup::new(&events);
    setup.check().expect("passes the debug checks");
    setup.prove().expect("verifies");
}

#[test]
fn every_cell_of_every_real_row_is_bound() {
    // A random call, m = 0, and a call whose operands all alias.
    let all = calls();
    let events = [all[0].clone(), all[2].clone(), all[5].clone()];
    for row in 0..events.len() {
        for col in 0..NUM_MODMUL_COLS {
            let mut bad = Setup::new(&events);
            corrupt(&mut bad.trace, row, col);
            assert!(
                bad.check().is_err(),
                "corrupting row {row} column {col} was not detected"
            );
        }
    }
}

#[test]
fn corrupted_cells_fail_verification() {
    for (row, col) in [(0, 5), (1, 200), (2, 300), (8, NUM_MODMUL_COLS - 1)] {
        let mut setup = Setup::new(&calls());
        corrupt(&mut setup.trace, row, col);
        assert!(setup.prove().is_err(), "cell ({row}, {col})");
    }
}

/// A row claiming `r + m` (same residue, not reduced) or `r + 1` as the result, its memory
/// and bus consistent with the claim.
#[test]
fn a_wrong_or_unreduced_result_is_rejected() {
    let honest = calls();
    let event = &honest[0];
    let m = big(&core::array::from_fn(|w| event.words[16 + w].value));
    let r = big(&core::array::from_fn(|w| event.words[24 + w].value));
    for forged_r in [&r + &m, &r + 1u32] {
        let forged_words = words(&forged_r);
        let mut forged = event.clone();
        for (w, &v) in forged_words.iter().enumerate() {
            forged.words[24 + w].value = v;
        }
        let setup = Setup::new(&[forged]);
        assert!(setup.check().is_err(), "{forged_r:x} accepted");
        assert!(setup.prove().is_err(), "{forged_r:x} verified");
    }
}

/// A row with `r + m` as the result and `q - 1` as the quotient: `x y = q m + r` still holds
/// (the carries recomputed), so only `r < m` rejects it.
#[test]
fn the_remainder_must_be_below_m() {
    use core::borrow::BorrowMut;
    use gluecp_prover::chips::bigint::{carries, poly_mul_int, signed};
    use p3_field::PrimeCharacteristicRing;

    let honest = calls();
    // The call with m = 7, so that r + m fits 256 bits.
    let mut forged = honest[4].clone();
    let value =
        |e: &SyscallEvent, k: usize| big(&core::array::from_fn(|w| e.words[8 * k + w].value));
    let (x, y, m, r) = (
        value(&forged, 0),
        value(&forged, 1),
        value(&forged, 2),
        value(&forged, 3),
    );
    assert_eq!(m, BigUint::from(7u32));
    let forged_r = &r + &m;
    for (w, &v) in words(&forged_r).iter().enumerate() {
        forged.words[24 + w].value = v;
    }
    let q = (&x * &y - &forged_r) / &m;
    assert_eq!(&q * &m + &forged_r, &x * &y);

    let mut setup = Setup::new(&[forged]);
    let le = |v: &BigUint, n: usize| {
        let mut b = v.to_bytes_le();
        b.resize(n, 0);
        b
    };
    let (xb, yb, mb, rb, qb) = (
        le(&x, 32),
        le(&y, 32),
        le(&m, 32),
        le(&forged_r, 32),
        le(&q, 64),
    );
    let mut relation = poly_mul_int(&xb, &yb);
    relation.resize(95, 0);
    for (i, v) in poly_mul_int(&qb, &mb).into_iter().enumerate() {
        relation[i] -= v;
    }
    for (i, &v) in rb.iter().enumerate() {
        relation[i] -= i64::from(v);
    }
    let mut bytes = ByteLookups::default();
    let carry = carries(&relation, &mut bytes);
    assert_eq!(relation[94] + carry[93], 0, "the relation holds");
    let row: &mut ModmulCols<Val> = setup.trace.values[..NUM_MODMUL_COLS].borrow_mut();
    row.q = core::array::from_fn(|i| Val::from_u8(qb[i]));
    for (col, &c) in row.carry.iter_mut().zip(&carry) {
        *col = signed(c);
    }
    setup.bytes.merge(&bytes);
    assert_eq!(setup.check(), Err("constraint failure".into()));
    assert!(setup.prove().is_err());
}

#[test]
fn a_forged_status_is_rejected() {
    // m != 0 with status INVALID, and m = 0 with status OK.
    for (i, status) in [(0, INVALID), (2, OK)] {
        let mut event = calls()[i].clone();
        let mut setup = Setup::new(&[event.clone()]);
        event.ret = status;
        let [lo, hi] = limbs(event.a0);
        let [r0, r1] = limbs(status);
        setup.syscalls = vec![(
            vec![SYSCALL_OP, event.clk, event.number, lo, hi, r0, r1, 0, 0, 0],
            1,
        )];
        assert_eq!(
            setup.check(),
            Err("unbalanced bus".into()),
            "status {status}"
        );
    }
}

#[test]
fn pointers_out_of_range_are_rejected() {
    let mut rng = XorShift(7);
    for ptrs in [
        [0x0ffc, 0x2000, 0x2000, 0x2000],
        [0x2000, (1 << 29) - 28, 0x2000, 0x2000],
        [0x2000, 0x2000, 0x2002, 0x2000],
    ] {
        let mut mem = MemoryState::default();
        let init = [(0x2000, random(&mut rng))];
        let event = call(&mut mem, 1000, ptrs, &init);
        assert!(Setup::new(&[event]).check().is_err(), "{ptrs:x?}");
    }
}
