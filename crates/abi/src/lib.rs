//! The boundary between a gluecp guest and the host.
//!
//! One `no_std` crate holds everything both sides must agree on, so the guest SDK, the VM
//! and the prover cannot drift apart:
//!
//! - [`ecall`]: the call numbers and register conventions of the single `ecall` ABI;
//! - [`memory`]: the guest address space (mapped range, stack, heap);
//! - [`codec`]: the byte encoding of typed input (`io::read::<T>()`) and journal values
//!   (`io::commit(&T)`).
#![no_std]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod codec;
pub mod ecall;
pub mod memory;
