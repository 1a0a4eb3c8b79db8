//! The `ecall` ABI.
//!
//! A guest executes `ecall` with the call number in `t0` (x5) and up to four arguments in
//! `a0..a3` (x10..x13). Results come back in `a0..a1` (x10, x11); every other register is
//! preserved. Operands that do not fit in registers live in guest memory and are passed as
//! pointers; the host validates every pointer and length before touching memory, and a bad
//! one stops the guest with a typed error naming the call and the pc.
//!
//! Call numbers are split in two families:
//!
//! | range | family |
//! | --- | --- |
//! | `0x000..0x100` | system calls: glue services provided by the VM itself |
//! | `0x100..` | coprocessor calls, listed by the coprocessor registry |

/// Register holding the call number (`t0`).
pub const REG_CALL: usize = 5;
/// Registers holding the arguments (`a0..a3`).
pub const REG_ARGS: [usize; 4] = [10, 11, 12, 13];
/// Registers receiving the results (`a0`, `a1`).
pub const REG_RESULTS: [usize; 2] = [10, 11];

/// Stop the guest. `a0` = exit code (0 means success). Does not return.
pub const HALT: u32 = 0x00;
/// Copy the next input bytes into guest memory. `a0` = destination, `a1` = length.
/// Returns in `a0` the number of bytes copied, which is less than `a1` only when the
/// input is exhausted.
pub const READ_INPUT: u32 = 0x01;
/// Number of input bytes not yet read, returned in `a0`.
pub const INPUT_REMAINING: u32 = 0x02;
/// Write bytes to a host stream. `a0` = file descriptor ([`FD_STDOUT`] or [`FD_STDERR`]),
/// `a1` = pointer, `a2` = length.
pub const WRITE: u32 = 0x03;
/// Append bytes to the journal, the program's public output. `a0` = pointer, `a1` = length.
pub const COMMIT: u32 = 0x04;

/// First call number of the coprocessor family.
pub const COPROCESSOR_BASE: u32 = 0x100;

/// File descriptor of the host's standard output for [`WRITE`].
pub const FD_STDOUT: u32 = 1;
/// File descriptor of the host's standard error for [`WRITE`].
pub const FD_STDERR: u32 = 2;

/// Longest single [`READ_INPUT`], [`WRITE`] or [`COMMIT`] transfer, in bytes. Longer
/// transfers are split by the guest SDK; the host rejects larger lengths as a bad call.
pub const MAX_TRANSFER: u32 = 1 << 24;

/// Name of a system call number, for error messages and disassembly.
pub const fn system_call_name(number: u32) -> Option<&'static str> {
    match number {
        HALT => Some("halt"),
        READ_INPUT => Some("read_input"),
        INPUT_REMAINING => Some("input_remaining"),
        WRITE => Some("write"),
        COMMIT => Some("commit"),
        _ => None,
    }
}
