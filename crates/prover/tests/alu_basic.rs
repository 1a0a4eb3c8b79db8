//! The basic ALU chips (`add_sub`, `bitwise`, `lt`, `shift`), each proved beside a stub CPU
//! sending its ops on the `exec` bus and the byte table.
//!
//! Honest traces over edge cases and seeded random operands verify; a single corrupted cell in
//! any column of a real row, a consistently wrong result (claimed by the CPU and by a chip row
//! built for it), and results with out-of-range limbs are rejected. In the cheating tests the
//! byte table's multiplicities count exactly the lookups of the cheating trace that the table
//! holds, as a cheating prover would set them, so a rejection comes from the chip's own checks.

use std::borrow::BorrowMut;

use gluecp_prover::Val;
use gluecp_prover::bus::{AluOp, EXEC_BUS, EXEC_TUPLE_LEN, limbs};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::alu::add_sub::{self, AddSubAir, AddSubCols};
use gluecp_prover::chips::alu::bitwise::{self, BitwiseAir, BitwiseCols};
use gluecp_prover::chips::alu::lt::{self, LtAir, LtCols};
use gluecp_prover::chips::alu::shift::{self, ShiftAir, ShiftCols};
use gluecp_prover::chips::byte::{ByteAir, ByteLookups, ByteOp};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::record::AluEvent;
use gluecp_prover::testing::{corrupt, prove_and_verify};
use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};
use p3_matrix::dense::RowMajorMatrix;

/// A chip's trace generator.
type Generate = fn(&[AluEvent], &mut ByteLookups) -> RowMajorMatrix<Val>;

/// A tiny seeded xorshift64 for reproducible random operands.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }
}

/// Operands that sit on limb, sign and carry boundaries.
const EDGES: [u32; 10] = [
    0,
    1,
    2,
    0xffff,
    0x1_0000,
    0x7fff_ffff,
    0x8000_0000, // i32::MIN
    0x8000_0001,
    0xffff_fffe,
    u32::MAX, // -1
];

/// The ALU fields `(op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi)` of `a = op(b, c)` ([`message`]
/// makes the `exec` tuple).
fn tuple(op: AluOp, a: u32, b: u32, c: u32) -> Vec<u32> {
    let [a0, a1] = limbs(a);
    let [b0, b1] = limbs(b);
    let [c0, c1] = limbs(c);
    vec![op as u32, a0, a1, b0, b1, c0, c1]
}

/// The `exec` tuple `(op, 0, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, 0, 0)` of ALU fields.
fn message(fields: &[u32]) -> Vec<u32> {
    let mut message = vec![fields[0], 0];
    message.extend(&fields[1..]);
    message.extend([0, 0]);
    message
}

fn tuples(events: &[AluEvent]) -> Vec<Vec<u32>> {
    events.iter().map(|e| tuple(e.op, e.a, e.b, e.c)).collect()
}

/// Proves the chip tables beside a stub CPU sending `sent` (count 1 each) and the byte table
/// with `bytes`' multiplicities.
fn prove(
    tables: Vec<(Chip, RowMajorMatrix<Val>)>,
    sent: &[Vec<u32>],
    bytes: &ByteLookups,
) -> Result<(), String> {
    let cpu = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
    let rows: Vec<_> = sent.iter().map(|t| (message(t), 1)).collect();
    let cpu_trace = cpu.generate_trace(&rows);
    let (mut chips, mut traces): (Vec<_>, Vec<_>) = tables.into_iter().unzip();
    chips.extend([Chip::Stub(cpu), Chip::Byte(ByteAir)]);
    traces.extend([cpu_trace, bytes.generate_trace()]);
    prove_and_verify(&chips, traces)
}

/// Every pair of edge operands and `random` seeded random pairs (one in eight equal), for each
/// of `ops`.
fn events(ops: &[AluOp], random: usize, seed: u64) -> Vec<AluEvent> {
    let mut rng = XorShift(seed);
    let mut events = Vec::new();
    for &op in ops {
        for b in EDGES {
            for c in EDGES {
                events.push(AluEvent::new(op, b, c));
            }
        }
        for i in 0..random {
            let b = rng.next();
            let c = if i % 8 == 0 { b } else { rng.next() };
            events.push(AluEvent::new(op, b, c));
        }
    }
    events
}

/// Shifts of edge and random words by every amount, with `c`'s ignored bits set at random.
fn shift_events() -> Vec<AluEvent> {
    let mut rng = XorShift(0x5eed_5a1f);
    let words = [
        0,
        1,
        0x8000_0000,
        u32::MAX,
        0x8765_4321,
        rng.next(),
        rng.next(),
    ];
    let mut events = Vec::new();
    for op in [AluOp::Sll, AluOp::Srl, AluOp::Sra] {
        for b in words {
            for sh in 0..32 {
                let c = if sh % 3 == 0 {
                    sh
                } else {
                    rng.next() & !31 | sh
                };
                events.push(AluEvent::new(op, b, c));
            }
        }
    }
    events
}

#[test]
fn honest_traces_of_the_four_chips_verify() {
    let chips: [(Chip, Generate, Vec<AluEvent>); 4] = [
        (
            Chip::AddSub(AddSubAir),
            add_sub::generate_trace,
            events(&[AluOp::Add, AluOp::Sub], 24, 1),
        ),
        (
            Chip::Bitwise(BitwiseAir),
            bitwise::generate_trace,
            events(&[AluOp::Xor, AluOp::Or, AluOp::And], 16, 2),
        ),
        (
            Chip::Lt(LtAir),
            lt::generate_trace,
            events(&[AluOp::Slt, AluOp::Sltu, AluOp::Eq], 24, 3),
        ),
        (Chip::Shift(ShiftAir), shift::generate_trace, shift_events()),
    ];
    let mut bytes = ByteLookups::default();
    let mut sent = Vec::new();
    let mut tables = Vec::new();
    for (chip, generate, events) in chips {
        tables.push((chip, generate(&events, &mut bytes)));
        sent.extend(tuples(&events));
    }
    prove(tables, &sent, &bytes).unwrap();
}

/// Flips each column of row `row` of the trace of `events` in turn: every flip must be
/// rejected.
fn assert_every_cell_of_row_is_guarded(
    chip: Chip,
    generate: Generate,
    events: &[AluEvent],
    row: usize,
) {
    let mut bytes = ByteLookups::default();
    let trace = generate(events, &mut bytes);
    let sent = tuples(events);
    prove(vec![(chip.clone(), trace.clone())], &sent, &bytes).unwrap();
    for col in 0..trace.width {
        let mut bad = trace.clone();
        corrupt(&mut bad, row, col);
        assert!(
            prove(vec![(chip.clone(), bad)], &sent, &bytes).is_err(),
            "column {col} of row {row} ({:?}) is not guarded",
            events[row]
        );
    }
}

#[test]
fn add_sub_rejects_a_corrupted_cell() {
    let events = [
        AluEvent::new(AluOp::Add, 0x8000_ffff, 0x8000_0001),
        AluEvent::new(AluOp::Sub, 5, 0x1_0007),
    ];
    assert_every_cell_of_row_is_guarded(
        Chip::AddSub(AddSubAir),
        add_sub::generate_trace,
        &events,
        1,
    );
}

#[test]
fn bitwise_rejects_a_corrupted_cell() {
    // XOR rows, and OR rows, which look up AND with the result `b + c - a`.
    for op in [AluOp::Xor, AluOp::Or] {
        let events = [AluEvent::new(op, 0x8765_4321, 0x0ff0_1234)];
        assert_every_cell_of_row_is_guarded(
            Chip::Bitwise(BitwiseAir),
            bitwise::generate_trace,
            &events,
            0,
        );
    }
}

#[test]
fn lt_rejects_a_corrupted_cell() {
    let events = [
        AluEvent::new(AluOp::Slt, 0xffff_fff0, 5),
        AluEvent::new(AluOp::Eq, 0x1234_5678, 0x1234_5679),
    ];
    for row in 0..events.len() {
        assert_every_cell_of_row_is_guarded(Chip::Lt(LtAir), lt::generate_trace, &events, row);
    }
}

#[test]
fn shift_rejects_a_corrupted_cell() {
    let events = [AluEvent::new(AluOp::Sra, 0x8765_4321, 0xffff_ff0d)];
    assert_every_cell_of_row_is_guarded(Chip::Shift(ShiftAir), shift::generate_trace, &events, 0);
}

/// The trace of `events` with row `row` patched by `cheat`, and the byte multiplicities of the
/// other rows plus those `record` adds for the cheating row.
fn cheating_trace<C>(
    generate: Generate,
    events: &[AluEvent],
    row: usize,
    cheat: impl FnOnce(&mut C),
    record: impl FnOnce(&mut ByteLookups),
) -> (RowMajorMatrix<Val>, ByteLookups)
where
    [Val]: BorrowMut<C>,
{
    let mut trace = generate(events, &mut ByteLookups::default());
    let width = trace.width;
    cheat(trace.values[row * width..][..width].borrow_mut());
    let mut bytes = ByteLookups::default();
    let others: Vec<_> = (0..events.len())
        .filter(|&i| i != row)
        .map(|i| events[i])
        .collect();
    generate(&others, &mut bytes);
    record(&mut bytes);
    (trace, bytes)
}

/// A wrong event (claimed by the CPU) whose row the chip's generator builds as it would for a
/// right one; the byte multiplicities are those the row asks for.
fn assert_wrong_result_rejected(chip: Chip, generate: Generate, wrong: AluEvent) {
    let mut bytes = ByteLookups::default();
    let trace = generate(&[wrong], &mut bytes);
    let sent = tuples(&[wrong]);
    assert!(
        prove(vec![(chip, trace)], &sent, &bytes).is_err(),
        "{wrong:?} accepted"
    );
}

/// The verifier rejects on the buses alone: it checks every constraint at the out-of-domain
/// point before the buses' terminal sum, so this error means the constraints all held and only
/// a lookup the table cannot provide (the CPU's tuple matches the chip row's) gave the cheat
/// away.
fn assert_only_a_lookup_fails(result: Result<(), String>) {
    let err = result.expect_err("cheat accepted");
    assert!(
        err.contains("Lookup(TerminalSumNonZero)"),
        "rejected for another reason: {err}"
    );
}

fn with_result(op: AluOp, b: u32, c: u32, a: u32) -> AluEvent {
    assert_ne!(a, op.eval(b, c), "not a wrong result");
    AluEvent { op, a, b, c }
}

#[test]
fn add_sub_rejects_wrong_results() {
    let chip = || Chip::AddSub(AddSubAir);
    // The carry out of the low limb dropped.
    assert_wrong_result_rejected(
        chip(),
        add_sub::generate_trace,
        with_result(AluOp::Add, 0xffff, 1, 0),
    );
    // SUB claiming the sum.
    assert_wrong_result_rejected(
        chip(),
        add_sub::generate_trace,
        with_result(AluOp::Sub, 9, 4, 13),
    );
    // ADD claiming the difference.
    assert_wrong_result_rejected(
        chip(),
        add_sub::generate_trace,
        with_result(AluOp::Add, 9, 4, 5),
    );
}

#[test]
fn add_sub_rejects_an_out_of_range_limb() {
    // 0x0001_8000 + 0x8000 = 0x0002_0000, claimed as a_lo = 2^16, a_hi = 1: both carries are
    // then 0 and every constraint holds; only the range check of a_lo can refuse it.
    let events = [AluEvent::new(AluOp::Add, 0x0001_8000, 0x8000)];
    let (trace, bytes) = cheating_trace(
        add_sub::generate_trace,
        &events,
        0,
        |row: &mut AddSubCols<Val>| row.a = [Val::from_u32(1 << 16), Val::ONE],
        |bytes| bytes.record_u16(1),
    );
    let sent = [vec![AluOp::Add as u32, 1 << 16, 1, 0x8000, 1, 0x8000, 0]];
    assert_only_a_lookup_fails(prove(vec![(Chip::AddSub(AddSubAir), trace)], &sent, &bytes));
}

/// `wrong` proven by the bitwise chip, with the byte lookups its cheating row makes that the
/// table holds: `held(a, b, c)` names the table op whose entry byte `a` of the result matches,
/// if any.
fn assert_bitwise_wrong_result_rejected(
    wrong: AluEvent,
    held: impl Fn(u8, u8, u8) -> Option<ByteOp>,
) {
    let (trace, bytes) = cheating_trace(
        bitwise::generate_trace,
        &[wrong],
        0,
        |_: &mut BitwiseCols<Val>| {},
        |bytes| {
            let [a, b, c] = [wrong.a, wrong.b, wrong.c].map(u32::to_le_bytes);
            for i in 0..4 {
                if let Some(op) = held(a[i], b[i], c[i]) {
                    bytes.record(op, b[i], c[i]);
                }
            }
        },
    );
    let tables = vec![(Chip::Bitwise(BitwiseAir), trace)];
    assert!(
        prove(tables, &tuples(&[wrong]), &bytes).is_err(),
        "{wrong:?} accepted"
    );
}

#[test]
fn bitwise_rejects_wrong_results() {
    let (b, c) = (0xf0f0_1234, 0x0ff0_4321);
    // XOR claiming OR: its XOR lookups hold where no bit is set in both.
    assert_bitwise_wrong_result_rejected(with_result(AluOp::Xor, b, c, b | c), |a, b, c| {
        (a == b ^ c).then_some(ByteOp::Xor)
    });
    // OR claiming XOR: its AND lookups of `b + c - a` hold where that is `b & c`, the same bytes.
    assert_bitwise_wrong_result_rejected(with_result(AluOp::Or, b, c, b ^ c), |a, b, c| {
        let sum_less_a = u32::from(b) + u32::from(c) - u32::from(a);
        (sum_less_a == u32::from(b & c)).then_some(ByteOp::And)
    });
}

#[test]
fn bitwise_rejects_an_out_of_range_limb() {
    // AND with a's byte 1 raised by 256 and byte 2 lowered by 1: a_lo = 2^16 + x, a_hi - 1.
    let (b, c) = (0x1234_5678, 0x0f0f_f0f0);
    let a = b & c; // 0x0204_5070
    let events = [AluEvent::new(AluOp::And, b, c)];
    let (trace, bytes) = cheating_trace(
        bitwise::generate_trace,
        &events,
        0,
        |row: &mut BitwiseCols<Val>| {
            row.a[1] += Val::from_u32(256);
            row.a[2] -= Val::ONE;
        },
        |bytes| {
            let (b, c) = (b.to_le_bytes(), c.to_le_bytes());
            for i in [0, 3] {
                bytes.record(ByteOp::And, b[i], c[i]);
            }
        },
    );
    let [b0, b1] = limbs(b);
    let [c0, c1] = limbs(c);
    let sent = [vec![
        AluOp::And as u32,
        (a & 0xffff) + (1 << 16),
        (a >> 16) - 1,
        b0,
        b1,
        c0,
        c1,
    ]];
    assert_only_a_lookup_fails(prove(
        vec![(Chip::Bitwise(BitwiseAir), trace)],
        &sent,
        &bytes,
    ));
}

#[test]
fn lt_rejects_wrong_results() {
    let chip = || Chip::Lt(LtAir);
    assert_wrong_result_rejected(
        chip(),
        lt::generate_trace,
        with_result(AluOp::Sltu, 1, 2, 0),
    );
    assert_wrong_result_rejected(
        chip(),
        lt::generate_trace,
        with_result(AluOp::Sltu, 2, 1, 2),
    );
    assert_wrong_result_rejected(chip(), lt::generate_trace, with_result(AluOp::Eq, 7, 7, 0));
    assert_wrong_result_rejected(
        chip(),
        lt::generate_trace,
        with_result(AluOp::Eq, 7, 0x1_0007, 1),
    );
    // Signed order read as unsigned.
    assert_wrong_result_rejected(
        chip(),
        lt::generate_trace,
        with_result(AluOp::Slt, u32::MAX, 1, 0),
    );
}

#[test]
fn slt_rejects_a_wrong_sign_bit() {
    // SLT(-1, 1) claimed 0 by a row that calls -1 non-negative: the unsigned borrow is 0, so
    // a = 0 fits every constraint; only the sign lookup refuses b_neg.
    let events = [AluEvent::new(AluOp::Slt, u32::MAX, 1)];
    let (trace, bytes) = cheating_trace(
        lt::generate_trace,
        &events,
        0,
        |row: &mut LtCols<Val>| {
            row.a = Val::ZERO;
            row.b_neg_or_inv = Val::ZERO;
        },
        |bytes| {
            bytes.record_u16(0xfffe); // diff = -2
            bytes.record_u16(0xffff);
            bytes.record_u16(0); // c's sign check, 2 * 0
        },
    );
    let sent = [tuple(AluOp::Slt, 0, u32::MAX, 1)];
    assert_only_a_lookup_fails(prove(vec![(Chip::Lt(LtAir), trace)], &sent, &bytes));
}

#[test]
fn eq_rejects_an_out_of_range_difference() {
    // EQ(b, b) claimed 0 with diff = (2^16, -1): both borrows stay boolean (1, then 0) and the
    // sum 2^16 - 1 is invertible, so only the range checks of diff refuse it.
    let b = 0x0003_0005;
    let events = [AluEvent::new(AluOp::Eq, b, b)];
    let (trace, bytes) = cheating_trace(
        lt::generate_trace,
        &events,
        0,
        |row: &mut LtCols<Val>| {
            row.a = Val::ZERO;
            row.diff = [Val::from_u32(1 << 16), -Val::ONE];
            row.b_neg_or_inv = Val::from_u32(0xffff).inverse();
        },
        |_| {},
    );
    let sent = [tuple(AluOp::Eq, 0, b, b)];
    assert_only_a_lookup_fails(prove(vec![(Chip::Lt(LtAir), trace)], &sent, &bytes));
}

#[test]
fn lt_rejects_an_out_of_range_result() {
    // a = 2^16 + 1 with a_hi = -1 (the wrapped limb pair of a word 1): the chip's a_hi is 0.
    let events = [AluEvent::new(AluOp::Sltu, 1, 2)];
    let (trace, bytes) = cheating_trace(
        lt::generate_trace,
        &events,
        0,
        |row: &mut LtCols<Val>| row.a = Val::from_u32((1 << 16) + 1),
        |bytes| {
            bytes.record_u16(0xffff);
            bytes.record_u16(0xffff);
        },
    );
    let minus_one = (-Val::ONE).as_canonical_u32();
    let sent = [vec![
        AluOp::Sltu as u32,
        (1 << 16) + 1,
        minus_one,
        1,
        0,
        2,
        0,
    ]];
    assert!(prove(vec![(Chip::Lt(LtAir), trace)], &sent, &bytes).is_err());
}

/// Records the byte lookups a shift row makes on its product (`kappa` recomputed from `b_lo`
/// and `mult`), not the shift-amount or sign lookups.
fn record_product_lookups(bytes: &mut ByteLookups, row: &ShiftCols<Val>) {
    let [p0, p1, p2, p3, p4] = row.product.map(|p| p.as_canonical_u32());
    let b_lo = row.b[0].as_canonical_u32();
    let mult = row.mult.as_canonical_u32();
    let kappa = (b_lo * mult).wrapping_sub(p0 + 256 * p1) >> 16;
    for (x, y) in [(p0, p1), (p2, p3), (p4, kappa)] {
        if x < 256 && y < 256 {
            bytes.record(ByteOp::Range, x as u8, y as u8);
        }
    }
}

#[test]
fn shift_rejects_a_wrong_amount() {
    // SRL by c claimed as SRL by c + 1, the row built for c + 1 but carrying c: the amount's
    // lookup (c_lo - sh) / 32 is then not a 16-bit number.
    let (b, c) = (0x8765_4321, 0xabcd_0004);
    let right = AluEvent::new(AluOp::Srl, b, c + 1);
    let mut trace = shift::generate_trace(&[right], &mut ByteLookups::default());
    let width = trace.width;
    let row: &mut ShiftCols<Val> = trace.values[..width].borrow_mut();
    row.c[0] -= Val::ONE;
    let mut bytes = ByteLookups::default();
    record_product_lookups(&mut bytes, row);
    let sent = [tuple(AluOp::Srl, b >> 5, b, c)];
    assert!(prove(vec![(Chip::Shift(ShiftAir), trace)], &sent, &bytes).is_err());
}

#[test]
fn shift_rejects_wrong_results() {
    let chip = || Chip::Shift(ShiftAir);
    assert_wrong_result_rejected(
        chip(),
        shift::generate_trace,
        with_result(AluOp::Sra, 0x8000_0000, 4, 0x0800_0000),
    );
    assert_wrong_result_rejected(
        chip(),
        shift::generate_trace,
        with_result(AluOp::Sll, 3, 33, 0),
    );
}

#[test]
fn sra_rejects_a_wrong_sign_bit() {
    // SRA(i32::MIN, 4) claimed as the SRL result by an SRL row relabelled SRA (b_neg = 0):
    // every constraint holds; only the sign lookup refuses it.
    let srl = AluEvent::new(AluOp::Srl, 0x8000_0000, 4);
    let mut bytes = ByteLookups::default();
    let mut trace = shift::generate_trace(&[srl], &mut bytes);
    let width = trace.width;
    let row: &mut ShiftCols<Val> = trace.values[..width].borrow_mut();
    row.is_sra = Val::ONE;
    let sent = [tuple(AluOp::Sra, srl.a, srl.b, srl.c)];
    assert_only_a_lookup_fails(prove(vec![(Chip::Shift(ShiftAir), trace)], &sent, &bytes));
}

#[test]
fn shift_rejects_an_out_of_range_limb() {
    // SLL(0x1234_ffff, 1) = 0x2469_fffe with product byte 1 raised by 256 and byte 2 lowered by
    // 1 (kappa drops by 1): the product constraints hold and the result reads
    // a_lo = 2^16 + 0xfffe, a_hi = 0x2468; only the byte range check refuses it.
    let events = [AluEvent::new(AluOp::Sll, 0x1234_ffff, 1)];
    let (trace, bytes) = cheating_trace(
        shift::generate_trace,
        &events,
        0,
        |row: &mut ShiftCols<Val>| {
            row.product[1] += Val::from_u32(256);
            row.product[2] -= Val::ONE;
        },
        |bytes| {
            bytes.record_u16(0); // (c_lo - sh) / 32
            bytes.record(ByteOp::Range, 0x68, 0x24);
            bytes.record(ByteOp::Range, 0, 0);
        },
    );
    let sent = [vec![
        AluOp::Sll as u32,
        (1 << 16) + 0xfffe,
        0x2468,
        0xffff,
        0x1234,
        1,
        0,
    ]];
    assert_only_a_lookup_fails(prove(vec![(Chip::Shift(ShiftAir), trace)], &sent, &bytes));
}
