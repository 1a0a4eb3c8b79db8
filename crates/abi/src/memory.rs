//! The guest address space.
//!
//! ```text
//! 0x0000_0000 ┌──────────────────────┐
//!             │ unmapped (null guard)│  any access traps
//! 0x0000_1000 ├──────────────────────┤ MEM_START
//!             │ ELF segments         │  code (read-only) and data, where the ELF puts them
//!             │ heap ↑               │  from the linker's `_end` up to HEAP_END
//! HEAP_END    ├──────────────────────┤
//!             │ stack ↓              │  STACK_SIZE bytes
//! 0x2000_0000 └──────────────────────┘ MEM_END = STACK_TOP
//!             unmapped up to 0xFFFF_FFFF
//! ```
//!
//! Memory is byte-addressed and little-endian. Loads and stores must be naturally aligned
//! (halfwords on 2, words on 4 bytes): a misaligned access traps rather than being
//! emulated, so the prover's memory argument works on aligned words only. Stores into the
//! executable segments trap too (no self-modifying code): the program table the prover
//! commits to is the code that runs.

/// Lowest mapped address.
pub const MEM_START: u32 = 0x0000_1000;
/// One past the highest mapped address.
pub const MEM_END: u32 = 0x2000_0000;
/// Size of the mapped range in bytes.
pub const MEM_SIZE: u32 = MEM_END - MEM_START;
/// Initial stack pointer; the stack grows down from here.
pub const STACK_TOP: u32 = MEM_END;
/// Bytes reserved for the stack below [`STACK_TOP`].
pub const STACK_SIZE: u32 = 8 << 20;
/// One past the highest heap address; the heap starts at the end of the ELF image.
pub const HEAP_END: u32 = STACK_TOP - STACK_SIZE;

/// Whether `[addr, addr + len)` lies inside mapped memory. An empty range is valid at any
/// address: Rust gives empty slices a dangling (but non-null) pointer.
pub const fn is_mapped(addr: u32, len: u32) -> bool {
    let offset = addr.wrapping_sub(MEM_START);
    len == 0 || (offset < MEM_SIZE && len <= MEM_SIZE - offset)
}
