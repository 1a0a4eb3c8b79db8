//! A small bytecode interpreter: the dispatch loop at the heart of every scripting, rules or
//! transaction engine that a guest might embed.
//!
//! A stack machine over `u64` values (wrapping arithmetic) with eight locals runs a
//! loop-heavy program: the total and the longest Collatz trajectory length over `1..=size`.
//! The program is real bytecode, decoded byte by byte on every step:
//!
//! | opcode | operands | effect |
//! | --- | --- | --- |
//! | `PUSH` | `u32` LE | push the constant |
//! | `LOAD` / `STORE` | `u8` local | push a local / pop into a local |
//! | `ADD` `MUL` `AND` `OR` `SHL` `SHR` `EQ` `GT` | | pop `b`, pop `a`, push `a op b` (`EQ`, `GT` push 0 or 1) |
//! | `JUMP` / `JZ` / `JNZ` | `u16` LE target | jump; pop and jump if zero / non-zero |
//! | `HALT` | | stop; the result is the top of the stack |

use alloc::vec::Vec;

mod op {
    pub const HALT: u8 = 0x00;
    pub const PUSH: u8 = 0x01;
    pub const LOAD: u8 = 0x02;
    pub const STORE: u8 = 0x03;
    pub const ADD: u8 = 0x10;
    pub const MUL: u8 = 0x11;
    pub const AND: u8 = 0x12;
    pub const OR: u8 = 0x13;
    pub const SHL: u8 = 0x14;
    pub const SHR: u8 = 0x15;
    pub const EQ: u8 = 0x16;
    pub const GT: u8 = 0x17;
    pub const JUMP: u8 = 0x20;
    pub const JZ: u8 = 0x21;
    pub const JNZ: u8 = 0x22;
}

/// Number of locals; `LOAD`/`STORE` operands must be below it.
const LOCALS: usize = 8;
/// Operand stack depth.
const STACK_DEPTH: usize = 32;

/// Sum and maximum of the Collatz trajectory lengths of `1..=size`, computed by the
/// interpreter; returns `sum << 32 | max` (wrapping).
pub fn run(size: u32) -> u64 {
    execute(&collatz_program(), &[u64::from(size)])
}

/// Run `code` with the first locals set to `args`; returns the top of the stack at `HALT`.
///
/// The programs are built by this module, so malformed bytecode (a bad opcode, a stack
/// overflow or underflow, a jump out of range) is a bug here and panics.
pub fn execute(code: &[u8], args: &[u64]) -> u64 {
    let mut locals = [0u64; LOCALS];
    locals[..args.len()].copy_from_slice(args);
    let mut stack = [0u64; STACK_DEPTH];
    let mut sp = 0usize;
    let mut pc = 0usize;

    macro_rules! pop {
        () => {{
            sp -= 1;
            stack[sp]
        }};
    }
    macro_rules! push {
        ($value:expr) => {{
            stack[sp] = $value;
            sp += 1;
        }};
    }
    macro_rules! binary {
        ($f:expr) => {{
            let b = pop!();
            let a = pop!();
            push!($f(a, b));
        }};
    }

    loop {
        let opcode = code[pc];
        pc += 1;
        match opcode {
            op::HALT => return pop!(),
            op::PUSH => {
                let bytes = [code[pc], code[pc + 1], code[pc + 2], code[pc + 3]];
                pc += 4;
                push!(u64::from(u32::from_le_bytes(bytes)));
            }
            op::LOAD => {
                push!(locals[usize::from(code[pc])]);
                pc += 1;
            }
            op::STORE => {
                locals[usize::from(code[pc])] = pop!();
                pc += 1;
            }
            op::ADD => binary!(u64::wrapping_add),
            op::MUL => binary!(u64::wrapping_mul),
            op::AND => binary!(|a, b| a & b),
            op::OR => binary!(|a, b| a | b),
            op::SHL => binary!(|a: u64, b: u64| a.wrapping_shl(b as u32)),
            op::SHR => binary!(|a: u64, b: u64| a.wrapping_shr(b as u32)),
            op::EQ => binary!(|a, b| u64::from(a == b)),
            op::GT => binary!(|a, b| u64::from(a > b)),
            op::JUMP | op::JZ | op::JNZ => {
                let target = usize::from(u16::from_le_bytes([code[pc], code[pc + 1]]));
                pc += 2;
                let taken = match opcode {
                    op::JUMP => true,
                    op::JZ => pop!() == 0,
                    _ => pop!() != 0,
                };
                if taken {
                    pc = target;
                }
            }
            other => panic!("invalid opcode {other:#04x} at {}", pc - 1),
        }
    }
}

/// Builds bytecode, resolving forward jumps to labels.
#[derive(Default)]
struct Assembler {
    code: Vec<u8>,
    /// Label addresses, `None` until placed.
    labels: Vec<Option<u16>>,
    /// Jump operand offsets waiting for a label.
    fixups: Vec<(usize, usize)>,
}

#[derive(Clone, Copy)]
struct Label(usize);

impl Assembler {
    fn label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() - 1)
    }

    fn place(&mut self, label: Label) {
        let here = u16::try_from(self.code.len()).expect("programs are shorter than 64 KiB");
        self.labels[label.0] = Some(here);
    }

    fn op(&mut self, opcode: u8) -> &mut Self {
        self.code.push(opcode);
        self
    }

    fn push(&mut self, value: u32) -> &mut Self {
        self.code.push(op::PUSH);
        self.code.extend_from_slice(&value.to_le_bytes());
        self
    }

    fn load(&mut self, local: u8) -> &mut Self {
        self.code.extend_from_slice(&[op::LOAD, local]);
        self
    }

    fn store(&mut self, local: u8) -> &mut Self {
        self.code.extend_from_slice(&[op::STORE, local]);
        self
    }

    fn jump(&mut self, opcode: u8, target: Label) -> &mut Self {
        self.code.push(opcode);
        self.fixups.push((self.code.len(), target.0));
        self.code.extend_from_slice(&[0, 0]);
        self
    }

    fn finish(mut self) -> Vec<u8> {
        for (offset, label) in self.fixups {
            let target = self.labels[label].expect("every jump target is placed");
            self.code[offset..offset + 2].copy_from_slice(&target.to_le_bytes());
        }
        self.code
    }
}

/// The Collatz program. Local 0 holds the limit on entry.
#[rustfmt::skip] // An assembly listing: one source line per line of pseudo-code.
fn collatz_program() -> Vec<u8> {
    const LIMIT: u8 = 0;
    const N: u8 = 1;
    const X: u8 = 2;
    const LEN: u8 = 3;
    const SUM: u8 = 4;
    const MAX: u8 = 5;

    let mut asm = Assembler::default();
    let [outer, inner, odd, next, inner_done, not_longer, done] = [(); 7].map(|()| asm.label());

    // for n in 1..=limit
    asm.push(1).store(N);
    asm.place(outer);
    asm.load(N).load(LIMIT).op(op::GT).jump(op::JNZ, done);
    asm.load(N).store(X).push(0).store(LEN);

    // while x != 1 { x = if x odd { 3x + 1 } else { x / 2 }; len += 1 }
    asm.place(inner);
    asm.load(X).push(1).op(op::EQ).jump(op::JNZ, inner_done);
    asm.load(X).push(1).op(op::AND).jump(op::JNZ, odd);
    asm.load(X).push(1).op(op::SHR).store(X).jump(op::JUMP, next);
    asm.place(odd);
    asm.load(X).push(3).op(op::MUL).push(1).op(op::ADD).store(X);
    asm.place(next);
    asm.load(LEN).push(1).op(op::ADD).store(LEN);
    asm.jump(op::JUMP, inner);

    // sum += len; max = max(max, len)
    asm.place(inner_done);
    asm.load(SUM).load(LEN).op(op::ADD).store(SUM);
    asm.load(LEN).load(MAX).op(op::GT).jump(op::JZ, not_longer);
    asm.load(LEN).store(MAX);
    asm.place(not_longer);
    asm.load(N).push(1).op(op::ADD).store(N).jump(op::JUMP, outer);

    // halt with sum << 32 | max
    asm.place(done);
    asm.load(SUM).push(32).op(op::SHL).load(MAX).op(op::OR).op(op::HALT);
    asm.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same computation in plain Rust.
    fn collatz_reference(size: u32) -> u64 {
        let (mut sum, mut max) = (0u64, 0u64);
        for n in 1..=u64::from(size) {
            let (mut x, mut len) = (n, 0u64);
            while x != 1 {
                x = if x & 1 == 0 { x >> 1 } else { 3 * x + 1 };
                len += 1;
            }
            sum += len;
            max = max.max(len);
        }
        sum << 32 | max
    }

    #[test]
    fn matches_plain_rust() {
        for size in [0, 1, 2, 3, 27, 1000] {
            assert_eq!(run(size), collatz_reference(size), "size {size}");
        }
    }

    #[test]
    fn longest_trajectory_below_ten_thousand() {
        // 6171 has the longest trajectory below 10^4: 261 steps.
        assert_eq!(run(9999) & 0xFFFF_FFFF, 261);
    }
}
