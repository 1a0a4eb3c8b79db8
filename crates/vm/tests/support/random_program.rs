//! Random RV32IM programs whose final state is fully determined by the ISA specification,
//! so that two independent implementations must agree on it byte for byte.
//!
//! Memory map of a program (identical in the VM and in `qemu-riscv32`):
//!
//! ```text
//! CODE_BASE    prologue   R = BASE_VALUE; every other register = an edge value
//!              body       random instructions; never writes R
//!              epilogue   sw x1..x31 to the dump slots; halt (VM) or write+exit (Linux)
//! SCRATCH_BASE scratch    SCRATCH_SIZE random bytes, R points at its middle:
//!                           [R - 2048, R + DUMP_OFFSET)   random loads and stores
//!                           [R + DUMP_OFFSET, R + 2048)   dump slot of xi at + 4 * i
//! ```
//!
//! Control flow between groups of instructions only goes forward (branch and jump targets
//! are later groups of the body, or the epilogue), so every program terminates. Targets
//! are group boundaries, so a jump never lands between the `auipc` and `jalr` of an
//! indirect jump. Backward offsets are exercised inside "back hop" groups, which jump
//! forward over a backward jump, take it, and leave forward again.

use std::collections::HashMap;

use rand::Rng;
use rand::seq::IndexedRandom;

use super::elf::{self, Segment};
use super::encode::{ECALL, Mnemonic, encode, li};

/// Address of the first instruction (the prologue).
pub const CODE_BASE: u32 = 0x1_0000;
/// Address of the scratch data area.
pub const SCRATCH_BASE: u32 = 0x2_0000;
/// Size of the scratch data area; the whole area is compared after a run.
pub const SCRATCH_SIZE: u32 = 0x1000;
/// Value of the reserved base register R: the middle of the scratch area, so that every
/// signed 12-bit offset from it stays inside.
pub const BASE_VALUE: u32 = SCRATCH_BASE + SCRATCH_SIZE / 2;
/// Offset from R of the register dump; random stores stay below it.
pub const DUMP_OFFSET: i32 = 1920;

/// Linux `write` and `exit` system call numbers (RISC-V generic syscall table).
const LINUX_WRITE: i32 = 64;
const LINUX_EXIT: i32 = 93;
/// Registers of the Linux and VM `ecall` conventions.
const T0: u8 = 5;
const A0: u8 = 10;
const A1: u8 = 11;
const A2: u8 = 12;
const A7: u8 = 17;

/// How a program ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Epilogue {
    /// gluecp `HALT` with exit code 0; the host reads the scratch area from VM memory.
    Vm,
    /// Linux `write(1, scratch, SCRATCH_SIZE)` then `exit(0)`, for `qemu-riscv32`.
    Linux,
}

/// One generated program.
pub struct RandomProgram {
    /// The reserved register R holding [`BASE_VALUE`].
    pub base_reg: u8,
    /// Sets R and loads edge values into every other register.
    pub prologue: Vec<u32>,
    /// The random instructions, right after the prologue.
    pub body: Vec<u32>,
    /// Initial contents of the scratch area.
    pub scratch: Vec<u8>,
    /// How many body instructions of each mnemonic were emitted (they add up to the
    /// length of the body).
    pub counts: HashMap<Mnemonic, usize>,
}

/// A unit of the body that jumps never enter in the middle.
enum Group {
    Words(Vec<u32>),
    Branch {
        mnemonic: Mnemonic,
        rs1: u8,
        rs2: u8,
        skip: usize,
    },
    Jal {
        rd: u8,
        skip: usize,
    },
    /// `auipc tmp, 0; jalr rd, imm(tmp)`; `odd` sets bit 0 of the target, which `jalr`
    /// must clear.
    Jalr {
        tmp: u8,
        rd: u8,
        skip: usize,
        odd: bool,
    },
}

impl Group {
    fn len(&self) -> usize {
        match self {
            Group::Words(words) => words.len(),
            Group::Branch { .. } | Group::Jal { .. } => 1,
            Group::Jalr { .. } => 2,
        }
    }
}

/// Values that exercise sign extension, overflow and the division corner cases.
fn edge_value(rng: &mut impl Rng) -> u32 {
    const EDGES: [u32; 20] = [
        0,
        1,
        2,
        0xffff_ffff,
        0xffff_fffe,
        0x8000_0000,
        0x8000_0001,
        0x7fff_ffff,
        31,
        32,
        33,
        63,
        0x7f,
        0x80,
        0xff,
        0x7fff,
        0x8000,
        0xffff,
        0xffff_8000,
        0xffff_ff80,
    ];
    match rng.random_range(0..4) {
        0 | 1 => *EDGES.choose(rng).expect("non-empty"),
        2 => rng.random_range(-64..64i32) as u32,
        _ => rng.random(),
    }
}

/// Operand pairs for the corner cases of division, multiplication and shifts, or two
/// independent edge values.
fn edge_pair(rng: &mut impl Rng) -> (u32, u32) {
    const MIN: u32 = 0x8000_0000;
    const PAIRS: [(u32, u32); 14] = [
        (MIN, 0xffff_ffff), // signed overflow: MIN / -1
        (MIN, 0),
        (0x7fff_ffff, 0),
        (0xffff_ffff, 0),
        (0, 0),
        (1, 0),
        (MIN, MIN),
        (0xffff_ffff, 0xffff_ffff),
        (MIN, 1),
        (0x7fff_ffff, 0xffff_ffff),
        (0xffff_ffff, 31),
        (MIN, 32),
        (MIN, 63),
        (0xffff_ffff, 0x8000_001f),
    ];
    match rng.random_range(0..5) {
        0 => *PAIRS.choose(rng).expect("non-empty"),
        1 => (rng.random(), 0),
        _ => (edge_value(rng), edge_value(rng)),
    }
}

fn imm12(rng: &mut impl Rng) -> i32 {
    if rng.random_bool(0.3) {
        *[-2048, 2047, 0, 1, -1, 0x7ff, 31, 32, -32]
            .choose(rng)
            .expect("non-empty")
    } else {
        rng.random_range(-2048..=2047)
    }
}

fn shamt(rng: &mut impl Rng) -> i32 {
    if rng.random_bool(0.4) {
        *[0, 1, 31].choose(rng).expect("non-empty")
    } else {
        rng.random_range(0..32)
    }
}

fn upper_imm(rng: &mut impl Rng) -> i32 {
    if rng.random_bool(0.2) {
        *[
            0,
            0x8000_0000u32 as i32,
            0xffff_f000u32 as i32,
            0x7fff_f000,
            0x1000,
        ]
        .choose(rng)
        .expect("non-empty")
    } else {
        (rng.random::<u32>() & 0xffff_f000) as i32
    }
}

struct BodyGen<'a, G: Rng> {
    rng: &'a mut G,
    base_reg: u8,
    counts: HashMap<Mnemonic, usize>,
}

impl<G: Rng> BodyGen<'_, G> {
    /// Any register, the reserved one and x0 included.
    fn src(&mut self) -> u8 {
        if self.rng.random_bool(0.05) {
            0
        } else {
            self.rng.random_range(0..32)
        }
    }

    /// Any register but R; x0 (writes discarded) about one time in twenty.
    fn dst(&mut self) -> u8 {
        if self.rng.random_bool(0.05) {
            0
        } else {
            self.writable()
        }
    }

    /// Any register but x0 and R.
    fn writable(&mut self) -> u8 {
        loop {
            let rd = self.rng.random_range(1..32);
            if rd != self.base_reg {
                return rd;
            }
        }
    }

    fn skip(&mut self) -> usize {
        if self.rng.random_bool(0.7) {
            self.rng.random_range(0..3)
        } else {
            self.rng.random_range(3..8)
        }
    }

    fn count(&mut self, mnemonic: Mnemonic) {
        *self.counts.entry(mnemonic).or_default() += 1;
    }

    fn word(&mut self, mnemonic: Mnemonic, rd: u8, rs1: u8, rs2: u8, imm: i32) -> u32 {
        self.count(mnemonic);
        encode(mnemonic, rd, rs1, rs2, imm)
    }

    fn li(&mut self, rd: u8, value: u32) -> [u32; 2] {
        self.count(Mnemonic::Lui);
        self.count(Mnemonic::Addi);
        li(rd, value)
    }

    /// A naturally aligned offset from R inside the load/store window.
    fn mem_offset(&mut self, size: i32) -> i32 {
        let slots = (2048 + DUMP_OFFSET) / size;
        -2048 + self.rng.random_range(0..slots) * size
    }

    /// A self-contained group that runs `mnemonic` with a negative offset (already counted
    /// by the caller): it is entered at its first word and always leaves at its end.
    fn back_hop(&mut self, mnemonic: Mnemonic) -> Vec<u32> {
        use Mnemonic::*;
        let (a, b, c) = (self.dst(), self.dst(), self.dst());
        match mnemonic {
            // w0 → w3; w3, w4: tmp = pc(w3), jump to tmp - 8 = w1 (bit 0 may be set and is
            // cleared); w1 → w5, the end. w2 is never executed.
            Jalr => {
                let tmp = self.writable();
                let c = if self.rng.random_bool(0.2) { tmp } else { c };
                let odd = i32::from(self.rng.random_bool(0.3));
                let filler = encode(Add, self.dst(), self.src(), self.src(), 0);
                self.count(Jal);
                self.count(Jal);
                self.count(Add);
                self.count(Auipc);
                vec![
                    encode(Jal, a, 0, 0, 12),
                    encode(Jal, b, 0, 0, 16),
                    filler,
                    encode(Auipc, tmp, 0, 0, 0),
                    encode(Jalr, c, tmp, 0, -8 + odd),
                ]
            }
            // w0 → w2; w2 jumps or branches back to w1 or falls through to w3, the end;
            // w1 → w3.
            _ => {
                self.count(Jal);
                self.count(Jal);
                let back = if mnemonic == Jal {
                    encode(Jal, c, 0, 0, -4)
                } else {
                    let rs1 = self.src();
                    let rs2 = if self.rng.random_bool(0.1) {
                        rs1
                    } else {
                        self.src()
                    };
                    encode(mnemonic, 0, rs1, rs2, -4)
                };
                vec![encode(Jal, a, 0, 0, 8), encode(Jal, b, 0, 0, 8), back]
            }
        }
    }

    fn group(&mut self) -> Group {
        use Mnemonic::*;
        // One group in six loads edge values first: `li a, x; li b, y; op d, a, b`.
        if self.rng.random_bool(1.0 / 6.0) {
            let (a, b) = (self.writable(), self.writable());
            let (va, vb) = edge_pair(self.rng);
            let op = *Mnemonic::ALU_REG.choose(self.rng).expect("non-empty");
            let (rd, use_b) = (self.dst(), self.rng.random_bool(0.9));
            let mut words = Vec::with_capacity(5);
            words.extend(self.li(a, va));
            words.extend(self.li(b, vb));
            let rs2 = if use_b { b } else { a };
            words.push(self.word(op, rd, a, rs2, 0));
            return Group::Words(words);
        }
        let mnemonic = *Mnemonic::ALL.choose(self.rng).expect("non-empty");
        self.count(mnemonic);
        let is_jump = matches!(mnemonic, Jal | Jalr) || Mnemonic::BRANCH.contains(&mnemonic);
        if is_jump && self.rng.random_bool(0.25) {
            return Group::Words(self.back_hop(mnemonic));
        }
        let (rd, rs1, rs2) = (self.dst(), self.src(), self.src());
        let word = match mnemonic {
            Lui | Auipc => encode(mnemonic, rd, 0, 0, upper_imm(self.rng)),
            Jal => {
                return Group::Jal {
                    rd,
                    skip: self.skip(),
                };
            }
            Jalr => {
                let tmp = self.writable();
                let rd = if self.rng.random_bool(0.2) { tmp } else { rd };
                let odd = self.rng.random_bool(0.3);
                self.count(Auipc);
                return Group::Jalr {
                    tmp,
                    rd,
                    skip: self.skip(),
                    odd,
                };
            }
            Beq | Bne | Blt | Bge | Bltu | Bgeu => {
                // Comparing a register with itself makes the outcome certain; mix it in.
                let rs2 = if self.rng.random_bool(0.1) { rs1 } else { rs2 };
                return Group::Branch {
                    mnemonic,
                    rs1,
                    rs2,
                    skip: self.skip(),
                };
            }
            Lb | Lh | Lw | Lbu | Lhu | Sb | Sh | Sw => {
                let offset = self.mem_offset(mnemonic.access_size());
                encode(mnemonic, rd, self.base_reg, rs2, offset)
            }
            Slli | Srli | Srai => encode(mnemonic, rd, rs1, 0, shamt(self.rng)),
            Addi | Slti | Sltiu | Xori | Ori | Andi => {
                encode(mnemonic, rd, rs1, 0, imm12(self.rng))
            }
            Fence => {
                let field = if self.rng.random_bool(0.1) {
                    0x833 // fence.tso: fm = 1000, pred = succ = rw
                } else {
                    self.rng.random_range(1..16) << 4 | self.rng.random_range(1..16)
                };
                encode(Fence, 0, 0, 0, field)
            }
            _ => encode(mnemonic, rd, rs1, rs2, 0),
        };
        Group::Words(vec![word])
    }
}

/// Lay out groups as words, resolving jump targets to pc-relative offsets.
fn lay_out(groups: &[Group]) -> Vec<u32> {
    let mut starts = Vec::with_capacity(groups.len() + 1);
    let mut at = 0usize;
    for group in groups {
        starts.push(at);
        at += group.len();
    }
    starts.push(at); // the epilogue
    let target = |index: usize, skip: usize| starts[(index + 1 + skip).min(groups.len())];
    let offset = |from: usize, to: usize| ((to - from) * 4) as i32;

    let mut body = Vec::with_capacity(at);
    for (index, group) in groups.iter().enumerate() {
        let here = starts[index];
        match *group {
            Group::Words(ref words) => body.extend_from_slice(words),
            Group::Branch {
                mnemonic,
                rs1,
                rs2,
                skip,
            } => {
                let to = target(index, skip);
                body.push(encode(mnemonic, 0, rs1, rs2, offset(here, to)));
            }
            Group::Jal { rd, skip } => {
                body.push(encode(
                    Mnemonic::Jal,
                    rd,
                    0,
                    0,
                    offset(here, target(index, skip)),
                ));
            }
            Group::Jalr { tmp, rd, skip, odd } => {
                let imm = offset(here, target(index, skip)) + i32::from(odd);
                body.push(encode(Mnemonic::Auipc, tmp, 0, 0, 0));
                body.push(encode(Mnemonic::Jalr, rd, tmp, 0, imm));
            }
        }
    }
    body
}

impl RandomProgram {
    /// A program with R = `base_reg` and a body of at least `body_len` instructions.
    pub fn generate(rng: &mut impl Rng, base_reg: u8, body_len: usize) -> RandomProgram {
        assert!((1..32).contains(&base_reg), "R must be one of x1..x31");
        let mut prologue = li(base_reg, BASE_VALUE).to_vec();
        for rd in (1..32).filter(|&rd| rd != base_reg) {
            prologue.extend(li(rd, edge_value(rng)));
        }

        let mut generator = BodyGen {
            rng,
            base_reg,
            counts: HashMap::new(),
        };
        let mut groups = Vec::new();
        let mut len = 0;
        while len < body_len {
            let group = generator.group();
            len += group.len();
            groups.push(group);
        }
        let counts = generator.counts;
        let body = lay_out(&groups);
        debug_assert_eq!(counts.values().sum::<usize>(), body.len());

        let mut scratch = vec![0; SCRATCH_SIZE as usize];
        rng.fill(&mut scratch[..]);
        RandomProgram {
            base_reg,
            prologue,
            body,
            scratch,
            counts,
        }
    }

    /// Address of the first body instruction.
    pub fn body_addr(&self) -> u32 {
        CODE_BASE + 4 * self.prologue.len() as u32
    }

    /// The program as an ELF file ending with `epilogue`.
    pub fn elf(&self, epilogue: Epilogue) -> Vec<u8> {
        let mut code = [self.prologue.as_slice(), self.body.as_slice()].concat();
        for reg in 1..32u8 {
            let slot = DUMP_OFFSET + 4 * i32::from(reg);
            code.push(encode(Mnemonic::Sw, 0, self.base_reg, reg, slot));
        }
        match epilogue {
            Epilogue::Vm => {
                code.push(encode(Mnemonic::Addi, T0, 0, 0, 0));
                code.push(encode(Mnemonic::Addi, A0, 0, 0, 0));
                code.push(ECALL);
            }
            Epilogue::Linux => {
                code.push(encode(Mnemonic::Addi, A0, 0, 0, 1));
                code.extend(li(A1, SCRATCH_BASE));
                code.extend(li(A2, SCRATCH_SIZE));
                code.push(encode(Mnemonic::Addi, A7, 0, 0, LINUX_WRITE));
                code.push(ECALL);
                code.push(encode(Mnemonic::Addi, A0, 0, 0, 0));
                code.push(encode(Mnemonic::Addi, A7, 0, 0, LINUX_EXIT));
                code.push(ECALL);
            }
        }
        let segments = [
            Segment::code(CODE_BASE, &code),
            Segment::data(SCRATCH_BASE, self.scratch.clone()),
        ];
        elf::write(CODE_BASE, &segments, 0x1000)
    }
}

/// The registers x0..x31 as the epilogue dumped them into a final scratch area (x0 reads
/// as 0; the slot of R holds [`BASE_VALUE`]).
pub fn dumped_registers(scratch: &[u8]) -> [u32; 32] {
    let dump = (BASE_VALUE - SCRATCH_BASE) as usize + DUMP_OFFSET as usize;
    std::array::from_fn(|reg| {
        if reg == 0 {
            return 0;
        }
        let at = dump + 4 * reg;
        u32::from_le_bytes(scratch[at..at + 4].try_into().expect("four bytes"))
    })
}
