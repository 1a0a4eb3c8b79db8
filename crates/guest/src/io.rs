//! The guest's channels to the host.
//!
//! - **input**: private bytes the host supplies before the run, consumed in order by
//!   [`read_exact`], [`read`] and [`read_to_end`];
//! - **journal**: the public output a proof commits to, appended by [`commit`] and
//!   [`commit_bytes`];
//! - **stdout/stderr**: the host's streams, written by [`print!`](crate::print) and
//!   friends; they are for people and are not part of the proof.
//!
//! Typed values use the [`gluecp_abi::codec`] encoding (little-endian integers, `u32`
//! length prefixes), so a host writes inputs and reads journals with the same
//! [`Encode`]/[`Decode`] traits. Transfers longer than
//! [`MAX_TRANSFER`](gluecp_abi::ecall::MAX_TRANSFER) are split into several calls, and small
//! reads and writes are batched so that decoding a `Vec<u8>` is not one `ecall` per byte.

mod input;
mod sink;

use alloc::vec::Vec;
use core::fmt;

use gluecp_abi::codec::{Decode, DecodeError, Encode};

pub(crate) use sink::Sink;

/// Fill `buf` with the next input bytes.
///
/// # Panics
///
/// If the input ends first (the guest then halts with
/// [`PANIC_EXIT_CODE`](crate::PANIC_EXIT_CODE)); the message names the caller's location.
#[track_caller]
pub fn read_exact(buf: &mut [u8]) {
    let read = input::read(buf);
    if read < buf.len() {
        panic!(
            "input exhausted: wanted {} bytes, only {read} left",
            buf.len()
        );
    }
}

/// Number of input bytes not read yet.
pub fn input_remaining() -> usize {
    input::remaining()
}

/// All the input not read yet.
pub fn read_to_end() -> Vec<u8> {
    // Zeroed allocations of fresh heap memory cost nothing (see `heap`).
    let mut bytes = alloc::vec![0; input_remaining()];
    read_exact(&mut bytes);
    bytes
}

/// Decode the next input value as a `T`.
///
/// # Panics
///
/// If the input ends first or does not encode a `T`; the message names the caller's
/// location.
#[track_caller]
pub fn read<T: Decode>() -> T {
    match try_read() {
        Ok(value) => value,
        Err(e) => panic!(
            "cannot read a {} from the input: {e}",
            core::any::type_name::<T>()
        ),
    }
}

/// Decode the next input value as a `T`, or say why not. On error, the bytes read so far
/// stay consumed.
pub fn try_read<T: Decode>() -> Result<T, DecodeError> {
    T::decode(&mut input::Input)
}

/// Append `bytes` to the journal, as they are (no length prefix).
pub fn commit_bytes(bytes: &[u8]) {
    sink::emit_journal(bytes);
}

/// Append the encoding of `value` to the journal.
pub fn commit<T: Encode + ?Sized>(value: &T) {
    let mut journal = Sink::journal();
    value.encode(&mut journal);
    journal.flush();
}

/// Write formatted text to host stream `fd`; what [`print!`](crate::print) and friends
/// expand to.
#[doc(hidden)]
pub fn _print(fd: u32, args: fmt::Arguments<'_>, newline: bool) {
    use fmt::Write;
    let mut stream = Sink::stream(fd);
    // `Sink` never fails; only a `Display` impl can, and then we print what it gave.
    let _ = stream.write_fmt(args);
    if newline {
        stream.write_bytes(b"\n");
    }
    stream.flush();
}

/// Print to the host's standard output.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::io::_print($crate::abi::ecall::FD_STDOUT, ::core::format_args!($($arg)*), false)
    };
}

/// Print to the host's standard output, with a newline.
#[macro_export]
macro_rules! println {
    () => {
        $crate::io::_print($crate::abi::ecall::FD_STDOUT, ::core::format_args!(""), true)
    };
    ($($arg:tt)*) => {
        $crate::io::_print($crate::abi::ecall::FD_STDOUT, ::core::format_args!($($arg)*), true)
    };
}

/// Print to the host's standard error.
#[macro_export]
macro_rules! eprint {
    ($($arg:tt)*) => {
        $crate::io::_print($crate::abi::ecall::FD_STDERR, ::core::format_args!($($arg)*), false)
    };
}

/// Print to the host's standard error, with a newline.
#[macro_export]
macro_rules! eprintln {
    () => {
        $crate::io::_print($crate::abi::ecall::FD_STDERR, ::core::format_args!(""), true)
    };
    ($($arg:tt)*) => {
        $crate::io::_print($crate::abi::ecall::FD_STDERR, ::core::format_args!($($arg)*), true)
    };
}
