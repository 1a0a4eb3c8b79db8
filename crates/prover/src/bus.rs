//! The buses that link the chips, with their tuples, op ids and the conventions every chip
//! relies on. This module is the contract between chips: a chip only ever talks to another
//! through the helpers here.
//!
//! # Values
//!
//! A 32-bit word travels as two 16-bit limbs `(lo, hi)`, `word = lo + 2^16 hi` (the field has
//! 31 bits). **Invariant:** every value written on the `memory` bus (registers included) has
//! both limbs in `0..2^16`. A chip may assume that of the words it reads, and must prove it of
//! the words it writes (range checks on the `byte` bus, or a construction that implies it).
//!
//! # Time
//!
//! The CPU executes one instruction per row; row `i` has `clk = i + 1` (`clk < 2^22`).
//! Memory accesses within one instruction are ordered by slot, `ts = 4 clk + slot`:
//!
//! | slot | access |
//! | --- | --- |
//! | 0 | CPU reads `rs1` |
//! | 1 | CPU reads `rs2` |
//! | 2 | the instruction's memory work: the `lsu` chip's load/store, a system call's reads and writes (argument registers beyond `a0` included) |
//! | 3 | CPU writes `rd` |
//!
//! The CPU touches only registers at slots 0, 1 and 3, so a coprocessor chip may also use
//! those slots for memory words (addresses from `MEM_START` on) to order its own accesses:
//! `modmul` and `secp256k1-recover` read their operands at slots 0 to 2 and write their
//! results at slot 3, so that a result may overwrite an operand.
//!
//! Timestamp 0 is the initial memory (the `memory` chip's init rows).
//!
//! # Addresses on the `memory` bus
//!
//! Register `x_i` is address `i` (0..32). Memory words are at their byte address (a multiple
//! of 4) in `[MEM_START, STACK_TOP) = [0x1000, 2^29)`, the VM's mapped range; chips that take
//! an address from the guest must prove it lies there (so a guest address never names a
//! register). Every address is below `2^29 < p`, so the field never aliases two addresses.
//!
//! # Read-only cells
//!
//! Each state on the `memory` bus carries a `read_only` flag, fixed for the cell's whole
//! history: the `memory` chip takes it from the image table, which sets it exactly on the words
//! of the program's code range (the VM traps on any write there). An access sends the flag it
//! received; only the `lsu` chip's loads pass a flag that may be 1, every writing access passes
//! 0, so a write into code cannot consume the cell's state and the bus does not balance.

use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, PermutationCheckBus};

use crate::chips::byte::{ByteOp, lookup_byte_range, lookup_u16};

/// The execution bus: the work the CPU hands to another chip, one message per instruction
/// at most. Tuples are [`EXEC_TUPLE_LEN`] wide, `(op, clk, x0, .., x7)`, in three kinds told
/// apart by `op` (the op id sets are disjoint, and each receiving chip constrains its `op` to
/// its own set):
///
/// | kind | `op` | tuple | receiver |
/// | --- | --- | --- | --- |
/// | ALU | an ALU [`AluOp`] (1..=19) | `(op, 0, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, 0, 0)` ([`alu_message`]) | an ALU chip |
/// | load/store | a memory [`AluOp`] (32..=39) | `(op, clk, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, imm_lo, imm_hi)` ([`lsu_message`]) | `lsu` |
/// | system call | [`SYSCALL_OP`] | `(SYSCALL_OP, clk, number, a0_lo, a0_hi, ret_lo, ret_hi, 0, 0, 0)` ([`syscall_message`]) | the chip serving `number` |
///
/// - **ALU**: `a = op(b, c)` is the result. `b` and `c` are range-checked words (see the module
///   docs); the receiving chip must prove `a`'s limbs in range (`a_hi = 0`, `a_lo` boolean for
///   comparisons).
/// - **Load/store**: the `lsu` chip makes the memory access at `ts = 4 clk + 2` at address
///   `b + imm` (wrapping, as the VM computes it). Loads: `a` is the value written to `rd`
///   (sign- or zero-extended), `c` carries nothing the chip uses. Stores: `c` is the `rs2`
///   value, `a` carries nothing the chip uses.
/// - **System call**: one per `ecall` that is not `HALT`, with `number` the value of `t0` (x5,
///   the ABI's call register), `a0` its value before the call, and `ret` the value the CPU
///   writes back to `a0`; the serving chip must constrain `number` to its own calls and `ret`
///   (`ret = a0` for calls that return nothing). Further argument registers are read by the
///   serving chip on the memory bus at slot 2.
///
/// The CPU sends the three kinds as one mutually exclusive group ([`send_exec`]): one LogUp
/// column for all of them.
pub const EXEC_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("exec");
/// Width of an [`EXEC_BUS`] tuple.
pub const EXEC_TUPLE_LEN: usize = 10;
/// The `op` of a system call on the [`EXEC_BUS`] (no [`AluOp`] has it).
pub const SYSCALL_OP: u32 = 64;

/// The memory bus: tuple `(addr, value_lo, value_hi, ts, read_only)`. An access receives the
/// cell's previous state and sends its new one ([`memory_access`]); the `memory` chip sends
/// every cell's initial state at `ts = 0` and receives its final state. `read_only` is 1 on
/// the code range's words (see the module docs).
pub const MEMORY_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("memory");
/// Width of a [`MEMORY_BUS`] tuple.
pub const MEMORY_TUPLE_LEN: usize = 5;

/// Operations sent on the [`EXEC_BUS`] (ALU ops and loads/stores); the discriminant is the id carried in the
/// tuple (part of the verifying key). RISC-V semantics, including division by zero and overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum AluOp {
    Add = 1,
    Sub = 2,
    Xor = 3,
    Or = 4,
    And = 5,
    Sll = 6,
    Srl = 7,
    Sra = 8,
    Slt = 9,
    Sltu = 10,
    /// `a = (b == c)` as 0 or 1 (the CPU's BEQ/BNE).
    Eq = 11,
    Mul = 12,
    Mulh = 13,
    Mulhsu = 14,
    Mulhu = 15,
    Div = 16,
    Divu = 17,
    Rem = 18,
    Remu = 19,
    Lb = 32,
    Lh = 33,
    Lw = 34,
    Lbu = 35,
    Lhu = 36,
    Sb = 37,
    Sh = 38,
    Sw = 39,
}

impl AluOp {
    /// Every op, in id order.
    pub const ALL: [AluOp; 27] = [
        Self::Add,
        Self::Sub,
        Self::Xor,
        Self::Or,
        Self::And,
        Self::Sll,
        Self::Srl,
        Self::Sra,
        Self::Slt,
        Self::Sltu,
        Self::Eq,
        Self::Mul,
        Self::Mulh,
        Self::Mulhsu,
        Self::Mulhu,
        Self::Div,
        Self::Divu,
        Self::Rem,
        Self::Remu,
        Self::Lb,
        Self::Lh,
        Self::Lw,
        Self::Lbu,
        Self::Lhu,
        Self::Sb,
        Self::Sh,
        Self::Sw,
    ];

    /// The op whose id is `id` (as [`super::chips::cpu::CpuInstruction::op`] holds it).
    pub fn from_id(id: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|op| *op as u32 == id)
    }

    /// The id as a field expression.
    pub fn expr<E: PrimeCharacteristicRing>(self) -> E {
        E::from_u8(self as u8)
    }

    /// Whether the op is a load or a store (served by the `lsu` chip).
    pub const fn is_memory(self) -> bool {
        self as u8 >= Self::Lb as u8
    }

    /// The result of an ALU op (not a load or store) on `b` and `c`, as the VM computes it.
    pub fn eval(self, b: u32, c: u32) -> u32 {
        let (sb, sc) = (b as i32, c as i32);
        match self {
            Self::Add => b.wrapping_add(c),
            Self::Sub => b.wrapping_sub(c),
            Self::Xor => b ^ c,
            Self::Or => b | c,
            Self::And => b & c,
            Self::Sll => b << (c & 31),
            Self::Srl => b >> (c & 31),
            Self::Sra => (sb >> (c & 31)) as u32,
            Self::Slt => u32::from(sb < sc),
            Self::Sltu => u32::from(b < c),
            Self::Eq => u32::from(b == c),
            Self::Mul => b.wrapping_mul(c),
            Self::Mulh => ((i64::from(sb) * i64::from(sc)) >> 32) as u32,
            Self::Mulhsu => ((i64::from(sb) * i64::from(c)) >> 32) as u32,
            Self::Mulhu => ((u64::from(b) * u64::from(c)) >> 32) as u32,
            Self::Div => match (sb, sc) {
                (_, 0) => u32::MAX,
                (i32::MIN, -1) => b,
                _ => (sb / sc) as u32,
            },
            Self::Divu => b.checked_div(c).unwrap_or(u32::MAX),
            Self::Rem => match (sb, sc) {
                (_, 0) => b,
                (i32::MIN, -1) => 0,
                _ => (sb % sc) as u32,
            },
            Self::Remu => b.checked_rem(c).unwrap_or(b),
            Self::Lb
            | Self::Lh
            | Self::Lw
            | Self::Lbu
            | Self::Lhu
            | Self::Sb
            | Self::Sh
            | Self::Sw => 0,
        }
    }
}

/// The limbs `(lo, hi)` of a word.
pub const fn limbs(word: u32) -> [u32; 2] {
    [word & 0xffff, word >> 16]
}

/// The limbs of a word as field elements.
pub fn limbs_val<F: PrimeCharacteristicRing>(word: u32) -> [F; 2] {
    limbs(word).map(F::from_u32)
}

/// The [`EXEC_BUS`] tuple of an ALU op: `(op, 0, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, 0, 0)`.
pub fn alu_message<E: PrimeCharacteristicRing>(
    op: E,
    a: [E; 2],
    b: [E; 2],
    c: [E; 2],
) -> [E; EXEC_TUPLE_LEN] {
    let [a0, a1] = a;
    let [b0, b1] = b;
    let [c0, c1] = c;
    [op, E::ZERO, a0, a1, b0, b1, c0, c1, E::ZERO, E::ZERO]
}

/// The [`EXEC_BUS`] tuple of a load or store:
/// `(op, clk, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, imm_lo, imm_hi)`.
pub fn lsu_message<E>(
    op: E,
    clk: E,
    a: [E; 2],
    b: [E; 2],
    c: [E; 2],
    imm: [E; 2],
) -> [E; EXEC_TUPLE_LEN] {
    let [a0, a1] = a;
    let [b0, b1] = b;
    let [c0, c1] = c;
    let [i0, i1] = imm;
    [op, clk, a0, a1, b0, b1, c0, c1, i0, i1]
}

/// The [`EXEC_BUS`] tuple of a system call:
/// `(SYSCALL_OP, clk, number, a0_lo, a0_hi, ret_lo, ret_hi, 0, 0, 0)`.
pub fn syscall_message<E: PrimeCharacteristicRing>(
    clk: E,
    number: E,
    a0: [E; 2],
    ret: [E; 2],
) -> [E; EXEC_TUPLE_LEN] {
    let [a0_lo, a0_hi] = a0;
    let [r0, r1] = ret;
    [
        E::from_u32(SYSCALL_OP),
        clk,
        number,
        a0_lo,
        a0_hi,
        r0,
        r1,
        E::ZERO,
        E::ZERO,
        E::ZERO,
    ]
}

/// Sends the CPU's work on the [`EXEC_BUS`]: each `(flag, message)` once when its flag is 1, as
/// one mutually exclusive group (one LogUp column, degree 1 + the messages' degree).
///
/// # Soundness
///
/// The flags must be boolean and at most one of them 1 on any row; the caller constrains it.
pub fn send_exec<AB: InteractionBuilder, const N: usize>(
    builder: &mut AB,
    branches: [(AB::Expr, [AB::Expr; EXEC_TUPLE_LEN]); N],
) {
    builder.push_exclusive_interaction(
        EXEC_BUS.name(),
        branches
            .into_iter()
            .map(|(flag, message)| (flag, Count::bounded(AB::Expr::ONE, 1), message.to_vec())),
    );
}

/// Receives `a = op(b, c)` from the [`EXEC_BUS`] `count` times (an ALU chip's side).
///
/// # Soundness
///
/// `count` must be constrained boolean by the caller, `op` to the chip's ALU ops, and the chip
/// must constrain `a = op(b, c)` and `a`'s limbs in range whenever `count = 1`.
pub fn receive_alu<AB: InteractionBuilder>(
    builder: &mut AB,
    op: AB::Expr,
    a: [AB::Expr; 2],
    b: [AB::Expr; 2],
    c: [AB::Expr; 2],
    count: AB::Expr,
) {
    EXEC_BUS.receive(builder, alu_message(op, a, b, c), Count::bounded(count, 1));
}

/// Receives a load or store from the [`EXEC_BUS`] `count` times (the `lsu` chip's side).
///
/// # Soundness
///
/// `count` boolean; `op` constrained to the memory ops.
pub fn receive_lsu<AB: InteractionBuilder>(
    builder: &mut AB,
    message: [AB::Expr; EXEC_TUPLE_LEN],
    count: AB::Expr,
) {
    EXEC_BUS.receive(builder, message, Count::bounded(count, 1));
}

/// The columns a chip needs for one memory access: the previous timestamp and the two limbs of
/// `ts - prev_ts - 1` (the range check proving `prev_ts < ts`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct AccessCols<T> {
    /// Timestamp of the previous access to the same address (0 for the initial state).
    pub prev_ts: T,
    /// `(ts - prev_ts - 1) & 0xffff`.
    pub diff_lo: T,
    /// `(ts - prev_ts - 1) >> 16`, below 2^8 since timestamps are below 2^24.
    pub diff_hi: T,
}

/// Number of columns of [`AccessCols`].
pub const NUM_ACCESS_COLS: usize = 3;

impl AccessCols<u32> {
    /// The column values for an access at `ts` whose previous access was at `prev_ts`.
    ///
    /// # Panics
    ///
    /// If `prev_ts >= ts` (a bug in the execution record).
    pub fn new(prev_ts: u32, ts: u32) -> Self {
        assert!(prev_ts < ts, "memory access at ts {ts} after ts {prev_ts}");
        let diff = ts - prev_ts - 1;
        assert!(diff < 1 << 24, "timestamp difference {diff} too large");
        Self {
            prev_ts,
            diff_lo: diff & 0xffff,
            diff_hi: diff >> 16,
        }
    }

    /// As field elements, recording the two range checks in `bytes`.
    pub fn to_field<F: PrimeCharacteristicRing>(
        self,
        bytes: &mut crate::chips::byte::ByteLookups,
    ) -> AccessCols<F> {
        bytes.record(ByteOp::Range, self.diff_hi as u8, 0);
        self.to_field_without_hi(bytes)
    }

    /// As field elements, recording only the `diff_lo` range check in `bytes` (for
    /// [`memory_access_without_hi`], whose caller records `diff_hi`'s).
    pub fn to_field_without_hi<F: PrimeCharacteristicRing>(
        self,
        bytes: &mut crate::chips::byte::ByteLookups,
    ) -> AccessCols<F> {
        bytes.record_u16(self.diff_lo as u16);
        AccessCols {
            prev_ts: F::from_u32(self.prev_ts),
            diff_lo: F::from_u32(self.diff_lo),
            diff_hi: F::from_u32(self.diff_hi),
        }
    }
}

/// One memory access, `count` times (0 or 1): receives `(addr, prev, prev_ts, read_only)` and
/// sends `(addr, value, ts, read_only)` on the [`MEMORY_BUS`], and proves `prev_ts < ts` (two
/// lookups on the `byte` bus, recorded by [`AccessCols::to_field`]). A read passes
/// `prev = value`.
///
/// # Soundness
///
/// `count` must be constrained boolean by the caller (degree at most 2), `ts` must be below
/// 2^24 and of degree at most 1, and `value` must be range-checked (see the module docs).
/// `read_only` must be 0 unless `value = prev` is constrained (a read): a write must pass 0.
/// With `count = 0` the columns are free and nothing is sent.
#[allow(clippy::too_many_arguments)]
pub fn memory_access<AB: InteractionBuilder>(
    builder: &mut AB,
    addr: AB::Expr,
    prev: [AB::Expr; 2],
    value: [AB::Expr; 2],
    ts: AB::Expr,
    read_only: AB::Expr,
    cols: &AccessCols<AB::Var>,
    count: AB::Expr,
) {
    let diff_hi = memory_access_without_hi(
        builder,
        addr,
        prev,
        value,
        ts,
        read_only,
        cols,
        count.clone(),
    );
    lookup_byte_range(builder, diff_hi, AB::Expr::ZERO, count);
}

/// [`memory_access`] without the byte range check of `diff_hi`, which it returns: the caller
/// must range-check it as a byte whenever `count = 1`, for instance two accesses' in one
/// `(Range, hi_1, hi_2, 0)` lookup whose count is 1 whenever either access's is (record the
/// access with [`AccessCols::to_field_without_hi`], and the pair's lookup).
///
/// # Soundness
///
/// As for [`memory_access`], given that range check: without it `prev_ts < ts` is not proved.
#[allow(clippy::too_many_arguments)]
#[must_use = "diff_hi must be range-checked as a byte"]
pub fn memory_access_without_hi<AB: InteractionBuilder>(
    builder: &mut AB,
    addr: AB::Expr,
    prev: [AB::Expr; 2],
    value: [AB::Expr; 2],
    ts: AB::Expr,
    read_only: AB::Expr,
    cols: &AccessCols<AB::Var>,
    count: AB::Expr,
) -> AB::Expr {
    memory_access_split(
        builder,
        addr,
        prev,
        value,
        ts,
        read_only,
        cols,
        [count.clone(), count],
    )
}

/// [`memory_access_without_hi`] with the two halves of the access counted apart: the
/// receive of the previous state and the `prev_ts < ts` check with `counts[0]`, the send of
/// the new state with `counts[1]`. A chip whose access starts on one row and ends on another
/// (the `sha256` chip receives a state word on a call's first row and sends it from its last)
/// calls this on each row, each half's count 0 on the other row.
///
/// # Soundness
///
/// As for [`memory_access_without_hi`], for each count; the chip must prove that the rows
/// carrying the two halves belong together (same `addr`, `ts` and `read_only`), and that
/// every receive has its send.
#[allow(clippy::too_many_arguments)]
#[must_use = "diff_hi must be range-checked as a byte"]
pub fn memory_access_split<AB: InteractionBuilder>(
    builder: &mut AB,
    addr: AB::Expr,
    prev: [AB::Expr; 2],
    value: [AB::Expr; 2],
    ts: AB::Expr,
    read_only: AB::Expr,
    cols: &AccessCols<AB::Var>,
    counts: [AB::Expr; 2],
) -> AB::Expr {
    let [receive, send] = counts;
    let prev_ts: AB::Expr = cols.prev_ts.into();
    let diff_lo: AB::Expr = cols.diff_lo.into();
    let diff_hi: AB::Expr = cols.diff_hi.into();
    // ts - prev_ts - 1 = diff_lo + 2^16 diff_hi with diff_lo < 2^16 and diff_hi < 2^8, so
    // 0 <= ts - prev_ts - 1 < 2^24 as integers (2^24 < p): prev_ts < ts.
    builder.assert_zero(
        receive.clone()
            * (ts.clone()
                - prev_ts.clone()
                - AB::Expr::ONE
                - diff_lo.clone()
                - diff_hi.clone() * AB::Expr::from_u32(1 << 16)),
    );
    lookup_u16(builder, diff_lo, receive.clone());
    let [p0, p1] = prev;
    let [v0, v1] = value;
    MEMORY_BUS.receive(
        builder,
        [addr.clone(), p0, p1, prev_ts, read_only.clone()],
        Count::bounded(receive, 1),
    );
    MEMORY_BUS.send(
        builder,
        [addr, v0, v1, ts, read_only],
        Count::bounded(send, 1),
    );
    diff_hi
}

/// Receives one system call from the [`EXEC_BUS`] (the serving chip's side):
/// `(clk, number, a0_lo, a0_hi, ret_lo, ret_hi)` as [`syscall_message`] lays them out.
///
/// # Soundness
///
/// `count` boolean; the chip constrains `number` and `ret`.
pub fn receive_syscall<AB: InteractionBuilder>(
    builder: &mut AB,
    fields: [AB::Expr; 6],
    count: AB::Expr,
) {
    let [clk, number, a0_lo, a0_hi, r0, r1] = fields;
    EXEC_BUS.receive(
        builder,
        syscall_message(clk, number, [a0_lo, a0_hi], [r0, r1]),
        Count::bounded(count, 1),
    );
}

/// The timestamp of slot `slot` of the instruction at `clk`.
pub fn ts_of<E: PrimeCharacteristicRing>(clk: E, slot: u32) -> E {
    clk * E::from_u32(4) + E::from_u32(slot)
}

/// Timestamp slots, see the module docs.
pub mod slot {
    pub const RS1: u32 = 0;
    pub const RS2: u32 = 1;
    pub const MEMORY: u32 = 2;
    pub const RD: u32 = 3;
}

/// The timestamp of `slot` at `clk` as a number.
pub const fn ts(clk: u32, slot: u32) -> u32 {
    4 * clk + slot
}

pub use gluecp_abi::memory::{MEM_END, MEM_START};

/// The columns proving that a guest operand `[ptr, ptr + len)` is 4-aligned and inside
/// `[MEM_START, MEM_END)` ([`eval_operand_range`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct OperandRangeCols<T> {
    /// `ptr_lo / 4`, a 16-bit number.
    pub q: T,
    /// High limbs of `ptr - MEM_START` and `MEM_END - len - ptr` (each `lo + 2^16 hi` with
    /// `lo` and `8 hi` 16-bit).
    pub bound_hi: [T; 2],
}

/// Constrains the operand at `ptr` (limbs below 2^16, a register value) of `len` bytes to be
/// 4-aligned and inside `[MEM_START, MEM_END)` whenever `count` is 1: `ptr_lo = 4 q` with `q`
/// 16-bit; `8 ptr_hi` 16-bit (so `ptr < 2^29` and the differences below do not wrap); then
/// `ptr - MEM_START` and `MEM_END - len - ptr` in `0..2^29`. Six 16-bit lookups.
///
/// # Soundness
///
/// `count` boolean; `len` at most `MEM_END - MEM_START`.
pub fn eval_operand_range<AB: InteractionBuilder>(
    builder: &mut AB,
    ptr: [AB::Expr; 2],
    len: u32,
    cols: &OperandRangeCols<AB::Var>,
    count: AB::Expr,
) {
    let c = |v: u32| AB::Expr::from_u32(v);
    let [lo, hi] = ptr;
    builder.assert_zero(count.clone() * (lo.clone() - cols.q.into() * c(4)));
    lookup_u16(builder, cols.q.into(), count.clone());
    lookup_u16(builder, hi.clone() * c(8), count.clone());
    let addr = lo + hi * c(1 << 16);
    let diffs = [addr.clone() - c(MEM_START), c(MEM_END - len) - addr];
    for (diff, hi) in diffs.into_iter().zip(cols.bound_hi) {
        let hi: AB::Expr = hi.into();
        lookup_u16(builder, diff - hi.clone() * c(1 << 16), count.clone());
        lookup_u16(builder, hi * c(8), count.clone());
    }
}

impl OperandRangeCols<u32> {
    /// The columns for the operand at `ptr` of `len` bytes, recording the lookups in `bytes`
    /// (those out of range left out: the row then fails its lookups, never a panic).
    pub fn new(ptr: u32, len: u32, bytes: &mut crate::chips::byte::ByteLookups) -> Self {
        let record = |bytes: &mut crate::chips::byte::ByteLookups, v: u32| {
            if let Ok(v) = u16::try_from(v) {
                bytes.record_u16(v);
            }
        };
        let q = (ptr & 0xffff) / 4;
        record(bytes, q);
        record(bytes, 8 * (ptr >> 16));
        let diffs = [
            ptr.wrapping_sub(MEM_START),
            (MEM_END - len).wrapping_sub(ptr),
        ];
        let mut bound_hi = [0; 2];
        for (hi, diff) in bound_hi.iter_mut().zip(diffs) {
            *hi = diff >> 16;
            if diff < MEM_END {
                bytes.record_u16(diff as u16);
                record(bytes, 8 * (diff >> 16));
            }
        }
        Self { q, bound_hi }
    }

    /// As field elements.
    pub fn to_field<F: PrimeCharacteristicRing>(self) -> OperandRangeCols<F> {
        OperandRangeCols {
            q: F::from_u32(self.q),
            bound_hi: self.bound_hi.map(F::from_u32),
        }
    }
}
