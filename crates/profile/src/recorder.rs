//! The observers that watch a run for a profile.
//!
//! [`Recorder`] counts every instruction by pc and by call stack and times every `ecall`;
//! its per-instruction work (two counter increments) makes the run slower, so wall-clock
//! figures come from a second run under [`EcallTimer`], which only reads the clock around
//! each `ecall`.

use crate::stacks::{StackTrie, UNKNOWN};
use gluecp_abi::ecall::REG_CALL;
use gluecp_vm::{Instruction, InstructionClass, Observer, Opcode, Program};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Calls and host time of one `ecall` number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EcallStats {
    /// Number of calls.
    pub calls: u64,
    /// Host time spent inside them.
    pub time: Duration,
}

/// Times every `ecall`, by call number.
#[derive(Default)]
pub struct EcallTimer {
    start: Option<Instant>,
    /// Calls and time per call number.
    pub ecalls: BTreeMap<u32, EcallStats>,
}

impl EcallTimer {
    #[inline(always)]
    fn before(&mut self, instruction: &Instruction) {
        if instruction.opcode == Opcode::Ecall {
            self.start = Some(Instant::now());
        }
    }

    #[inline(always)]
    fn after(&mut self, instruction: &Instruction, regs: &[u32; 32]) {
        if instruction.opcode == Opcode::Ecall
            && let Some(start) = self.start.take()
        {
            // `t0` is preserved by every call, so it still holds the number.
            let stats = self.ecalls.entry(regs[REG_CALL]).or_default();
            stats.calls += 1;
            stats.time += start.elapsed();
        }
    }
}

impl Observer for EcallTimer {
    #[inline(always)]
    fn instruction(&mut self, _pc: u32, instruction: &Instruction) {
        self.before(instruction);
    }

    #[inline(always)]
    fn retired(&mut self, _pc: u32, instruction: &Instruction, _next: u32, regs: &[u32; 32]) {
        self.after(instruction, regs);
    }
}

/// Counts instructions by pc and by call stack, and times ecalls.
pub struct Recorder<'p> {
    program: &'p Program,
    /// Symbol index of each instruction's function, or [`UNKNOWN`].
    function_of: Vec<u32>,
    /// Executions of each instruction (indexed like `Program::instructions`).
    pub counts: Vec<u64>,
    /// Instructions per call stack.
    pub stacks: StackTrie,
    /// Ecall statistics (time inflated by the recording, use [`EcallTimer`] for time).
    pub timer: EcallTimer,
}

impl<'p> Recorder<'p> {
    /// A recorder for runs of `program`.
    pub fn new(program: &'p Program) -> Self {
        let base = program.code_base();
        let mut function_of = vec![UNKNOWN; program.instructions().len()];
        for (id, symbol) in program.symbols().iter().enumerate() {
            // The loader keeps only symbols inside the code, without overlaps.
            let start = ((symbol.addr - base) / 4) as usize;
            let end =
                ((symbol.addr - base + symbol.size).div_ceil(4) as usize).min(function_of.len());
            function_of[start..end].fill(id as u32);
        }
        let root = function_of
            .get(((program.entry() - base) / 4) as usize)
            .copied()
            .unwrap_or(UNKNOWN);
        Recorder {
            program,
            counts: vec![0; function_of.len()],
            function_of,
            stacks: StackTrie::new(root),
            timer: EcallTimer::default(),
        }
    }

    fn index(&self, pc: u32) -> usize {
        (pc.wrapping_sub(self.program.code_base()) / 4) as usize
    }

    fn function_at(&self, pc: u32) -> u32 {
        self.function_of
            .get(self.index(pc))
            .copied()
            .unwrap_or(UNKNOWN)
    }
}

impl Observer for Recorder<'_> {
    #[inline(always)]
    fn instruction(&mut self, pc: u32, instruction: &Instruction) {
        let index = self.index(pc);
        // The VM fetched this pc from the code, so the index is in range.
        self.counts[index] += 1;
        self.stacks.count(class_index(instruction.opcode.class()));
        self.timer.before(instruction);
    }

    const OBSERVES_COPROCESSOR_CALLS: bool = true;

    fn coprocessor_call(&mut self, _pc: u32, number: u32, work: u64) {
        self.stacks.call(number, work);
    }

    #[inline(always)]
    fn retired(&mut self, _pc: u32, instruction: &Instruction, next_pc: u32, regs: &[u32; 32]) {
        match instruction.opcode {
            Opcode::Ecall => self.timer.after(instruction, regs),
            Opcode::Jal | Opcode::Jalr => {
                // `ra` and `t0` are the link registers of the RISC-V calling convention.
                let linked = matches!(instruction.rd, 1 | 5);
                let function = self.function_at(next_pc);
                self.stacks.transfer(function, linked);
            }
            _ => {}
        }
    }
}

/// The position of `class` in per-class arrays (the order of [`CLASS_NAMES`]).
pub fn class_index(class: InstructionClass) -> usize {
    match class {
        InstructionClass::Alu => 0,
        InstructionClass::MulDiv => 1,
        InstructionClass::Load => 2,
        InstructionClass::Store => 3,
        InstructionClass::Control => 4,
        InstructionClass::System => 5,
    }
}

/// Row labels of the instruction classes, in [`class_index`] order, and their keys in gas
/// schedules.
pub const CLASS_NAMES: [(&str, &str); 6] = [
    ("ALU", "alu"),
    ("multiply/divide", "mul_div"),
    ("loads", "load"),
    ("stores", "store"),
    ("branches and jumps", "control"),
    ("system calls", "system"),
];
