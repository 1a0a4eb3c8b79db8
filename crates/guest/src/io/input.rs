//! Buffered input: small reads are served from a read-ahead buffer, so decoding a typed
//! value (which reads field by field, byte by byte for a `Vec<u8>`) costs one `ecall` per
//! [`CAPACITY`] bytes rather than one per field.
//!
//! The buffer holds bytes the host has already delivered; [`remaining`] counts them as
//! unread, so read-ahead is invisible to the guest.

use core::cell::{Cell, UnsafeCell};

use gluecp_abi::codec::{DecodeError, Reader};
use gluecp_abi::ecall::MAX_TRANSFER;

use crate::syscall;

/// Read-ahead size in bytes. Reads at least this long bypass the buffer.
const CAPACITY: usize = 256;

/// Input delivered by the host but not yet consumed: `bytes[pos..len]`.
struct ReadAhead {
    bytes: UnsafeCell<[u8; CAPACITY]>,
    pos: Cell<usize>,
    len: Cell<usize>,
}

// SAFETY: the gluecp VM runs one hart with no interrupts or threads, so the buffer is never
// accessed concurrently; no reference into it outlives a call of `read`. Target-only: on a
// host there is no input at all (see `read_ahead`).
#[cfg(all(target_arch = "riscv32", target_os = "none"))]
unsafe impl Sync for ReadAhead {}

#[cfg(all(target_arch = "riscv32", target_os = "none"))]
fn read_ahead() -> &'static ReadAhead {
    static READ_AHEAD: ReadAhead = ReadAhead {
        bytes: UnsafeCell::new([0; CAPACITY]),
        pos: Cell::new(0),
        len: Cell::new(0),
    };
    &READ_AHEAD
}

#[cfg(not(all(target_arch = "riscv32", target_os = "none")))]
fn read_ahead() -> &'static ReadAhead {
    panic!("gluecp input is only available inside the gluecp VM")
}

impl ReadAhead {
    fn buffered(&self) -> usize {
        self.len.get() - self.pos.get()
    }

    /// Move up to `out.len()` buffered bytes into `out`; returns how many.
    fn take(&self, out: &mut [u8]) -> usize {
        let (pos, n) = (self.pos.get(), out.len().min(self.buffered()));
        // SAFETY: single-threaded (see the `Sync` impl), and no other reference into the
        // buffer is live.
        let bytes = unsafe { &*self.bytes.get() };
        out[..n].copy_from_slice(&bytes[pos..pos + n]);
        self.pos.set(pos + n);
        n
    }

    /// Refill the empty buffer from the host; returns the number of bytes now buffered.
    fn refill(&self) -> usize {
        // SAFETY: as in `take`; the host writes at most `CAPACITY` bytes into it.
        let bytes = unsafe { &mut *self.bytes.get() };
        let len = syscall::read_input(bytes);
        self.pos.set(0);
        self.len.set(len);
        len
    }
}

/// Read up to `out.len()` input bytes into `out`; returns how many, fewer only at the end
/// of the input.
pub(super) fn read(out: &mut [u8]) -> usize {
    let ahead = read_ahead();
    let mut done = ahead.take(out);
    while done < out.len() {
        let rest = &mut out[done..];
        let got = if rest.len() >= CAPACITY {
            let chunk = rest.len().min(MAX_TRANSFER as usize);
            syscall::read_input(&mut rest[..chunk])
        } else {
            ahead.refill();
            ahead.take(rest)
        };
        if got == 0 {
            break;
        }
        done += got;
    }
    done
}

/// Input bytes not consumed yet, buffered or still at the host.
pub(super) fn remaining() -> usize {
    read_ahead().buffered() + syscall::input_remaining()
}

/// The input as a [`Reader`] for typed decoding.
pub(super) struct Input;

impl Reader for Input {
    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), DecodeError> {
        if read(buf) == buf.len() {
            Ok(())
        } else {
            Err(DecodeError::UnexpectedEnd)
        }
    }
}
