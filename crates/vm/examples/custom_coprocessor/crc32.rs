//! A user-defined coprocessor: CRC-32 (IEEE 802.3) of a byte string.
//!
//! Call number [`CRC32`]; `a0` = pointer, `a1` = length; the CRC comes back in `a0`.

use gluecp_vm::{Call, CallError, Coprocessor};

/// Any number from `gluecp_abi::ecall::COPROCESSOR_BASE` up that the registry does not use;
/// the built-ins stay below 0x1000.
pub const CRC32: u32 = 0x1000;

/// The coprocessor.
pub struct Crc32;

impl Coprocessor for Crc32 {
    fn name(&self) -> &'static str {
        "crc32"
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        // `read` checks the whole range against guest memory; a bad pointer or length
        // becomes a typed error that stops the guest, never a host panic.
        let crc = crc32(call.read("data", call.arg(0), call.arg(1))?);
        call.set_result(0, crc);
        Ok(())
    }
}

/// Bitwise CRC-32 with the reflected polynomial 0xEDB88320.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}
