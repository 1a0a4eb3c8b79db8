//! 256-bit modular multiplication: the SDK checks of `tests/guest_modmul.rs` (no
//! benchmark: a single `MODMUL256` is too small to time on its own, and the ECDSA and
//! pairing workloads cover big-integer arithmetic).
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `modmul_ops` | `Vec<(x, y, m)>`, each a `U256` (`[u32; 8]`) | per case: `mulmod(x, y, m)`, `reduce(x, m)`, `addmod`, `submod`, `powmod(x, y, m)`, `invmod_prime(x, m)`, each `Option<[u32; 8]>` |
//! | `modmul_bytes` | `[u8; 32]` | `(from_be_bytes, from_le_bytes)` as words, both round trips, `bits()` of each, and `from_be < from_le` |
//! | `modmul_alias` | `(x, y, m)` | raw calls with out = x, y, m in turn: `(status, out)` each |

use alloc::vec::Vec;
use gluecp_guest::abi::ecall::coprocessor::MODMUL256;
use gluecp_guest::bigint::{self, U256};
use gluecp_guest::io;
use gluecp_guest::syscall::ecall;

type Words = [u32; 8];

pub fn run(name: &str, _plain: bool) -> bool {
    match name {
        "modmul_ops" => {
            let cases: Vec<(U256, U256, U256)> = io::read();
            for (x, y, m) in cases {
                let words = |value: Option<U256>| value.map(U256::to_words);
                io::commit(&[
                    words(bigint::mulmod(&x, &y, &m)),
                    words(bigint::reduce(&x, &m)),
                    words(bigint::addmod(&x, &y, &m)),
                    words(bigint::submod(&x, &y, &m)),
                    words(bigint::powmod(&x, &y, &m)),
                    words(bigint::invmod_prime(&x, &m)),
                ]);
            }
        }
        "modmul_bytes" => {
            let bytes: [u8; 32] = io::read();
            let (be, le) = (U256::from_be_bytes(&bytes), U256::from_le_bytes(&bytes));
            io::commit(&(
                (be.to_words(), le.to_words()),
                (be.to_be_bytes() == bytes, le.to_le_bytes() == bytes),
                (be.bits(), le.bits(), be < le),
            ));
        }
        "modmul_alias" => {
            let operands: [Words; 3] = io::read();
            for out in 0..3 {
                let mut buffers = operands;
                let base = buffers.as_mut_ptr();
                let pointer = |i: usize| base.wrapping_add(i) as u32;
                let args = [pointer(out), pointer(0), pointer(1), pointer(2)];
                // SAFETY: every pointer is to a 32-byte, 4-byte-aligned array of `buffers`,
                // which we borrow mutably through `base` for the call.
                let [status, _] = unsafe { ecall(MODMUL256, args) };
                io::commit(&(status, buffers[out]));
            }
        }
        _ => return false,
    }
    true
}
