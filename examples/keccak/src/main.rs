//! Keccak-256 (Ethereum's hash) of the input, through the Keccak-f coprocessor.
//!
//! Input: the message, any bytes. Journal: its 32-byte Keccak-256 digest.
#![no_std]
#![no_main]

use gluecp_guest::{io, keccak};

gluecp_guest::entry!(main);

fn main() {
    let message = io::read_to_end();
    io::commit_bytes(&keccak::keccak256(&message));
}
