//! The `keccak` chip (Keccak-f with an optional absorb) against stubs for the CPU (`syscall`
//! bus) and the memory (`memory` bus), with the real byte table.
//!
//! Honest calls (pure permutations, absorbs of 8 / 136 / 200 bytes from aligned and unaligned
//! addresses, chained calls on one state) verify; a forged output, a forged absorbed word,
//! corrupted cells, a call without its permutation, a wrong call number, pointers out of range
//! and an unaligned absorb passed off as an aligned one are rejected.

use std::borrow::Borrow;

use gluecp_abi::ecall::coprocessor::KECCAK_F;
use gluecp_prover::Val;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{AccessCols, EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups, ByteOp, NUM_BYTE_COLS, row_of};
use gluecp_prover::chips::keccak::{
    ABSORB_WORD_AIR, AbsorbCols, AbsorbWords, KeccakAbsorbAir, KeccakAbsorbUnalignedAir,
    KeccakChipAir, KeccakChipCols, MiscCheck, NUM_ABSORB_COLS, NUM_KECCAK_CHIP_COLS,
    NUM_UNALIGNED_COLS, SLOTS, UnalignedCols, absorb_words, generate_absorb_trace, generate_trace,
    generate_unaligned_trace, slot_word,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::chips::word_bytes::{self, NUM_WORD_BYTES_COLS};
use gluecp_prover::record::{MemoryAccess, MemoryState, SyscallEvent};
use gluecp_prover::testing::{
    XorShift, corrupt, debug_check, memory_stub, memory_stub_rows, prove_and_verify,
};
use p3_field::Field;
use p3_field::{PrimeCharacteristicRing, PrimeField32};
use p3_keccak::KeccakF;
use p3_keccak_air::NUM_KECCAK_COLS;
use p3_matrix::dense::RowMajorMatrix;
use p3_symmetric::Permutation;

const STATE: u32 = 0x2000;
const DATA: u32 = 0x3000;

/// Guest memory with a random state at `STATE` and random data at `DATA` (204 bytes each).
fn memory(seed: u64) -> MemoryState {
    let mut rng = XorShift(seed | 1);
    let init: Vec<(u32, u32)> = (0..51)
        .flat_map(|w| [(STATE + 4 * w, 0), (DATA + 4 * w, 0)])
        .map(|(addr, _)| (addr, rng.next_u32()))
        .collect();
    MemoryState::new(init)
}

/// Runs `KECCAK_F(a0, a1, a2)` at `clk` on `mem` as the VM would, returning its event.
fn call(mem: &mut MemoryState, clk: u32, a0: u32, a1: u32, a2: u32) -> SyscallEvent {
    // The CPU set the argument registers earlier.
    mem.write(11, a1, timestamp(clk - 1, 3));
    mem.write(12, a2, timestamp(clk, 0));
    let t = timestamp(clk, 2);
    let args = vec![mem.read(11, t), mem.read(12, t)];
    // The words holding the absorbed bytes, at any alignment.
    let first = a1 & !3;
    let reads = if a2 == 0 {
        0
    } else {
        (a2 + a1 % 4).div_ceil(4)
    };
    let mut words: Vec<MemoryAccess> = (0..reads).map(|j| mem.read(first + 4 * j, t)).collect();
    let mut lanes: [u64; 25] = core::array::from_fn(|l| {
        let word = |w: u32| u64::from(mem.value(a0 + 4 * w));
        word(2 * l as u32) | word(2 * l as u32 + 1) << 32
    });
    for i in 0..a2 {
        let byte = mem.value((a1 + i) & !3) >> (8 * ((a1 + i) % 4)) & 0xff;
        lanes[i as usize / 8] ^= u64::from(byte) << (8 * (i % 8));
    }
    KeccakF.permute_mut(&mut lanes);
    for w in 0..50u32 {
        let value = (lanes[w as usize / 2] >> (32 * (w % 2))) as u32;
        words.push(mem.write(a0 + 4 * w, value, t));
    }
    SyscallEvent {
        clk,
        number: KECCAK_F,
        a0,
        ret: a0,
        args,
        words,
    }
}

fn syscall_rows(events: &[SyscallEvent]) -> Vec<(Vec<u32>, i32)> {
    events
        .iter()
        .map(|e| {
            let [a0_lo, a0_hi] = limbs(e.a0);
            let [r_lo, r_hi] = limbs(e.ret);
            let message = [
                SYSCALL_OP, e.clk, e.number, a0_lo, a0_hi, r_lo, r_hi, 0, 0, 0,
            ];
            (message.to_vec(), 1)
        })
        .collect()
}

fn memory_rows(events: &[SyscallEvent]) -> Vec<(Vec<u32>, i32)> {
    let accesses: Vec<MemoryAccess> = events
        .iter()
        .flat_map(|e| e.args.iter().chain(&e.words).copied())
        .collect();
    memory_stub_rows(&accesses)
}

/// The tables for a proof of `events`: the chip's trace (possibly tampered with by the
/// caller), the CPU's calls and the memory around the accesses.
#[derive(Clone)]
struct Setup {
    keccak: RowMajorMatrix<Val>,
    /// The `keccak-absorb` table (padding only when no call absorbs from an aligned address).
    absorb: RowMajorMatrix<Val>,
    /// The `keccak-absorb-unaligned` and `keccak-absorb-word` tables (padding only when no
    /// call absorbs from an unaligned address).
    unaligned: RowMajorMatrix<Val>,
    words: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    syscalls: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
    /// Changes to the byte table's 16-bit range-check multiplicities `(value, delta)`, for a
    /// test that rewrites the chip's range-checked values.
    u16_changes: Vec<(u32, i32)>,
    /// The same for the byte-pair range checks `((a, b), delta)`.
    range_changes: Vec<((u32, u32), i32)>,
}

impl Setup {
    fn new(events: &[SyscallEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let keccak = generate_trace(events, &mut bytes);
        let absorbed = absorb_words(events);
        let absorb = generate_absorb_trace(&absorbed.aligned, &mut bytes);
        let unaligned = generate_unaligned_trace(&absorbed.unaligned, &mut bytes);
        let words = word_bytes::generate_trace(&absorbed.reads, false, &mut bytes);
        Self {
            keccak,
            absorb,
            unaligned,
            words,
            bytes,
            syscalls: syscall_rows(events),
            memory: memory_rows(events),
            u16_changes: Vec::new(),
            range_changes: Vec::new(),
        }
    }

    /// The tables and their traces.
    fn tables(&self) -> ([Chip; 7], Vec<RowMajorMatrix<Val>>) {
        let syscall = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let memory = memory_stub();
        let traces = vec![
            self.keccak.clone(),
            self.absorb.clone(),
            self.unaligned.clone(),
            self.words.clone(),
            syscall.generate_trace(&self.syscalls),
            memory.generate_trace(&self.memory),
            self.byte_trace(),
        ];
        let chips = [
            Chip::Keccak(KeccakChipAir),
            Chip::KeccakAbsorb(KeccakAbsorbAir),
            Chip::KeccakAbsorbUnaligned(KeccakAbsorbUnalignedAir),
            Chip::WordBytes(ABSORB_WORD_AIR),
            Chip::Stub(syscall),
            Chip::Stub(memory),
            Chip::Byte(ByteAir),
        ];
        (chips, traces)
    }

    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }
}

impl Setup {
    /// The exact check a debug prover makes, without proving: the chip's constraints on every
    /// row, then every bus's multiset balance. Fast enough to sweep every cell of a row.
    fn check(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        // The constraints of the chip and the absorb tables (not of the stubs and bytes).
        debug_check(&chips, &traces, &[], &[0, 1, 2, 3]).map_err(|e| {
            if e.starts_with("constraint failure") {
                "constraint failure".into()
            } else {
                e
            }
        })
    }

    fn byte_trace(&self) -> RowMajorMatrix<Val> {
        let mut trace = self.bytes.generate_trace();
        for &(value, delta) in &self.u16_changes {
            let Ok(value) = u16::try_from(value) else {
                continue; // no table entry: the lookup stays unmatched
            };
            let [low, high] = value.to_le_bytes();
            let cell = row_of(high, low) * NUM_BYTE_COLS + ByteOp::U16 as usize;
            trace.values[cell] += Val::from_i32(delta);
        }
        for &((a, b), delta) in &self.range_changes {
            let (Ok(a), Ok(b)) = (u8::try_from(a), u8::try_from(b)) else {
                continue; // no table entry: the lookup stays unmatched
            };
            let cell = row_of(a, b) * NUM_BYTE_COLS + ByteOp::Range as usize;
            trace.values[cell] += Val::from_i32(delta);
        }
        trace
    }
}

fn assert_proves(events: &[SyscallEvent]) {
    Setup::new(events).prove().expect("honest calls verify");
}

#[test]
fn honest_calls_verify() {
    // A pure permutation, then absorbs of one lane, a Keccak-256 block and the whole state.
    let mut mem = memory(2);
    let events = vec![
        call(&mut mem, 10, STATE, 0, 0),
        call(&mut mem, 20, STATE, DATA, 8),
        call(&mut mem, 30, STATE, DATA + 8, 136),
        call(&mut mem, 40, STATE, DATA, 200),
    ];
    assert_proves(&events);
}

#[test]
fn unaligned_absorbs_verify() {
    // Every misalignment, one lane to the whole state, beside aligned absorbs in one proof.
    let mut mem = memory(7);
    let events = vec![
        call(&mut mem, 10, STATE, DATA + 1, 8),
        call(&mut mem, 20, STATE, DATA, 136),
        call(&mut mem, 30, STATE, DATA + 2, 136),
        call(&mut mem, 40, STATE, 0, 0),
        call(&mut mem, 50, STATE, DATA + 3, 200),
        call(&mut mem, 60, STATE, DATA + 4, 8),
    ];
    let absorbed = absorb_words(&events);
    assert_eq!(absorbed.aligned.len(), (136 + 8) / 4);
    assert_eq!(absorbed.unaligned.len(), (8 + 136 + 200) / 4);
    assert_eq!(absorbed.reads.len(), 3 + 35 + 51);
    assert_proves(&events);
    // Only unaligned absorbs.
    let mut mem = memory(8);
    assert_proves(&[call(&mut mem, 10, STATE, DATA + 1, 200)]);
}

#[test]
fn chained_calls_and_padding_verify() {
    // Five calls (120 rows in a 128-row trace: a partial padding permutation at the end), a
    // sponge over one state: absorb, permute, absorb again.
    let mut mem = memory(3);
    let events = vec![
        call(&mut mem, 10, STATE, DATA, 136),
        call(&mut mem, 11, STATE, 0, 0),
        call(&mut mem, 12, STATE, DATA + 64, 136),
        call(&mut mem, 13, DATA, STATE, 8),
        call(&mut mem, 14, STATE, 0xdead_beef, 0),
    ];
    assert_proves(&events);
}

#[test]
fn pointer_range_edges_verify() {
    // The lowest state, and a state and absorb ending exactly at 2^29.
    let top = (1 << 29) - 200;
    let mut mem = memory(4);
    let events = vec![
        call(&mut mem, 10, 0x1000, top, 200),
        call(&mut mem, 20, top, 0x1000 + 200, 8),
        call(&mut mem, 30, 0xfff8, (1 << 29) - 8, 8),
        call(&mut mem, 40, STATE, 0x1001, 136),
        call(&mut mem, 50, STATE, (1 << 29) - 139, 136),
    ];
    assert_proves(&events);
}

#[test]
fn no_calls_verify() {
    assert_proves(&[]);
}

// ---------------------------------------------------------------------------------------------
// Rejections.

type Cols = KeccakChipCols<Val>;

/// Column index of a field of the chip's row.
fn col(f: impl Fn(&Cols) -> &Val) -> usize {
    let row = vec![Val::ZERO; NUM_KECCAK_CHIP_COLS];
    let cols: &Cols = row.as_slice().borrow();
    let base = row.as_ptr() as usize;
    (f(cols) as *const Val as usize - base) / size_of::<Val>()
}

fn set(trace: &mut RowMajorMatrix<Val>, row: usize, col: usize, value: Val) {
    let width = trace.width;
    trace.values[row * width + col] = value;
}

fn one_call(len: u32) -> Vec<SyscallEvent> {
    let mut mem = memory(5);
    vec![call(&mut mem, 10, STATE, DATA, len)]
}

#[test]
fn forged_output_is_rejected() {
    // The chip's export row and the memory both claim a wrong output word 7: the bus balances,
    // the permutation's constraints do not.
    let events = one_call(136);
    let mut setup = Setup::new(&events);
    let (y, x, limb) = gluecp_prover::chips::keccak::word_limb(7, 0);
    let c = col(|c| &c.keccak.a_prime_prime[y][x][limb]);
    let honest = setup.keccak.values[23 * NUM_KECCAK_CHIP_COLS + c];
    set(&mut setup.keccak, 23, c, honest + Val::ONE);
    let n = 136 / 4;
    let state_write = &mut setup.memory[2 * (2 + n + 7) + 1];
    assert_eq!(state_write.0[0], STATE + 28);
    state_write.0[1] = (state_write.0[1] + 1) & 0xffff;
    assert!(setup.prove().is_err());
}

#[test]
fn call_without_permutation_is_rejected() {
    // The CPU makes two calls, the chip serves one.
    let mut mem = memory(6);
    let events = vec![
        call(&mut mem, 10, STATE, DATA, 8),
        call(&mut mem, 20, STATE, 0, 0),
    ];
    let mut setup = Setup::new(&events[..1]);
    setup.syscalls = syscall_rows(&events);
    assert!(setup.prove().is_err());
    // Or claims its permutation is padding (is_real = 0): the call is then never received.
    let mut setup = Setup::new(&events[..1]);
    for row in 0..24 {
        set(&mut setup.keccak, row, col(|c| &c.call.is_real), Val::ZERO);
    }
    assert!(setup.prove().is_err());
}

#[test]
fn wrong_call_number_is_rejected() {
    let events = one_call(0);
    let mut setup = Setup::new(&events);
    setup.syscalls[0].0[2] = KECCAK_F + 1;
    assert!(setup.prove().is_err());
}

/// A call whose trace is built for a valid pointer, then rewritten to claim `a0` (state) or
/// `a1` (absorb) everywhere, consistently with the CPU and the memory.
fn retarget(a0: Option<u32>, a1: Option<u32>) -> Setup {
    let len = 8;
    let events = one_call(len);
    let mut setup = Setup::new(&events);
    let old_a0 = events[0].a0;
    let old_a1 = events[0].args[0].value;
    let (new_a0, new_a1) = (a0.unwrap_or(old_a0), a1.unwrap_or(old_a1));
    for row in 0..24 {
        for (j, limb) in limbs(new_a0).into_iter().enumerate() {
            set(
                &mut setup.keccak,
                row,
                col(|c| &c.call.a0[j]),
                Val::from_u32(limb),
            );
        }
        for (j, limb) in limbs(new_a1).into_iter().enumerate() {
            set(
                &mut setup.keccak,
                row,
                col(|c| &c.call.a1[j]),
                Val::from_u32(limb),
            );
        }
        // The slots' addresses follow the pointers (but for the register reads of slots 0
        // and 1 on the export row, whose value follows `a1`).
        for k in 0..SLOTS {
            let four_word = 4 * slot_word(row, k).unwrap_or(0) as u32;
            let addr = Val::from_u32(new_a0 + four_word);
            if !(row == 23 && k < 2) {
                set(&mut setup.keccak, row, col(|c| &c.slots[k].addr), addr);
            }
            let addr = Val::from_u32(new_a1 + four_word);
            set(
                &mut setup.keccak,
                row,
                col(|c| &c.slots[k].absorb_addr),
                addr,
            );
        }
    }
    for (j, limb) in limbs(new_a1).into_iter().enumerate() {
        for o in [false, true] {
            let c = if o {
                col(|c| &c.slots[0].o[j])
            } else {
                col(|c| &c.slots[0].p[j])
            };
            set(&mut setup.keccak, 23, c, Val::from_u32(limb));
        }
    }
    for j in 0..len / 4 {
        let addr = Val::from_u32(new_a1 + 4 * j);
        set(
            &mut setup.absorb,
            j as usize,
            absorb_col(|c| &c.word.addr),
            addr,
        );
    }
    // The pointer checks of rows 0..=10, redone as the trace generator would for the new
    // pointers (the borrow / carry bits; a value off the 16-bit range has no table entry).
    let check_value = |check: MiscCheck, a0: u32, a1: u32| -> (Val, u32) {
        let [a0_lo, a0_hi] = limbs(a0);
        let [a1_lo, a1_hi] = limbs(a1);
        let bit = match check {
            MiscCheck::A0LowerLo | MiscCheck::A0LowerHi => a0_lo < 0x1000,
            MiscCheck::A0UpperLo | MiscCheck::A0UpperHi => a0_lo + 199 >= 1 << 16,
            MiscCheck::A1LowerLo | MiscCheck::A1LowerHi => a1_lo < 0x1000,
            MiscCheck::A1UpperLo | MiscCheck::A1UpperHi => a1_lo + len > 1 << 16,
            _ => false,
        };
        let bit = Val::from_bool(bit);
        // The call's `a1_rem` bits stay those of the honest (aligned) call: 0.
        let value = check.value::<Val>(
            [Val::from_u32(a0_lo), Val::from_u32(a0_hi)],
            [Val::from_u32(a1_lo), Val::from_u32(a1_hi)],
            Val::ZERO,
            Val::from_u32(len),
            bit,
        );
        (bit, value.as_canonical_u32())
    };
    for (row, check) in MiscCheck::ALL.into_iter().enumerate() {
        let (_, old) = check_value(check, old_a0, old_a1);
        let (bit, new) = check_value(check, new_a0, new_a1);
        setup.u16_changes.push((old, -1));
        setup.u16_changes.push((new, 1));
        set(&mut setup.keccak, row, col(|c| &c.bit), bit);
        set(
            &mut setup.keccak,
            row,
            col(|c| &c.misc_value),
            Val::from_u32(new),
        );
    }
    let [lo, hi] = limbs(new_a0);
    setup.syscalls[0].0[3..7].copy_from_slice(&[lo, hi, lo, hi]);
    let moved = |addr: u32| {
        if (old_a0..old_a0 + 200).contains(&addr) {
            addr.wrapping_sub(old_a0).wrapping_add(new_a0)
        } else if (old_a1..old_a1 + len).contains(&addr) {
            addr.wrapping_sub(old_a1).wrapping_add(new_a1)
        } else {
            addr
        }
    };
    for (tuple, _) in &mut setup.memory {
        tuple[0] = moved(tuple[0]);
        if tuple[0] == 11 {
            let [lo, hi] = limbs(new_a1);
            tuple[1] = lo;
            tuple[2] = hi;
        }
    }
    setup
}

#[test]
fn retargeted_pointers_in_range_verify() {
    // The rewriting itself is sound: valid pointers still verify.
    let setup = retarget(Some(0x8000), Some(0x9000));
    setup.check().expect("valid pointers pass the check");
    setup.prove().expect("valid pointers verify");
}

#[test]
fn bad_pointer_ranges_are_rejected() {
    for (a0, a1) in [
        (Some(0x0ffc), None),          // state below MEM_START
        (Some(0), None),               // state on the registers
        (Some((1 << 29) - 196), None), // state past 2^29
        (Some(0x8002), None),          // misaligned state
        (None, Some(0x0ff8)),          // absorb below MEM_START
        (None, Some((1 << 29) - 4)),   // absorb past 2^29
        (None, Some(0x9002)),          // misaligned absorb claimed aligned (r = 0)
    ] {
        let setup = retarget(a0, a1);
        assert!(setup.check().is_err(), "{a0:x?} {a1:x?} must be rejected");
    }
    // And one through the verifier.
    assert!(retarget(Some(0x0ffc), None).prove().is_err());
}

/// Which table a sweep corrupts.
#[derive(Clone, Copy, Debug)]
enum Table {
    Keccak,
    Absorb,
    Unaligned,
    Words,
}

impl Setup {
    fn table_mut(&mut self, table: Table) -> &mut RowMajorMatrix<Val> {
        match table {
            Table::Keccak => &mut self.keccak,
            Table::Absorb => &mut self.absorb,
            Table::Unaligned => &mut self.unaligned,
            Table::Words => &mut self.words,
        }
    }
}

/// Every cell of `rows` of `table` for the single call `one_call(len)` in `columns`, flipped
/// alone, is rejected by the exact check.
fn sweep_table(
    table: Table,
    len: u32,
    rows: &[usize],
    columns: impl Iterator<Item = usize> + Clone,
) {
    sweep_events(&one_call(len), table, rows, columns);
}

/// As [`sweep_table`], for `events`.
fn sweep_events(
    events: &[SyscallEvent],
    table: Table,
    rows: &[usize],
    columns: impl Iterator<Item = usize> + Clone,
) {
    let setup = Setup::new(events);
    setup.check().expect("the honest trace passes the check");
    for &row in rows {
        for c in columns.clone() {
            let mut bad = setup.clone();
            corrupt(bad.table_mut(table), row, c);
            assert!(
                bad.check().is_err(),
                "{table:?} cell ({row}, {c}) flipped is accepted"
            );
        }
    }
}

fn sweep(len: u32, rows: &[usize], columns: impl Iterator<Item = usize> + Clone) {
    sweep_table(Table::Keccak, len, rows, columns);
}

/// Column index of a field of the `keccak-absorb` table's row.
fn absorb_col(f: impl Fn(&AbsorbCols<Val>) -> &Val) -> usize {
    let row = vec![Val::ZERO; NUM_ABSORB_COLS];
    let cols: &AbsorbCols<Val> = row.as_slice().borrow();
    let base = row.as_ptr() as usize;
    (f(cols) as *const Val as usize - base) / size_of::<Val>()
}

/// The single call `one_call(8)` with one access on `row` (at index `stub` of the memory stub's
/// rows) rewritten to claim the previous timestamp `prev_ts`, consistently with the memory and
/// the 16-bit check of `diff_lo`; the byte-pair range check of the `diff_hi` columns `his`
/// (the access's first, as the trace generator records them) follows only if both are bytes.
fn reclaim_prev_ts(
    row: usize,
    access: impl Fn(&Cols) -> &AccessCols<Val>,
    his: [usize; 2],
    stub: usize,
    prev_ts: u32,
) -> Setup {
    let events = one_call(8);
    let mut setup = Setup::new(&events);
    let ts = timestamp(10, 2);
    let cell = |setup: &Setup, c: usize| setup.keccak.values[row * NUM_KECCAK_CHIP_COLS + c];
    let old_his = his.map(|c| cell(&setup, c).as_canonical_u32());
    let old_lo = cell(&setup, col(|c| &access(c).diff_lo)).as_canonical_u32();
    assert_eq!(
        setup.memory[stub].0[3],
        cell(&setup, col(|c| &access(c).prev_ts)).as_canonical_u32()
    );
    // ts - prev_ts - 1 in the field: p - 2 for prev_ts = ts + 1.
    let diff = (Val::from_u32(ts) - Val::from_u32(prev_ts) - Val::ONE).as_canonical_u32();
    set(
        &mut setup.keccak,
        row,
        col(|c| &access(c).prev_ts),
        Val::from_u32(prev_ts),
    );
    set(
        &mut setup.keccak,
        row,
        col(|c| &access(c).diff_lo),
        Val::from_u32(diff & 0xffff),
    );
    set(
        &mut setup.keccak,
        row,
        col(|c| &access(c).diff_hi),
        Val::from_u32(diff >> 16),
    );
    setup.memory[stub].0[3] = prev_ts;
    setup.u16_changes.extend([(old_lo, -1), (diff & 0xffff, 1)]);
    let new_his = his.map(|c| cell(&setup, c).as_canonical_u32());
    setup.range_changes.extend([
        ((old_his[0], old_his[1]), -1),
        ((new_his[0], new_his[1]), 1),
    ]);
    setup
}

#[test]
fn accesses_from_the_future_are_rejected() {
    // Each access's `diff_hi` is range-checked in a pair with another's: an earlier previous
    // timestamp (diff_hi still a byte) passes, a later one (diff_hi about 2^15) does not.
    let ts = timestamp(10, 2);
    let his = [
        col(|c| &c.slots[0].access.diff_hi),
        col(|c| &c.slots[1].access.diff_hi),
    ];
    type Pick = fn(&Cols) -> &AccessCols<Val>;
    // State word 0 (slot 0 of row 0), the read of `a2` (slot 1 of the export row). The memory
    // stub's rows: the two register reads, the two absorbed words, then the state words, each
    // access a receive and a send.
    let cases: [(usize, Pick, usize); 2] = [
        (0, |c| &c.slots[0].access, 2 * (2 + 2)),
        (23, |c| &c.slots[1].access, 2),
    ];
    for (row, access, stub) in cases {
        let earlier = reclaim_prev_ts(row, access, his, stub, 1);
        earlier
            .check()
            .expect("an earlier previous timestamp passes");
        let later = reclaim_prev_ts(row, access, his, stub, ts + 1);
        assert_eq!(later.check(), Err("unbalanced bus".to_string()));
        assert!(later.prove().is_err());
    }
    // The read of absorbed word 1, in the `keccak-absorb` table (its `diff_hi` alone in its
    // range check).
    for (prev_ts, accepted) in [(1, true), (ts + 1, false)] {
        let events = one_call(8);
        let mut setup = Setup::new(&events);
        let access = |f: fn(&AccessCols<Val>) -> &Val| absorb_col(|c| f(&c.access));
        let cell = |setup: &Setup, c: usize| setup.absorb.values[NUM_ABSORB_COLS + c];
        let stub = 2 * (2 + 1);
        assert_eq!(
            setup.memory[stub].0[3],
            cell(&setup, access(|a| &a.prev_ts)).as_canonical_u32()
        );
        let old_lo = cell(&setup, access(|a| &a.diff_lo)).as_canonical_u32();
        let old_hi = cell(&setup, access(|a| &a.diff_hi)).as_canonical_u32();
        let diff = (Val::from_u32(ts) - Val::from_u32(prev_ts) - Val::ONE).as_canonical_u32();
        for (f, v) in [
            (access(|a| &a.prev_ts), prev_ts),
            (access(|a| &a.diff_lo), diff & 0xffff),
            (access(|a| &a.diff_hi), diff >> 16),
        ] {
            set(&mut setup.absorb, 1, f, Val::from_u32(v));
        }
        setup.memory[stub].0[3] = prev_ts;
        setup.u16_changes.extend([(old_lo, -1), (diff & 0xffff, 1)]);
        setup
            .range_changes
            .extend([((old_hi, 0), -1), ((diff >> 16, 0), 1)]);
        if accepted {
            setup.check().expect("an earlier previous timestamp passes");
        } else {
            assert_eq!(setup.check(), Err("unbalanced bus".to_string()));
            assert!(setup.prove().is_err());
        }
    }
}

#[test]
fn every_cell_of_a_row_is_bound() {
    // Row 1 of a 200-byte absorb: its three slots absorb, its `bit` takes part in a range
    // check; every column of the row matters there.
    sweep(200, &[1], 0..NUM_KECCAK_CHIP_COLS);
}

#[test]
fn wrapper_cells_of_other_rows_are_bound() {
    let wrapper = NUM_KECCAK_COLS..NUM_KECCAK_CHIP_COLS;
    // The first row (the absorb schedule's start) of a 136-byte absorb, in full.
    sweep(136, &[0], wrapper.clone());
    // The export row: the call, the register reads; its slots hold no word, so only the call's
    // columns, `rem` and the register reads are bound.
    let export_row =
        (NUM_KECCAK_COLS..col(|c| &c.slots[0].absorb)).chain([col(|c| &c.slots[0].absorb)]);
    sweep(8, &[23], export_row);
    // The register reads in slots 0 and 1 of the export row.
    let reads = (0..2).flat_map(|k| {
        [
            col(|c| &c.slots[k].p[0]),
            col(|c| &c.slots[k].p[1]),
            col(|c| &c.slots[k].o[0]),
            col(|c| &c.slots[k].o[1]),
            col(|c| &c.slots[k].access.prev_ts),
            col(|c| &c.slots[k].access.diff_lo),
            col(|c| &c.slots[k].access.diff_hi),
            col(|c| &c.slots[k].addr),
            col(|c| &c.slots[k].absorb_addr),
        ]
    });
    sweep(8, &[23], reads.collect::<Vec<_>>().into_iter());
    // A sample of the Keccak part on other rows, the export row included.
    sweep(8, &[0, 12, 23], (0..NUM_KECCAK_COLS).step_by(53));
}

#[test]
fn every_cell_of_an_absorb_row_is_bound() {
    // The first and last words of a 200-byte absorb.
    sweep_table(Table::Absorb, 200, &[0, 49], 0..NUM_ABSORB_COLS);
}

#[test]
fn forged_absorb_is_rejected() {
    // The absorb table claims another absorbed word 1, its XOR and byte lookups consistent and
    // the memory agreeing: the preimage word it proves is no longer the one the chip's tuple
    // carries, and the `keccak-absorb` bus does not balance.
    let events = one_call(8);
    let AbsorbWords {
        aligned: mut words, ..
    } = absorb_words(&events);
    words[1].a ^= 0x0101_0101;
    let mut setup = Setup::new(&events);
    let mut bytes = ByteLookups::default();
    setup.keccak = generate_trace(&events, &mut bytes);
    setup.absorb = generate_absorb_trace(&words, &mut bytes);
    setup.bytes = bytes;
    let stub = 2 * (2 + 1);
    let [lo, hi] = limbs(words[1].a);
    for row in &mut setup.memory[stub..stub + 2] {
        assert_eq!(row.0[0], DATA + 4);
        row.0[1] = lo;
        row.0[2] = hi;
    }
    assert_eq!(setup.check(), Err("unbalanced bus".to_string()));
    assert!(setup.prove().is_err());
    // Or drops an absorbed word (is_real = 0): the chip's tuple is never received.
    let mut setup = Setup::new(&events);
    set(
        &mut setup.absorb,
        0,
        absorb_col(|c| &c.word.is_real),
        Val::ZERO,
    );
    assert!(setup.prove().is_err());
}

#[test]
fn corrupted_cells_fail_verification() {
    // A few of the swept cells, through the prover and verifier.
    let events = one_call(136);
    let setup = Setup::new(&events);
    for (table, row, c) in [
        (Table::Keccak, 0, col(|c| &c.slots[1].p[0])),
        (Table::Absorb, 5, absorb_col(|c| &c.a_low[1])),
        (Table::Keccak, 23, col(|c| &c.call.clk)),
    ] {
        let mut bad = setup.clone();
        corrupt(bad.table_mut(table), row, c);
        assert!(bad.prove().is_err(), "cell ({row}, {c}) flipped verifies");
    }
}

/// The chip's cost per row: columns, LogUp columns after packing, degree.
#[test]
fn shape() {
    use gluecp_prover::ProofParams;
    use gluecp_prover::harness::table_shapes;
    use p3_batch_stark::ProverData;
    let config = ProofParams::insecure_for_tests().stark_config().unwrap();
    let airs = [Chip::Keccak(KeccakChipAir)];
    let data = ProverData::from_airs_and_degrees(&config, &airs, &[10]).unwrap();
    let shape = &table_shapes(&airs, &[10], &data.common.lookups)[0];
    println!("{shape:?}");
    // The figures README quotes: 2,633 + 153 columns; each state word's receive and send on
    // its slot row, with its absorb tuple; two accesses' high timestamp bytes in one range
    // check; the register reads in idle slots of the export row: 16 interactions packed into
    // 9 LogUp columns.
    assert_eq!(shape.width, NUM_KECCAK_COLS + 153);
    assert_eq!(shape.num_interactions, 16);
    assert_eq!(shape.num_lookup_columns, 9);
    assert!(shape.max_constraint_degree <= 3);
    // The absorb table: 18 columns, 9 interactions, one per LogUp column (its constraints are
    // of degree 2, so Plonky3 packs none: two interactions per column would take degree 3).
    let airs = [Chip::KeccakAbsorb(KeccakAbsorbAir)];
    let data = ProverData::from_airs_and_degrees(&config, &airs, &[10]).unwrap();
    let shape = &table_shapes(&airs, &[10], &data.common.lookups)[0];
    println!("{shape:?}");
    assert_eq!(shape.width, 18);
    assert_eq!(shape.num_interactions, 9);
    assert_eq!(shape.num_lookup_columns, 9);
    assert!(shape.max_constraint_degree <= 3);
    // The unaligned absorb table: 16 columns; the tuple, four byte lookups and four XORs.
    let airs = [Chip::KeccakAbsorbUnaligned(KeccakAbsorbUnalignedAir)];
    let data = ProverData::from_airs_and_degrees(&config, &airs, &[10]).unwrap();
    let shape = &table_shapes(&airs, &[10], &data.common.lookups)[0];
    println!("{shape:?}");
    assert_eq!(shape.width, 16);
    assert_eq!(shape.num_interactions, 9);
    assert_eq!(shape.num_lookup_columns, 9);
    assert!(shape.max_constraint_degree <= 3);
}

// ---------------------------------------------------------------------------------------------
// Unaligned absorbs.

fn unaligned_call(r: u32, len: u32) -> Vec<SyscallEvent> {
    let mut mem = memory(9);
    vec![call(&mut mem, 10, STATE, DATA + r, len)]
}

/// Column index of a field of the `keccak-absorb-unaligned` table's row.
fn unaligned_col(f: impl Fn(&UnalignedCols<Val>) -> &Val) -> usize {
    let row = vec![Val::ZERO; NUM_UNALIGNED_COLS];
    let cols: &UnalignedCols<Val> = row.as_slice().borrow();
    let base = row.as_ptr() as usize;
    (f(cols) as *const Val as usize - base) / size_of::<Val>()
}

#[test]
fn every_cell_of_an_unaligned_absorb_is_bound() {
    for r in 1..4 {
        let events = unaligned_call(r, 200);
        // The first and last words absorbed, in `keccak-absorb-unaligned`.
        sweep_events(&events, Table::Unaligned, &[0, 49], 0..NUM_UNALIGNED_COLS);
        // The first and last words read (bytes partly absorbed), and one inside.
        sweep_events(&events, Table::Words, &[0, 20, 50], 0..NUM_WORD_BYTES_COLS);
        // The chip's first row (the call's `a1_rem` bits) and the row of the `A1Word` check.
        let call = col(|c| &c.call.is_real)..col(|c| &c.rem);
        sweep_events(&events, Table::Keccak, &[0, 6], call);
    }
}

#[test]
fn unaligned_absorb_passed_off_as_aligned_is_rejected() {
    // The chip claims `a1` 4-aligned (`a1_rem = 0`) for an unaligned call, its tuples (and
    // the rows receiving them) saying `r = 0` too: the `A1Word` check `(a1_lo - 0) / 4` is off
    // the 16-bit range.
    let events = unaligned_call(1, 8);
    let mut setup = Setup::new(&events);
    for row in 0..24 {
        set(
            &mut setup.keccak,
            row,
            col(|c| &c.call.a1_rem[0]),
            Val::ZERO,
        );
    }
    for row in 0..2 {
        set(
            &mut setup.unaligned,
            row,
            unaligned_col(|c| &c.rem),
            Val::ZERO,
        );
    }
    let check_row = MiscCheck::ALL
        .iter()
        .position(|&c| c == MiscCheck::A1Word)
        .unwrap();
    let misc = col(|c| &c.misc_value);
    let old = setup.keccak.values[check_row * NUM_KECCAK_CHIP_COLS + misc];
    let new = old + Val::from_u32(4).inverse();
    set(&mut setup.keccak, check_row, misc, new);
    setup
        .u16_changes
        .extend([(old.as_canonical_u32(), -1), (new.as_canonical_u32(), 1)]);
    assert!(new.as_canonical_u32() >= 1 << 16);
    assert!(setup.check().is_err());
    // Or keeps `a1_rem` and has `keccak-absorb` serve the words, each "read" at its unaligned
    // address, memory agreeing: the tuples carry `r = 1`, the aligned table receives `r = 0`.
    let mut setup = Setup::new(&events);
    let absorbed = absorb_words(&events);
    let mut bytes = ByteLookups::default();
    setup.keccak = generate_trace(&events, &mut bytes);
    setup.absorb = generate_absorb_trace(&absorbed.unaligned, &mut bytes);
    setup.unaligned = generate_unaligned_trace(&[], &mut bytes);
    setup.words = word_bytes::generate_trace(&[], false, &mut bytes);
    setup.bytes = bytes;
    let ts = timestamp(10, 2);
    let reads: Vec<MemoryAccess> = absorbed
        .unaligned
        .iter()
        .map(|w| MemoryAccess {
            addr: w.addr,
            prev: w.a,
            value: w.a,
            prev_ts: 0,
            ts,
            read_only: false,
        })
        .collect();
    // The memory: the register reads, the aligned "reads", the state (no word reads).
    let event = &events[0];
    let accesses: Vec<MemoryAccess> = event
        .args
        .iter()
        .copied()
        .chain(reads)
        .chain(event.words[3..].iter().copied())
        .collect();
    setup.memory = memory_stub_rows(&accesses);
    assert_eq!(setup.check(), Err("unbalanced bus".to_string()));
    assert!(setup.prove().is_err());
}

#[test]
fn forged_unaligned_absorb_is_rejected() {
    // `keccak-absorb-unaligned` claims other bytes for word 1, its XOR lookups consistent: the
    // bytes are not those `keccak-absorb-word` read, and the byte bus does not balance.
    let events = unaligned_call(3, 8);
    let AbsorbWords { mut unaligned, .. } = absorb_words(&events);
    unaligned[1].a ^= 0x0100_0001;
    let mut setup = Setup::new(&events);
    let mut bytes = ByteLookups::default();
    setup.keccak = generate_trace(&events, &mut bytes);
    setup.absorb = generate_absorb_trace(&[], &mut bytes);
    setup.unaligned = generate_unaligned_trace(&unaligned, &mut bytes);
    setup.words = word_bytes::generate_trace(&absorb_words(&events).reads, false, &mut bytes);
    setup.bytes = bytes;
    assert_eq!(setup.check(), Err("unbalanced bus".to_string()));
    assert!(setup.prove().is_err());
    // Or drops an absorbed word (is_real = 0): the chip's tuple is never received.
    let mut setup = Setup::new(&events);
    set(
        &mut setup.unaligned,
        0,
        unaligned_col(|c| &c.word.is_real),
        Val::ZERO,
    );
    assert!(setup.prove().is_err());
}
