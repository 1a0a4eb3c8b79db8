//! Errors: a program that cannot be loaded ([`LoadError`]) and a guest that stopped
//! abnormally ([`VmError`]). Both are data about the guest, never host bugs: the VM
//! returns them instead of panicking, whatever the ELF or the guest does.

use crate::memory::MemoryError;
use gluecp_abi::memory::{MEM_END, MEM_START};
use thiserror::Error;

/// Why an ELF file could not be loaded as a gluecp program.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadError {
    /// The bytes are not a well-formed ELF file.
    #[error("malformed ELF: {0}")]
    Malformed(String),
    /// Not a 32-bit little-endian ELF.
    #[error("unsupported ELF: expected 32-bit little-endian, found {0}")]
    WrongClass(&'static str),
    /// Not a RISC-V executable.
    #[error("unsupported ELF: machine {0} is not RISC-V (243)")]
    WrongMachine(u16),
    /// Not `ET_EXEC` (relocatable objects and shared libraries cannot run).
    #[error("unsupported ELF: type {0} is not an executable (ET_EXEC = 2)")]
    NotExecutable(u16),
    /// No `PT_LOAD` segment with contents.
    #[error("ELF has no loadable segment")]
    NoSegments,
    /// More loadable segments than any sane program has.
    #[error("ELF has {0} loadable segments, at most {max} are accepted", max = crate::program::MAX_SEGMENTS)]
    TooManySegments(usize),
    /// A segment whose file size exceeds its memory size.
    #[error("segment {index}: file size {file_size:#x} exceeds memory size {mem_size:#x}")]
    FileSizeExceedsMemSize {
        /// Index among the loadable segments.
        index: usize,
        /// `p_filesz`.
        file_size: u64,
        /// `p_memsz`.
        mem_size: u64,
    },
    /// A segment whose contents lie past the end of the file.
    #[error(
        "segment {index}: contents at offset {offset:#x} + {size:#x} lie outside the {file_len}-byte file"
    )]
    SegmentOutsideFile {
        /// Index among the loadable segments.
        index: usize,
        /// `p_offset`.
        offset: u64,
        /// `p_filesz`.
        size: u64,
        /// Length of the ELF file.
        file_len: usize,
    },
    /// A segment outside the mapped guest memory.
    #[error(
        "segment {index} at {vaddr:#x} + {mem_size:#x} lies outside guest memory [{MEM_START:#x}, {MEM_END:#x})"
    )]
    SegmentOutOfRange {
        /// Index among the loadable segments.
        index: usize,
        /// `p_vaddr`.
        vaddr: u64,
        /// `p_memsz`.
        mem_size: u64,
    },
    /// Two segments share an address.
    #[error("segments {first} and {second} overlap")]
    OverlappingSegments {
        /// Index of the lower segment.
        first: usize,
        /// Index of the higher segment.
        second: usize,
    },
    /// An executable segment that does not start and end on a 4-byte boundary.
    #[error("executable segment {index} at {vaddr:#x} is not 4-byte aligned")]
    MisalignedCode {
        /// Index among the loadable segments.
        index: usize,
        /// `p_vaddr`.
        vaddr: u64,
    },
    /// A writable segment inside the span of the code.
    #[error("writable segment {index} lies inside the code range")]
    WritableCode {
        /// Index among the loadable segments.
        index: usize,
    },
    /// More code than the VM accepts.
    #[error("code spans {0} bytes, at most {max} are accepted", max = crate::program::MAX_CODE_BYTES)]
    CodeTooLarge(u32),
    /// The entry point is not an instruction of an executable segment.
    #[error("entry point {0:#x} is not a 4-byte aligned address inside an executable segment")]
    EntryOutsideCode(u64),
}

/// Why the guest stopped without halting normally. Every variant names the pc of the
/// instruction that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VmError {
    /// The word at `pc` is not an RV32IM instruction.
    #[error("illegal instruction {word:#010x} at pc {pc:#010x}")]
    IllegalInstruction {
        /// Address of the instruction.
        pc: u32,
        /// The raw word.
        word: u32,
    },
    /// `ebreak` was executed.
    #[error("ebreak at pc {pc:#010x}")]
    Breakpoint {
        /// Address of the `ebreak`.
        pc: u32,
    },
    /// Control reached an address outside the program's code.
    #[error("pc {pc:#010x} is outside the program's code")]
    PcOutOfCode {
        /// The address that was to be fetched.
        pc: u32,
    },
    /// A jump or taken branch to an address that is not 4-byte aligned.
    #[error("jump to misaligned address {target:#010x} at pc {pc:#010x}")]
    MisalignedJump {
        /// Address of the jump.
        pc: u32,
        /// Its target.
        target: u32,
    },
    /// A load or store that memory refused.
    #[error("{access} fault at pc {pc:#010x}: {error}")]
    Memory {
        /// Address of the load or store.
        pc: u32,
        /// `"load"` or `"store"`.
        access: &'static str,
        /// The refused access.
        error: MemoryError,
    },
    /// An `ecall` with a number that names no system call or coprocessor.
    #[error("unknown ecall {number:#x} at pc {pc:#010x}")]
    UnknownEcall {
        /// Address of the `ecall`.
        pc: u32,
        /// The call number from `t0`.
        number: u32,
    },
    /// An `ecall` whose operands are invalid (bad pointer, length, descriptor).
    #[error("bad `{call}` ecall at pc {pc:#010x}: {reason}")]
    BadEcall {
        /// Address of the `ecall`.
        pc: u32,
        /// Name of the call.
        call: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// The run executed its maximum number of instructions without halting.
    #[error("cycle limit of {limit} instructions reached at pc {pc:#010x}")]
    CycleLimit {
        /// Address of the next instruction.
        pc: u32,
        /// The limit.
        limit: u64,
    },
}

impl VmError {
    /// Address of the instruction the error is about.
    pub fn pc(&self) -> u32 {
        match self {
            VmError::IllegalInstruction { pc, .. }
            | VmError::Breakpoint { pc }
            | VmError::PcOutOfCode { pc }
            | VmError::MisalignedJump { pc, .. }
            | VmError::Memory { pc, .. }
            | VmError::UnknownEcall { pc, .. }
            | VmError::BadEcall { pc, .. }
            | VmError::CycleLimit { pc, .. } => *pc,
        }
    }
}
