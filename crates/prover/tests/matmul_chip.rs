//! The `matmul` chip's three tables against stubs for the CPU (`exec` bus) and the memory
//! (`memory` bus), with the real byte table.
//!
//! Honest calls verify (operands at odd addresses sharing words, extreme values, several
//! calls, dot products filling some, one or several rows of four lanes); every cell of every real row is bound; a forged product, a wrong operand byte
//! (the `matmul-byte` bus), a call no multiply-accumulate serves (the `matmul-call` bus),
//! dimensions above 2^11 and operands past the end of memory are rejected.

use gluecp_abi::ecall::coprocessor::MATMUL_I8;
use gluecp_prover::Val;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::matmul::{
    ARG_REGS, MATMUL_WORD_AIR, MatmulCallAir, MatmulMacAir, call_trace, mac_rows, mac_trace,
    word_trace,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::record::{MatmulEvent, MemoryAccess, MemoryState};
use gluecp_prover::testing::{
    XorShift, corrupt, debug_check, memory_stub, memory_stub_rows, prove_and_verify,
};
use p3_air::BaseAir;
use p3_matrix::Matrix;
use p3_matrix::dense::RowMajorMatrix;

/// One call's operands: C at `c`, A at `a`, B at `b`, the dimensions at `d`.
#[derive(Clone, Copy)]
struct Spec {
    clk: u32,
    c: u32,
    a: u32,
    b: u32,
    d: u32,
    dims: [u32; 3],
}

/// Writes the dimensions and random operand bytes (with -128 and 127 first) into `mem`, then
/// runs the call as the executor does, returning its event.
fn call(mem: &mut MemoryState, spec: Spec, seed: u64) -> MatmulEvent {
    let Spec {
        clk,
        c,
        a,
        b,
        d,
        dims: [m, k, n],
    } = spec;
    let mut rng = XorShift(seed | 1);
    let set_byte = |mem: &mut MemoryState, addr: u32, byte: u8, ts: u32| {
        let word = mem.value(addr & !3);
        let shift = 8 * (addr & 3);
        mem.write(
            addr & !3,
            (word & !(0xff << shift)) | u32::from(byte) << shift,
            ts,
        );
    };
    // Set up before the call, one timestamp per write.
    let setup_writes = 6 + m * k + k * n;
    let mut t = timestamp(clk, 2) - 1 - setup_writes;
    let mut next = || {
        t += 1;
        t
    };
    for (i, dim) in [m, k, n].into_iter().enumerate() {
        mem.write(d + 4 * i as u32, dim, next());
    }
    let extremes = [0x80u8, 0x7f];
    for (i, addr) in (a..a + m * k).chain(b..b + k * n).enumerate() {
        let byte = extremes.get(i).copied().unwrap_or(rng.next_u32() as u8);
        set_byte(mem, addr, byte, next());
    }
    for (reg, value) in ARG_REGS.into_iter().zip([a, b, d]) {
        mem.write(reg, value, next());
    }

    let stamp = timestamp(clk, 2);
    let args = ARG_REGS.map(|r| mem.read(r, stamp));
    let dims = [0, 4, 8].map(|o| mem.read(d + o, stamp));
    let words = |start: u32, len: u32| (start & !3..(start + len).next_multiple_of(4)).step_by(4);
    let mut addrs: Vec<u32> = words(a, m * k).chain(words(b, k * n)).collect();
    addrs.sort_unstable();
    addrs.dedup();
    let reads: Vec<MemoryAccess> = addrs.into_iter().map(|w| mem.read(w, stamp)).collect();
    let byte = |mem: &MemoryState, addr: u32| {
        i32::from((mem.value(addr & !3) >> (8 * (addr & 3))) as u8 as i8)
    };
    let mut values = Vec::new();
    for i in 0..m {
        for j in 0..n {
            let sum: i32 = (0..k)
                .map(|p| byte(mem, a + i * k + p) * byte(mem, b + p * n + j))
                .sum();
            values.push((c + 4 * (i * n + j), sum as u32));
        }
    }
    let writes = values
        .into_iter()
        .map(|(addr, value)| mem.write(addr, value, stamp))
        .collect();
    MatmulEvent {
        clk,
        c,
        a,
        b,
        d,
        m,
        k,
        n,
        args,
        dims,
        reads,
        writes,
    }
}

/// Four calls: A and B at odd addresses sharing a word; dot products of 3, 1, 9 and 8 terms
/// (partial rows of lanes, one lane, three rows, two full rows).
fn calls() -> Vec<MatmulEvent> {
    let mut mem = MemoryState::default();
    let spec = |clk, c, a, b, dims| Spec {
        clk,
        c,
        a,
        b,
        d: 0x5000,
        dims,
    };
    [
        spec(100, 0x4000, 0x2001, 0x2007, [2, 3, 4]),
        spec(200, 0x4100, 0x3003, 0x3100, [3, 1, 2]),
        spec(300, 0x4200, 0x3201, 0x3302, [2, 9, 3]),
        spec(400, 0x4300, 0x3400, 0x3500, [1, 8, 2]),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, spec)| call(&mut mem, spec, i as u64 + 1))
    .collect()
}

/// The tables of a proof of `events` (each possibly tampered with by a test) and the stubs
/// standing in for the CPU and the memory.
struct Setup {
    call: RowMajorMatrix<Val>,
    mac: RowMajorMatrix<Val>,
    word: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    syscalls: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
}

impl Setup {
    fn new(events: &[MatmulEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let call = call_trace(events, &mut bytes);
        let mac = mac_trace(events, &mut bytes);
        let word = word_trace(events, &mut bytes);
        Self {
            call,
            mac,
            word,
            bytes,
            syscalls: syscall_rows(events),
            memory: memory_rows(events),
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let exec = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let chips = vec![
            Chip::Matmul(MatmulCallAir),
            Chip::MatmulMac(MatmulMacAir),
            Chip::WordBytes(MATMUL_WORD_AIR),
            Chip::Stub(exec.clone()),
            Chip::Stub(memory_stub()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.call.clone(),
            self.mac.clone(),
            self.word.clone(),
            exec.generate_trace(&self.syscalls),
            memory_stub().generate_trace(&self.memory),
            self.bytes.generate_trace(),
        ];
        (chips, traces)
    }

    /// A full proof and its verification.
    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }

    /// The checks a debug prover makes, without proving: every table's constraints, then
    /// every bus's balance. Fast enough to sweep every cell.
    fn check(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        debug_check(&chips, &traces, &[], &[0, 1, 2])
    }
}

fn syscall_rows(events: &[MatmulEvent]) -> Vec<(Vec<u32>, i32)> {
    events
        .iter()
        .map(|e| {
            let [lo, hi] = limbs(e.c);
            let message = [SYSCALL_OP, e.clk, MATMUL_I8, lo, hi, lo, hi, 0, 0, 0];
            (message.to_vec(), 1)
        })
        .collect()
}

fn memory_rows(events: &[MatmulEvent]) -> Vec<(Vec<u32>, i32)> {
    let accesses: Vec<MemoryAccess> = events
        .iter()
        .flat_map(|e| {
            e.args
                .iter()
                .chain(&e.dims)
                .chain(&e.reads)
                .chain(&e.writes)
        })
        .copied()
        .collect();
    memory_stub_rows(&accesses)
}

#[test]
fn honest_calls_verify() {
    Setup::new(&calls()).prove().expect("honest calls verify");
    let setup = Setup::new(&calls());
    setup.check().expect("and pass the debug checks");
}

#[test]
fn largest_dimension_and_top_of_memory_verify() {
    // m = 2^11 with C ending exactly at 2^29; A at the lowest address.
    let mut mem = MemoryState::default();
    let m = 1 << 11;
    let spec = Spec {
        clk: 10_000,
        c: (1 << 29) - 4 * m,
        a: 0x1000,
        b: 0x1000 + m,
        d: 0x9000,
        dims: [m, 1, 1],
    };
    Setup::new(&[call(&mut mem, spec, 3)])
        .check()
        .expect("verifies");
}

/// One of [`Setup`]'s tables.
type TableOf = fn(&mut Setup) -> &mut RowMajorMatrix<Val>;

#[test]
fn every_cell_of_every_real_row_is_bound() {
    let events = calls();
    let word_rows = events.iter().map(|e| e.reads.len()).sum();
    let tables: [(&str, TableOf, usize); 3] = [
        ("matmul", |s| &mut s.call, events.len()),
        ("matmul-mac", |s| &mut s.mac, mac_rows(&events)),
        ("matmul-word", |s| &mut s.word, word_rows),
    ];
    for (table, trace, real_rows) in tables {
        let mut setup = Setup::new(&events);
        let width = trace(&mut setup).width();
        for row in 0..real_rows {
            for col in 0..width {
                let mut bad = Setup::new(&events);
                corrupt(trace(&mut bad), row, col);
                assert!(
                    bad.check().is_err(),
                    "{table}: corrupting row {row} column {col} was not detected"
                );
            }
        }
    }
}

#[test]
fn corrupted_cells_fail_verification() {
    // A few cells through the real prover and verifier, one per table.
    for (table, row, col) in [(0, 0, 9), (1, 5, 18), (2, 1, 4)] {
        let mut setup = Setup::new(&calls());
        let trace = match table {
            0 => &mut setup.call,
            1 => &mut setup.mac,
            _ => &mut setup.word,
        };
        corrupt(trace, row, col);
        assert!(setup.prove().is_err(), "table {table} cell ({row}, {col})");
    }
}

#[test]
fn forged_product_is_rejected() {
    // The memory expects C[1][2] + 1: the chip writes the true product, the bus does not
    // balance.
    let mut events = calls();
    let write = &mut events[0].writes[6];
    write.value = write.value.wrapping_add(1);
    assert_eq!(Setup::new(&events).check(), Err("unbalanced bus".into()));
    assert!(Setup::new(&events).prove().is_err());
}

#[test]
fn wrong_operand_byte_is_rejected() {
    // A cheating multiply-accumulate table computes with a different A[0][0] (a consistent
    // product, written as such): only its `matmul-byte` lookup has nothing to match.
    let honest = calls();
    let mut forged = honest.clone();
    let event = &mut forged[0];
    let word = event
        .reads
        .iter_mut()
        .find(|r| r.addr == event.a & !3)
        .unwrap();
    word.value ^= 1 << (8 * (event.a & 3));
    let a00 = |e: &MatmulEvent| {
        let w = e.reads.iter().find(|r| r.addr == e.a & !3).unwrap();
        i32::from((w.value >> (8 * (e.a & 3))) as u8 as i8)
    };
    let delta = a00(event) - a00(&honest[0]);
    for j in 0..event.n as usize {
        let b0j = {
            let addr = event.b + j as u32;
            let w = event.reads.iter().find(|r| r.addr == addr & !3).unwrap();
            i32::from((w.value >> (8 * (addr & 3))) as u8 as i8)
        };
        let write = &mut event.writes[j];
        write.value = (write.value as i32 + delta * b0j) as u32;
    }
    let mut setup = Setup::new(&honest);
    let mut bytes = ByteLookups::default();
    setup.mac = mac_trace(&forged, &mut bytes);
    let mut all = ByteLookups::default();
    call_trace(&honest, &mut all);
    word_trace(&honest, &mut all);
    mac_trace(&forged, &mut all);
    setup.bytes = all;
    // The memory sees the forged products written.
    let mut accesses: Vec<MemoryAccess> = Vec::new();
    for (h, f) in honest.iter().zip(&forged) {
        accesses.extend(h.args.iter().chain(&h.dims).chain(&h.reads).copied());
        accesses.extend(f.writes.iter().copied());
    }
    setup.memory = memory_stub_rows(&accesses);
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    assert!(setup.prove().is_err());
}

#[test]
fn call_without_multiply_accumulates_is_rejected() {
    // The call table sends both calls; the multiply-accumulate table serves only the first
    // (its rows for the second are padding) and the second's products are never written.
    let events = calls();
    let mut setup = Setup::new(&events);
    let mut bytes = ByteLookups::default();
    setup.mac = mac_trace(&events[..1], &mut bytes);
    let mut all = ByteLookups::default();
    call_trace(&events, &mut all);
    mac_trace(&events[..1], &mut all);
    // The word table provides the second call's bytes to nobody: counts 0.
    let word = word_trace(&events, &mut all);
    setup.word = zero_counts_of_call(word, events[0].reads.len());
    setup.bytes = all;
    let accesses: Vec<MemoryAccess> = events
        .iter()
        .flat_map(|e| e.args.iter().chain(&e.dims).chain(&e.reads))
        .chain(&events[0].writes)
        .copied()
        .collect();
    setup.memory = memory_stub_rows(&accesses);
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    assert!(setup.prove().is_err());
}

/// `word` with the counts of rows from `from` on set to 0.
fn zero_counts_of_call(mut word: RowMajorMatrix<Val>, from: usize) -> RowMajorMatrix<Val> {
    use gluecp_prover::chips::word_bytes::{NUM_WORD_BYTES_COLS, WordBytesCols};
    use p3_field::PrimeCharacteristicRing;
    use std::borrow::BorrowMut;
    for row in word.values.chunks_exact_mut(NUM_WORD_BYTES_COLS).skip(from) {
        let row: &mut WordBytesCols<Val> = row.borrow_mut();
        row.counts = [Val::ZERO; 4];
    }
    word
}

#[test]
fn dimensions_above_2_11_are_rejected() {
    let mut mem = MemoryState::default();
    let spec = Spec {
        clk: 10_000,
        c: 0x10000,
        a: 0x2000,
        b: 0x3000,
        d: 0x9000,
        dims: [(1 << 11) + 1, 1, 1],
    };
    // Only the range check of `32 (m - 1)` fails: the rows are otherwise consistent.
    assert_eq!(
        Setup::new(&[call(&mut mem, spec, 4)]).check(),
        Err("unbalanced bus".into())
    );
}

#[test]
fn operands_past_the_end_of_memory_are_rejected() {
    // Each operand in turn ends 4 bytes past 2^29 (C) or 1 byte past (A, B), or starts
    // below 0x1000.
    let base = Spec {
        clk: 10_000,
        c: 0x8000,
        a: 0x2000,
        b: 0x3000,
        d: 0x9000,
        dims: [2, 2, 2],
    };
    let top = 1 << 29;
    let bad = [
        Spec {
            c: top - 12,
            ..base
        },
        Spec { a: top - 3, ..base },
        Spec { b: top - 3, ..base },
        Spec { a: 0xffe, ..base },
        Spec { d: top - 8, ..base },
    ];
    for spec in bad {
        let mut mem = MemoryState::default();
        let event = call(&mut mem, spec, 5);
        // Only a bound's range check fails.
        assert_eq!(
            Setup::new(&[event]).check(),
            Err("unbalanced bus".into()),
            "C {:#x} A {:#x} B {:#x} D {:#x}",
            spec.c,
            spec.a,
            spec.b,
            spec.d
        );
    }
}

#[test]
fn shape() {
    use gluecp_prover::chips::matmul::{NUM_MATMUL_CALL_COLS, NUM_MATMUL_MAC_COLS};
    assert_eq!(NUM_MATMUL_MAC_COLS, 36);
    assert_eq!(gluecp_prover::chips::word_bytes::NUM_WORD_BYTES_COLS, 19);
    assert_eq!(NUM_MATMUL_CALL_COLS, 44);
    assert_eq!(BaseAir::<Val>::width(&MatmulMacAir), 36);
}

#[test]
fn a_dot_product_cut_short_is_rejected() {
    // The fourth call's first dot product (8 terms, rows 32 and 33): its last row drops its
    // last lane, with the sum and the written word made consistent with the shorter sum.
    use gluecp_prover::chips::matmul::{MatmulMacCols, NUM_MATMUL_MAC_COLS};
    use p3_field::{PrimeCharacteristicRing, PrimeField32};
    use std::borrow::BorrowMut;
    let events = calls();
    let mut setup = Setup::new(&events);
    let row: &mut MatmulMacCols<Val> = setup
        .mac
        .values
        .chunks_exact_mut(NUM_MATMUL_MAC_COLS)
        .nth(33)
        .unwrap()
        .borrow_mut();
    assert_eq!(row.last_p, Val::ONE);
    assert_eq!(row.p_rem, Val::from_u32(3));
    row.acc -= row.a[3] * row.b[3];
    row.active[2] = Val::ZERO;
    row.a[3] = Val::ZERO;
    row.b[3] = Val::ZERO;
    let acc = row.acc.as_canonical_u32();
    let acc = if acc > Val::ORDER_U32 / 2 {
        -((Val::ORDER_U32 - acc) as i32)
    } else {
        acc as i32
    };
    let word = if acc < 0 { acc + (1 << 26) } else { acc } as u32;
    row.out_lo = Val::from_u32(word & 0xffff);
    row.out_h = Val::from_u32(word >> 16);
    row.out_neg = Val::from_bool(acc < 0);
    assert_eq!(
        setup.check().err(),
        Some("constraint failure in matmul-mac".to_string())
    );
}

#[test]
fn an_output_limb_above_16_bits_is_rejected() {
    // A product `acc >= 1024` written as `out_lo = acc - 1024`, `out_h = 64^-1` (so that
    // `2^16 out_h = 1024` in the field): the identity holds and `64 out_h = 1` is 16-bit,
    // but the word's high limb, `64^-1`, is not: the 16-bit check of `out_h` fails, and
    // only it (the byte table's other counts are adjusted to the cheat).
    use gluecp_prover::chips::byte::{ByteOp, NUM_BYTE_COLS, row_of};
    use gluecp_prover::chips::matmul::{MatmulMacCols, NUM_MATMUL_MAC_COLS};
    use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};
    use std::borrow::BorrowMut;
    let events = calls();
    let mut setup = Setup::new(&events);
    let inv64 = Val::from_u32(64).inverse();
    let (mut old, mut new) = (Vec::new(), Vec::new());
    let mut target = None;
    for (r, row) in setup
        .mac
        .values
        .chunks_exact_mut(NUM_MATMUL_MAC_COLS)
        .enumerate()
    {
        let row: &mut MatmulMacCols<Val> = row.borrow_mut();
        let acc = row.acc.as_canonical_u32();
        if row.last_p == Val::ONE && (1024..1 << 16).contains(&acc) {
            old = vec![acc, 0, 0];
            new = vec![acc - 1024, 1];
            row.out_lo = Val::from_u32(acc - 1024);
            row.out_h = inv64;
            target = Some((r, row.c_addr.as_canonical_u32(), acc));
            break;
        }
    }
    let (_, c_addr, acc) = target.expect("a product in 1024..2^16");
    // The memory sees the cheating limbs.
    for (tuple, count) in &mut setup.memory {
        if *count == -1 && tuple[0] == c_addr && tuple[1] == acc && tuple[2] == 0 {
            tuple[1] = acc - 1024;
            tuple[2] = inv64.as_canonical_u32();
        }
    }
    let mut byte = setup.bytes.generate_trace();
    let mut u16_count = |value: u32, delta: i32| {
        let [low, high] = (value as u16).to_le_bytes();
        byte.values[row_of(high, low) * NUM_BYTE_COLS + ByteOp::U16 as usize] +=
            Val::from_i32(delta);
    };
    for v in old {
        u16_count(v, -1);
    }
    for v in new {
        u16_count(v, 1);
    }
    let (chips, mut traces) = setup.tables();
    traces[5] = byte;
    traces[1] = setup.mac.clone();
    // The constraints hold; the bus does not balance.
    assert_eq!(
        debug_check(&chips, &traces, &[], &[1]),
        Err("unbalanced bus".into()),
        "the cheating limb balanced"
    );
}
