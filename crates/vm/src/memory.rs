//! Guest memory: one flat byte array for the mapped range of
//! [`gluecp_abi::memory`](gluecp_abi::memory).
//!
//! The array is allocated zeroed, so the operating system maps pages lazily and a run
//! only pays for the memory it touches. Every access is checked: inside the mapped range,
//! naturally aligned, and (for writes) outside the read-only code range.

use gluecp_abi::memory::{MEM_SIZE, MEM_START};
use thiserror::Error;

/// Why a memory access was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum MemoryFault {
    /// Some byte of the access lies outside mapped memory.
    #[error(
        "outside mapped memory [{:#x}, {:#x})",
        MEM_START,
        gluecp_abi::memory::MEM_END
    )]
    Unmapped,
    /// The address is not a multiple of the access size.
    #[error("misaligned")]
    Misaligned,
    /// A write into the read-only code segments.
    #[error("write into read-only code")]
    WriteToCode,
}

/// A refused access: where, how many bytes, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{len}-byte access at {addr:#010x}: {fault}")]
pub struct MemoryError {
    /// First byte of the access.
    pub addr: u32,
    /// Length of the access in bytes.
    pub len: u32,
    /// The reason.
    pub fault: MemoryFault,
}

/// The guest's memory.
#[derive(Clone)]
pub struct Memory {
    /// Byte `i` is guest address `MEM_START + i`.
    bytes: Vec<u8>,
    /// Read-only code range `[code_start, code_start + code_len)`.
    code_start: u32,
    code_len: u32,
}

impl Memory {
    /// Zeroed memory with a read-only code range (the VM builds its own from the program;
    /// this is for testing coprocessors and other memory users directly).
    pub fn new(code_start: u32, code_len: u32) -> Self {
        Memory {
            bytes: vec![0; MEM_SIZE as usize],
            code_start,
            code_len,
        }
    }

    /// Offset of `[addr, addr + len)` in `bytes`, if mapped. `len` is at most 4 on the
    /// hot path; the check is written so that neither side can overflow.
    #[inline(always)]
    fn offset(&self, addr: u32, len: u32) -> Result<usize, MemoryError> {
        let offset = addr.wrapping_sub(MEM_START);
        if offset < MEM_SIZE && len <= MEM_SIZE - offset {
            Ok(offset as usize)
        } else {
            Err(MemoryError {
                addr,
                len,
                fault: MemoryFault::Unmapped,
            })
        }
    }

    #[inline(always)]
    fn check_aligned(addr: u32, len: u32) -> Result<(), MemoryError> {
        if addr & (len - 1) == 0 {
            Ok(())
        } else {
            Err(MemoryError {
                addr,
                len,
                fault: MemoryFault::Misaligned,
            })
        }
    }

    #[inline(always)]
    fn check_writable(&self, addr: u32, len: u32) -> Result<(), MemoryError> {
        // The access is already known to be mapped, so `addr + len` does not overflow.
        let code_end = self.code_start + self.code_len;
        if addr < code_end && addr + len > self.code_start {
            Err(MemoryError {
                addr,
                len,
                fault: MemoryFault::WriteToCode,
            })
        } else {
            Ok(())
        }
    }

    /// Load a naturally aligned little-endian value of `N` bytes (1, 2 or 4).
    #[inline(always)]
    pub fn load<const N: usize>(&self, addr: u32) -> Result<[u8; N], MemoryError> {
        Self::check_aligned(addr, N as u32)?;
        let offset = self.offset(addr, N as u32)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&self.bytes[offset..offset + N]);
        Ok(out)
    }

    /// Store a naturally aligned little-endian value of `N` bytes (1, 2 or 4).
    #[inline(always)]
    pub fn store<const N: usize>(&mut self, addr: u32, value: [u8; N]) -> Result<(), MemoryError> {
        Self::check_aligned(addr, N as u32)?;
        let offset = self.offset(addr, N as u32)?;
        self.check_writable(addr, N as u32)?;
        self.bytes[offset..offset + N].copy_from_slice(&value);
        Ok(())
    }

    /// Load an aligned word.
    #[inline(always)]
    pub fn load_word(&self, addr: u32) -> Result<u32, MemoryError> {
        self.load::<4>(addr).map(u32::from_le_bytes)
    }

    /// The bytes `[addr, addr + len)`, for system calls and host inspection. No
    /// alignment is required, and an empty range is valid at any address (as
    /// [`gluecp_abi::memory::is_mapped`] says).
    pub fn read_bytes(&self, addr: u32, len: u32) -> Result<&[u8], MemoryError> {
        if len == 0 {
            return Ok(&[]);
        }
        let offset = self.offset(addr, len)?;
        Ok(&self.bytes[offset..offset + len as usize])
    }

    /// The writable bytes `[addr, addr + len)`, for system calls and coprocessors. No
    /// alignment is required, and an empty range is valid at any address.
    pub fn write_bytes(&mut self, addr: u32, len: u32) -> Result<&mut [u8], MemoryError> {
        if len == 0 {
            return Ok(&mut []);
        }
        let offset = self.offset(addr, len)?;
        self.check_writable(addr, len)?;
        Ok(&mut self.bytes[offset..offset + len as usize])
    }

    /// Copy an initial image into memory, ignoring the code protection (used by the loader).
    pub(crate) fn initialize(&mut self, addr: u32, data: &[u8]) -> Result<(), MemoryError> {
        let len = u32::try_from(data.len()).map_err(|_| MemoryError {
            addr,
            len: u32::MAX,
            fault: MemoryFault::Unmapped,
        })?;
        let offset = self.offset(addr, len)?;
        self.bytes[offset..offset + data.len()].copy_from_slice(data);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gluecp_abi::memory::MEM_END;

    #[test]
    fn checks_range_alignment_and_code() {
        let mut memory = Memory::new(0x1_0000, 0x100);
        assert_eq!(memory.load_word(0x2_0000), Ok(0));
        memory
            .store(0x2_0000, 0xdead_beefu32.to_le_bytes())
            .unwrap();
        assert_eq!(memory.load::<2>(0x2_0002), Ok([0xad, 0xde]));
        let fault = |r: Result<[u8; 4], MemoryError>| r.unwrap_err().fault;
        assert_eq!(fault(memory.load(0)), MemoryFault::Unmapped);
        assert_eq!(fault(memory.load(MEM_START - 4)), MemoryFault::Unmapped);
        assert_eq!(fault(memory.load(MEM_END)), MemoryFault::Unmapped);
        assert_eq!(fault(memory.load(u32::MAX - 3)), MemoryFault::Unmapped);
        assert_eq!(fault(memory.load(0x2_0001)), MemoryFault::Misaligned);
        assert!(memory.load::<4>(MEM_END - 4).is_ok());
        let err = memory.store(0x1_00fc, [0; 4]).unwrap_err();
        assert_eq!(err.fault, MemoryFault::WriteToCode);
        assert!(memory.store(0x1_0100, [0; 4]).is_ok());
        assert!(memory.write_bytes(0xfff0, 0x20).is_err());
        assert!(memory.read_bytes(MEM_END - 1, 2).is_err());
        assert!(memory.read_bytes(0x2_0000, u32::MAX).is_err());
    }
}
