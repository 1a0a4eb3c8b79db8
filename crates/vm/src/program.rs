//! Loading an ELF executable into a [`Program`]: validated segments, the decoded code, and
//! the program id.
//!
//! The loader accepts 32-bit little-endian RISC-V `ET_EXEC` files whose `PT_LOAD` segments
//! lie inside mapped guest memory without overlapping. Executable segments are decoded
//! once, here; the span from the first to the last executable byte is the read-only code
//! range, and the entry point must be an instruction inside it. Every violation is a
//! [`LoadError`]; hostile files never make the loader panic or allocate unboundedly (the
//! image is bounded by the mapped range, the code by [`MAX_CODE_BYTES`]).

use crate::decode::decode;
use crate::error::LoadError;
use crate::instruction::Instruction;
use elf::ElfBytes;
use elf::abi::{EM_RISCV, ET_EXEC, PF_W, PF_X, PT_LOAD, STT_FUNC};
use elf::endian::LittleEndian;
use gluecp_abi::memory::{MEM_END, MEM_START};
use sha2::{Digest, Sha256};
use std::fmt;

/// Most loadable segments a program may have.
pub const MAX_SEGMENTS: usize = 64;
/// Most function symbols kept from an ELF's symbol table.
pub const MAX_SYMBOLS: usize = 1 << 20;

/// Most bytes the code range may span (4 Mi instructions; large guests use well under 1 MiB).
pub const MAX_CODE_BYTES: u32 = 16 << 20;

/// A loadable segment of the initial memory image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// First address.
    pub vaddr: u32,
    /// Size in memory; bytes past `data` are zero.
    pub mem_size: u32,
    /// Initial contents (the ELF's `p_filesz` bytes).
    pub data: Vec<u8>,
    /// Whether the segment holds code.
    pub executable: bool,
    /// Whether the segment is writable (informational: only code is protected).
    pub writable: bool,
}

/// A function of the program, from the ELF's symbol table (for profiles; not part of the
/// program id, so stripping an ELF does not change it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The raw (mangled) name.
    pub name: String,
    /// First address.
    pub addr: u32,
    /// Size in bytes.
    pub size: u32,
}

/// The program id: SHA-256 of the program's entry point and initial memory image.
///
/// The hashed bytes are the ASCII tag `gluecp-program-v1`, then the entry point, then for
/// each segment in address order its address, memory size, flags (bit 0 executable, bit 1
/// writable), data length and data, every integer as a little-endian `u32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProgramId(pub [u8; 32]);

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// A loaded, validated and decoded program.
#[derive(Clone, Debug)]
pub struct Program {
    entry: u32,
    code_base: u32,
    instructions: Vec<Instruction>,
    segments: Vec<Segment>,
    id: ProgramId,
    symbols: Vec<Symbol>,
}

impl Program {
    /// Load and decode an ELF executable.
    pub fn from_elf(bytes: &[u8]) -> Result<Program, LoadError> {
        // Check class and byte order first, so that the error says what the file is.
        match (bytes.get(..4), bytes.get(4), bytes.get(5)) {
            (Some(b"\x7fELF"), Some(1), Some(1)) => {}
            (Some(b"\x7fELF"), Some(2), _) => return Err(LoadError::WrongClass("64-bit")),
            (Some(b"\x7fELF"), Some(1), Some(2)) => {
                return Err(LoadError::WrongClass("big-endian"));
            }
            (Some(b"\x7fELF"), _, _) => {
                return Err(LoadError::Malformed("bad ELF identification".into()));
            }
            _ => return Err(LoadError::Malformed("no ELF magic".into())),
        }
        let file = ElfBytes::<LittleEndian>::minimal_parse(bytes)
            .map_err(|e| LoadError::Malformed(e.to_string()))?;
        if file.ehdr.e_machine != EM_RISCV {
            return Err(LoadError::WrongMachine(file.ehdr.e_machine));
        }
        if file.ehdr.e_type != ET_EXEC {
            return Err(LoadError::NotExecutable(file.ehdr.e_type));
        }
        let headers = file
            .segments()
            .ok_or(LoadError::NoSegments)?
            .iter()
            .filter(|ph| ph.p_type == PT_LOAD && ph.p_memsz > 0);

        let mut segments = Vec::new();
        for (index, ph) in headers.enumerate() {
            if index >= MAX_SEGMENTS {
                return Err(LoadError::TooManySegments(index + 1));
            }
            if ph.p_filesz > ph.p_memsz {
                return Err(LoadError::FileSizeExceedsMemSize {
                    index,
                    file_size: ph.p_filesz,
                    mem_size: ph.p_memsz,
                });
            }
            let out_of_range = LoadError::SegmentOutOfRange {
                index,
                vaddr: ph.p_vaddr,
                mem_size: ph.p_memsz,
            };
            let end = ph
                .p_vaddr
                .checked_add(ph.p_memsz)
                .ok_or(out_of_range.clone())?;
            if ph.p_vaddr < u64::from(MEM_START) || end > u64::from(MEM_END) {
                return Err(out_of_range);
            }
            let data = usize::try_from(ph.p_offset)
                .ok()
                .zip(usize::try_from(ph.p_filesz).ok())
                .and_then(|(offset, size)| bytes.get(offset..offset.checked_add(size)?))
                .ok_or(LoadError::SegmentOutsideFile {
                    index,
                    offset: ph.p_offset,
                    size: ph.p_filesz,
                    file_len: bytes.len(),
                })?;
            let executable = ph.p_flags & PF_X != 0;
            if executable && !ph.p_vaddr.is_multiple_of(4) {
                return Err(LoadError::MisalignedCode {
                    index,
                    vaddr: ph.p_vaddr,
                });
            }
            // In range of the 32-bit mapped memory, so the casts are exact.
            segments.push(Segment {
                vaddr: ph.p_vaddr as u32,
                mem_size: ph.p_memsz as u32,
                data: data.to_vec(),
                executable,
                writable: ph.p_flags & PF_W != 0,
            });
        }
        if segments.is_empty() {
            return Err(LoadError::NoSegments);
        }
        let mut program = Self::from_segments(file.ehdr.e_entry, segments)?;
        program.symbols = function_symbols(&file, &program);
        Ok(program)
    }

    /// Build a program from already-parsed segments (validated here as for an ELF).
    pub(crate) fn from_segments(
        entry: u64,
        mut segments: Vec<Segment>,
    ) -> Result<Program, LoadError> {
        let mut order: Vec<usize> = (0..segments.len()).collect();
        order.sort_by_key(|&i| segments[i].vaddr);
        for pair in order.windows(2) {
            let (a, b) = (&segments[pair[0]], &segments[pair[1]]);
            if u64::from(a.vaddr) + u64::from(a.mem_size) > u64::from(b.vaddr) {
                return Err(LoadError::OverlappingSegments {
                    first: pair[0],
                    second: pair[1],
                });
            }
        }

        let code = || segments.iter().filter(|s| s.executable);
        let code_base = code()
            .map(|s| s.vaddr)
            .min()
            .ok_or(LoadError::EntryOutsideCode(entry))?;
        let code_end = code()
            .map(|s| (s.vaddr + s.mem_size).next_multiple_of(4))
            .max()
            .unwrap_or(code_base);
        let code_len = code_end - code_base;
        if code_len > MAX_CODE_BYTES {
            return Err(LoadError::CodeTooLarge(code_len));
        }
        let in_code =
            |addr: u64, len: u64| addr < u64::from(code_end) && addr + len > u64::from(code_base);
        if let Some(index) = segments
            .iter()
            .position(|s| !s.executable && in_code(u64::from(s.vaddr), u64::from(s.mem_size)))
        {
            return Err(LoadError::WritableCode { index });
        }
        let entry_ok = entry.is_multiple_of(4)
            && code().any(|s| {
                entry >= u64::from(s.vaddr) && entry < u64::from(s.vaddr) + u64::from(s.mem_size)
            });
        if !entry_ok {
            return Err(LoadError::EntryOutsideCode(entry));
        }

        let mut image = vec![0u8; code_len as usize];
        for s in code() {
            let start = (s.vaddr - code_base) as usize;
            image[start..start + s.data.len()].copy_from_slice(&s.data);
        }
        let instructions = image
            .chunks_exact(4)
            .map(|w| decode(u32::from_le_bytes([w[0], w[1], w[2], w[3]])))
            .collect();

        segments.sort_by_key(|s| s.vaddr);
        let id = program_id(entry as u32, &segments);
        Ok(Program {
            entry: entry as u32,
            code_base,
            instructions,
            segments,
            id,
            symbols: Vec::new(),
        })
    }

    /// The program id.
    pub fn id(&self) -> ProgramId {
        self.id
    }

    /// Address of the first instruction.
    pub fn entry(&self) -> u32 {
        self.entry
    }

    /// Address of the first instruction of the code range.
    pub fn code_base(&self) -> u32 {
        self.code_base
    }

    /// The decoded code range: instruction `i` is at `code_base() + 4 * i`.
    pub fn instructions(&self) -> &[Instruction] {
        &self.instructions
    }

    /// The instruction at `pc`, if `pc` is an aligned address in the code range.
    pub fn instruction_at(&self, pc: u32) -> Option<&Instruction> {
        if !pc.is_multiple_of(4) {
            return None;
        }
        self.instructions
            .get((pc.wrapping_sub(self.code_base) / 4) as usize)
    }

    /// The loadable segments, in address order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The function symbols inside the code, in address order, without overlaps (empty for a
    /// stripped ELF).
    pub fn symbols(&self) -> &[Symbol] {
        &self.symbols
    }

    /// The function containing `pc`, if the symbol table names one.
    pub fn symbol_at(&self, pc: u32) -> Option<&Symbol> {
        let index = self
            .symbols
            .partition_point(|s| s.addr <= pc)
            .checked_sub(1)?;
        let symbol = &self.symbols[index];
        (pc - symbol.addr < symbol.size).then_some(symbol)
    }
}

/// The function symbols of `file` that lie in `program`'s code. Symbols are optional
/// metadata: a malformed symbol table yields none rather than an error.
fn function_symbols(file: &ElfBytes<'_, LittleEndian>, program: &Program) -> Vec<Symbol> {
    let Ok(Some((table, strings))) = file.symbol_table() else {
        return Vec::new();
    };
    let code_start = u64::from(program.code_base);
    let code_end = code_start + 4 * program.instructions.len() as u64;
    let mut symbols: Vec<Symbol> = table
        .iter()
        .filter(|s| s.st_symtype() == STT_FUNC && s.st_size > 0)
        .filter(|s| s.st_value >= code_start && s.st_value.saturating_add(s.st_size) <= code_end)
        .take(MAX_SYMBOLS)
        .filter_map(|s| {
            let name = strings.get(s.st_name as usize).ok()?;
            Some(Symbol {
                name: name.to_owned(),
                addr: s.st_value as u32,
                size: s.st_size as u32,
            })
        })
        .collect();
    symbols.sort_by_key(|s| (s.addr, std::cmp::Reverse(s.size)));
    // Keep the first (largest) symbol at each address, and drop any that overlap the one
    // before, so that `symbol_at` is a plain binary search.
    let mut end = 0u64;
    symbols.retain(|s| {
        let keep = u64::from(s.addr) >= end;
        if keep {
            end = u64::from(s.addr) + u64::from(s.size);
        }
        keep
    });
    symbols
}

fn program_id(entry: u32, segments: &[Segment]) -> ProgramId {
    let mut hasher = Sha256::new();
    hasher.update(b"gluecp-program-v1");
    hasher.update(entry.to_le_bytes());
    for s in segments {
        let flags = u32::from(s.executable) | (u32::from(s.writable) << 1);
        for word in [s.vaddr, s.mem_size, flags, s.data.len() as u32] {
            hasher.update(word.to_le_bytes());
        }
        hasher.update(&s.data);
    }
    ProgramId(hasher.finalize().into())
}
