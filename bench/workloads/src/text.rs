//! Text serialization: formatting records with `core::fmt` and parsing them back, as glue
//! code does with CSV, logs, or JSON-ish wire formats.
//!
//! Writes `size` pseudo-random records as `id=…,amount=…,memo=…\n` lines into a `String`,
//! then splits, parses and totals them.

use alloc::string::String;
use core::fmt::Write;

use crate::rng::Xorshift32;

/// Format `size` records and parse them back; returns a checksum of the parsed fields.
pub fn run(size: u32) -> u64 {
    let mut rng = Xorshift32::new(0x5EED_0004);
    let mut text = String::new();
    for id in 0..size {
        let amount = rng.next_u32();
        let memo = rng.next_u32() % 1000;
        writeln!(text, "id={id},amount={amount},memo=note-{memo:03}")
            .expect("writing to a String cannot fail");
    }

    let (mut ids, mut amounts, mut memo_digits) = (0u64, 0u64, 0u64);
    for line in text.lines() {
        for field in line.split(',') {
            let (key, value) = field.split_once('=').expect("every field is key=value");
            match key {
                "id" => ids += value.parse::<u64>().expect("ids are decimal"),
                "amount" => amounts = amounts.wrapping_add(parse(value)),
                "memo" => {
                    let digits = value.strip_prefix("note-").expect("memos are note-NNN");
                    memo_digits += parse(digits);
                }
                _ => panic!("unknown field {key}"),
            }
        }
    }
    (ids ^ amounts.rotate_left(17) ^ memo_digits.rotate_left(41)).wrapping_add(text.len() as u64)
}

fn parse(value: &str) -> u64 {
    value.parse().expect("numbers are decimal")
}
