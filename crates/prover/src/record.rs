//! The execution record: what the VM did, as events per chip, from which each chip generates its
//! trace. [`crate::execute`] builds it from a VM run; a chip's tests may build events by hand.

use std::collections::{HashMap, HashSet};

use crate::bus::AluOp;

/// One ALU operation: `a = op(b, c)` (an [`AluOp`] that is not a load or store).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AluEvent {
    pub op: AluOp,
    pub a: u32,
    pub b: u32,
    pub c: u32,
}

impl AluEvent {
    /// The event of `op` on `b` and `c`, with the result the VM computes.
    pub fn new(op: AluOp, b: u32, c: u32) -> Self {
        Self {
            op,
            a: op.eval(b, c),
            b,
            c,
        }
    }
}

/// One access to a memory cell (a register or an aligned word): the state it consumed and the
/// one it produced on the memory bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryAccess {
    pub addr: u32,
    /// Value before the access.
    pub prev: u32,
    /// Timestamp of the previous access (0: the initial memory).
    pub prev_ts: u32,
    /// Value after the access (`prev` for a read).
    pub value: u32,
    /// Timestamp of this access.
    pub ts: u32,
    /// The cell is read-only (a word of the code range): the flag its states carry on the
    /// memory bus.
    pub read_only: bool,
}

/// One load or store (the `lsu` chip): the [`crate::bus::EXEC_BUS`] message and the memory access
/// it made at `ts = 4 clk + 2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LsuEvent {
    /// A load or store op.
    pub op: AluOp,
    pub clk: u32,
    /// Loads: the value written to `rd`; stores: the CPU's `a` columns (0).
    pub a: u32,
    /// The `rs1` value (the base address).
    pub b: u32,
    /// Stores: the `rs2` value; loads: the CPU's `c` columns (the immediate).
    pub c: u32,
    /// The offset, sign-extended to 32 bits.
    pub imm: u32,
    /// The access to the aligned word holding `b + imm`.
    pub access: MemoryAccess,
}

/// One system call served by a chip (not `HALT`): the [`crate::bus::EXEC_BUS`] message and
/// the memory accesses the call made at slot 2, in order: its argument registers beyond `a0`
/// first, then the words it read or wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyscallEvent {
    pub clk: u32,
    pub number: u32,
    /// `a0` before the call.
    pub a0: u32,
    /// The value the CPU writes back to `a0`.
    pub ret: u32,
    /// Argument registers read (`a1`, `a2`, ... as the call needs them).
    pub args: Vec<MemoryAccess>,
    /// Memory words read or written.
    pub words: Vec<MemoryAccess>,
}

impl SyscallEvent {
    /// A call's event before its accesses are recorded.
    pub fn new(clk: u32, number: u32, a0: u32, ret: u32) -> Self {
        Self {
            clk,
            number,
            a0,
            ret,
            args: Vec::new(),
            words: Vec::new(),
        }
    }
}

/// The memory as the record builder sees it: each cell's value and the timestamp of its last
/// access, starting from an initial image (absent cells are 0 at timestamp 0).
#[derive(Clone, Debug, Default)]
pub struct MemoryState {
    cells: HashMap<u32, (u32, u32)>,
    initial: HashMap<u32, u32>,
    read_only: HashSet<u32>,
}

impl MemoryState {
    /// Memory holding `initial` (address → value; registers at 0..32, words at their byte
    /// address) at timestamp 0.
    pub fn new(initial: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let initial: HashMap<u32, u32> = initial.into_iter().collect();
        Self {
            cells: initial.iter().map(|(&a, &v)| (a, (v, 0))).collect(),
            initial,
            read_only: HashSet::new(),
        }
    }

    /// Marks the cells at `addrs` read-only (they must hold their initial value throughout).
    pub fn with_read_only(mut self, addrs: impl IntoIterator<Item = u32>) -> Self {
        self.read_only.extend(addrs);
        self
    }

    /// Whether `addr` is read-only.
    pub fn is_read_only(&self, addr: u32) -> bool {
        self.read_only.contains(&addr)
    }

    /// The current value of `addr`.
    pub fn value(&self, addr: u32) -> u32 {
        self.cells.get(&addr).map_or(0, |c| c.0)
    }

    /// Reads `addr` at timestamp `ts`.
    pub fn read(&mut self, addr: u32, ts: u32) -> MemoryAccess {
        let value = self.value(addr);
        self.write(addr, value, ts)
    }

    /// Writes `value` to `addr` at timestamp `ts`.
    ///
    /// # Panics
    ///
    /// If `ts` is not after the cell's last access (a bug in the caller).
    pub fn write(&mut self, addr: u32, value: u32, ts: u32) -> MemoryAccess {
        let cell = self.cells.entry(addr).or_insert((0, 0));
        assert!(
            cell.1 < ts,
            "access to {addr:#x} at ts {ts} after ts {}",
            cell.1
        );
        let access = MemoryAccess {
            addr,
            prev: cell.0,
            prev_ts: cell.1,
            value,
            ts,
            read_only: self.read_only.contains(&addr),
        };
        *cell = (value, ts);
        access
    }

    /// Every cell touched or initialised, sorted by address.
    pub fn cells(&self) -> Vec<Cell> {
        let mut cells: Vec<_> = self
            .cells
            .iter()
            .map(|(&addr, &(value, ts))| Cell {
                addr,
                in_image: self.initial.contains_key(&addr),
                read_only: self.read_only.contains(&addr),
                init: self.initial.get(&addr).copied().unwrap_or(0),
                fin: value,
                fin_ts: ts,
            })
            .collect();
        cells.sort_unstable_by_key(|c| c.addr);
        cells
    }
}

/// One memory cell over a run (a row of the `memory` chip).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub addr: u32,
    /// The initial value comes from the image table (it may be 0 for a code word).
    pub in_image: bool,
    /// A word of the code range (see [`crate::bus`]).
    pub read_only: bool,
    pub init: u32,
    pub fin: u32,
    pub fin_ts: u32,
}

/// One `MATMUL_I8` call (the `matmul` chip): `C = A · B` with the memory accesses it made at
/// slot 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatmulEvent {
    pub clk: u32,
    /// The addresses of C (`a0`), A (`a1`), B (`a2`) and the dimensions (`a3`).
    pub c: u32,
    pub a: u32,
    pub b: u32,
    pub d: u32,
    pub m: u32,
    pub k: u32,
    pub n: u32,
    /// The reads of `a1`, `a2`, `a3`.
    pub args: [MemoryAccess; 3],
    /// The reads of the dimension words.
    pub dims: [MemoryAccess; 3],
    /// The reads of every word overlapping A or B, by increasing address.
    pub reads: Vec<MemoryAccess>,
    /// The writes of C, row-major.
    pub writes: Vec<MemoryAccess>,
}
