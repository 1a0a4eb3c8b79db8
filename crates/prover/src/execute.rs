//! Running a program for the prover: the VM executes it (coprocessors native) while an
//! [`Observer`] turns every retired instruction into chip events, replaying the memory state
//! to know each access's previous value and timestamp.

use gluecp_abi::ecall::{
    COMMIT, HALT, INPUT_REMAINING, READ_INPUT, REG_ARGS, WRITE,
    coprocessor::{
        ED25519_VERIFY, KECCAK_F, MATMUL_I8, MODMUL256, OK, POSEIDON2_KOALABEAR16,
        SECP256K1_RECOVER, SECP256K1_VERIFY, SHA256_COMPRESS,
    },
};
use gluecp_vm::{Instruction, Observer, Program, Registry, Vm, VmError};

use crate::bus::{AluOp, slot, ts};
use crate::chips::cpu::{CpuEvent, CpuInstruction, flag};
use crate::chips::image::{initial_memory, read_only_words};
use crate::chips::matmul::{ARG_REGS, MAX_DIM};
use crate::plugin::{CallRecorder, ChipRegistry};
use crate::record::Cell;
use crate::record::{AluEvent, LsuEvent, MatmulEvent, MemoryAccess, MemoryState, SyscallEvent};

/// The permutation of `POSEIDON2_KOALABEAR16` (the coprocessor's, built once).
static POSEIDON2: std::sync::LazyLock<p3_koala_bear::Poseidon2KoalaBear<16>> =
    std::sync::LazyLock::new(p3_koala_bear::default_koalabear_poseidon2_16);

/// Most instructions one proof holds: the CPU table (one row per instruction plus one padding
/// row) must fit the maximal trace height of 2^22 rows.
pub const MAX_PROVABLE_CYCLES: u64 = (1 << 22) - 1;

/// Why a run cannot be proven.
#[derive(Debug, thiserror::Error)]
pub enum ExecuteError {
    #[error("the guest failed: {0}")]
    Vm(#[from] VmError),
    #[error(
        "the run needs more than {MAX_PROVABLE_CYCLES} cycles, the most one proof holds \
         (segmenting long runs into several proofs is not implemented yet)"
    )]
    TooLong,
    #[error("{what} at pc {pc:#x} cannot be proven yet")]
    Unsupported { pc: u32, what: String },
    #[error("the prover's model of {what} at pc {pc:#x} disagrees with the VM (a gluecp bug)")]
    Mismatch { pc: u32, what: &'static str },
}

/// The ALU ops of each ALU chip, in [`AluEvents`] order.
pub const ALU_CHIP_OPS: [&[AluOp]; 6] = [
    &[AluOp::Add, AluOp::Sub],
    &[AluOp::Xor, AluOp::Or, AluOp::And],
    &[AluOp::Slt, AluOp::Sltu, AluOp::Eq],
    &[AluOp::Sll, AluOp::Srl, AluOp::Sra],
    &[AluOp::Mul, AluOp::Mulh, AluOp::Mulhsu, AluOp::Mulhu],
    &[AluOp::Div, AluOp::Divu, AluOp::Rem, AluOp::Remu],
];

/// ALU events per chip, in [`ALU_CHIP_OPS`] order (add_sub, bitwise, lt, shift, mul, divrem).
pub type AluEvents = [Vec<AluEvent>; 6];

/// The index in [`ALU_CHIP_OPS`] of the chip that proves `op`.
pub fn alu_chip(op: AluOp) -> usize {
    ALU_CHIP_OPS
        .iter()
        .position(|ops| ops.contains(&op))
        .expect("every ALU op has a chip")
}

/// Everything the chips need to generate their traces.
#[derive(Clone, Debug, Default)]
pub struct ExecutionRecord {
    pub cpu: Vec<CpuEvent>,
    pub alu: AluEvents,
    pub lsu: Vec<LsuEvent>,
    /// Input and journal system calls (READ_INPUT, INPUT_REMAINING, WRITE, COMMIT).
    pub io: Vec<SyscallEvent>,
    pub keccak: Vec<SyscallEvent>,
    pub matmul: Vec<MatmulEvent>,
    pub poseidon2: Vec<SyscallEvent>,
    pub sha256: Vec<SyscallEvent>,
    pub modmul: Vec<SyscallEvent>,
    pub secp256k1_recover: Vec<SyscallEvent>,
    pub secp256k1_verify: Vec<SyscallEvent>,
    pub ed25519_verify: Vec<SyscallEvent>,
    /// Calls to user coprocessors with a registered chip ([`crate::plugin`]), by call number.
    pub user: std::collections::BTreeMap<u32, Vec<SyscallEvent>>,
    /// Every memory cell, sorted by address.
    pub memory: Vec<Cell>,
    pub input: Vec<u8>,
    pub journal: Vec<u8>,
    pub exit_code: u32,
}

impl ExecutionRecord {
    /// Instructions executed (the halt included).
    pub fn cycles(&self) -> u64 {
        self.cpu.len() as u64
    }
}

/// Runs `program` on `input` and records it for proving.
pub fn execute(
    program: &Program,
    registry: &Registry,
    input: &[u8],
) -> Result<ExecutionRecord, ExecuteError> {
    execute_with_chips(program, registry, &ChipRegistry::default(), input)
}

/// [`execute`] with user coprocessors' chips: their calls are replayed by their chips.
pub fn execute_with_chips(
    program: &Program,
    registry: &Registry,
    chips: &ChipRegistry,
    input: &[u8],
) -> Result<ExecutionRecord, ExecuteError> {
    let mut vm = Vm::with_coprocessors(program, registry);
    vm.set_input(input.to_vec());
    vm.set_max_cycles(MAX_PROVABLE_CYCLES);
    let mut recorder = Recorder::new(program, input, chips.clone());
    recorder.names = registry.iter().map(|(n, c)| (n, c.name())).collect();
    let exit = vm.run_with(&mut recorder).map_err(|e| match e {
        VmError::CycleLimit { .. } => ExecuteError::TooLong,
        e => ExecuteError::Vm(e),
    })?;
    if let Some(error) = recorder.error {
        return Err(error);
    }
    let mut record = recorder.record;
    record.memory = recorder.memory.cells();
    record.input = input.to_vec();
    record.journal = vm.journal().to_vec();
    record.exit_code = exit.code;
    debug_assert_eq!(record.cycles(), exit.cycles);
    Ok(record)
}

struct Recorder {
    code_base: u32,
    /// Each instruction's CPU view and its bus op, decoded once.
    instructions: Vec<(CpuInstruction, Option<AluOp>)>,
    regs: [u32; 32],
    memory: MemoryState,
    clk: u32,
    input: Vec<u8>,
    input_pos: usize,
    record: ExecutionRecord,
    error: Option<ExecuteError>,
    chips: ChipRegistry,
    /// The registered coprocessors' names, for errors.
    names: std::collections::HashMap<u32, &'static str>,
}

impl Recorder {
    fn new(program: &Program, input: &[u8], chips: ChipRegistry) -> Self {
        let code_base = program.code_base();
        let instructions = program
            .instructions()
            .iter()
            .enumerate()
            .map(|(i, ins)| {
                let cpu = CpuInstruction::new(code_base + 4 * i as u32, ins);
                let op = AluOp::from_id(cpu.op);
                (cpu, op)
            })
            .collect();
        let initial = initial_memory(program);
        let mut regs = [0; 32];
        for (r, reg) in regs.iter_mut().enumerate() {
            *reg = initial.get(&(r as u32)).copied().unwrap_or(0);
        }
        Self {
            code_base,
            instructions,
            regs,
            memory: MemoryState::new(initial).with_read_only(read_only_words(program).step_by(4)),
            clk: 0,
            input: input.to_vec(),
            input_pos: 0,
            record: ExecutionRecord::default(),
            error: None,
            chips,
            names: std::collections::HashMap::new(),
        }
    }

    fn step(&mut self, pc: u32, next_pc: u32, after: &[u32; 32]) -> Result<(), ExecuteError> {
        self.clk += 1;
        let clk = self.clk;
        let index = (pc.wrapping_sub(self.code_base) / 4) as usize;
        let (ins, op) = self.instructions[index];
        let mismatch = |what| ExecuteError::Mismatch { pc, what };
        let mut e = CpuEvent {
            clk,
            pc,
            next_pc,
            instruction: ins,
            ..CpuEvent::default()
        };
        let rs1 = self.memory.read(ins.rs1, ts(clk, slot::RS1));
        e.b = rs1.value;
        e.rs1_prev_ts = rs1.prev_ts;
        if ins.has(flag::IMM) {
            e.c = ins.imm;
        } else {
            let rs2 = self.memory.read(ins.rs2, ts(clk, slot::RS2));
            e.c = rs2.value;
            e.rs2_prev_ts = rs2.prev_ts;
        }
        if e.b != self.regs[ins.rs1 as usize]
            || (!ins.has(flag::IMM) && e.c != self.regs[ins.rs2 as usize])
        {
            return Err(mismatch("a register read"));
        }

        if ins.has(flag::ALU) || ins.has(flag::ADD) {
            let op = op.ok_or(mismatch("the ALU op"))?;
            let event = AluEvent::new(op, e.b, e.c);
            e.a = event.a;
            // ADD is proven by the CPU row itself.
            if ins.has(flag::ALU) {
                self.record.alu[alu_chip(op)].push(event);
            }
            e.rv = e.a;
            if ins.has(flag::BRANCH) {
                e.taken = (e.a == 1) != ins.has(flag::NEG);
            }
            if ins.has(flag::JALR) {
                e.taken = e.a & 1 == 1;
                e.rv = pc.wrapping_add(4);
            }
        } else if ins.has(flag::LSU) {
            let op = op.ok_or(mismatch("the load/store op"))?;
            let addr = e.b.wrapping_add(ins.imm);
            let word_addr = addr & !3;
            let shift = 8 * (addr & 3);
            let stamp = ts(clk, slot::MEMORY);
            let access = match op {
                // The VM traps on stores into the code range; only the byte of an unaligned
                // code range's first word that lies below the range could get here.
                AluOp::Sb | AluOp::Sh | AluOp::Sw if self.memory.is_read_only(word_addr) => {
                    return Err(ExecuteError::Unsupported {
                        pc,
                        what: "a store into the word holding the start of the code range".into(),
                    });
                }
                AluOp::Sb | AluOp::Sh | AluOp::Sw => {
                    let mask: u32 = match op {
                        AluOp::Sb => 0xff,
                        AluOp::Sh => 0xffff,
                        _ => u32::MAX,
                    };
                    let old = self.memory.value(word_addr);
                    let new = (old & !(mask << shift)) | ((e.c & mask) << shift);
                    self.memory.write(word_addr, new, stamp)
                }
                _ => {
                    let access = self.memory.read(word_addr, stamp);
                    let raw = access.value >> shift;
                    e.a = match op {
                        AluOp::Lb => raw as u8 as i8 as u32,
                        AluOp::Lbu => raw & 0xff,
                        AluOp::Lh => raw as u16 as i16 as u32,
                        AluOp::Lhu => raw & 0xffff,
                        _ => raw,
                    };
                    e.rv = e.a;
                    access
                }
            };
            self.record.lsu.push(LsuEvent {
                op,
                clk,
                a: e.a,
                b: e.b,
                c: e.c,
                imm: ins.imm,
                access,
            });
        } else if ins.has(flag::JAL) {
            e.rv = pc.wrapping_add(4);
        } else if ins.has(flag::ECALL) {
            // b = t0 (the call number), c = a0.
            let number = e.b;
            e.rv = after[REG_ARGS[0]];
            if let Some(chip) = self.chips.get(number).cloned() {
                let mut call =
                    CallRecorder::new(&mut self.memory, self.regs, clk, number, e.c, e.rv);
                chip.record(&mut call)
                    .map_err(|what| ExecuteError::Unsupported { pc, what })?;
                let event = call.event;
                self.record.user.entry(number).or_default().push(event);
            } else if number == MATMUL_I8 {
                let event = self.matmul(pc, clk, e.c)?;
                self.record.matmul.push(event);
            } else if number == MODMUL256 {
                let event = self.modmul(pc, clk, e.c, e.rv)?;
                self.record.modmul.push(event);
            } else if number == SECP256K1_RECOVER {
                let event = self.secp256k1_recover(pc, clk, e.c, e.rv)?;
                self.record.secp256k1_recover.push(event);
            } else if number == SECP256K1_VERIFY {
                let event = self.secp256k1_verify(pc, clk, e.c, e.rv)?;
                self.record.secp256k1_verify.push(event);
            } else if number == ED25519_VERIFY {
                let event = self.ed25519_verify(pc, clk, e.c, e.rv)?;
                self.record.ed25519_verify.push(event);
            } else if number != HALT {
                let event = self.syscall(pc, clk, number, e.c, e.rv)?;
                if event.words.iter().any(|w| w.read_only) {
                    return Err(ExecuteError::Unsupported {
                        pc,
                        what: format!("system call {number:#x} on a buffer in the code range"),
                    });
                }
                if number == KECCAK_F {
                    self.record.keccak.push(event);
                } else if number == POSEIDON2_KOALABEAR16 {
                    self.record.poseidon2.push(event);
                } else if number == SHA256_COMPRESS {
                    self.record.sha256.push(event);
                } else {
                    self.record.io.push(event);
                }
            }
        }

        if !ins.has(flag::WRITE_RD) {
            e.rv = 0;
        } else {
            if e.rv != after[ins.rd as usize] {
                return Err(mismatch("a register write"));
            }
            let rd = self.memory.write(ins.rd, e.rv, ts(clk, slot::RD));
            e.rd_prev = rd.prev;
            e.rd_prev_ts = rd.prev_ts;
        }
        self.regs = *after;
        self.record.cpu.push(e);
        Ok(())
    }

    /// The event of a system call other than HALT, with its memory accesses at slot 2.
    fn syscall(
        &mut self,
        pc: u32,
        clk: u32,
        number: u32,
        a0: u32,
        ret: u32,
    ) -> Result<SyscallEvent, ExecuteError> {
        let stamp = ts(clk, slot::MEMORY);
        let mut event = SyscallEvent::new(clk, number, a0, ret);
        let arg = |memory: &mut MemoryState, i: usize| memory.read(REG_ARGS[i] as u32, stamp);
        match number {
            READ_INPUT => {
                let len = arg(&mut self.memory, 1);
                event.args.push(len);
                let count = ret as usize;
                let bytes = self.input[self.input_pos..self.input_pos + count].to_vec();
                self.input_pos += count;
                event.words = self.write_bytes(a0, &bytes, stamp);
            }
            INPUT_REMAINING => {}
            WRITE => {
                event.args.push(arg(&mut self.memory, 1));
                event.args.push(arg(&mut self.memory, 2));
            }
            COMMIT => {
                let len = arg(&mut self.memory, 1);
                event.args.push(len);
                event.words = self.read_bytes(a0, len.value, stamp);
            }
            KECCAK_F => {
                let (absorb_ptr, absorb_len) = (self.regs[REG_ARGS[1]], self.regs[REG_ARGS[2]]);
                let state_ptr = a0;
                let overlap = absorb_len > 0
                    && absorb_ptr < state_ptr.wrapping_add(200)
                    && state_ptr < absorb_ptr.wrapping_add(absorb_len);
                if overlap {
                    return Err(ExecuteError::Unsupported {
                        pc,
                        what: "a Keccak-f call absorbing from its own state".into(),
                    });
                }
                event.args.push(arg(&mut self.memory, 1));
                event.args.push(arg(&mut self.memory, 2));
                event.words = self.read_bytes(absorb_ptr, absorb_len, stamp);
                let mut lanes = [0u64; 25];
                let mut block = vec![0u8; absorb_len as usize];
                for (i, b) in block.iter_mut().enumerate() {
                    let addr = absorb_ptr.wrapping_add(i as u32);
                    *b = (self.memory.value(addr & !3) >> (8 * (addr & 3))) as u8;
                }
                for (i, lane) in lanes.iter_mut().enumerate() {
                    let lo = self.memory.value(state_ptr + 8 * i as u32);
                    let hi = self.memory.value(state_ptr + 8 * i as u32 + 4);
                    *lane = u64::from(lo) | u64::from(hi) << 32;
                }
                for (i, chunk) in block.chunks_exact(8).enumerate() {
                    lanes[i] ^= u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
                }
                keccak::f1600(&mut lanes);
                for (i, lane) in lanes.iter().enumerate() {
                    let addr = state_ptr + 8 * i as u32;
                    event
                        .words
                        .push(self.memory.write(addr, *lane as u32, stamp));
                    event
                        .words
                        .push(self.memory.write(addr + 4, (*lane >> 32) as u32, stamp));
                }
            }
            SHA256_COMPRESS => {
                let (blocks, count) = (self.regs[REG_ARGS[1]], self.regs[REG_ARGS[2]]);
                let unsupported = |what: &str| ExecuteError::Unsupported {
                    pc,
                    what: what.into(),
                };
                if count == 0 {
                    return Err(unsupported("a SHA-256 call with no block"));
                }
                let end = blocks + 64 * count;
                let block_words = (blocks & !3)..end.next_multiple_of(4);
                if block_words.start < a0 + 32 && a0 < block_words.end {
                    return Err(unsupported(
                        "a SHA-256 call whose blocks share a word with its state",
                    ));
                }
                event.args.push(arg(&mut self.memory, 1));
                event.args.push(arg(&mut self.memory, 2));
                let byte = |memory: &MemoryState, addr: u32| {
                    (memory.value(addr & !3) >> (8 * (addr & 3))) as u8
                };
                let mut state: [u32; 8] =
                    core::array::from_fn(|w| self.memory.value(a0 + 4 * w as u32));
                for i in 0..count {
                    let block: [u8; 64] =
                        core::array::from_fn(|k| byte(&self.memory, blocks + 64 * i + k as u32));
                    sha2::compress256(&mut state, &[block.into()]);
                }
                event.words = state
                    .iter()
                    .enumerate()
                    .map(|(w, &h)| self.memory.write(a0 + 4 * w as u32, h, stamp))
                    .collect();
                event
                    .words
                    .extend(self.read_bytes(blocks, 64 * count, stamp));
            }
            POSEIDON2_KOALABEAR16 => {
                use p3_field::{PrimeCharacteristicRing, PrimeField32};
                use p3_symmetric::Permutation;
                if ret != OK {
                    return Err(ExecuteError::Unsupported {
                        pc,
                        what: "a Poseidon2 call on a state with an element not below p \
                               (status INVALID)"
                            .into(),
                    });
                }
                let mut state = [crate::Val::ZERO; 16];
                for (w, x) in state.iter_mut().enumerate() {
                    *x = crate::Val::from_u32(self.memory.value(a0 + 4 * w as u32));
                }
                POSEIDON2.permute_mut(&mut state);
                event.words = state
                    .iter()
                    .enumerate()
                    .map(|(w, x)| {
                        self.memory
                            .write(a0 + 4 * w as u32, x.as_canonical_u32(), stamp)
                    })
                    .collect();
            }
            _ => {
                let name = gluecp_abi::ecall::system_call_name(number)
                    .or_else(|| self.names.get(&number).copied());
                let what = match name {
                    Some(name) => format!("the `{name}` call ({number:#x}), which has no chip,"),
                    None => format!("ecall {number:#x}, which has no chip,"),
                };
                return Err(ExecuteError::Unsupported { pc, what });
            }
        }
        Ok(event)
    }

    /// The event of a `MATMUL_I8` call the VM has just executed (so its operands are valid):
    /// reads `a1..a3`, the dimensions, the words of A and B, then writes C.
    fn matmul(&mut self, pc: u32, clk: u32, c: u32) -> Result<MatmulEvent, ExecuteError> {
        let unsupported = |what: String| ExecuteError::Unsupported { pc, what };
        let stamp = ts(clk, slot::MEMORY);
        let [a, b, d] = ARG_REGS.map(|r| self.regs[r as usize]);
        let [m, k, n] = [0, 4, 8].map(|o| self.memory.value(d + o));
        if [m, k, n].iter().any(|dim| !(1..=MAX_DIM).contains(dim)) {
            return Err(unsupported(format!(
                "a {m}×{k}·{k}×{n} matrix product (the matmul chip proves dimensions 1..={MAX_DIM})"
            )));
        }
        let words = |start: u32, len: u32| (start & !3)..(start + len).next_multiple_of(4);
        let (a_words, b_words, c_words) = (words(a, m * k), words(b, k * n), words(c, 4 * m * n));
        let dims_words = d..d + 12;
        let overlaps = |x: &core::ops::Range<u32>, y: &core::ops::Range<u32>| {
            x.start < y.end && y.start < x.end
        };
        if [&a_words, &b_words, &c_words]
            .iter()
            .any(|w| overlaps(w, &dims_words))
            || overlaps(&c_words, &a_words)
            || overlaps(&c_words, &b_words)
        {
            return Err(unsupported(
                "a matrix product whose dimensions share a word with its operands".into(),
            ));
        }
        let args = ARG_REGS.map(|r| self.memory.read(r, stamp));
        let dims = [0, 4, 8].map(|o| self.memory.read(d + o, stamp));
        let mut addrs: Vec<u32> = a_words.step_by(4).chain(b_words.step_by(4)).collect();
        addrs.sort_unstable();
        addrs.dedup();
        let reads: Vec<MemoryAccess> = addrs
            .into_iter()
            .map(|addr| self.memory.read(addr, stamp))
            .collect();
        let byte = |memory: &MemoryState, addr: u32| {
            i32::from((memory.value(addr & !3) >> (8 * (addr & 3))) as u8 as i8)
        };
        let mut writes = Vec::with_capacity((m * n) as usize);
        for i in 0..m {
            for j in 0..n {
                let sum: i32 = (0..k)
                    .map(|p| byte(&self.memory, a + i * k + p) * byte(&self.memory, b + p * n + j))
                    .sum();
                writes.push((c + 4 * (i * n + j), sum as u32));
            }
        }
        let writes: Vec<MemoryAccess> = writes
            .into_iter()
            .map(|(addr, value)| self.memory.write(addr, value, stamp))
            .collect();
        let all = args.iter().chain(&dims).chain(&reads).chain(&writes);
        if all.clone().any(|w| w.read_only) {
            return Err(unsupported(
                "a matrix product with an operand in the code range".into(),
            ));
        }
        Ok(MatmulEvent {
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
        })
    }

    /// The event of a `MODMUL256` call the VM has just executed (so its operands are valid):
    /// reads `a1..a3` at slot 2, x, y and m at their slots, then writes out
    /// ([`crate::chips::modmul::OPERAND_SLOTS`]).
    fn modmul(
        &mut self,
        pc: u32,
        clk: u32,
        out: u32,
        ret: u32,
    ) -> Result<SyscallEvent, ExecuteError> {
        use crate::chips::modmul::{OPERAND_SLOTS, WORDS};
        let mut event = SyscallEvent::new(clk, MODMUL256, out, ret);
        let ptrs = [
            out,
            self.regs[REG_ARGS[1]],
            self.regs[REG_ARGS[2]],
            self.regs[REG_ARGS[3]],
        ];
        for reg in &REG_ARGS[1..] {
            let access = self.memory.read(*reg as u32, ts(clk, slot::MEMORY));
            event.args.push(access);
        }
        let mut operands = [[0u8; 4 * WORDS]; 3];
        for (k, operand) in operands.iter_mut().enumerate() {
            let stamp = ts(clk, OPERAND_SLOTS[k + 1]);
            for (w, chunk) in operand.chunks_exact_mut(4).enumerate() {
                let access = self.memory.read(ptrs[k + 1] + 4 * w as u32, stamp);
                if access.read_only {
                    return Err(ExecuteError::Unsupported {
                        pc,
                        what: "a 256-bit modular multiplication reading an operand in the code \
                               range"
                            .into(),
                    });
                }
                chunk.copy_from_slice(&access.value.to_le_bytes());
                event.words.push(access);
            }
        }
        let [x, y, m] = operands.map(|b| num_bigint::BigUint::from_bytes_le(&b));
        let product = if m == num_bigint::BigUint::ZERO {
            m
        } else {
            x * y % m
        };
        let mut bytes = product.to_bytes_le();
        bytes.resize(4 * WORDS, 0);
        let stamp = ts(clk, OPERAND_SLOTS[0]);
        for (w, chunk) in bytes.chunks_exact(4).enumerate() {
            let value = u32::from_le_bytes(chunk.try_into().expect("4 bytes"));
            event
                .words
                .push(self.memory.write(out + 4 * w as u32, value, stamp));
        }
        Ok(event)
    }

    /// The event of a `SECP256K1_RECOVER` call the VM has just executed: reads `a1..a3` at
    /// slot 2, the hash and the signature at their slots, then writes the key
    /// ([`crate::chips::secp256k1::recover`]). Only calls returning OK with 4-aligned
    /// operands are proven.
    fn secp256k1_recover(
        &mut self,
        pc: u32,
        clk: u32,
        hash: u32,
        ret: u32,
    ) -> Result<SyscallEvent, ExecuteError> {
        use crate::chips::secp256k1::recover::{HASH_SLOT, OUT_SLOT, SIG_SLOT, witness};
        let unsupported = |what: &str| ExecuteError::Unsupported {
            pc,
            what: what.into(),
        };
        let (sig, v, out) = (
            self.regs[REG_ARGS[1]],
            self.regs[REG_ARGS[2]],
            self.regs[REG_ARGS[3]],
        );
        if ret != OK {
            return Err(unsupported(
                "a secp256k1 recovery that returns INVALID (only successful recoveries are proven)",
            ));
        }
        if [hash, sig, out].iter().any(|p| !p.is_multiple_of(4)) {
            return Err(unsupported(
                "a secp256k1 recovery with an operand that is not 4-aligned",
            ));
        }
        let mut event = SyscallEvent::new(clk, SECP256K1_RECOVER, hash, ret);
        for reg in &REG_ARGS[1..] {
            let access = self.memory.read(*reg as u32, ts(clk, slot::MEMORY));
            event.args.push(access);
        }
        let mut z = [0u8; 32];
        let mut signature = [0u8; 64];
        for (base, slot, buffer) in [
            (hash, HASH_SLOT, &mut z[..]),
            (sig, SIG_SLOT, &mut signature[..]),
        ] {
            for (w, chunk) in buffer.chunks_exact_mut(4).enumerate() {
                let access = self.memory.read(base + 4 * w as u32, ts(clk, slot));
                if access.read_only {
                    return Err(unsupported(
                        "a secp256k1 recovery reading an operand in the code range",
                    ));
                }
                chunk.copy_from_slice(&access.value.to_le_bytes());
                event.words.push(access);
            }
        }
        let witness = witness(&z, &signature, v).map_err(unsupported)?;
        let mut key = [0u8; 64];
        let [x, y] = [&witness.q.x, &witness.q.y].map(|c| c.to_bytes_be());
        key[32 - x.len()..32].copy_from_slice(&x);
        key[64 - y.len()..].copy_from_slice(&y);
        for (w, chunk) in key.chunks_exact(4).enumerate() {
            let value = u32::from_le_bytes(chunk.try_into().expect("4 bytes"));
            event.words.push(
                self.memory
                    .write(out + 4 * w as u32, value, ts(clk, OUT_SLOT)),
            );
        }
        Ok(event)
    }

    /// The event of a `SECP256K1_VERIFY` call the VM has just executed: reads `a1`, `a2` at
    /// slot 2 and the hash, the signature and the key at their slots
    /// ([`crate::chips::secp256k1::verify`]). Only calls returning OK with 4-aligned operands
    /// are proven.
    fn secp256k1_verify(
        &mut self,
        pc: u32,
        clk: u32,
        hash: u32,
        ret: u32,
    ) -> Result<SyscallEvent, ExecuteError> {
        use crate::chips::secp256k1::verify::{SLOTS, witness};
        let unsupported = |what: &str| ExecuteError::Unsupported {
            pc,
            what: what.into(),
        };
        let (sig, key) = (self.regs[REG_ARGS[1]], self.regs[REG_ARGS[2]]);
        if ret != OK {
            return Err(unsupported(
                "a secp256k1 verification that does not return OK (only valid signatures are \
                 proven)",
            ));
        }
        if [hash, sig, key].iter().any(|p| !p.is_multiple_of(4)) {
            return Err(unsupported(
                "a secp256k1 verification with an operand that is not 4-aligned",
            ));
        }
        let mut event = SyscallEvent::new(clk, SECP256K1_VERIFY, hash, ret);
        for reg in &REG_ARGS[1..3] {
            let access = self.memory.read(*reg as u32, ts(clk, slot::MEMORY));
            event.args.push(access);
        }
        let (mut z, mut signature, mut public) = ([0u8; 32], [0u8; 64], [0u8; 64]);
        for ((base, slot), buffer) in [hash, sig, key].into_iter().zip(SLOTS).zip([
            &mut z[..],
            &mut signature[..],
            &mut public[..],
        ]) {
            for (w, chunk) in buffer.chunks_exact_mut(4).enumerate() {
                let access = self.memory.read(base + 4 * w as u32, ts(clk, slot));
                if access.read_only {
                    return Err(unsupported(
                        "a secp256k1 verification reading an operand in the code range",
                    ));
                }
                chunk.copy_from_slice(&access.value.to_le_bytes());
                event.words.push(access);
            }
        }
        witness(&z, &signature, &public).map_err(unsupported)?;
        Ok(event)
    }

    /// The event of an `ED25519_VERIFY` call the VM has just executed: reads `a1..a3` at slot
    /// 2, the key and the signature at their slots, and the message's words at slot 2
    /// ([`crate::chips::ed25519`]). Only calls returning OK with 4-aligned key and signature
    /// are proven.
    fn ed25519_verify(
        &mut self,
        pc: u32,
        clk: u32,
        key: u32,
        ret: u32,
    ) -> Result<SyscallEvent, ExecuteError> {
        use crate::chips::ed25519::verify::{KEY_SLOT, SIG_SLOT, witness};
        let unsupported = |what: &str| ExecuteError::Unsupported {
            pc,
            what: what.into(),
        };
        let (sig, msg, len) = (
            self.regs[REG_ARGS[1]],
            self.regs[REG_ARGS[2]],
            self.regs[REG_ARGS[3]],
        );
        if ret != OK {
            return Err(unsupported(
                "an ed25519 verification that does not return OK (only valid signatures are \
                 proven)",
            ));
        }
        if [key, sig].iter().any(|p| !p.is_multiple_of(4)) {
            return Err(unsupported(
                "an ed25519 verification whose key or signature is not 4-aligned",
            ));
        }
        let mut event = SyscallEvent::new(clk, ED25519_VERIFY, key, ret);
        for reg in &REG_ARGS[1..] {
            let access = self.memory.read(*reg as u32, ts(clk, slot::MEMORY));
            event.args.push(access);
        }
        let (mut public, mut signature) = ([0u8; 32], [0u8; 64]);
        for ((base, slot), buffer) in [(key, KEY_SLOT), (sig, SIG_SLOT)]
            .into_iter()
            .zip([&mut public[..], &mut signature[..]])
        {
            for (w, chunk) in buffer.chunks_exact_mut(4).enumerate() {
                let access = self.memory.read(base + 4 * w as u32, ts(clk, slot));
                chunk.copy_from_slice(&access.value.to_le_bytes());
                event.words.push(access);
            }
        }
        let message: Vec<u8> = (0..len)
            .map(|i| {
                let addr = msg + i;
                (self.memory.value(addr & !3) >> (8 * (addr & 3))) as u8
            })
            .collect();
        event
            .words
            .extend(self.read_bytes(msg, len, ts(clk, slot::MEMORY)));
        if event.words.iter().any(|w| w.read_only) {
            return Err(unsupported(
                "an ed25519 verification reading an operand in the code range",
            ));
        }
        witness(&public, &signature, &message).map_err(unsupported)?;
        Ok(event)
    }

    /// Reads every word overlapping `[ptr, ptr + len)`, in address order.
    fn read_bytes(&mut self, ptr: u32, len: u32, stamp: u32) -> Vec<MemoryAccess> {
        if len == 0 {
            return Vec::new();
        }
        let (first, last) = (ptr & !3, (ptr + len - 1) & !3);
        (first..=last)
            .step_by(4)
            .map(|addr| self.memory.read(addr, stamp))
            .collect()
    }

    /// Writes `bytes` at `ptr`: every overlapping word, in address order, keeps its other bytes.
    fn write_bytes(&mut self, ptr: u32, bytes: &[u8], stamp: u32) -> Vec<MemoryAccess> {
        if bytes.is_empty() {
            return Vec::new();
        }
        let end = ptr + bytes.len() as u32;
        let (first, last) = (ptr & !3, (end - 1) & !3);
        (first..=last)
            .step_by(4)
            .map(|addr| {
                let mut word = self.memory.value(addr).to_le_bytes();
                for (k, byte) in word.iter_mut().enumerate() {
                    let a = addr + k as u32;
                    if (ptr..end).contains(&a) {
                        *byte = bytes[(a - ptr) as usize];
                    }
                }
                self.memory.write(addr, u32::from_le_bytes(word), stamp)
            })
            .collect()
    }
}

impl Observer for Recorder {
    fn retired(&mut self, pc: u32, _instruction: &Instruction, next_pc: u32, regs: &[u32; 32]) {
        if self.error.is_none()
            && let Err(e) = self.step(pc, next_pc, regs)
        {
            self.error = Some(e);
        }
    }
}
