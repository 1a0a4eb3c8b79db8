//! The `lsu` chip with stubs for the CPU (sending the `lsu` tuples) and for the rest of memory,
//! plus the byte table. Honest loads and stores over every op, offset, sign and the edges of
//! the mapped range verify; corrupted cells, wrong results claimed consistently by the CPU stub
//! and the chip, misaligned or unmapped addresses and out-of-range limbs are all rejected.

use gluecp_prover::Val;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{AluOp, EXEC_BUS, EXEC_TUPLE_LEN, MEM_END, MEM_START, limbs, slot};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{BYTE_BUS, ByteOp};
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::lsu::{LsuAir, LsuCols, NUM_LSU_COLS, generate_trace};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::record::{LsuEvent, MemoryAccess, MemoryState};
use gluecp_prover::testing::{corrupt, memory_stub, memory_stub_rows, prove_and_verify};
use p3_field::{Field, PrimeCharacteristicRing, PrimeField32};

use p3_matrix::dense::RowMajorMatrix;

/// The VM's load: the value `op` reads at `addr` from `word` (the aligned word holding it).
fn load_value(op: AluOp, addr: u32, word: u32) -> u32 {
    let shifted = word >> (8 * (addr & 3));
    match op {
        AluOp::Lb => shifted as u8 as i8 as u32,
        AluOp::Lbu => shifted as u8 as u32,
        AluOp::Lh => shifted as u16 as i16 as u32,
        AluOp::Lhu => shifted as u16 as u32,
        AluOp::Lw => word,
        _ => unreachable!("{op:?} is not a load"),
    }
}

/// The VM's store: `word` with the bytes `op` writes at `addr` replaced by `c`'s low bytes.
fn store_value(op: AluOp, addr: u32, word: u32, c: u32) -> u32 {
    let shift = 8 * (addr & 3);
    let mask = match op {
        AluOp::Sb => 0xff,
        AluOp::Sh => 0xffff,
        AluOp::Sw => u32::MAX,
        _ => unreachable!("{op:?} is not a store"),
    } << shift;
    (word & !mask) | ((c << shift) & mask)
}

fn is_store(op: AluOp) -> bool {
    matches!(op, AluOp::Sb | AluOp::Sh | AluOp::Sw)
}

/// Builds events as the VM would record them (without checking the address: the rejection
/// tests build events the VM would have trapped on).
struct Run {
    memory: MemoryState,
    clk: u32,
    events: Vec<LsuEvent>,
}

impl Run {
    fn new(initial: &[(u32, u32)]) -> Self {
        Self {
            memory: MemoryState::new(initial.iter().copied()),
            clk: 0,
            events: Vec::new(),
        }
    }

    /// Executes `op` with base `b`, offset `imm` and (stores) `rs2 = c`.
    fn exec(&mut self, op: AluOp, b: u32, imm: u32, c: u32) -> &mut LsuEvent {
        self.clk += 1;
        let addr = b.wrapping_add(imm);
        let word_addr = addr & !3;
        let ts = timestamp(self.clk, slot::MEMORY);
        let word = self.memory.value(word_addr);
        let (a, c, access) = if is_store(op) {
            let new = store_value(op, addr, word, c);
            (0, c, self.memory.write(word_addr, new, ts))
        } else {
            // A load's `c` is the CPU's immediate.
            (
                load_value(op, addr, word),
                imm,
                self.memory.read(word_addr, ts),
            )
        };
        self.events.push(LsuEvent {
            op,
            clk: self.clk,
            a,
            b,
            c,
            imm,
            access,
        });
        self.events.last_mut().unwrap()
    }

    fn setup(&self) -> Setup {
        Setup::new(&self.events)
    }
}

/// The four tables of a proof: the chip's trace, the CPU stub's and memory stub's rows, the
/// byte lookups.
struct Setup {
    lsu: RowMajorMatrix<Val>,
    cpu: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
    bytes: ByteLookups,
}

fn cpu_tuple(event: &LsuEvent) -> Vec<u32> {
    let [a0, a1] = limbs(event.a);
    let [b0, b1] = limbs(event.b);
    let [c0, c1] = limbs(event.c);
    let [i0, i1] = limbs(event.imm);
    vec![event.op as u32, event.clk, a0, a1, b0, b1, c0, c1, i0, i1]
}

impl Setup {
    fn new(events: &[LsuEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let lsu = generate_trace(events, &mut bytes);
        let accesses: Vec<MemoryAccess> = events.iter().map(|e| e.access).collect();
        Self {
            lsu,
            cpu: events.iter().map(|e| (cpu_tuple(e), 1)).collect(),
            memory: memory_stub_rows(&accesses),
            bytes,
        }
    }

    /// Proves with the byte table (2^16 rows, a few seconds a proof), its multiplicities
    /// recounted from the (possibly tampered) `lsu` trace as a cheating prover would commit them.
    fn prove(&self) -> Result<(), String> {
        self.prove_with(Bytes::Table)
    }

    fn prove_with(&self, bytes: Bytes) -> Result<(), String> {
        let cpu = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let memory = memory_stub();
        let tuples = byte_tuples(&self.lsu);
        let (byte_chip, byte_trace) = match bytes {
            Bytes::Table => (Chip::Byte(ByteAir), lookups(&tuples).generate_trace()),
            Bytes::Exact => {
                let stub = StubAir::new(BYTE_BUS.name(), 4);
                let rows: Vec<_> = tuples.iter().map(|t| (t.to_vec(), -1)).collect();
                let trace = stub.generate_trace(&rows);
                (Chip::Stub(stub), trace)
            }
        };
        let traces = vec![
            self.lsu.clone(),
            cpu.generate_trace(&self.cpu),
            memory.generate_trace(&self.memory),
            byte_trace,
        ];
        let chips = [
            Chip::Lsu(LsuAir),
            Chip::Stub(cpu),
            Chip::Stub(memory),
            byte_chip,
        ];
        prove_and_verify(&chips, traces)
    }

    fn row(&mut self, row: usize) -> &mut LsuCols<Val> {
        use core::borrow::BorrowMut;
        self.lsu.values[row * NUM_LSU_COLS..][..NUM_LSU_COLS].borrow_mut()
    }
}

/// What answers the `byte` bus.
#[derive(Clone, Copy)]
enum Bytes {
    /// The byte table.
    Table,
    /// A stub providing exactly the byte table's tuples that the rows look up, once per lookup:
    /// the same bus balance as the table with the multiplicities a cheating prover would pick
    /// (a looked-up tuple the table lacks stays unbalanced), without proving 2^16 rows. Used by
    /// the long rejection loops; each kind of rejection is also shown against the table.
    Exact,
}

/// The byte lookups `(op, a, b, c)` the rows of `trace` make (the AIR's tuples, evaluated),
/// keeping those the byte table holds.
fn byte_tuples(trace: &RowMajorMatrix<Val>) -> Vec<[u32; 4]> {
    use core::borrow::Borrow;
    let mut tuples = Vec::new();
    let v = |x: Val| x.as_canonical_u32();
    let byte = |x: Val| (v(x) < 256).then(|| v(x));
    for row in trace.values.chunks_exact(NUM_LSU_COLS) {
        let r: &LsuCols<Val> = row.borrow();
        if r.is_byte + r.is_half + r.is_word != Val::ONE {
            continue;
        }
        let n = Val::from_u32;
        let addr_lo = r.b[0] + r.imm[0] - r.carry_lo * n(1 << 16);
        let addr_hi = r.b[1] + r.imm[1] + r.carry_lo - r.carry_hi * n(1 << 16);
        let byte1 = (addr_lo - r.addr_byte0) * n(256).inverse();
        let offset = r.o0 + r.o1 * n(2);
        if let (Some(a), Some(c)) = (byte(r.addr_byte0), byte(offset))
            && a & 3 == c
        {
            tuples.push([ByteOp::And as u32, a, 3, c]);
        }
        let pairs = [
            (byte1, byte1 + r.low * n(256) - n(16)),
            (r.sel_byte, r.other_byte),
            (r.aux0, r.aux1),
            (r.access.diff_hi, Val::ZERO),
        ];
        for (x, y) in pairs {
            if let (Some(x), Some(y)) = (byte(x), byte(y)) {
                tuples.push([ByteOp::Range as u32, x, y, 0]);
            }
        }
        for x in [addr_hi * n(8), r.access.diff_lo] {
            if v(x) < 1 << 16 {
                tuples.push([ByteOp::U16 as u32, v(x), 0, 0]);
            }
        }
    }
    tuples
}

/// The byte table's multiplicities for `tuples`.
fn lookups(tuples: &[[u32; 4]]) -> ByteLookups {
    let mut bytes = ByteLookups::default();
    for &[op, a, b, _] in tuples {
        if op == ByteOp::U16 as u32 {
            bytes.record_u16(a as u16);
        } else if op == ByteOp::And as u32 {
            bytes.record(ByteOp::And, a as u8, b as u8);
        } else {
            bytes.record(ByteOp::Range, a as u8, b as u8);
        }
    }
    bytes
}

/// `setup` must be rejected, with the byte stub ([`Bytes::Exact`]).
fn assert_rejected(setup: &Setup, what: &str) {
    assert_rejected_with(setup, what, Bytes::Exact);
}

fn assert_rejected_with(setup: &Setup, what: &str, bytes: Bytes) {
    match setup.prove_with(bytes) {
        Ok(()) => panic!("{what}: accepted"),
        Err(reason) => println!("{what}: rejected ({reason})"),
    }
}

/// A small xorshift generator: seeded, reproducible test values.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as u32
    }
}

const LOADS: [AluOp; 5] = [AluOp::Lb, AluOp::Lh, AluOp::Lw, AluOp::Lbu, AluOp::Lhu];
const STORES: [AluOp; 3] = [AluOp::Sb, AluOp::Sh, AluOp::Sw];

fn width(op: AluOp) -> u32 {
    match op {
        AluOp::Lb | AluOp::Lbu | AluOp::Sb => 1,
        AluOp::Lh | AluOp::Lhu | AluOp::Sh => 2,
        _ => 4,
    }
}

/// Every op at every aligned offset of a word, with signs set and clear, stores with edge
/// values of `c`, and `b + imm` with and without carries and wrap-around.
fn honest_run() -> Run {
    let words = [
        (MEM_START, 0x80ff_7f01),
        (0x2000, 0x7f80_01ff),
        (0xfffc, 0xffff_ffff),
        (0x1_0000, 0x0000_8000),
        (0x1234_5678, 0x8000_7fff),
        (MEM_END - 4, 0xdead_beef),
    ];
    let mut run = Run::new(&words);
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    for &(word, _) in &words {
        for op in LOADS.into_iter().chain(STORES) {
            for offset in (0..4).step_by(width(op) as usize) {
                let addr = word + offset;
                // Alternate the base/offset split: positive, negative and zero immediates.
                let imm =
                    [0u32, 4, (-4i32) as u32, (-2048i32) as u32, 2047][rng.next() as usize % 5];
                let b = addr.wrapping_sub(imm);
                let c = [
                    0,
                    u32::MAX,
                    0x8000_0000,
                    0x7f,
                    0x80,
                    0xffff_8000,
                    1,
                    rng.next(),
                ][rng.next() as usize % 8];
                run.exec(op, b, imm, c);
            }
        }
    }
    // Wrap-around the VM allows: b + imm overflows 2^32 back into the mapped range.
    run.exec(AluOp::Lw, 0x1800, (-2048i32) as u32, 0);
    run.exec(AluOp::Sw, 0xffff_fffc, 0x1004, 0x1234_5678);
    run.exec(AluOp::Lb, 0xffff_ffff, 0x1001, 0);
    run.exec(AluOp::Lbu, MEM_END + 2047, (-2048i32) as u32, 0);
    // Seeded random accesses in a few words near the edges.
    for _ in 0..40 {
        let op = [LOADS.as_slice(), STORES.as_slice()].concat()[rng.next() as usize % 8];
        let base = [MEM_START, 0xfff0, 0x1_0000, MEM_END - 16][rng.next() as usize % 4];
        let addr = (base + rng.next() % 16) & !(width(op) - 1);
        let imm = (rng.next() % 4096).wrapping_sub(2048);
        run.exec(op, addr.wrapping_sub(imm), imm, rng.next());
    }
    run
}

#[test]
fn honest_loads_and_stores_verify() {
    let run = honest_run();
    let setup = run.setup();
    // The lookups the AIR makes are the ones trace generation recorded.
    assert_eq!(
        lookups(&byte_tuples(&setup.lsu)).generate_trace().values,
        setup.bytes.generate_trace().values
    );
    let start = std::time::Instant::now();
    setup.prove().expect("honest trace");
    setup
        .prove_with(Bytes::Exact)
        .expect("honest trace, byte stub");
    println!(
        "{} events: prove + verify {:?}",
        run.events.len(),
        start.elapsed()
    );
}

#[test]
fn edges_of_the_mapped_range_verify() {
    let mut run = Run::new(&[(MEM_START, 0x8182_8384), (MEM_END - 4, 0xf1f2_f3f4)]);
    run.exec(AluOp::Lb, MEM_START, 0, 0);
    run.exec(AluOp::Lw, MEM_START, 0, 0);
    run.exec(AluOp::Sw, MEM_START + 4, (-4i32) as u32, 7);
    run.exec(AluOp::Lbu, MEM_END - 1, 0, 0);
    run.exec(AluOp::Lh, MEM_END - 2, 0, 0);
    run.exec(AluOp::Sb, MEM_END, (-1i32) as u32, 0xab);
    run.exec(AluOp::Sw, MEM_END - 4, 0, 0xffff_ffff);
    run.exec(AluOp::Lw, MEM_END - 4, 0, 0);
    assert_eq!(run.events[1].a, 0x8182_8384);
    assert_eq!(run.events[0].a, 0xffff_ff84);
    assert_eq!(run.events[4].a, 0xffff_f1f2);
    run.setup().prove().expect("edges");
}

/// Corrupts each of `cols` of row `row` in turn; each must be rejected (the byte stub
/// answering, which also accepts the untouched trace).
fn assert_cells_checked(setup: &Setup, row: usize, cols: &[usize]) {
    setup.prove_with(Bytes::Exact).expect("honest");
    let mut accepted = Vec::new();
    for &col in cols {
        let mut bad = Setup {
            lsu: setup.lsu.clone(),
            cpu: setup.cpu.clone(),
            memory: setup.memory.clone(),
            bytes: ByteLookups::default(),
        };
        corrupt(&mut bad.lsu, row, col);
        if bad.prove_with(Bytes::Exact).is_ok() {
            accepted.push(col);
        }
    }
    assert!(
        accepted.is_empty(),
        "corrupted columns accepted: {accepted:?}"
    );
}

/// LB of a negative byte at offset 3 of a word at 0x1_0000 (the low limb is below 0x1000, so
/// the high limb's inverse is in use), through both carries: every column is non-trivial.
#[test]
fn every_cell_of_a_signed_load_row_is_checked() {
    let mut run = Run::new(&[(0x1_0000, 0x9f00_0000)]);
    run.exec(AluOp::Lb, 0x1_0803, (-2048i32) as u32, 0);
    assert_eq!(run.events[0].a, 0xffff_ff9f);
    let cols: Vec<usize> = (0..NUM_LSU_COLS).collect();
    assert_cells_checked(&run.setup(), 0, &cols);
}

/// SH of `c`'s low half into the high half of a word.
#[test]
fn every_cell_of_a_store_row_is_checked() {
    let mut run = Run::new(&[(0x4000, 0x1234_5678)]);
    run.exec(AluOp::Sh, 0x4001, 1, 0xabcd_ef01);
    assert_eq!(run.memory.value(0x4000), 0xef01_5678);
    let cols: Vec<usize> = (0..NUM_LSU_COLS).collect();
    assert_cells_checked(&run.setup(), 0, &cols);
}

/// Replaces the loaded value of event `index` by `a` in both the CPU stub and the chip (whose row
/// is rebuilt honestly around it).
fn with_loaded_value(run: &Run, index: usize, a: u32) -> Setup {
    let mut events = run.events.clone();
    events[index].a = a;
    Setup::new(&events)
}

#[test]
fn wrong_loaded_values_are_rejected() {
    let mut run = Run::new(&[(0x3000, 0x80ff_7f01)]);
    run.exec(AluOp::Lb, 0x3000, 3, 0); // 0x80 → 0xffff_ff80
    run.exec(AluOp::Lbu, 0x3001, 0, 0); // 0x7f
    run.exec(AluOp::Lh, 0x3000, 2, 0); // 0x80ff → 0xffff_80ff
    run.exec(AluOp::Lhu, 0x3000, 0, 0); // 0x7f01
    run.exec(AluOp::Lw, 0x3000, 0, 0);
    run.exec(AluOp::Lb, 0x3001, 0, 0); // 0x7f, positive
    let expected = [0xffff_ff80, 0x7f, 0xffff_80ff, 0x7f01, 0x80ff_7f01, 0x7f];
    let got: Vec<u32> = run.events.iter().map(|e| e.a).collect();
    assert_eq!(got, expected);
    run.setup().prove_with(Bytes::Exact).expect("honest");
    assert_rejected_with(
        &with_loaded_value(&run, 0, 0x80),
        "LB zero-extended",
        Bytes::Table,
    );
    let cheats = [
        (0, 0xff, "LB of another byte"),
        (1, 0xffff_ff7f, "LBU sign-extended"),
        (1, 0x01, "LBU of another byte"),
        (2, 0x80ff, "LH zero-extended"),
        (2, 0xffff_ff7f, "LH of the other half"),
        (3, 0x7f02, "LHU off by one"),
        (4, 0x80ff_7f02, "LW off by one"),
        (4, 0x7f01_80ff, "LW with swapped halves"),
        (5, 0xffff_ff7f, "LB of a positive byte sign-extended"),
    ];
    for (index, a, what) in cheats {
        assert_rejected(&with_loaded_value(&run, index, a), what);
    }
}

/// A wrong extension with the row fitted to it: the sign bit and its check byte chosen to
/// match the claimed value.
#[test]
fn wrong_signs_with_fitted_rows_are_rejected() {
    let mut run = Run::new(&[(0x3000, 0x0000_7f80)]);
    run.exec(AluOp::Lb, 0x3000, 0, 0); // 0x80 → 0xffff_ff80
    run.exec(AluOp::Lh, 0x3000, 0, 0); // 0x7f80, positive
    run.setup().prove_with(Bytes::Exact).expect("honest");
    // LB of 0x80 claimed as 0x80: sign 0, with aux0 = 2 sel (not a byte) or any byte.
    for (aux0, bytes) in [(0x100, Bytes::Table), (0, Bytes::Exact)] {
        let mut setup = with_loaded_value(&run, 0, 0x80);
        setup.row(0).sign = Val::ZERO;
        setup.row(0).aux0 = Val::from_u32(aux0);
        assert_rejected_with(
            &setup,
            &format!("LB zero-extended, aux0 = {aux0:#x}"),
            bytes,
        );
    }
    // LH of 0x7f80 claimed as 0xffff_7f80: sign 1, aux0 = 2 * 0x7f - 256 (negative) or a byte.
    for aux0 in [
        Val::from_u32(0xfe) - Val::from_u32(256),
        Val::from_u32(0xfe),
    ] {
        let mut setup = with_loaded_value(&run, 1, 0xffff_7f80);
        setup.row(1).sign = Val::ONE;
        setup.row(1).aux0 = aux0;
        assert_rejected(&setup, &format!("LH sign-extended, aux0 = {aux0}"));
    }
}

/// A store of a byte other than `c`'s low byte, with `c`'s claimed split fitted to it.
#[test]
fn a_store_of_another_byte_with_a_fitted_row_is_rejected() {
    let mut run = Run::new(&[(0x3000, 0x1122_3344)]);
    run.exec(AluOp::Sb, 0x3000, 1, 0x0000_55aa); // stores 0xaa
    let mut setup = with_stored_word(&run, 0, 0x1122_5544);
    setup.row(0).aux0 = Val::from_u32(0x55);
    assert_rejected(&setup, "SB of c's second byte, aux0 = 0x55");
    let mut setup = with_stored_word(&run, 0, 0x1122_5544);
    setup.row(0).aux0 = Val::from_u32(0x55);
    setup.row(0).aux1 = Val::from_u32(0xaa);
    assert_rejected(&setup, "SB of c's second byte, c split as 0xaa55");
}

/// A load that changes the word it reads (the memory stub agreeing).
#[test]
fn a_load_that_writes_is_rejected() {
    let mut run = Run::new(&[(0x3000, 0x1122_3344)]);
    run.exec(AluOp::Lw, 0x3000, 0, 0);
    run.exec(AluOp::Lbu, 0x3000, 2, 0);
    for index in [0, 1] {
        let mut events = run.events.clone();
        events[index].access.value ^= 0x0001_0000;
        assert_rejected(&Setup::new(&events), &format!("load {index} writing"));
    }
}

/// Event `index`'s `a` limbs replaced by `limbs` in the chip's row and the CPU stub's tuple.
fn with_loaded_limbs(run: &Run, index: usize, limbs: [u32; 2]) -> Setup {
    let mut setup = run.setup();
    setup.row(index).a = limbs.map(Val::from_u32);
    setup.cpu[index].0[2] = limbs[0];
    setup.cpu[index].0[3] = limbs[1];
    setup
}

#[test]
fn loaded_values_with_out_of_range_limbs_are_rejected() {
    let mut run = Run::new(&[(0x3000, 0x8001_0002)]);
    run.exec(AluOp::Lh, 0x3002, 0, 0); // 0xffff_8001
    run.exec(AluOp::Lw, 0x3000, 0, 0);
    run.exec(AluOp::Lbu, 0x3000, 0, 0); // 0x02
    assert_rejected_with(
        &with_loaded_limbs(&run, 0, [0x1_8001, 0xfffe]),
        "LH with a_lo = 2^16 + x",
        Bytes::Table,
    );
    let cases = [
        (1, [0x1_0002, 0x8000], "LW with a_lo = 2^16 + x"),
        // 0x7f00_0000 is -1 in the field.
        (2, [0x1_0002, 0x7f00_0000], "LBU with a_hi = -1"),
    ];
    for (index, limbs, what) in cases {
        assert_rejected(&with_loaded_limbs(&run, index, limbs), what);
    }
}

/// Replaces the word stored by event `index` by `value`, in the memory stub and the chip.
fn with_stored_word(run: &Run, index: usize, value: u32) -> Setup {
    let mut events = run.events.clone();
    events[index].access.value = value;
    Setup::new(&events)
}

#[test]
fn wrong_stored_words_are_rejected() {
    let mut run = Run::new(&[(0x3000, 0x1122_3344)]);
    run.exec(AluOp::Sb, 0x3001, 0, 0xaabb_ccdd); // 0x1122_dd44
    run.exec(AluOp::Sh, 0x3002, 0, 0xaabb_ccdd); // 0xccdd_dd44
    run.exec(AluOp::Sw, 0x3000, 0, 0xaabb_ccdd);
    run.exec(AluOp::Sb, 0x3003, 0, 0x0000_0080); // 0x80bb_ccdd
    let got: Vec<u32> = run.events.iter().map(|e| e.access.value).collect();
    assert_eq!(got, [0x1122_dd44, 0xccdd_dd44, 0xaabb_ccdd, 0x80bb_ccdd]);
    run.setup().prove_with(Bytes::Exact).expect("honest");
    assert_rejected_with(
        &with_stored_word(&run, 0, 0x1122_33dd),
        "SB at the wrong byte",
        Bytes::Table,
    );
    let cheats = [
        (0, 0x11cc_dd44, "SB of two bytes"),
        // The same limb sum: only "the other half is unchanged" refuses these.
        (0, 0x1123_dd43, "SB moving one between the limbs"),
        (1, 0xccde_dd43, "SH moving one between the limbs"),
        (0, 0x1122_3344, "SB that changes nothing"),
        (1, 0xaabb_dd44, "SH of c's high half"),
        (1, 0x1122_ccdd, "SH into the wrong half"),
        (2, 0xaabb_ccde, "SW off by one"),
        (3, 0xffbb_ccdd, "SB sign-extending into the word"),
    ];
    for (index, value, what) in cheats {
        assert_rejected(&with_stored_word(&run, index, value), what);
    }
}

#[test]
fn stored_words_with_out_of_range_limbs_are_rejected() {
    let mut run = Run::new(&[(0x3000, 0x0001_0002)]);
    run.exec(AluOp::Sw, 0x3000, 0, 0x0005_0006);
    run.exec(AluOp::Sb, 0x3002, 0, 0x07);
    run.exec(AluOp::Sh, 0x3000, 0, 0x0008);
    run.setup().prove_with(Bytes::Exact).expect("honest");
    for (index, what) in [(0, "SW"), (1, "SB"), (2, "SH")] {
        let mut setup = run.setup();
        let [lo, hi] = limbs(run.events[index].access.value);
        let fake = [lo + (1 << 16), hi - 1];
        setup.row(index).value = fake.map(Val::from_u32);
        // The memory stub receives the new state on the second of the access's two rows.
        setup.memory[2 * index + 1].0[1] = fake[0];
        setup.memory[2 * index + 1].0[2] = fake[1];
        let what = format!("{what} with value_lo = 2^16 + x");
        let bytes = if index == 0 {
            Bytes::Table
        } else {
            Bytes::Exact
        };
        assert_rejected_with(&setup, &what, bytes);
    }
}

#[test]
fn misaligned_accesses_are_rejected() {
    let cases = [
        (AluOp::Lw, 2),
        (AluOp::Lw, 1),
        (AluOp::Lw, 3),
        (AluOp::Lh, 1),
        (AluOp::Lhu, 3),
        (AluOp::Sw, 2),
        (AluOp::Sh, 1),
    ];
    for (i, (op, offset)) in cases.into_iter().enumerate() {
        let mut run = Run::new(&[(0x3000, 0x1122_3344), (0x3004, 0x5566_7788)]);
        run.exec(op, 0x3000 + offset, 0, 0x99aa_bbcc);
        let bytes = if i == 0 { Bytes::Table } else { Bytes::Exact };
        assert_rejected_with(&run.setup(), &format!("{op:?} at offset {offset}"), bytes);
        // The same row claiming offset 0: the AND lookup refuses it.
        let mut setup = run.setup();
        setup.row(0).o0 = Val::ZERO;
        setup.row(0).o1 = Val::ZERO;
        assert_rejected(
            &setup,
            &format!("{op:?} at offset {offset}, claimed aligned"),
        );
    }
}

#[test]
fn accesses_outside_the_mapped_range_are_rejected() {
    let neg = |x: i32| x as u32;
    let cases = [
        (AluOp::Lw, 4, 0, "LW of register x1's address"),
        (AluOp::Lw, MEM_END, 0, "LW at MEM_END"),
        (AluOp::Sw, 8, 0, "SW to register x2's address"),
        (AluOp::Lw, 0, 0, "LW at 0"),
        (AluOp::Lb, 0x20, neg(-1), "LB at 0x1f"),
        (AluOp::Lbu, MEM_START - 1, 0, "LBU just below MEM_START"),
        (AluOp::Lw, MEM_START, neg(-4), "LW just below MEM_START"),
        (AluOp::Lb, MEM_END, 0, "LB at MEM_END"),
        (AluOp::Sh, MEM_END - 2048, 2048, "SH at MEM_END"),
        (AluOp::Sb, 0xffff_ffff, 0, "SB at 2^32 - 1"),
        (AluOp::Lw, 0x8000_0000, 0, "LW at 2^31"),
        (AluOp::Lw, 0x7f00_0000, 4, "LW at p + 3 (would alias 3)"),
        (AluOp::Lw, 0xffff_fff8, 12, "LW wrapping to 4"),
        (AluOp::Lw, 0xffff_fffc, 0x1000, "LW wrapping to 0xffc"),
        (
            AluOp::Sw,
            MEM_START,
            neg(-0x2000),
            "SW wrapping below 0 to 2^32 - 0x1000",
        ),
    ];
    for (i, (op, b, imm, what)) in cases.into_iter().enumerate() {
        let mut run = Run::new(&[(b.wrapping_add(imm) & !3, 0x1122_3344)]);
        run.exec(op, b, imm, 0x5566_7788);
        // Below and above the range, against the byte table too.
        let bytes = if i < 2 { Bytes::Table } else { Bytes::Exact };
        assert_rejected_with(&run.setup(), what, bytes);
    }
}

/// Rows that name an unmapped address but pick the carries or the lower-bound flag so that
/// the address looks mapped.
#[test]
fn carry_and_bound_tricks_are_rejected() {
    // b + imm = 2^32 + 4: claiming no carry out makes addr_hi = 2^16.
    let mut run = Run::new(&[(4, 7)]);
    run.exec(AluOp::Lw, 0xffff_fff8, 12, 0);
    let mut setup = run.setup();
    setup.row(0).carry_hi = Val::ZERO;
    assert_rejected_with(&setup, "wrap to 4 claimed without carry", Bytes::Table);

    // addr = MEM_END: a carry out would make addr_hi negative.
    let mut run = Run::new(&[]);
    run.exec(AluOp::Lw, MEM_END, 0, 0);
    let mut setup = run.setup();
    setup.row(0).carry_hi = Val::ONE;
    assert_rejected(&setup, "MEM_END claimed with a carry out");

    // addr = 0xffc: claiming the low limb at or above 0x1000.
    let mut run = Run::new(&[]);
    run.exec(AluOp::Lw, 0xffc, 0, 0);
    let mut setup = run.setup();
    setup.row(0).low = Val::ZERO;
    assert_rejected(&setup, "0xffc claimed as not low");

    // A low-limb carry moved into the high limb: addr_lo out of 16 bits.
    let mut run = Run::new(&[(0x1_0000, 9)]);
    run.exec(AluOp::Lw, 0x8000, 0x8000, 0);
    let mut setup = run.setup();
    setup.row(0).carry_lo = Val::ZERO;
    assert_rejected(&setup, "carry_lo dropped");
}

/// The memory access names another word than b + imm (consistently in the memory stub).
#[test]
fn an_access_to_another_word_is_rejected() {
    let mut run = Run::new(&[(0x3000, 1), (0x3004, 2)]);
    run.exec(AluOp::Lw, 0x3000, 0, 0);
    let mut events = run.events.clone();
    let mut memory = MemoryState::new([(0x3000, 1), (0x3004, 2)]);
    events[0].access = memory.read(0x3004, timestamp(1, slot::MEMORY));
    events[0].a = 2;
    assert_rejected_with(
        &Setup::new(&events),
        "LW served from the next word",
        Bytes::Table,
    );
}

/// The chip's cost per row: columns, LogUp fraction columns after packing, degree.
#[test]
fn shape() {
    use gluecp_prover::ProofParams;
    use gluecp_prover::harness::table_shapes;
    use p3_batch_stark::ProverData;
    let config = ProofParams::insecure_for_tests().stark_config().unwrap();
    let airs = [Chip::Lsu(LsuAir)];
    let data = ProverData::from_airs_and_degrees(&config, &airs, &[10]).unwrap();
    let shape = &table_shapes(&airs, &[10], &data.common.lookups)[0];
    println!("{shape:?}");
    assert_eq!(shape.width, 34);
    assert_eq!(shape.num_interactions, 10);
    assert_eq!(shape.num_lookup_columns, 6);
    assert!(shape.max_constraint_degree <= 3);
}
