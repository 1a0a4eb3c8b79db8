//! The executor: runs a [`Program`] instruction by instruction.
//!
//! The hot loop works on the pre-decoded instructions: fetch is an index into a slice,
//! dispatch is one `match` on a one-byte opcode, registers are a local array, and there is
//! no allocation, hashing or map lookup per instruction. Observation (profiling, trace
//! recording) is a generic [`Observer`] whose no-op default compiles away, so a plain
//! [`Vm::run`] pays nothing for it.

use crate::coprocessor::Registry;
use crate::error::VmError;
use crate::instruction::{Instruction, Opcode};
use crate::memory::{Memory, MemoryError};
use crate::program::Program;
use crate::syscall::{self, Io};
use gluecp_abi::memory::STACK_TOP;

/// Default for [`Vm::set_max_cycles`].
pub const DEFAULT_MAX_CYCLES: u64 = 1 << 32;

/// How a guest halted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exit {
    /// The exit code passed to `halt` (0 means success).
    pub code: u32,
    /// Instructions executed, the `halt` ecall included.
    pub cycles: u64,
}

/// Watches a run. Every method has an empty default, so an observer implements only what
/// it needs; with the [`NoObserver`] the calls compile to nothing.
pub trait Observer {
    /// Called before the instruction at `pc` executes.
    #[inline(always)]
    fn instruction(&mut self, pc: u32, instruction: &Instruction) {
        let _ = (pc, instruction);
    }

    /// Called after the instruction at `pc` completed (not when it trapped), with the next
    /// pc and the registers it left. After a halting `ecall`, `next_pc` is `pc + 4`.
    #[inline(always)]
    fn retired(&mut self, pc: u32, instruction: &Instruction, next_pc: u32, regs: &[u32; 32]) {
        let _ = (pc, instruction, next_pc, regs);
    }

    /// Whether [`coprocessor_call`](Observer::coprocessor_call) is wanted (a constant, so
    /// that runs without it pay nothing).
    const OBSERVES_COPROCESSOR_CALLS: bool = false;

    /// Called after a coprocessor call completed (after [`retired`](Observer::retired)),
    /// with its call number and units of work ([`Coprocessor::work`](crate::Coprocessor::work)).
    fn coprocessor_call(&mut self, pc: u32, number: u32, work: u64) {
        let _ = (pc, number, work);
    }
}

/// The observer that watches nothing.
pub struct NoObserver;
impl Observer for NoObserver {}

/// A virtual machine running one program.
pub struct Vm<'p> {
    program: &'p Program,
    pub(crate) coprocessors: &'p Registry,
    regs: [u32; 32],
    pc: u32,
    cycles: u64,
    max_cycles: u64,
    exit: Option<u32>,
    /// The last coprocessor call: (number, units of work), for observers.
    pub(crate) last_call: Option<(u32, u64)>,
    pub(crate) memory: Memory,
    pub(crate) io: Io,
}

impl<'p> Vm<'p> {
    /// A VM at the program's entry point, with its initial memory image loaded, all
    /// registers zero except `sp` = [`STACK_TOP`], no input, the default cycle limit and
    /// no coprocessors.
    pub fn new(program: &'p Program) -> Self {
        static NONE: Registry = Registry::empty();
        Self::with_coprocessors(program, &NONE)
    }

    /// [`Vm::new`] with the coprocessors of `registry` callable.
    pub fn with_coprocessors(program: &'p Program, coprocessors: &'p Registry) -> Self {
        let code_len = (program.instructions().len() * 4) as u32;
        let mut memory = Memory::new(program.code_base(), code_len);
        for segment in program.segments() {
            memory
                .initialize(segment.vaddr, &segment.data)
                .expect("the loader validated that every segment lies in mapped memory");
        }
        let mut regs = [0; 32];
        regs[2] = STACK_TOP;
        Vm {
            program,
            coprocessors,
            regs,
            pc: program.entry(),
            cycles: 0,
            max_cycles: DEFAULT_MAX_CYCLES,
            exit: None,
            last_call: None,
            memory,
            io: Io::default(),
        }
    }

    /// Set the bytes the guest reads as input.
    pub fn set_input(&mut self, input: impl Into<Vec<u8>>) {
        self.io.set_input(input.into());
    }

    /// Set the most instructions the run may execute before it stops with
    /// [`VmError::CycleLimit`].
    pub fn set_max_cycles(&mut self, max_cycles: u64) {
        self.max_cycles = max_cycles;
    }

    /// Set a register (writes to `x0` are ignored), e.g. to start from a chosen state.
    pub fn set_register(&mut self, index: usize, value: u32) {
        if (1..32).contains(&index) {
            self.regs[index] = value;
        }
    }

    /// Set the program counter.
    pub fn set_pc(&mut self, pc: u32) {
        self.pc = pc;
    }

    /// The registers `x0..x31`.
    pub fn registers(&self) -> &[u32; 32] {
        &self.regs
    }

    /// The program counter: the next instruction, or the one that stopped the run.
    pub fn pc(&self) -> u32 {
        self.pc
    }

    /// Instructions executed so far.
    pub fn cycles(&self) -> u64 {
        self.cycles
    }

    /// Guest memory.
    pub fn memory(&self) -> &Memory {
        &self.memory
    }

    /// The journal: bytes the guest committed as public output.
    pub fn journal(&self) -> &[u8] {
        &self.io.journal
    }

    /// Bytes the guest wrote to standard output.
    pub fn stdout(&self) -> &[u8] {
        &self.io.stdout
    }

    /// Bytes the guest wrote to standard error.
    pub fn stderr(&self) -> &[u8] {
        &self.io.stderr
    }

    /// The program being run.
    pub fn program(&self) -> &'p Program {
        self.program
    }

    /// Run until the guest halts or stops with an error.
    pub fn run(&mut self) -> Result<Exit, VmError> {
        self.run_with(&mut NoObserver)
    }

    /// Run with an observer watching every instruction.
    pub fn run_with<O: Observer>(&mut self, observer: &mut O) -> Result<Exit, VmError> {
        if let Some(code) = self.exit {
            return Ok(Exit {
                code,
                cycles: self.cycles,
            });
        }
        let program = self.program;
        let code = program.instructions();
        let code_base = program.code_base();
        let limit = self.max_cycles;
        let mut regs = self.regs;
        let mut pc = self.pc;
        let mut cycles = self.cycles;

        let outcome = loop {
            if cycles >= limit {
                break Err(VmError::CycleLimit { pc, limit });
            }
            // `pc` is always 4-byte aligned: the entry is checked by the loader and every
            // jump target here, so the index is exact.
            let Some(insn) = code.get((pc.wrapping_sub(code_base) >> 2) as usize) else {
                break Err(VmError::PcOutOfCode { pc });
            };
            observer.instruction(pc, insn);
            match self.step(insn, pc, &mut regs) {
                Ok(Step::Next(next)) => {
                    observer.retired(pc, insn, next, &regs);
                    if O::OBSERVES_COPROCESSOR_CALLS
                        && let Some((number, work)) = self.last_call.take()
                    {
                        observer.coprocessor_call(pc, number, work);
                    }
                    cycles += 1;
                    pc = next;
                }
                Ok(Step::Halt(code)) => {
                    observer.retired(pc, insn, pc.wrapping_add(4), &regs);
                    cycles += 1;
                    self.exit = Some(code);
                    break Ok(Exit { code, cycles });
                }
                Err(e) => break Err(e),
            }
        };
        self.regs = regs;
        self.pc = pc;
        self.cycles = cycles;
        outcome
    }

    /// Execute one instruction: returns the next pc, or the exit code of a halt.
    #[inline(always)]
    fn step(&mut self, insn: &Instruction, pc: u32, regs: &mut [u32; 32]) -> Result<Step, VmError> {
        use Opcode::*;
        let rs1 = regs[(insn.rs1 & 31) as usize];
        let rs2 = regs[(insn.rs2 & 31) as usize];
        let imm = insn.imm as u32;
        let next = pc.wrapping_add(4);
        let value = match insn.opcode {
            Add => rs1.wrapping_add(rs2),
            Sub => rs1.wrapping_sub(rs2),
            Sll => rs1 << (rs2 & 31),
            Slt => u32::from((rs1 as i32) < (rs2 as i32)),
            Sltu => u32::from(rs1 < rs2),
            Xor => rs1 ^ rs2,
            Srl => rs1 >> (rs2 & 31),
            Sra => ((rs1 as i32) >> (rs2 & 31)) as u32,
            Or => rs1 | rs2,
            And => rs1 & rs2,
            Addi => rs1.wrapping_add(imm),
            Slti => u32::from((rs1 as i32) < insn.imm),
            Sltiu => u32::from(rs1 < imm),
            Xori => rs1 ^ imm,
            Ori => rs1 | imm,
            Andi => rs1 & imm,
            Slli => rs1 << (imm & 31),
            Srli => rs1 >> (imm & 31),
            Srai => ((rs1 as i32) >> (imm & 31)) as u32,
            Mul => rs1.wrapping_mul(rs2),
            Mulh => ((i64::from(rs1 as i32) * i64::from(rs2 as i32)) >> 32) as u32,
            Mulhsu => ((i64::from(rs1 as i32) * i64::from(rs2)) >> 32) as u32,
            Mulhu => ((u64::from(rs1) * u64::from(rs2)) >> 32) as u32,
            Div => match rs2 {
                0 => u32::MAX,
                _ => (rs1 as i32).wrapping_div(rs2 as i32) as u32,
            },
            Divu => rs1.checked_div(rs2).unwrap_or(u32::MAX),
            Rem => match rs2 {
                0 => rs1,
                _ => (rs1 as i32).wrapping_rem(rs2 as i32) as u32,
            },
            Remu => rs1.checked_rem(rs2).unwrap_or(rs1),
            Lb => self.load::<1>(pc, rs1.wrapping_add(imm))?[0] as i8 as u32,
            Lh => i16::from_le_bytes(self.load(pc, rs1.wrapping_add(imm))?) as u32,
            Lw => u32::from_le_bytes(self.load(pc, rs1.wrapping_add(imm))?),
            Lbu => u32::from(self.load::<1>(pc, rs1.wrapping_add(imm))?[0]),
            Lhu => u32::from(u16::from_le_bytes(self.load(pc, rs1.wrapping_add(imm))?)),
            Sb => {
                self.store(pc, rs1.wrapping_add(imm), [rs2 as u8])?;
                return Ok(Step::Next(next));
            }
            Sh => {
                self.store(pc, rs1.wrapping_add(imm), (rs2 as u16).to_le_bytes())?;
                return Ok(Step::Next(next));
            }
            Sw => {
                self.store(pc, rs1.wrapping_add(imm), rs2.to_le_bytes())?;
                return Ok(Step::Next(next));
            }
            Beq => return branch(pc, imm, rs1 == rs2),
            Bne => return branch(pc, imm, rs1 != rs2),
            Blt => return branch(pc, imm, (rs1 as i32) < (rs2 as i32)),
            Bge => return branch(pc, imm, (rs1 as i32) >= (rs2 as i32)),
            Bltu => return branch(pc, imm, rs1 < rs2),
            Bgeu => return branch(pc, imm, rs1 >= rs2),
            Jal => {
                let target = jump_target(pc, pc.wrapping_add(imm))?;
                set(regs, insn.rd, next);
                return Ok(Step::Next(target));
            }
            Jalr => {
                let target = jump_target(pc, rs1.wrapping_add(imm) & !1)?;
                set(regs, insn.rd, next);
                return Ok(Step::Next(target));
            }
            Lui => imm,
            Auipc => pc.wrapping_add(imm),
            Fence => return Ok(Step::Next(next)),
            Ecall => {
                return match syscall::ecall(self, pc, regs)? {
                    Some(code) => Ok(Step::Halt(code)),
                    None => Ok(Step::Next(next)),
                };
            }
            Ebreak => return Err(VmError::Breakpoint { pc }),
            Illegal => {
                return Err(VmError::IllegalInstruction {
                    pc,
                    word: insn.imm as u32,
                });
            }
        };
        set(regs, insn.rd, value);
        Ok(Step::Next(next))
    }

    #[inline(always)]
    fn load<const N: usize>(&self, pc: u32, addr: u32) -> Result<[u8; N], VmError> {
        self.memory
            .load(addr)
            .map_err(|error| memory_error(pc, "load", error))
    }

    #[inline(always)]
    fn store<const N: usize>(&mut self, pc: u32, addr: u32, value: [u8; N]) -> Result<(), VmError> {
        self.memory
            .store(addr, value)
            .map_err(|error| memory_error(pc, "store", error))
    }
}

/// What an executed instruction asks for next.
enum Step {
    Next(u32),
    Halt(u32),
}

/// Write a register; writes to `x0` are discarded.
#[inline(always)]
fn set(regs: &mut [u32; 32], rd: u8, value: u32) {
    regs[(rd & 31) as usize] = value;
    regs[0] = 0;
}

#[inline(always)]
fn branch(pc: u32, offset: u32, taken: bool) -> Result<Step, VmError> {
    if taken {
        jump_target(pc, pc.wrapping_add(offset)).map(Step::Next)
    } else {
        Ok(Step::Next(pc.wrapping_add(4)))
    }
}

#[inline(always)]
fn jump_target(pc: u32, target: u32) -> Result<u32, VmError> {
    if target & 3 == 0 {
        Ok(target)
    } else {
        Err(VmError::MisalignedJump { pc, target })
    }
}

#[cold]
fn memory_error(pc: u32, access: &'static str, error: MemoryError) -> VmError {
    VmError::Memory { pc, access, error }
}
