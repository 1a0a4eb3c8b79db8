//! A minimal ELF32 writer for RISC-V test programs.
//!
//! Layout: the 52-byte ELF header, the program headers right after it, then each segment's
//! file bytes at an offset rounded up to `file_align`. There are no sections: loaders (the
//! VM, `qemu-riscv32`) only read the program headers.

/// `PF_X`: the segment is executable.
pub const PF_X: u32 = 1;
/// `PF_W`: the segment is writable.
pub const PF_W: u32 = 2;
/// `PF_R`: the segment is readable.
pub const PF_R: u32 = 4;

/// `EM_RISCV`.
pub const EM_RISCV: u16 = 243;
/// `ET_EXEC`.
pub const ET_EXEC: u16 = 2;
/// `PT_LOAD`.
pub const PT_LOAD: u32 = 1;
/// Size of the ELF32 header.
pub const EHDR_SIZE: usize = 52;
/// Size of one ELF32 program header.
pub const PHDR_SIZE: usize = 32;

/// One `PT_LOAD` segment: `data` is loaded at `vaddr`, zero-filled up to `mem_size`.
#[derive(Clone, Debug)]
pub struct Segment {
    pub vaddr: u32,
    pub flags: u32,
    pub data: Vec<u8>,
    pub mem_size: u32,
}

impl Segment {
    /// A read-execute segment holding `words`.
    pub fn code(vaddr: u32, words: &[u32]) -> Segment {
        let data: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let mem_size = data.len() as u32;
        Segment {
            vaddr,
            flags: PF_R | PF_X,
            data,
            mem_size,
        }
    }

    /// A read-write segment initialised with `data`.
    pub fn data(vaddr: u32, data: Vec<u8>) -> Segment {
        let mem_size = data.len() as u32;
        Segment {
            vaddr,
            flags: PF_R | PF_W,
            data,
            mem_size,
        }
    }
}

/// Byte offsets of the fields of one program header inside an ELF written by [`write`],
/// for tests that corrupt them.
pub mod phdr_field {
    pub const TYPE: usize = 0;
    pub const OFFSET: usize = 4;
    pub const VADDR: usize = 8;
    pub const PADDR: usize = 12;
    pub const FILESZ: usize = 16;
    pub const MEMSZ: usize = 20;
    pub const FLAGS: usize = 24;
    pub const ALIGN: usize = 28;
}

/// File offset of program header `index` in an ELF written by [`write`].
pub fn phdr_offset(index: usize) -> usize {
    EHDR_SIZE + index * PHDR_SIZE
}

/// Serialise a static little-endian ELF32 RISC-V executable.
///
/// `file_align` is both the alignment of each segment's file offset and its `p_align`;
/// Linux loaders (and so `qemu-riscv32`) need 4096 with page-aligned `vaddr`s.
pub fn write(entry: u32, segments: &[Segment], file_align: usize) -> Vec<u8> {
    let headers_end = EHDR_SIZE + segments.len() * PHDR_SIZE;
    let mut offsets = Vec::with_capacity(segments.len());
    let mut end = headers_end;
    for segment in segments {
        let offset = end.next_multiple_of(file_align);
        offsets.push(offset);
        end = offset + segment.data.len();
    }

    let mut out = Vec::with_capacity(end);
    out.extend_from_slice(b"\x7fELF");
    out.extend_from_slice(&[1, 1, 1, 0]); // ELFCLASS32, ELFDATA2LSB, EV_CURRENT, System V ABI
    out.extend_from_slice(&[0; 8]); // EI_ABIVERSION and padding
    out.extend_from_slice(&ET_EXEC.to_le_bytes());
    out.extend_from_slice(&EM_RISCV.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes()); // e_version
    out.extend_from_slice(&entry.to_le_bytes());
    out.extend_from_slice(&(EHDR_SIZE as u32).to_le_bytes()); // e_phoff
    out.extend_from_slice(&0u32.to_le_bytes()); // e_shoff: no sections
    out.extend_from_slice(&0u32.to_le_bytes()); // e_flags: soft-float ABI, no RVC
    out.extend_from_slice(&(EHDR_SIZE as u16).to_le_bytes());
    out.extend_from_slice(&(PHDR_SIZE as u16).to_le_bytes());
    out.extend_from_slice(&(segments.len() as u16).to_le_bytes());
    out.extend_from_slice(&40u16.to_le_bytes()); // e_shentsize
    out.extend_from_slice(&0u16.to_le_bytes()); // e_shnum
    out.extend_from_slice(&0u16.to_le_bytes()); // e_shstrndx
    debug_assert_eq!(out.len(), EHDR_SIZE);

    for (segment, &offset) in segments.iter().zip(&offsets) {
        for field in [
            PT_LOAD,
            offset as u32,
            segment.vaddr,
            segment.vaddr,
            segment.data.len() as u32,
            segment.mem_size,
            segment.flags,
            file_align as u32,
        ] {
            out.extend_from_slice(&field.to_le_bytes());
        }
    }
    for (segment, &offset) in segments.iter().zip(&offsets) {
        out.resize(offset, 0);
        out.extend_from_slice(&segment.data);
    }
    out
}
