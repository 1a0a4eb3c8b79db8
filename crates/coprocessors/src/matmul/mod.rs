//! `MATMUL_I8`: int8 matrix product with int32 accumulation, the heavy half of a quantized
//! neural network (a dense layer is one product plus glue for bias, scaling, activation).
//!
//! Operands ([`MATMUL_I8`](gluecp_abi::ecall::coprocessor::MATMUL_I8)):
//!
//! | register | operand | bytes | alignment |
//! | --- | --- | --- | --- |
//! | `a0` | C, written: `m × n` little-endian `i32`, row-major | `4 m n` | 4 |
//! | `a1` | A: `m × k` `i8`, row-major | `m k` | 1 |
//! | `a2` | B: `k × n` `i8`, row-major | `k n` | 1 |
//! | `a3` | dims: `[m, k, n]`, 3 little-endian `u32` | 12 | 4 |
//!
//! No status: every operand is valid data. A bad call — `k` above
//! [`MATMUL_I8_MAX_K`], an operand
//! above [`MAX_TRANSFER`] bytes, a pointer outside memory or misaligned, C in code or
//! overlapping A or B — stops the guest. An empty operand may have any address.
//!
//! Granularity: one call is a whole product, not a fixed-size tile, so the native
//! [`kernel`] can block for the host's caches and vectors; the guest only sees a function
//! call. The operand bounds keep one call's work below about `2^35` multiply-adds.
//!
//! A and B are copied out of guest memory before C is written into it, because guest
//! memory lends either shared or exclusive access, not both: `m k + k n` bytes against
//! `m k n` multiply-adds, negligible.

pub mod kernel;
mod workload;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

pub use workload::WORKLOAD;

use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::ecall::coprocessor::MATMUL_I8_MAX_K;
use gluecp_vm::{Call, CallError, Coprocessor, MemoryError, MemoryFault, WorkCost};

/// The `MATMUL_I8` handler. See the module documentation.
pub struct MatmulI8;

impl Coprocessor for MatmulI8 {
    fn name(&self) -> &'static str {
        "matmul"
    }

    /// One unit per multiply-accumulate, `m k n` (1 for a call `execute` will refuse).
    fn work(&self, call: &Call<'_>) -> u64 {
        match call.read_words::<3>("dimensions", call.arg(3)) {
            Ok([m, k, n]) => (u64::from(m) * u64::from(k) * u64::from(n)).max(1),
            Err(_) => 1,
        }
    }

    /// Per multiply-accumulate. Instructions: the same kernel in plain RISC-V, 93.5 M for
    /// 16.8 M MACs (5.6). Cells: a quarter of a row of the prover's `matmul-mac` table
    /// (36 columns, 4 MACs) (`gluecp_prover::cost::coprocessor_cells`, whose test keeps the
    /// two equal).
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 6,
            cells: 9,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let [c_addr, a_addr, b_addr, dims_addr] = [0, 1, 2, 3].map(|i| call.arg(i));
        let [m, k, n] = call.read_words::<3>("dims", dims_addr)?;
        if k > MATMUL_I8_MAX_K {
            return Err(CallError::invalid(
                "dims",
                format!("k = {k} is above {MATMUL_I8_MAX_K}"),
            ));
        }
        let a_len = operand_len("a", m, k, 1)?;
        let b_len = operand_len("b", k, n, 1)?;
        let c_len = operand_len("c", m, n, 4)?;
        if c_len > 0 && !c_addr.is_multiple_of(4) {
            return Err(memory_error("c", c_addr, c_len, MemoryFault::Misaligned));
        }
        check_disjoint(("c", c_addr, c_len), ("a", a_addr, a_len))?;
        check_disjoint(("c", c_addr, c_len), ("b", b_addr, b_len))?;

        let mut operands = Vec::with_capacity(a_len as usize + b_len as usize);
        operands.extend(call.read("a", a_addr, a_len)?.iter().map(|&x| x as i8));
        operands.extend(call.read("b", b_addr, b_len)?.iter().map(|&x| x as i8));
        let (a, b) = operands.split_at(a_len as usize);
        let c = call
            .memory()
            .write_bytes(c_addr, c_len)
            .map_err(|error| CallError::Memory {
                operand: "c",
                error,
            })?;
        let n = n as usize;
        kernel::matmul_i8_tiles(a, b, m as usize, k as usize, n, |row, column, values| {
            let start = 4 * (row * n + column);
            let dest = &mut c[start..start + 4 * values.len()];
            for (dest, value) in dest.chunks_exact_mut(4).zip(values) {
                dest.copy_from_slice(&value.to_le_bytes());
            }
        });
        Ok(())
    }
}

/// Byte length of a `rows × columns` operand of `width`-byte entries, at most
/// [`MAX_TRANSFER`].
fn operand_len(
    operand: &'static str,
    rows: u32,
    columns: u32,
    width: u32,
) -> Result<u32, CallError> {
    rows.checked_mul(columns)
        .and_then(|entries| entries.checked_mul(width))
        .filter(|&len| len <= MAX_TRANSFER)
        .ok_or_else(|| {
            CallError::invalid(
                operand,
                format!("{rows}×{columns} entries of {width} bytes exceed {MAX_TRANSFER} bytes"),
            )
        })
}

/// Refuse an output range that overlaps an input range (empty ranges overlap nothing).
fn check_disjoint(
    (out, out_addr, out_len): (&'static str, u32, u32),
    (input, in_addr, in_len): (&'static str, u32, u32),
) -> Result<(), CallError> {
    let (out_start, in_start) = (u64::from(out_addr), u64::from(in_addr));
    let (out_end, in_end) = (out_start + u64::from(out_len), in_start + u64::from(in_len));
    if out_len > 0 && in_len > 0 && out_start < in_end && in_start < out_end {
        Err(CallError::invalid(
            out,
            format!("[{out_addr:#x}, {out_end:#x}) overlaps operand `{input}` at {in_addr:#x}"),
        ))
    } else {
        Ok(())
    }
}

fn memory_error(operand: &'static str, addr: u32, len: u32, fault: MemoryFault) -> CallError {
    CallError::Memory {
        operand,
        error: MemoryError { addr, len, fault },
    }
}
