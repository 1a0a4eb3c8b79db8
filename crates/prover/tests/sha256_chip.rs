//! The `sha256` chip and its `sha256-word` table against stubs for the CPU (`exec` bus) and
//! the memory (`memory` bus), with the real byte table.

use gluecp_abi::ecall::coprocessor::SHA256_COMPRESS;
use gluecp_prover::Val;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::sha256::{
    ARG_REGS, NUM_SHA256_CHIP_COLS, SHA256_WORD_AIR, Sha256ChipAir, generate_trace, word_trace,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::chips::word_bytes::NUM_WORD_BYTES_COLS;
use gluecp_prover::record::{MemoryAccess, MemoryState, SyscallEvent};
use gluecp_prover::testing::{
    corrupt, debug_check, memory_stub, memory_stub_rows, prove_and_verify,
};
use p3_matrix::dense::RowMajorMatrix;
use p3_sha256_air::NUM_SHA256_COLS;

/// Writes the state and `count` blocks of bytes at `blocks`, then runs the call as the
/// executor does.
fn call(mem: &mut MemoryState, clk: u32, state: u32, blocks: u32, count: u32) -> SyscallEvent {
    let t = timestamp(clk, 2);
    let mut setup = t - 1 - 8 - 64 * count - 2;
    let mut next = || {
        setup += 1;
        setup
    };
    for w in 0..8 {
        mem.write(state + 4 * w, 0x6a09_e667u32.wrapping_mul(w + 1), next());
    }
    for i in 0..64 * count {
        let addr = blocks + i;
        let word = mem.value(addr & !3);
        let shift = 8 * (addr & 3);
        let byte = (i * 29 + clk) as u8;
        mem.write(
            addr & !3,
            (word & !(0xff << shift)) | u32::from(byte) << shift,
            next(),
        );
    }
    mem.write(ARG_REGS[0], blocks, next());
    mem.write(ARG_REGS[1], count, next());
    let args = ARG_REGS.iter().map(|&r| mem.read(r, t)).collect();
    let byte = |mem: &MemoryState, addr: u32| (mem.value(addr & !3) >> (8 * (addr & 3))) as u8;
    let mut h: [u32; 8] = core::array::from_fn(|w| mem.value(state + 4 * w as u32));
    for i in 0..count {
        let block: [u8; 64] = core::array::from_fn(|k| byte(mem, blocks + 64 * i + k as u32));
        sha2::compress256(&mut h, &[block.into()]);
    }
    let mut words: Vec<MemoryAccess> = (0..8)
        .map(|w| mem.write(state + 4 * w as u32, h[w], t))
        .collect();
    let (first, end) = (blocks & !3, (blocks + 64 * count).next_multiple_of(4));
    words.extend((first..end).step_by(4).map(|a| mem.read(a, t)));
    SyscallEvent {
        clk,
        number: SHA256_COMPRESS,
        a0: state,
        ret: state,
        args,
        words,
    }
}

/// Three calls: one block at an odd address, three chained blocks, one block at the top of
/// memory.
fn calls() -> Vec<SyscallEvent> {
    let mut mem = MemoryState::default();
    vec![
        call(&mut mem, 1000, 0x1000, 0x2001, 1),
        call(&mut mem, 2000, 0x1000, 0x3002, 3),
        call(&mut mem, 3000, (1 << 29) - 32, (1 << 29) - 96, 1),
    ]
}

struct Setup {
    sha: RowMajorMatrix<Val>,
    word: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    syscalls: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
}

impl Setup {
    fn new(events: &[SyscallEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let sha = generate_trace(events, &mut bytes);
        let word = word_trace(events, &mut bytes);
        let syscalls = events
            .iter()
            .map(|e| {
                let [lo, hi] = limbs(e.a0);
                let message = [SYSCALL_OP, e.clk, e.number, lo, hi, lo, hi, 0, 0, 0];
                (message.to_vec(), 1)
            })
            .collect();
        let accesses: Vec<MemoryAccess> = events
            .iter()
            .flat_map(|e| e.args.iter().chain(&e.words).copied())
            .collect();
        Self {
            sha,
            word,
            bytes,
            syscalls,
            memory: memory_stub_rows(&accesses),
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let exec = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let chips = vec![
            Chip::Sha256(Sha256ChipAir),
            Chip::WordBytes(SHA256_WORD_AIR),
            Chip::Stub(exec.clone()),
            Chip::Stub(memory_stub()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.sha.clone(),
            self.word.clone(),
            exec.generate_trace(&self.syscalls),
            memory_stub().generate_trace(&self.memory),
            self.bytes.generate_trace(),
        ];
        (chips, traces)
    }

    fn check(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        debug_check(&chips, &traces, &[], &[0, 1])
    }

    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }
}

#[test]
fn honest_calls_pass_the_checks() {
    Setup::new(&calls()).check().expect("honest calls");
}

#[test]
fn honest_calls_verify() {
    Setup::new(&calls()).prove().expect("honest calls verify");
}

#[test]
fn every_cell_of_the_call_columns_and_a_sample_of_the_rest_is_bound() {
    // All call columns and every 37th compression column of every real row (5 blocks), and
    // every cell of every real `sha256-word` row.
    let events = calls();
    let columns = (0..NUM_SHA256_COLS)
        .step_by(37)
        .chain(NUM_SHA256_COLS..NUM_SHA256_CHIP_COLS);
    for row in 0..5 {
        for col in columns.clone() {
            let mut bad = Setup::new(&events);
            corrupt(&mut bad.sha, row, col);
            assert!(bad.check().is_err(), "sha256: row {row} column {col}");
        }
    }
    let words: usize = events.iter().map(|e| e.words.len() - 8).sum();
    for row in 0..words {
        for col in 0..NUM_WORD_BYTES_COLS {
            let mut bad = Setup::new(&events);
            corrupt(&mut bad.word, row, col);
            assert!(bad.check().is_err(), "sha256-word: row {row} column {col}");
        }
    }
}

#[test]
fn corrupted_cells_fail_verification() {
    for (row, col) in [(0, 5), (2, NUM_SHA256_COLS + 4), (3, NUM_SHA256_COLS - 1)] {
        let mut setup = Setup::new(&calls());
        corrupt(&mut setup.sha, row, col);
        assert!(setup.prove().is_err(), "cell ({row}, {col})");
    }
}

#[test]
fn forged_state_is_rejected() {
    // The memory sees another final H3: the chip sends the true one.
    let honest = calls();
    let mut forged = honest.clone();
    forged[1].words[3].value ^= 1;
    let mut setup = Setup::new(&honest);
    let accesses: Vec<MemoryAccess> = forged
        .iter()
        .flat_map(|e| e.args.iter().chain(&e.words).copied())
        .collect();
    setup.memory = memory_stub_rows(&accesses);
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    assert!(setup.prove().is_err());
}

#[test]
fn a_wrong_block_byte_is_rejected() {
    // The compression runs on a block with one byte changed (a consistent compression and
    // output): only its `sha256-byte` lookup has nothing to match in memory.
    let honest = calls();
    let mut mem = MemoryState::default();
    let mut forged = vec![call(&mut mem, 1000, 0x1000, 0x2001, 1)];
    // Rebuild the first call over a block whose byte 0 differs, with its true output.
    let mut event = forged.pop().unwrap();
    let read = event.words.iter_mut().find(|w| w.addr == 0x2000).unwrap();
    read.value ^= 1 << 8;
    read.prev = read.value;
    let block: [u8; 64] = core::array::from_fn(|k| {
        let addr = 0x2001 + k as u32;
        let word = event.words[8..]
            .iter()
            .find(|w| w.addr == addr & !3)
            .unwrap();
        (word.value >> (8 * (addr & 3))) as u8
    });
    let mut h: [u32; 8] = core::array::from_fn(|w| event.words[w].prev);
    sha2::compress256(&mut h, &[block.into()]);
    for (w, value) in h.into_iter().enumerate() {
        event.words[w].value = value;
    }
    let mut all = ByteLookups::default();
    let mut with_forged = honest.clone();
    with_forged[0] = event;
    let sha = generate_trace(&with_forged, &mut all);
    let word = word_trace(&honest, &mut all);
    let mut setup = Setup::new(&honest);
    setup.sha = sha;
    setup.word = word;
    setup.bytes = all;
    // The memory sees the forged call's state written, the honest block words read.
    let accesses: Vec<MemoryAccess> = with_forged
        .iter()
        .zip(&honest)
        .flat_map(|(f, h)| {
            h.args
                .iter()
                .chain(&f.words[..8])
                .chain(&h.words[8..])
                .copied()
                .collect::<Vec<_>>()
        })
        .collect();
    setup.memory = memory_stub_rows(&accesses);
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
}

#[test]
fn pointers_out_of_range_are_rejected() {
    for (state, blocks) in [(0xffc, 0x2000), (0x1000, (1 << 29) - 63), (0x1000, 0xfc0)] {
        let mut mem = MemoryState::default();
        let event = call(&mut mem, 1000, state, blocks, 1);
        assert_eq!(
            Setup::new(&[event]).check(),
            Err("unbalanced bus".into()),
            "state {state:#x}, blocks {blocks:#x}"
        );
    }
}

#[test]
fn shape() {
    assert_eq!(NUM_SHA256_CHIP_COLS, NUM_SHA256_COLS + 47);
}
