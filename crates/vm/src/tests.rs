//! Hand-written tests of every instruction and system call, on programs assembled here.

use crate::program::Segment;
use crate::{Exit, MemoryFault, Opcode, Program, Vm, VmError, decode};
use gluecp_abi::ecall;

const CODE: u32 = 0x1_0000;
const DATA: u32 = 0x2_0000;

/// Minimal RV32IM encoders, checked against `decode` below.
mod asm {
    pub fn r(funct7: u32, rs2: u32, rs1: u32, funct3: u32, rd: u32, op: u32) -> u32 {
        (funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | op
    }
    pub fn i(imm: i32, rs1: u32, funct3: u32, rd: u32, op: u32) -> u32 {
        (((imm as u32) & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | op
    }
    pub fn s(imm: i32, rs2: u32, rs1: u32, funct3: u32) -> u32 {
        let imm = imm as u32;
        (((imm >> 5) & 0x7f) << 25)
            | (rs2 << 20)
            | (rs1 << 15)
            | (funct3 << 12)
            | ((imm & 31) << 7)
            | 0x23
    }
    pub fn b(imm: i32, rs2: u32, rs1: u32, funct3: u32) -> u32 {
        let imm = imm as u32;
        (((imm >> 12) & 1) << 31)
            | (((imm >> 5) & 0x3f) << 25)
            | (rs2 << 20)
            | (rs1 << 15)
            | (funct3 << 12)
            | (((imm >> 1) & 0xf) << 8)
            | (((imm >> 11) & 1) << 7)
            | 0x63
    }
    pub fn u(imm: u32, rd: u32, op: u32) -> u32 {
        (imm & 0xffff_f000) | (rd << 7) | op
    }
    pub fn j(imm: i32, rd: u32) -> u32 {
        let imm = imm as u32;
        (((imm >> 20) & 1) << 31)
            | (((imm >> 1) & 0x3ff) << 21)
            | (((imm >> 11) & 1) << 20)
            | (((imm >> 12) & 0xff) << 12)
            | (rd << 7)
            | 0x6f
    }
    pub fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
        i(imm, rs1, 0, rd, 0x13)
    }
    /// `li rd, value` as lui + addi.
    pub fn li(rd: u32, value: u32) -> [u32; 2] {
        let lo = ((value << 20) as i32) >> 20;
        let hi = value.wrapping_sub(lo as u32);
        [u(hi, rd, 0x37), addi(rd, rd, lo)]
    }
    pub const ECALL: u32 = 0x73;
    pub const EBREAK: u32 = 0x0010_0073;
}

/// A program: `code` at CODE, a 4 KiB zeroed data page at DATA.
fn program(code: &[u32]) -> Program {
    let data = code
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect::<Vec<_>>();
    let segments = vec![
        Segment {
            vaddr: CODE,
            mem_size: data.len() as u32,
            data,
            executable: true,
            writable: false,
        },
        Segment {
            vaddr: DATA,
            mem_size: 4096,
            data: vec![],
            executable: false,
            writable: true,
        },
    ];
    Program::from_segments(u64::from(CODE), segments).expect("valid test program")
}

/// Code that halts with exit code `a0`.
fn halt() -> Vec<u32> {
    let mut code = asm::li(5, ecall::HALT).to_vec();
    code.push(asm::ECALL);
    code
}

/// Run `body` with registers preset, then halt; return the VM's registers.
fn run_with_regs(preset: &[(u32, u32)], body: &[u32]) -> [u32; 32] {
    let mut code = Vec::new();
    for &(reg, value) in preset {
        code.extend(asm::li(reg, value));
    }
    code.extend_from_slice(body);
    code.extend(halt());
    let program = program(&code);
    let mut vm = Vm::new(&program);
    vm.run().unwrap_or_else(|e| panic!("{e}"));
    *vm.registers()
}

/// Result in x3 of `op x3, x1, x2` with x1 = a, x2 = b.
fn rtype(funct7: u32, funct3: u32, a: u32, b: u32) -> u32 {
    run_with_regs(&[(1, a), (2, b)], &[asm::r(funct7, 2, 1, funct3, 3, 0x33)])[3]
}

/// Result in x3 of `op x3, x1, imm` with x1 = a.
fn itype(funct3: u32, a: u32, imm: i32) -> u32 {
    run_with_regs(&[(1, a)], &[asm::i(imm, 1, funct3, 3, 0x13)])[3]
}

const MIN: u32 = 0x8000_0000;
const NEG1: u32 = u32::MAX;

#[test]
fn register_register_alu() {
    assert_eq!(rtype(0, 0, 7, NEG1), 6); // add wraps
    assert_eq!(rtype(0x20, 0, 0, 1), NEG1); // sub
    assert_eq!(rtype(0, 1, 1, 31), MIN); // sll
    assert_eq!(rtype(0, 1, 1, 33), 2); // sll uses the low 5 bits
    assert_eq!(rtype(0, 2, NEG1, 0), 1); // slt signed
    assert_eq!(rtype(0, 3, NEG1, 0), 0); // sltu unsigned
    assert_eq!(rtype(0, 4, 0xf0f0, 0xff00), 0x0ff0); // xor
    assert_eq!(rtype(0, 5, MIN, 31), 1); // srl
    assert_eq!(rtype(0x20, 5, MIN, 31), NEG1); // sra
    assert_eq!(rtype(0x20, 5, MIN, 63), NEG1); // sra by 63 = by 31
    assert_eq!(rtype(0, 6, 0xf0, 0x0f), 0xff); // or
    assert_eq!(rtype(0, 7, 0xf0, 0x3c), 0x30); // and
}

#[test]
fn register_immediate_alu() {
    assert_eq!(itype(0, 5, -6), NEG1); // addi sign-extends
    assert_eq!(itype(2, NEG1, 0), 1); // slti
    assert_eq!(itype(3, 5, -1), 1); // sltiu compares with 0xffffffff
    assert_eq!(itype(4, 0, -1), NEG1); // xori -1 = not
    assert_eq!(itype(6, 0x100, 0x0ff), 0x1ff); // ori
    assert_eq!(itype(7, NEG1, 0x7ff), 0x7ff); // andi
    assert_eq!(itype(1, 3, 31), MIN); // slli
    assert_eq!(itype(5, MIN, 31), 1); // srli
    assert_eq!(itype(5, MIN, 31 | 0x400), NEG1); // srai
}

#[test]
fn multiply_divide() {
    let m = |f3, a, b| rtype(1, f3, a, b);
    assert_eq!(m(0, 0x1_0001, 0x1_0001), 0x2_0001); // mul low
    assert_eq!(m(1, NEG1, NEG1), 0); // mulh (-1 * -1) >> 32
    assert_eq!(m(1, MIN, MIN), 0x4000_0000); // mulh
    assert_eq!(m(2, NEG1, NEG1), NEG1); // mulhsu -1 * (2^32 - 1)
    assert_eq!(m(3, NEG1, NEG1), 0xffff_fffe); // mulhu
    assert_eq!(m(4, 7u32.wrapping_neg(), 2), 3u32.wrapping_neg()); // div truncates
    assert_eq!(m(4, 5, 0), NEG1); // div by zero
    assert_eq!(m(4, MIN, NEG1), MIN); // overflow
    assert_eq!(m(5, NEG1, 2), 0x7fff_ffff); // divu
    assert_eq!(m(5, 5, 0), NEG1); // divu by zero
    assert_eq!(m(6, 7u32.wrapping_neg(), 2), NEG1); // rem keeps the dividend's sign
    assert_eq!(m(6, 5, 0), 5); // rem by zero
    assert_eq!(m(6, MIN, NEG1), 0); // overflow
    assert_eq!(m(7, 7, 3), 1); // remu
    assert_eq!(m(7, 7, 0), 7); // remu by zero
}

#[test]
fn loads_and_stores_extend_and_mask() {
    // x1 = DATA; store 0xdeadbe80 at DATA+8 (negative offset from DATA+16), then load parts.
    let regs = run_with_regs(
        &[(1, DATA + 16), (2, 0xdead_be80)],
        &[
            asm::s(-8, 2, 1, 2),        // sw x2, -8(x1)
            asm::i(-8, 1, 0, 3, 0x03),  // lb x3
            asm::i(-8, 1, 4, 4, 0x03),  // lbu x4
            asm::i(-8, 1, 1, 12, 0x03), // lh x12
            asm::i(-8, 1, 5, 6, 0x03),  // lhu x6
            asm::i(-8, 1, 2, 7, 0x03),  // lw x7
            asm::s(0, 2, 1, 0),         // sb x2, 0(x1)
            asm::s(2, 2, 1, 1),         // sh x2, 2(x1)
            asm::i(0, 1, 2, 8, 0x03),   // lw x8
            asm::i(-7, 1, 4, 9, 0x03),  // lbu x9 (byte 1)
        ],
    );
    assert_eq!(regs[3], 0xffff_ff80);
    assert_eq!(regs[4], 0x80);
    assert_eq!(regs[12], 0xffff_be80);
    assert_eq!(regs[6], 0xbe80);
    assert_eq!(regs[7], 0xdead_be80);
    assert_eq!(regs[8], 0xbe80_0080);
    assert_eq!(regs[9], 0xbe);
}

#[test]
fn branches_both_ways() {
    // For each branch: x3 = 1 if taken (skips the `addi x3, x0, 2`), else 2.
    let cases = [
        (0, 5, 5, true),
        (0, 5, 6, false),
        (1, 5, 6, true),
        (1, 5, 5, false),
        (4, NEG1, 0, true),
        (4, 0, NEG1, false),
        (5, 0, NEG1, true),
        (5, NEG1, 0, false),
        (5, 3, 3, true),
        (6, 0, NEG1, true),
        (6, NEG1, 0, false),
        (7, NEG1, 0, true),
        (7, 0, NEG1, false),
    ];
    for (funct3, a, b, taken) in cases {
        let regs = run_with_regs(
            &[(1, a), (2, b)],
            &[
                asm::addi(3, 0, 1),
                asm::b(8, 2, 1, funct3),
                asm::addi(3, 0, 2),
            ],
        );
        assert_eq!(regs[3] == 1, taken, "funct3 {funct3} a {a:#x} b {b:#x}");
    }
    // A backward branch: count x1 down from 3 to 0.
    let regs = run_with_regs(&[(1, 3)], &[asm::addi(1, 1, -1), asm::b(-4, 0, 1, 1)]);
    assert_eq!(regs[1], 0);
}

#[test]
fn jumps_link_and_clear_bit_zero() {
    // jal x1, +8 skips one instruction; jalr x2, 9(x4) with x4 = pc of the auipc.
    let regs = run_with_regs(
        &[(3, 0)],
        &[
            asm::j(8, 1),              // pc0
            asm::addi(3, 3, 1),        // skipped
            asm::u(0, 4, 0x17),        // pc0+8: auipc x4, 0
            asm::i(17, 4, 0, 2, 0x67), // jalr x2, 17(x4) -> pc0+24 (bit 0 cleared)
            asm::addi(3, 3, 1),        // skipped
            asm::addi(3, 3, 1),        // skipped
            asm::addi(3, 3, 10),       // lands here
        ],
    );
    let pc0 = CODE + 8; // after the two-word `li x3`
    assert_eq!(regs[1], pc0 + 4);
    assert_eq!(regs[4], pc0 + 8);
    assert_eq!(regs[2], pc0 + 16);
    assert_eq!(regs[3], 10);
}

#[test]
fn upper_immediates_and_x0() {
    let regs = run_with_regs(
        &[],
        &[
            asm::u(0xabcd_e000, 1, 0x37), // lui
            asm::u(0x0000_1000, 2, 0x17), // auipc at CODE
            asm::addi(0, 0, 5),           // x0 stays zero
            asm::u(0xf000_0000, 0, 0x37),
        ],
    );
    assert_eq!(regs[1], 0xabcd_e000);
    assert_eq!(regs[2], CODE + 4 + 0x1000);
    assert_eq!(regs[0], 0);
}

fn run_err(code: &[u32]) -> VmError {
    let program = program(code);
    let mut vm = Vm::new(&program);
    vm.set_max_cycles(1000);
    vm.run().unwrap_err()
}

#[test]
fn traps_name_the_pc_and_cause() {
    assert_eq!(
        run_err(&[asm::addi(0, 0, 0), 0xffff_ffff]),
        VmError::IllegalInstruction {
            pc: CODE + 4,
            word: 0xffff_ffff
        }
    );
    assert_eq!(run_err(&[asm::EBREAK]), VmError::Breakpoint { pc: CODE });
    // jal to a misaligned target (offset 2).
    assert_eq!(
        run_err(&[asm::j(2, 0)]),
        VmError::MisalignedJump {
            pc: CODE,
            target: CODE + 2
        }
    );
    // Falling off the end of the code.
    assert_eq!(
        run_err(&[asm::addi(1, 0, 1)]),
        VmError::PcOutOfCode { pc: CODE + 4 }
    );
    // Infinite loop hits the cycle limit.
    assert_eq!(
        run_err(&[asm::j(0, 0)]),
        VmError::CycleLimit {
            pc: CODE,
            limit: 1000
        }
    );
    // Load from address 0, misaligned load, store into code.
    let fault = |code: &[u32]| match run_err(code) {
        VmError::Memory { error, .. } => error.fault,
        other => panic!("unexpected {other}"),
    };
    assert_eq!(fault(&[asm::i(0, 0, 2, 1, 0x03)]), MemoryFault::Unmapped);
    let mut misaligned = asm::li(1, DATA + 2).to_vec();
    misaligned.push(asm::i(0, 1, 2, 2, 0x03));
    assert_eq!(fault(&misaligned), MemoryFault::Misaligned);
    let mut code_write = asm::li(1, CODE).to_vec();
    code_write.push(asm::s(0, 0, 1, 2));
    assert_eq!(fault(&code_write), MemoryFault::WriteToCode);
    // Unknown ecall.
    let mut unknown = asm::li(5, 0x7777).to_vec();
    unknown.push(asm::ECALL);
    assert_eq!(
        run_err(&unknown),
        VmError::UnknownEcall {
            pc: CODE + 8,
            number: 0x7777
        }
    );
}

/// Assemble `li` of each (register, value), then an ecall with t0 = `number`.
fn ecall_code(number: u32, args: &[(u32, u32)]) -> Vec<u32> {
    let mut code = asm::li(5, number).to_vec();
    for &(reg, value) in args {
        code.extend(asm::li(reg, value));
    }
    code.push(asm::ECALL);
    code
}

#[test]
fn system_calls_move_bytes() {
    // Read 3 of 5 input bytes to DATA, ask what remains, write them to stdout, stderr and
    // the journal, read past the end, then halt with code 7.
    let mut code = ecall_code(ecall::READ_INPUT, &[(10, DATA), (11, 3)]);
    code.extend(asm::li(20, 0)); // keep going
    code.push(asm::addi(21, 10, 0)); // x21 = bytes read
    code.extend(ecall_code(ecall::INPUT_REMAINING, &[]));
    code.push(asm::addi(22, 10, 0)); // x22 = remaining
    code.extend(ecall_code(ecall::WRITE, &[(10, 1), (11, DATA), (12, 3)]));
    code.extend(ecall_code(
        ecall::WRITE,
        &[(10, 2), (11, DATA + 1), (12, 1)],
    ));
    code.extend(ecall_code(ecall::COMMIT, &[(10, DATA), (11, 2)]));
    code.extend(ecall_code(ecall::READ_INPUT, &[(10, DATA + 100), (11, 10)]));
    code.push(asm::addi(23, 10, 0)); // x23 = 2 (short read at the end)
    code.extend(ecall_code(ecall::HALT, &[(10, 7)]));
    let program = program(&code);
    let mut vm = Vm::new(&program);
    vm.set_input(b"abcde".to_vec());
    let exit = vm.run().unwrap();
    assert_eq!(
        exit,
        Exit {
            code: 7,
            cycles: vm.cycles()
        }
    );
    assert_eq!(vm.stdout(), b"abc");
    assert_eq!(vm.stderr(), b"b");
    assert_eq!(vm.journal(), b"ab");
    let regs = vm.registers();
    assert_eq!((regs[21], regs[22], regs[23]), (3, 2, 2));
    assert_eq!(vm.memory().read_bytes(DATA + 100, 2).unwrap(), b"de");
    // Halted: running again returns the same exit.
    assert_eq!(vm.run(), Ok(exit));
}

#[test]
fn bad_system_call_operands_are_errors() {
    let bad = |code: Vec<u32>| match run_err(&code) {
        VmError::BadEcall { call, reason, .. } => format!("{call}: {reason}"),
        other => panic!("unexpected {other}"),
    };
    let msg = bad(ecall_code(ecall::WRITE, &[(10, 1), (11, 0), (12, 4)]));
    assert!(
        msg.contains("write") && msg.contains("outside mapped memory"),
        "{msg}"
    );
    let msg = bad(ecall_code(ecall::WRITE, &[(10, 3), (11, DATA), (12, 4)]));
    assert!(msg.contains("file descriptor 3"), "{msg}");
    let msg = bad(ecall_code(ecall::COMMIT, &[(10, 0x1fff_fffc), (11, 8)]));
    assert!(msg.contains("outside mapped memory"), "{msg}");
    let msg = bad(ecall_code(ecall::COMMIT, &[(10, DATA), (11, u32::MAX)]));
    assert!(msg.contains("transfer limit"), "{msg}");
    // Reading input into the code segment.
    let program = program(&ecall_code(ecall::READ_INPUT, &[(10, CODE), (11, 4)]));
    let mut vm = Vm::new(&program);
    vm.set_input(vec![0; 4]);
    assert!(matches!(
        vm.run(),
        Err(VmError::BadEcall {
            call: "read_input",
            ..
        })
    ));
}

#[test]
fn encoders_agree_with_decoder() {
    assert_eq!(decode(asm::j(-8, 1)).imm, -8);
    assert_eq!(decode(asm::b(-4096, 2, 1, 0)).imm, -4096);
    assert_eq!(decode(asm::s(-2048, 2, 1, 2)).imm, -2048);
    assert_eq!(decode(asm::i(-1, 1, 0, 1, 0x67)).opcode, Opcode::Jalr);
}

#[test]
fn execution_is_deterministic() {
    let mut code = Vec::new();
    code.extend(asm::li(1, 1000));
    code.extend([
        asm::addi(2, 2, 3),
        asm::r(1, 2, 2, 0, 3, 0x33),
        asm::addi(1, 1, -1),
        asm::b(-12, 0, 1, 1),
    ]);
    code.extend(halt());
    let program = program(&code);
    let run = || {
        let mut vm = Vm::new(&program);
        let exit = vm.run().unwrap();
        (exit, *vm.registers())
    };
    assert_eq!(run(), run());
}
