//! Raw `ecall` wrappers: one function per system call, one `ecall` per function call.
//!
//! The convention (see [`gluecp_abi::ecall`]): call number in `t0`, arguments in `a0..a3`,
//! results in `a0..a1`, every other register preserved. These wrappers do not split long
//! transfers: a [`read_input`], [`write()`] or [`commit()`] longer than
//! [`MAX_TRANSFER`](gluecp_abi::ecall::MAX_TRANSFER) bytes is a bad call that stops the
//! guest. [`crate::io`] builds the convenient, splitting API on top; coprocessor bindings
//! use [`ecall`] directly.
//!
//! Outside the gluecp VM (a host build of this crate) every call panics.

use gluecp_abi::ecall::{COMMIT, HALT, INPUT_REMAINING, READ_INPUT, WRITE};

/// Execute `ecall` number `call` with arguments `args` (`a0..a3`); returns `[a0, a1]`.
///
/// # Safety
///
/// The host reads and writes guest memory through any pointers in `args`, as the call's
/// ABI documents: they must be valid for those accesses, and memory the call writes must
/// not be borrowed elsewhere.
#[cfg(all(target_arch = "riscv32", target_os = "none"))]
#[inline(always)]
pub unsafe fn ecall(call: u32, args: [u32; 4]) -> [u32; 2] {
    let (a0, a1): (u32, u32);
    // SAFETY: the caller upholds the call's memory contract; the VM changes no register
    // other than a0 and a1, and `ecall` touches no stack.
    unsafe {
        core::arch::asm!(
            "ecall",
            in("t0") call,
            inlateout("a0") args[0] => a0,
            inlateout("a1") args[1] => a1,
            in("a2") args[2],
            in("a3") args[3],
            options(nostack),
        );
    }
    [a0, a1]
}

/// Host stand-in for the VM's `ecall`: always panics.
///
/// # Safety
///
/// Always safe to call (it never returns); `unsafe` only to match the guest signature.
#[cfg(not(all(target_arch = "riscv32", target_os = "none")))]
pub unsafe fn ecall(call: u32, _args: [u32; 4]) -> [u32; 2] {
    let name = gluecp_abi::ecall::system_call_name(call).unwrap_or("coprocessor call");
    panic!("gluecp ecall {call:#x} ({name}) only runs inside the gluecp VM");
}

/// Stop the guest with exit `code` (0 means success).
pub fn halt(code: u32) -> ! {
    #[cfg(all(target_arch = "riscv32", target_os = "none"))]
    // SAFETY: HALT takes no pointer and never returns to the guest.
    unsafe {
        core::arch::asm!("ecall", in("t0") HALT, in("a0") code, options(noreturn, nostack));
    }
    #[cfg(not(all(target_arch = "riscv32", target_os = "none")))]
    // SAFETY: the host stand-in has no memory contract.
    unsafe {
        ecall(HALT, [code, 0, 0, 0]);
        unreachable!("the host ecall panics")
    }
}

/// Copy the next input bytes into `buf`; returns how many were copied, fewer than
/// `buf.len()` only when the input ran out.
pub fn read_input(buf: &mut [u8]) -> usize {
    // SAFETY: the host writes at most `buf.len()` bytes at `buf`, which we borrow mutably.
    let [read, _] = unsafe {
        ecall(
            READ_INPUT,
            [buf.as_mut_ptr() as u32, buf.len() as u32, 0, 0],
        )
    };
    read as usize
}

/// Number of input bytes not read yet.
pub fn input_remaining() -> usize {
    // SAFETY: INPUT_REMAINING takes no pointer.
    let [remaining, _] = unsafe { ecall(INPUT_REMAINING, [0; 4]) };
    remaining as usize
}

/// Write `bytes` to host stream `fd` ([`FD_STDOUT`](gluecp_abi::ecall::FD_STDOUT) or
/// [`FD_STDERR`](gluecp_abi::ecall::FD_STDERR)).
pub fn write(fd: u32, bytes: &[u8]) {
    // SAFETY: the host only reads `bytes.len()` bytes at `bytes`.
    unsafe { ecall(WRITE, [fd, bytes.as_ptr() as u32, bytes.len() as u32, 0]) };
}

/// Append `bytes` to the journal.
pub fn commit(bytes: &[u8]) {
    // SAFETY: the host only reads `bytes.len()` bytes at `bytes`.
    unsafe { ecall(COMMIT, [bytes.as_ptr() as u32, bytes.len() as u32, 0, 0]) };
}
