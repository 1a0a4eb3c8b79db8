//! Every system call through the SDK's API.
//!
//! Input, in order:
//! 1. `exit_code: u32` as 4 raw bytes (read with `io::read_exact`);
//! 2. typed: `(u64, bool, Option<u16>, String, Vec<u32>)`;
//! 3. any bytes up to the end (read with `io::read_to_end`).
//!
//! Journal, in order (codec encoding):
//! 1. `(u32, u32, u32)`: `input_remaining` at the start, after the typed values, at the end;
//! 2. the typed values, committed back one by one (the `String` also as `&str`, the `Vec`
//!    also as a slice);
//! 3. `rest.len() as u32`, then `rest` raw with `io::commit_bytes`.
//!
//! Stdout gets `hello {string}\n`, `a={u64}` (no newline), a newline, and a line of 1000
//! `x`; stderr gets `warning: ` then `{vec len} numbers\n`. Then it exits with `exit_code`.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;
use gluecp_guest::{eprint, eprintln, io, print, println};

gluecp_guest::entry!(main);

fn main() {
    let at_start = io::input_remaining() as u32;
    let mut code = [0u8; 4];
    io::read_exact(&mut code);
    let (number, flag, maybe, text, numbers): (u64, bool, Option<u16>, String, Vec<u32>) =
        io::read();
    let after_typed = io::input_remaining() as u32;
    let rest = io::read_to_end();
    let at_end = io::input_remaining() as u32;

    println!("hello {text}");
    print!("a={number}");
    println!();
    println!("{}", "x".repeat(1000));
    eprint!("warning: ");
    eprintln!("{} numbers", numbers.len());

    io::commit(&(at_start, after_typed, at_end));
    io::commit(&number);
    io::commit(&flag);
    io::commit(&maybe);
    io::commit(&text);
    io::commit(text.as_str());
    io::commit(&numbers);
    io::commit(numbers.as_slice());
    io::commit(&(rest.len() as u32));
    io::commit_bytes(&rest);
    gluecp_guest::exit(u32::from_le_bytes(code));
}
