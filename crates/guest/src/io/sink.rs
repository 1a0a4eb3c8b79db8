//! Batched output: a small stack buffer in front of the `WRITE` and `COMMIT` calls.

use core::fmt;

use gluecp_abi::codec::Writer;
use gluecp_abi::ecall::MAX_TRANSFER;

use crate::syscall;

/// Bytes gathered before one `ecall`: enough for a line of text or a few encoded values,
/// small enough for the stack.
const CAPACITY: usize = 256;

/// Where a [`Sink`] sends its bytes.
#[derive(Clone, Copy)]
enum Target {
    Stream(u32),
    Journal,
}

/// A buffered writer to a host stream or the journal. Call [`Sink::flush`] when done:
/// there is no flush on drop, because a guest that halts never drops.
pub(crate) struct Sink {
    target: Target,
    len: usize,
    buf: [u8; CAPACITY],
}

impl Sink {
    /// A writer to host stream `fd`.
    pub(crate) const fn stream(fd: u32) -> Self {
        Self::new(Target::Stream(fd))
    }

    /// A writer to the journal.
    pub(crate) const fn journal() -> Self {
        Self::new(Target::Journal)
    }

    const fn new(target: Target) -> Self {
        Self {
            target,
            len: 0,
            buf: [0; CAPACITY],
        }
    }

    pub(crate) fn write_bytes(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > CAPACITY {
            self.flush();
            if bytes.len() > CAPACITY {
                emit(self.target, bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Send what is buffered.
    pub(crate) fn flush(&mut self) {
        if self.len > 0 {
            emit(self.target, &self.buf[..self.len]);
            self.len = 0;
        }
    }
}

impl fmt::Write for Sink {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.write_bytes(s.as_bytes());
        Ok(())
    }
}

impl Writer for Sink {
    fn write_all(&mut self, bytes: &[u8]) {
        self.write_bytes(bytes);
    }
}

/// Append `bytes` to the journal without buffering.
pub(crate) fn emit_journal(bytes: &[u8]) {
    emit(Target::Journal, bytes);
}

/// Send `bytes` in calls of at most `MAX_TRANSFER` bytes.
fn emit(target: Target, bytes: &[u8]) {
    for chunk in bytes.chunks(MAX_TRANSFER as usize) {
        match target {
            Target::Stream(fd) => syscall::write(fd, chunk),
            Target::Journal => syscall::commit(chunk),
        }
    }
}
