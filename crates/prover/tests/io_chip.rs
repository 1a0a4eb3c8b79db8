//! The `io` chip (call table + data table) with stubs standing in for the CPU (`syscall` bus)
//! and the rest of memory, plus the byte table.
//!
//! Honest runs verify; corrupted cells, a verifier's journal or input that differs from the
//! run's, skipped input, wrong results, a bad fd, bad lengths and bad buffers are rejected.

use gluecp_abi::ecall::{COMMIT, INPUT_REMAINING, MAX_TRANSFER, READ_INPUT, WRITE};
use gluecp_prover::Val;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs, slot};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{BYTE_BUS, ByteAir, ByteLookups, ByteOp, NUM_BYTE_COLS};
use gluecp_prover::chips::io::{IoAir, IoCols, NUM_IO_COLS, NUM_IO_DATA_COLS};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::record::{MemoryAccess, MemoryState, SyscallEvent};
use gluecp_prover::testing::{corrupt, memory_stub, memory_stub_rows, prove_and_verify};
use p3_field::{PrimeCharacteristicRing, PrimeField32};
use p3_matrix::dense::RowMajorMatrix;

const CODE: core::ops::Range<u32> = 0x8000..0x9000;

/// A stand-in for the VM's system calls that records the events the io chip proves. It does
/// what it is told (no trap checks), so that tests can also build records of cheating runs.
struct Run {
    memory: MemoryState,
    input: Vec<u8>,
    cursor: usize,
    journal: Vec<u8>,
    clk: u32,
    events: Vec<SyscallEvent>,
}

impl Run {
    fn new(input: &[u8]) -> Self {
        // Some words already hold data, to check that bytes outside a transfer are kept.
        let initial = (0x2000..0x2040)
            .step_by(4)
            .map(|a| (a, 0xa5a5_0000 | a))
            .chain([(0x3000, 0xdead_beef), (0x9000, 0x0102_0304)]);
        Self {
            memory: MemoryState::new(initial),
            input: input.to_vec(),
            cursor: 0,
            journal: Vec::new(),
            clk: 10,
            events: Vec::new(),
        }
    }

    /// Sets the argument registers just before the call and returns the call's clk.
    fn start(&mut self, regs: &[(u32, u32)]) -> u32 {
        self.clk += 3;
        for &(reg, value) in regs {
            self.memory
                .write(reg, value, timestamp(self.clk, slot::RS1));
        }
        self.clk
    }

    fn ts(&self) -> u32 {
        timestamp(self.clk, slot::MEMORY)
    }

    fn push(
        &mut self,
        number: u32,
        a0: u32,
        ret: u32,
        args: Vec<MemoryAccess>,
        words: Vec<MemoryAccess>,
    ) {
        self.events.push(SyscallEvent {
            clk: self.clk,
            number,
            a0,
            ret,
            args,
            words,
        });
    }

    /// READ_INPUT as the VM does it, but reading from position `cursor + skip` and returning
    /// `count` when given.
    fn read_with(&mut self, dest: u32, len: u32, skip: usize, count: Option<u32>) {
        self.start(&[(11, len)]);
        let ts = self.ts();
        let a1 = self.memory.read(11, ts);
        let from = self.cursor + skip;
        let count = count.unwrap_or((len as usize).min(self.input.len() - from) as u32);
        let bytes = self.input[from..from + count as usize].to_vec();
        let words = self.write_bytes(dest, &bytes);
        self.cursor = from + count as usize;
        self.push(READ_INPUT, dest, count, vec![a1], words);
    }

    fn read(&mut self, dest: u32, len: u32) {
        self.read_with(dest, len, 0, None);
    }

    fn write_bytes(&mut self, dest: u32, bytes: &[u8]) -> Vec<MemoryAccess> {
        let ts = self.ts();
        words_of(dest, bytes.len() as u32)
            .map(|addr| {
                let mut word = self.memory.value(addr).to_le_bytes();
                for (k, b) in word.iter_mut().enumerate() {
                    let at = (addr + k as u32).wrapping_sub(dest) as usize;
                    if at < bytes.len() {
                        *b = bytes[at];
                    }
                }
                self.memory.write(addr, u32::from_le_bytes(word), ts)
            })
            .collect()
    }

    fn read_words(&mut self, ptr: u32, len: u32) -> (Vec<MemoryAccess>, Vec<u8>) {
        let ts = self.ts();
        let words: Vec<_> = words_of(ptr, len)
            .map(|a| self.memory.read(a, ts))
            .collect();
        let bytes = (0..len)
            .map(|i| {
                let a = ptr + i;
                let w = words.iter().find(|w| w.addr == a & !3).unwrap();
                w.value.to_le_bytes()[(a & 3) as usize]
            })
            .collect();
        (words, bytes)
    }

    fn remaining(&mut self) {
        self.remaining_returning((self.input.len() - self.cursor) as u32);
    }

    fn remaining_returning(&mut self, ret: u32) {
        self.start(&[]);
        self.push(INPUT_REMAINING, 0x1234_5678, ret, vec![], vec![]);
    }

    fn write(&mut self, fd: u32, ptr: u32, len: u32) {
        self.start(&[(11, ptr), (12, len)]);
        let ts = self.ts();
        let a1 = self.memory.read(11, ts);
        let a2 = self.memory.read(12, ts);
        self.push(WRITE, fd, fd, vec![a1, a2], vec![]);
    }

    fn commit(&mut self, ptr: u32, len: u32) {
        self.start(&[(11, len)]);
        let ts = self.ts();
        let a1 = self.memory.read(11, ts);
        let (words, bytes) = self.read_words(ptr, len);
        self.journal.extend(bytes);
        self.push(COMMIT, ptr, ptr, vec![a1], words);
    }

    /// The syscall stub rows: the CPU sends one tuple per call.
    fn syscall_rows(&self) -> Vec<(Vec<u32>, i32)> {
        self.events
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

    fn accesses(&self) -> Vec<MemoryAccess> {
        self.events
            .iter()
            .flat_map(|e| e.args.iter().chain(&e.words).copied())
            .collect()
    }
}

/// The aligned words overlapping `[ptr, ptr + len)`.
fn words_of(ptr: u32, len: u32) -> impl Iterator<Item = u32> {
    let first = ptr & !3;
    let count = if len == 0 {
        0
    } else {
        ((ptr + len - 1) / 4 - ptr / 4 + 1) as usize
    };
    (0..count).map(move |i| first + 4 * i as u32)
}

/// The statement's tables and traces, proved for `input` and `journal` (the verifier's view).
#[derive(Clone)]
struct Setup {
    chips: Vec<Chip>,
    traces: Vec<RowMajorMatrix<Val>>,
}

/// The byte ops in column order.
const BYTE_OPS: [ByteOp; 4] = [ByteOp::Range, ByteOp::And, ByteOp::Xor, ByteOp::U16];

const IO: usize = 0;
const DATA: usize = 1;
const BYTE: usize = 2;

impl Setup {
    fn new(run: &Run, input: &[u8], journal: &[u8]) -> Self {
        Self::with_syscalls(run, input, journal, run.syscall_rows())
    }

    fn with_syscalls(
        run: &Run,
        input: &[u8],
        journal: &[u8],
        syscalls: Vec<(Vec<u32>, i32)>,
    ) -> Self {
        let io = IoAir::new(input, journal, CODE);
        let data = io.data_air();
        let mut bytes = ByteLookups::default();
        let io_trace = io.generate_trace(&run.events, &mut bytes);
        let data_trace = data.generate_trace(&run.events);
        let syscall = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let syscall_trace = syscall.generate_trace(&syscalls);
        let memory = memory_stub();
        let memory_trace = memory.generate_trace(&memory_stub_rows(&run.accesses()));
        Self {
            chips: vec![
                Chip::Io(io),
                Chip::IoData(data),
                Chip::Byte(ByteAir),
                Chip::Stub(syscall),
                Chip::Stub(memory),
            ],
            traces: vec![
                io_trace,
                data_trace,
                bytes.generate_trace(),
                syscall_trace,
                memory_trace,
            ],
        }
    }

    /// The byte table replaced by a stub providing exactly the lookups the trace generation
    /// recorded (each once): a much smaller table, for the many proofs of the corruption loops.
    /// It provides a subset of the byte table's tuples, so it accepts no lookup the table would
    /// refuse.
    fn with_byte_stub(mut self) -> Self {
        let counts = &self.traces[BYTE];
        let mut rows = Vec::new();
        for (r, multiplicities) in counts.values.chunks(NUM_BYTE_COLS).enumerate() {
            let (a, b) = ((r >> 8) as u8, r as u8);
            for (op, &m) in BYTE_OPS.iter().zip(multiplicities) {
                let tuple = match op {
                    ByteOp::U16 => vec![*op as u32, u32::from(a) << 8 | u32::from(b), 0, 0],
                    _ => vec![*op as u32, a.into(), b.into(), op.result(a, b).into()],
                };
                for _ in 0..m.as_canonical_u32() {
                    rows.push((tuple.clone(), -1));
                }
            }
        }
        let stub = StubAir::new(BYTE_BUS.name(), 4);
        self.traces[BYTE] = stub.generate_trace(&rows);
        self.chips[BYTE] = Chip::Stub(stub);
        self
    }

    /// The honest statement of `run`.
    fn honest(run: &Run) -> Self {
        Self::new(run, &run.input, &run.journal)
    }

    fn verify(self) -> Result<(), String> {
        prove_and_verify(&self.chips, self.traces)
    }
}

fn row(trace: &RowMajorMatrix<Val>, i: usize) -> &IoCols<Val> {
    use core::borrow::Borrow;
    trace.values[i * NUM_IO_COLS..(i + 1) * NUM_IO_COLS].borrow()
}

/// Index of the first row of the call table for which `pick` holds.
fn find_row(trace: &RowMajorMatrix<Val>, pick: impl Fn(&IoCols<Val>) -> bool) -> usize {
    (0..trace.values.len() / NUM_IO_COLS)
        .find(|&i| pick(row(trace, i)))
        .expect("no such row")
}

/// Bytes from a seeded generator.
fn bytes(seed: u32, len: usize) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect()
}

/// Every kind of call, odd alignments and lengths, short reads at the end of the input,
/// zero lengths, and a READ_INPUT above the code.
fn full_run() -> Run {
    let mut run = Run::new(&bytes(7, 41));
    run.remaining();
    run.read(0x2001, 5); // two words, first at offset 1
    run.read(0x3003, 1); // last byte of a word
    run.read(0xffff_fff0, 0); // empty: any pointer
    run.read(0x2022, 2); // middle of one word
    run.read(0x2030, 8); // aligned, two whole words
    run.read(0x9001, 6); // just above the code
    run.write(1, 0x2001, 5);
    run.write(2, 0, 0);
    run.commit(0x2001, 5);
    run.commit(0x3003, 1);
    run.commit(0xdead_beef, 0);
    run.remaining();
    run.read(0x2005, 7); // middle of the input, ends inside a word
    run.commit(0x9001, 3); // reading code-adjacent memory is fine
    run.read(0x5002, 100); // short read: the rest of the input
    run.read(0x6000, 10); // nothing left
    run.read(0x6000, MAX_TRANSFER); // the largest length, nothing left
    run.remaining();
    run.commit(0x5002, 13);
    run
}

/// One call of each kind, for the corruption loops.
fn small_run() -> Run {
    let mut run = Run::new(&bytes(13, 12));
    run.remaining();
    run.read(0x2001, 5);
    run.write(1, 0x2001, 5);
    run.commit(0x2002, 3);
    run.remaining();
    run.read(0x3003, 3);
    run
}

#[test]
fn honest_runs_verify() {
    let run = full_run();
    assert_eq!(run.cursor, 41);
    assert!(!run.journal.is_empty());
    Setup::honest(&run).verify().unwrap();
}

#[test]
fn a_short_read_of_the_largest_length_verifies() {
    let mut run = Run::new(&bytes(3, 9));
    run.read(0x2002, 4);
    run.read(0x3001, MAX_TRANSFER);
    run.commit(0x3001, 5);
    Setup::honest(&run).verify().unwrap();
}

#[test]
fn empty_input_and_journal_verify() {
    let mut run = Run::new(&[]);
    run.remaining();
    run.read(0x2000, 5);
    run.write(1, 0x2000, 4);
    run.commit(0x2000, 0);
    assert!(run.journal.is_empty());
    Setup::honest(&run).verify().unwrap();
    // No calls at all.
    Setup::honest(&Run::new(&[])).verify().unwrap();
}

#[test]
fn every_cell_of_a_read_head_is_checked() {
    let run = small_run();
    let setup = Setup::honest(&run).with_byte_stub();
    setup.clone().verify().unwrap();
    // The first READ_INPUT head (not the first row: its clk gap is constrained).
    let head = find_row(&setup.traces[IO], |r| r.read_head == Val::ONE);
    for col in 0..NUM_IO_COLS {
        let mut traces = setup.traces.clone();
        corrupt(&mut traces[IO], head, col);
        let result = prove_and_verify(&setup.chips, traces);
        assert!(
            result.is_err(),
            "column {col} of the read head is not checked"
        );
    }
}

/// The columns a row of each kind uses (the others are free on that row).
fn used_columns(kind: &str) -> Vec<usize> {
    let c = column_map();
    let mut used = vec![
        c.read_head,
        c.remaining_head,
        c.write_head,
        c.commit_head,
        c.write_arg,
        c.read_word,
        c.commit_word,
        c.clk,
        c.cursor,
        c.journal_pos,
        c.nonempty,
    ];
    used.extend(c.mask);
    used.extend(c.value);
    let access = [c.access.prev_ts, c.access.diff_lo, c.access.diff_hi];
    match kind {
        "word" => {
            used.extend([c.addr, c.ptr, c.rem]);
            used.extend(c.prev);
            used.extend(access);
        }
        "write_arg" => {
            used.extend([c.addr, c.ptr, c.rem, c.above_code]);
            used.extend(c.prev);
            used.extend(access);
            used.extend(c.low_gap);
            used.extend(c.high_gap);
        }
        "remaining" => {
            used.extend(c.a0);
            used.extend(c.ret);
            used.extend(c.clk_gap);
        }
        _ => unreachable!(),
    }
    used
}

fn column_map() -> IoCols<usize> {
    use core::borrow::Borrow;
    let indices: Vec<usize> = (0..NUM_IO_COLS).collect();
    let cols: &IoCols<usize> = indices[..].borrow();
    IoCols { ..*cols }
}

#[test]
fn used_cells_of_other_rows_are_checked() {
    let run = small_run();
    let setup = Setup::honest(&run).with_byte_stub();
    let trace = &setup.traces[IO];
    let rows = [
        (
            "word",
            find_row(trace, |r| {
                r.read_word == Val::ONE && r.addr == Val::from_u32(0x2004)
            }),
        ),
        ("word", find_row(trace, |r| r.commit_word == Val::ONE)),
        ("write_arg", find_row(trace, |r| r.write_arg == Val::ONE)),
        (
            "remaining",
            find_row(trace, |r| {
                r.remaining_head == Val::ONE && r.cursor != Val::ZERO
            }),
        ),
    ];
    for (kind, i) in rows {
        for col in used_columns(kind) {
            let mut traces = setup.traces.clone();
            corrupt(&mut traces[IO], i, col);
            let result = prove_and_verify(&setup.chips, traces);
            assert!(
                result.is_err(),
                "column {col} of a {kind} row ({i}) is not checked"
            );
        }
    }
}

#[test]
fn a_journal_that_differs_is_rejected() {
    let run = full_run();
    let journal = run.journal.clone();
    let mut flipped = journal.clone();
    flipped[3] ^= 1;
    let shorter = &journal[..journal.len() - 1];
    let mut longer = journal.clone();
    longer.push(0);
    for (what, claimed) in [
        ("one byte differs", flipped.as_slice()),
        ("one byte shorter", shorter),
        ("one byte longer", longer.as_slice()),
        ("empty", &[][..]),
    ] {
        let result = Setup::new(&run, &run.input, claimed)
            .with_byte_stub()
            .verify();
        assert!(result.is_err(), "journal {what} accepted");
    }
}

#[test]
fn a_wrong_input_byte_in_memory_is_rejected() {
    // The run copies bytes of another input into memory; the statement names the real one.
    let input = bytes(7, 41);
    let mut other = input.clone();
    other[6] ^= 0x40;
    let mut run = Run::new(&other);
    run.read(0x2001, 5);
    run.read(0x3003, 4);
    run.commit(0x2001, 5);
    Setup::honest(&run).verify().unwrap();
    assert!(Setup::new(&run, &input, &run.journal).verify().is_err());
}

#[test]
fn skipping_input_bytes_is_rejected() {
    // The second READ_INPUT copies positions 5..9, skipping position 4, and the trace's cursor
    // jumps to match (so every input byte is the input's at its position).
    let mut run = Run::new(&bytes(11, 16));
    run.read(0x2000, 4);
    run.read_with(0x3000, 4, 1, None);
    let mut setup = Setup::honest(&run);
    let cursor = column_map().cursor;
    let second = find_row(&setup.traces[IO], |r| r.ptr == Val::from_u32(0x3000));
    let height = setup.traces[IO].values.len() / NUM_IO_COLS;
    for i in second..height {
        if row(&setup.traces[IO], i).clk != Val::ZERO {
            corrupt(&mut setup.traces[IO], i, cursor);
        }
    }
    // The data table marks the bytes actually read.
    let data = &mut setup.traces[DATA];
    for i in 0..16 {
        data.values[i * NUM_IO_DATA_COLS] = Val::from_bool(i < 9 && i != 4);
    }
    assert!(setup.verify().is_err());
}

#[test]
fn wrong_results_are_rejected() {
    // INPUT_REMAINING off by one, claimed by the CPU and the chip alike.
    let mut run = Run::new(&bytes(5, 20));
    run.read(0x2000, 3);
    run.remaining_returning(16);
    assert!(Setup::honest(&run).verify().is_err());

    // A READ_INPUT that stops early although input and length remain.
    let mut run = Run::new(&bytes(5, 20));
    run.read_with(0x2000, 6, 0, Some(4));
    assert!(Setup::honest(&run).verify().is_err());

    // A READ_INPUT that claims more bytes than the input holds.
    let mut run = Run::new(&bytes(5, 4));
    run.read(0x2000, 4);
    run.input.push(0);
    let setup = Setup::new(&run, &bytes(5, 3), &run.journal);
    assert!(setup.verify().is_err());
}

#[test]
fn a_result_with_out_of_range_limbs_is_rejected() {
    // INPUT_REMAINING's 20 as (2^16 + 20, -1).
    let mut run = Run::new(&bytes(5, 20));
    run.remaining();
    let mut syscalls = run.syscall_rows();
    let p_minus_1 = Val::ORDER_U32 - 1;
    syscalls[0].0[5] = (1 << 16) + 20;
    syscalls[0].0[6] = p_minus_1;
    let mut setup = Setup::with_syscalls(&run, &run.input, &run.journal, syscalls);
    let cols = column_map();
    let head = 0;
    let width = NUM_IO_COLS;
    setup.traces[IO].values[head * width + cols.ret[0]] = Val::from_u32((1 << 16) + 20);
    setup.traces[IO].values[head * width + cols.ret[1]] = -Val::ONE;
    assert!(setup.verify().is_err());
}

/// One call made on a run.
type Call = fn(&mut Run);

#[test]
fn bad_calls_the_vm_refuses_are_rejected() {
    let input = bytes(9, 30);
    let cases: [(&str, Call); 7] = [
        ("WRITE to fd 3", |r| r.write(3, 0x2000, 4)),
        ("WRITE to fd 0", |r| r.write(0, 0x2000, 4)),
        ("WRITE from unmapped memory", |r| r.write(1, 0x0ffe, 4)),
        ("WRITE past the end of memory", |r| {
            r.write(1, 0x1fff_fffe, 4)
        }),
        ("READ_INPUT into code", |r| r.read(0x8ffe, 4)),
        ("READ_INPUT longer than MAX_TRANSFER", |r| {
            r.read(0x2000, MAX_TRANSFER + 1)
        }),
        ("COMMIT from below memory", |r| r.commit(0x0ffc, 4)),
    ];
    for (what, call) in cases {
        let mut run = Run::new(&input);
        run.read(0x2000, 2);
        call(&mut run);
        assert!(Setup::honest(&run).verify().is_err(), "{what} accepted");
    }
}
