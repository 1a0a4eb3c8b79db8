//! BN254 (alt_bn128): Ethereum's precompiles 0x06 (G1 addition), 0x07 (G1 scalar
//! multiplication) and 0x08 (pairing check), exactly as EIP-196 and EIP-197 define them.
//!
//! Operands (big-endian 32-byte numbers, byte strings of any alignment):
//!
//! | call | `a0` | `a1` | results |
//! | --- | --- | --- | --- |
//! | `BN254_ADD` | 128-byte input `x1 ‖ y1 ‖ x2 ‖ y2` | 64-byte output `x ‖ y` | `a0` = status |
//! | `BN254_MUL` | 96-byte input `x ‖ y ‖ s` | 64-byte output | `a0` = status |
//! | `BN254_PAIRING` | `k` 192-byte pairs (G1 `x ‖ y`, G2 `x_im ‖ x_re ‖ y_im ‖ y_re`) | length in bytes, at most `MAX_TRANSFER` | `a0` = status, `a1` = 1 if the product is one |
//!
//! Status [`OK`], or [`INVALID`] where the EVM call would fail: a coordinate not below p,
//! a point off its curve, a G2 point outside the order-r subgroup, a pairing length that
//! is not a multiple of 192. On `INVALID` an output is untouched and a pairing's `a1` is
//! 0. A bad pointer (outside memory, an output in code) is a bad call whatever the data.
//!
//! Granularity: one call is one precompile, as the EVM defines it. These are the units
//! Ethereum prices and contracts call; a pairing check's Miller loops share one final
//! exponentiation, which per-pair calls would repeat. Padding of short input, which the
//! EVM does, is the caller's (see [`precompile`]).
//!
//! [`OK`]: gluecp_abi::ecall::coprocessor::OK
//! [`INVALID`]: gluecp_abi::ecall::coprocessor::INVALID

pub mod precompile;
mod workload;

#[cfg(test)]
mod known_answers;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

pub use workload::WORKLOAD;

use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_abi::ecall::coprocessor::{INVALID, OK};
use gluecp_vm::{Call, CallError, Coprocessor, WorkCost};

/// `BN254_ADD`: precompile 0x06. See the module documentation.
pub struct Add;

/// `BN254_MUL`: precompile 0x07. See the module documentation.
pub struct Mul;

/// `BN254_PAIRING`: precompile 0x08. See the module documentation.
pub struct Pairing;

impl Coprocessor for Add {
    fn name(&self) -> &'static str {
        "bn254_add"
    }

    /// Per call; estimates: a few field multiplications and one inversion in RV32IM; one chip row.
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 100_000,
            cells: 200,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let input = call.read_array::<128>("input", call.arg(0))?;
        point_result(call, precompile::add(&input))
    }
}

impl Coprocessor for Mul {
    fn name(&self) -> &'static str {
        "bn254_mul"
    }

    /// Per call; estimates: 256 double-and-add steps in RV32IM; 256 chip rows of 600 columns.
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 1_000_000,
            cells: 153_600,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let input = call.read_array::<96>("input", call.arg(0))?;
        point_result(call, precompile::mul(&input))
    }
}

impl Coprocessor for Pairing {
    fn name(&self) -> &'static str {
        "bn254_pairing"
    }

    /// One unit per 192-byte pair (an empty input is one unit of bookkeeping).
    fn work(&self, call: &Call<'_>) -> u64 {
        u64::from(call.arg(1) / 192).max(1)
    }

    /// Per pair. Instructions: `substrate-bn` in plain RISC-V, 1.45 G for 10 checks of 2
    /// pairs. Cells: a Miller loop and final exponentiation chip (a rough estimate).
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 72_528_331,
            cells: 5_000_000,
        }
    }

    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError> {
        let len = call.arg(1);
        if len > MAX_TRANSFER {
            return Err(CallError::invalid(
                "input",
                format!("{len} bytes is above {MAX_TRANSFER}"),
            ));
        }
        let result = precompile::pairing(call.read("input", call.arg(0), len)?);
        let (status, product_is_one) = match result {
            Ok(one) => (OK, u32::from(one)),
            Err(_) => (INVALID, 0),
        };
        call.set_result(0, status);
        call.set_result(1, product_is_one);
        Ok(())
    }
}

/// Write an add or mul result to the output operand `a1` and set the status. The output
/// range is checked even when the input is invalid, so a bad pointer never depends on data.
fn point_result(
    call: &mut Call<'_>,
    result: Result<[u8; 64], precompile::Invalid>,
) -> Result<(), CallError> {
    let out = call.arg(1);
    match result {
        Ok(point) => {
            call.write("output", out, &point)?;
            call.set_result(0, OK);
        }
        Err(_) => {
            call.memory()
                .write_bytes(out, 64)
                .map_err(|error| CallError::Memory {
                    operand: "output",
                    error,
                })?;
            call.set_result(0, INVALID);
        }
    }
    Ok(())
}
