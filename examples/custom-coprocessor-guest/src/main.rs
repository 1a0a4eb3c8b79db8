//! Calls the host's CRC-32 coprocessor (call number 0x1000, registered by the host program
//! `crates/vm/examples/custom_coprocessor`) and the same CRC-32 in plain Rust; commits both.
#![no_std]
#![no_main]

use gluecp_guest::{io, syscall};

gluecp_guest::entry!(main);

const CRC32: u32 = 0x1000;

fn crc32_coprocessor(data: &[u8]) -> u32 {
    // SAFETY: the coprocessor only reads `data.len()` bytes at `data`.
    let [crc, _] =
        unsafe { syscall::ecall(CRC32, [data.as_ptr() as u32, data.len() as u32, 0, 0]) };
    crc
}

fn crc32_plain(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn main() {
    let data = io::read_to_end();
    io::commit(&crc32_coprocessor(&data));
    io::commit(&crc32_plain(&data));
}
