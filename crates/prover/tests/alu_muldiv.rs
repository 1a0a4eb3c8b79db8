//! The `mul` and `divrem` ALU chips, each proved beside a stub CPU (sending every event's tuple
//! on the `exec` bus) and the byte table.
//!
//! Honest traces over edge cases and seeded random operands verify; a single corrupted cell
//! (every column of a real row), a wrong result claimed consistently by the CPU and the chip,
//! and a result with an out-of-range limb are all rejected.

use std::borrow::BorrowMut;

use gluecp_prover::Val;
use gluecp_prover::bus::{AluOp, EXEC_BUS, EXEC_TUPLE_LEN, limbs};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::alu::divrem::{self, DivRemAir, DivRemCols, NUM_DIVREM_COLS};
use gluecp_prover::chips::alu::mul::{self, MulAir, MulCols, NUM_MUL_COLS};
use gluecp_prover::chips::byte::{ByteAir, ByteLookups, ByteOp, NUM_BYTE_COLS, row_of};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::record::AluEvent;
use gluecp_prover::testing::{corrupt, prove_and_verify};
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

const MUL_OPS: [AluOp; 4] = [AluOp::Mul, AluOp::Mulh, AluOp::Mulhsu, AluOp::Mulhu];
const DIV_OPS: [AluOp; 4] = [AluOp::Div, AluOp::Divu, AluOp::Rem, AluOp::Remu];

const EDGES: [u32; 12] = [
    0,
    1,
    2,
    7,
    0xffff,
    0x1_0000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_fff9, // -7
    0xffff_fffe, // -2
    u32::MAX,    // -1
    0x8765_4321,
];

/// A tiny deterministic generator (xorshift32).
struct XorShift(u32);

impl XorShift {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
}

/// Every op on every pair of edge values, then `random` seeded random pairs per op.
fn events(ops: &[AluOp], random: usize, seed: u32) -> Vec<AluEvent> {
    let mut events = Vec::new();
    for &op in ops {
        for &b in &EDGES {
            for &c in &EDGES {
                events.push(AluEvent::new(op, b, c));
            }
        }
    }
    let mut rng = XorShift(seed);
    for &op in ops {
        for i in 0..random {
            // Mix full-width values with small ones (small divisors give large quotients).
            let b = rng.next();
            let c = if i % 3 == 0 {
                rng.next() >> 20
            } else {
                rng.next()
            };
            events.push(AluEvent::new(op, b, c));
        }
    }
    events
}

/// The stub CPU's rows: each event's tuple `(op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi)`, sent once.
fn cpu_rows(events: &[AluEvent]) -> Vec<(Vec<u32>, i32)> {
    events
        .iter()
        .map(|e| {
            let ([a0, a1], [b0, b1], [c0, c1]) = (limbs(e.a), limbs(e.b), limbs(e.c));
            (vec![e.op as u32, 0, a0, a1, b0, b1, c0, c1, 0, 0], 1)
        })
        .collect()
}

/// The traces of one ALU chip's proof: stub CPU, the chip, the byte table.
struct Traces {
    cpu: RowMajorMatrix<Val>,
    chip: RowMajorMatrix<Val>,
    bytes: RowMajorMatrix<Val>,
}

type Generate = fn(&[AluEvent], &mut ByteLookups) -> RowMajorMatrix<Val>;

impl Traces {
    fn new(generate: Generate, events: &[AluEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let chip = generate(events, &mut bytes);
        Self {
            cpu: cpu_stub().generate_trace(&cpu_rows(events)),
            chip,
            bytes: bytes.generate_trace(),
        }
    }

    fn prove(self, chip: Chip) -> Result<(), String> {
        prove_and_verify(
            &[Chip::Stub(cpu_stub()), chip, Chip::Byte(ByteAir)],
            vec![self.cpu, self.chip, self.bytes],
        )
    }

    /// Moves one byte-table lookup of `op` from the pair `from` to the pair `to` (`None`: a
    /// tuple the table does not hold, left unbalanced).
    fn move_lookup(&mut self, op: ByteOp, from: (u8, u8), to: Option<(u8, u8)>) {
        let cell = |(a, b): (u8, u8)| row_of(a, b) * NUM_BYTE_COLS + op as usize;
        self.bytes.values[cell(from)] -= Val::ONE;
        if let Some(to) = to {
            self.bytes.values[cell(to)] += Val::ONE;
        }
    }

    /// As [`Self::move_lookup`] for a U16 lookup of `from` (recorded as its two bytes).
    fn move_u16(&mut self, from: u32, to: Option<u32>) {
        let pair = |v: u32| ((v >> 8) as u8, v as u8);
        self.move_lookup(ByteOp::U16, pair(from), to.map(pair));
    }
}

fn cpu_stub() -> StubAir {
    StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN)
}

fn prove_mul(events: &[AluEvent]) -> Result<(), String> {
    Traces::new(mul::generate_trace, events).prove(Chip::Mul(MulAir))
}

fn prove_divrem(events: &[AluEvent]) -> Result<(), String> {
    Traces::new(divrem::generate_trace, events).prove(Chip::DivRem(DivRemAir))
}

/// Asserts that corrupting each column of `row` in turn makes the proof fail (one proof per
/// column: the byte table's 2^16 rows make each take a few seconds, so one row per chip).
fn assert_every_cell_matters(
    generate: Generate,
    chip: Chip,
    width: usize,
    events: &[AluEvent],
    row: usize,
) {
    for col in 0..width {
        let mut traces = Traces::new(generate, events);
        corrupt(&mut traces.chip, row, col);
        assert!(
            traces.prove(chip.clone()).is_err(),
            "corrupting row {row} column {col} went unnoticed ({:?})",
            events[row]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// mul

#[test]
fn mul_reference_values() {
    // Known answers, so the chip is not only checked against `AluOp::eval`.
    let cases = [
        (AluOp::Mul, 0x1234_5678, 0x9abc_def0, 0x242d_2080),
        (AluOp::Mulhu, u32::MAX, u32::MAX, 0xffff_fffe),
        (AluOp::Mulh, u32::MAX, u32::MAX, 0),
        (AluOp::Mulh, 0x8000_0000, 0x8000_0000, 0x4000_0000),
        (AluOp::Mulhsu, u32::MAX, u32::MAX, u32::MAX),
        (AluOp::Mulhsu, 0x8000_0000, 2, u32::MAX),
    ];
    for (op, b, c, a) in cases {
        assert_eq!(op.eval(b, c), a, "{op:?}({b:#x}, {c:#x})");
    }
    let events: Vec<_> = cases
        .iter()
        .map(|&(op, b, c, a)| AluEvent { op, a, b, c })
        .collect();
    prove_mul(&events).unwrap();
}

#[test]
fn mul_honest_edge_and_random_values_verify() {
    let events = events(&MUL_OPS, 48, 0x5eed_0001);
    prove_mul(&events).unwrap();
}

#[test]
fn mul_every_corrupted_cell_is_rejected() {
    // Signed operands of both signs, so that the sign bits matter.
    let events = [
        AluEvent::new(AluOp::Mulh, 0x8765_4321, 0xffff_fff9),
        AluEvent::new(AluOp::Mulhsu, 0x8000_0000, 0x8001_0003),
        AluEvent::new(AluOp::Mul, 0x1234_5678, 0x9abc_def0),
    ];
    assert_every_cell_matters(
        mul::generate_trace,
        Chip::Mul(MulAir),
        NUM_MUL_COLS,
        &events,
        0,
    );
}

#[test]
fn mul_consistently_wrong_results_are_rejected() {
    let honest = [
        AluEvent::new(AluOp::Mul, 3, 5),
        AluEvent::new(AluOp::Mulhu, u32::MAX, 0x1_0001),
    ];
    prove_mul(&honest).unwrap();
    // The CPU and the chip both claim the wrong result; the chip's row is recomputed for it.
    let wrong = [
        (AluOp::Mul, 0x1234_5678, 0x9abc_def0, 1),
        (AluOp::Mul, 0xffff, 0xffff, 0xfffe_0001 ^ 0x1_0000),
        (AluOp::Mulh, u32::MAX, 1, 0), // high half of -1 is -1
        (AluOp::Mulhsu, u32::MAX, u32::MAX, 0xffff_fffe), // the MULHU result
        (AluOp::Mulhu, u32::MAX, u32::MAX, u32::MAX), // the MULHSU result
        (AluOp::Mulhu, 0x1_0000, 0x1_0000, 0),
    ];
    for (op, b, c, a) in wrong {
        assert_ne!(op.eval(b, c), a);
        let mut events = honest.to_vec();
        events.push(AluEvent { op, a, b, c });
        assert!(
            prove_mul(&events).is_err(),
            "{op:?}({b:#x}, {c:#x}) = {a:#x} accepted"
        );
    }
}

#[test]
fn mul_result_with_out_of_range_limb_is_rejected() {
    // MULHU(2^32 - 1, 2^32 - 1) = 0xffff_fffe: claim (0xfffe + 2^16, 0xffff - 1), the same
    // number with a low limb of 17 bits. Every other constraint is kept satisfied: chunk 2's
    // carry drops by one, and the byte table's multiplicities follow the row's lookups except
    // the one with no table entry.
    let events = [AluEvent::new(AluOp::Mulhu, u32::MAX, u32::MAX)];
    let mut traces = Traces::new(mul::generate_trace, &events);
    let row: &mut MulCols<Val> = traces.chip.values[..NUM_MUL_COLS].borrow_mut();
    let (lo, hi) = (0xfffe, 0xffff);
    assert_eq!(row.product[2], Val::from_u32(lo));
    row.product[2] += Val::from_u32(1 << 16);
    row.product[3] -= Val::ONE;
    let carry = row.carry[2];
    let (low, high) = (carry.low.as_u8(), carry.high.as_u8());
    let (new_low, new_high) = if low > 0 {
        (low - 1, high)
    } else {
        (7, high - 1)
    };
    row.carry[2].low = Val::from_u8(new_low);
    row.carry[2].high = Val::from_u8(new_high);
    traces.move_lookup(ByteOp::Range, (low, high), Some((new_low, new_high)));
    traces.move_u16(lo, None);
    traces.move_u16(hi, Some(hi - 1));
    traces.cpu.values[1] += Val::from_u32(1 << 16);
    traces.cpu.values[2] -= Val::ONE;
    assert!(traces.prove(Chip::Mul(MulAir)).is_err());
}

// ---------------------------------------------------------------------------------------------
// divrem

#[test]
fn divrem_reference_values() {
    let cases = [
        (AluOp::Div, (-7i32) as u32, 2, (-3i32) as u32),
        (AluOp::Rem, (-7i32) as u32, 2, u32::MAX),
        (AluOp::Rem, 7, (-2i32) as u32, 1),
        (AluOp::Divu, 7, 0, u32::MAX),
        (AluOp::Div, 7, 0, u32::MAX),
        (AluOp::Rem, (-7i32) as u32, 0, (-7i32) as u32),
        (AluOp::Remu, 7, 0, 7),
        (AluOp::Div, 0x8000_0000, u32::MAX, 0x8000_0000),
        (AluOp::Rem, 0x8000_0000, u32::MAX, 0),
        (AluOp::Divu, 0x8000_0000, u32::MAX, 0),
        (AluOp::Remu, u32::MAX, 0x1_0000, 0xffff),
    ];
    for (op, b, c, a) in cases {
        assert_eq!(op.eval(b, c), a, "{op:?}({b:#x}, {c:#x})");
    }
    let events: Vec<_> = cases
        .iter()
        .map(|&(op, b, c, a)| AluEvent { op, a, b, c })
        .collect();
    prove_divrem(&events).unwrap();
}

#[test]
fn divrem_honest_edge_and_random_values_verify() {
    // The edge values include division by zero and i32::MIN / -1 for every op.
    let events = events(&DIV_OPS, 48, 0x5eed_0002);
    prove_divrem(&events).unwrap();
}

#[test]
fn divrem_every_corrupted_cell_is_rejected() {
    let events = [
        AluEvent::new(AluOp::Rem, (-7i32) as u32, 2),
        AluEvent::new(AluOp::Divu, 0x8765_4321, 0x1_0003),
        AluEvent::new(AluOp::Div, 0x8000_0000, u32::MAX),
        AluEvent::new(AluOp::Div, (-7i32) as u32, 0),
    ];
    // Row 0 is signed with negative b, q and r: every column takes part in a constraint.
    assert_every_cell_matters(
        divrem::generate_trace,
        Chip::DivRem(DivRemAir),
        NUM_DIVREM_COLS,
        &events,
        0,
    );
}

#[test]
fn divrem_consistently_wrong_results_are_rejected() {
    let honest = [
        AluEvent::new(AluOp::Div, 100, 7),
        AluEvent::new(AluOp::Remu, 100, 7),
    ];
    prove_divrem(&honest).unwrap();
    let neg = |x: i32| x as u32;
    // The CPU and the chip claim the same wrong result; the chip's row is recomputed for it
    // (the other of q, r derived from the product relation where it can be).
    let wrong = [
        // Remainder too large: q - 1, r + c.
        (AluOp::Divu, 100, 7, 13),
        (AluOp::Remu, 100, 7, 9),
        // Remainder of the wrong sign: -7 = -4 * 2 + 1.
        (AluOp::Div, neg(-7), 2, neg(-4)),
        (AluOp::Rem, neg(-7), 2, 1),
        // Remainder negative for a positive dividend: 7 = 4 * 2 - 1.
        (AluOp::Rem, 7, 2, neg(-1)),
        // Remainder bound on |c| for negative divisors: 7 = -2 * -3 + 1 is honest; 7 = -3 * -3 - 2 is not.
        (AluOp::Div, 7, neg(-3), 3),
        // Division by zero with a made-up quotient.
        (AluOp::Divu, 7, 0, 0),
        (AluOp::Div, 7, 0, 1),
        (AluOp::Rem, 7, 0, 0),
        // Overflow with the mathematically right quotient 2^31 wrapped, and with remainder.
        (AluOp::Div, 0x8000_0000, u32::MAX, 0x7fff_ffff),
        (AluOp::Rem, 0x8000_0000, u32::MAX, 1),
        // Unsigned ops with signed answers and vice versa.
        (AluOp::Divu, neg(-8), 2, neg(-4)),
        (AluOp::Div, neg(-8), 2, 0x7fff_fffc),
    ];
    for (op, b, c, a) in wrong {
        assert_ne!(op.eval(b, c), a, "{op:?}({b:#x}, {c:#x})");
        let mut events = honest.to_vec();
        events.push(AluEvent { op, a, b, c });
        assert!(
            prove_divrem(&events).is_err(),
            "{op:?}({b:#x}, {c:#x}) = {a:#x} accepted"
        );
    }
}

#[test]
fn divrem_result_with_out_of_range_limb_is_rejected() {
    // REMU(0x3_0005, 0x2_0000) = 0x1_0005: claim (5 + 2^16, 0), the same number with a 17-bit
    // low limb. The rest of the row is kept consistent: chunk 0's carry grows by one and the
    // bound's borrow by one; the byte table follows every lookup but the impossible one.
    let events = [AluEvent::new(AluOp::Remu, 0x3_0005, 0x2_0000)];
    let mut traces = Traces::new(divrem::generate_trace, &events);
    let row: &mut DivRemCols<Val> = traces.chip.values[..NUM_DIVREM_COLS].borrow_mut();
    assert_eq!(row.r, [Val::from_u32(5), Val::ONE]);
    row.r = [Val::from_u32(5 + (1 << 16)), Val::ZERO];
    let carry = row.carry[0];
    let (low, high) = (carry.low.as_u8(), carry.high.as_u8());
    assert!(low < 255);
    row.carry[0].low += Val::ONE;
    assert_eq!(row.borrow, Val::ONE);
    row.borrow = Val::TWO;
    traces.move_lookup(ByteOp::Range, (low, high), Some((low + 1, high)));
    traces.move_u16(5, None);
    traces.move_u16(1, Some(0));
    traces.cpu.values[1] += Val::from_u32(1 << 16);
    traces.cpu.values[2] -= Val::ONE;
    assert!(traces.prove(Chip::DivRem(DivRemAir)).is_err());

    // DIVU(0x2_0000, 1) = 0x2_0000 with the quotient's byte 1 = 256 (limb 0x1_0000).
    let events = [AluEvent::new(AluOp::Divu, 0x2_0000, 1)];
    let mut traces = Traces::new(divrem::generate_trace, &events);
    let row: &mut DivRemCols<Val> = traces.chip.values[..NUM_DIVREM_COLS].borrow_mut();
    row.q[1] = Val::from_u32(256);
    row.q[2] = Val::ONE;
    // Chunk 0 now sums to 2^16: its carry becomes 1.
    assert_eq!([row.carry[0].low, row.carry[0].high], [Val::ZERO; 2]);
    row.carry[0].low = Val::ONE;
    traces.move_lookup(ByteOp::Range, (0, 0), None);
    traces.move_lookup(ByteOp::Range, (2, 0), Some((1, 0)));
    traces.move_lookup(ByteOp::Range, (0, 0), Some((1, 0)));
    traces.cpu.values[1] += Val::from_u32(1 << 16);
    traces.cpu.values[2] -= Val::ONE;
    assert!(traces.prove(Chip::DivRem(DivRemAir)).is_err());
}

/// Reads a small canonical field element as a byte.
trait AsU8 {
    fn as_u8(&self) -> u8;
}

impl AsU8 for Val {
    fn as_u8(&self) -> u8 {
        use p3_field::PrimeField32;
        u8::try_from(self.as_canonical_u32()).expect("a byte")
    }
}
