//! The `ecall` ABI.
//!
//! A guest executes `ecall` with the call number in `t0` (x5) and up to four arguments in
//! `a0..a3` (x10..x13). Results come back in `a0..a1` (x10, x11); every other register is
//! preserved. Operands that do not fit in registers live in guest memory and are passed as
//! pointers; the host validates every pointer and length before touching memory, and a bad
//! one stops the guest with a typed error naming the call and the pc.
//!
//! Call numbers are split in two families:
//!
//! | range | family |
//! | --- | --- |
//! | `0x000..0x100` | system calls: glue services provided by the VM itself |
//! | `0x100..` | coprocessor calls, listed by the coprocessor registry |

/// Register holding the call number (`t0`).
pub const REG_CALL: usize = 5;
/// Registers holding the arguments (`a0..a3`).
pub const REG_ARGS: [usize; 4] = [10, 11, 12, 13];
/// Registers receiving the results (`a0`, `a1`).
pub const REG_RESULTS: [usize; 2] = [10, 11];

/// Stop the guest. `a0` = exit code (0 means success). Does not return.
pub const HALT: u32 = 0x00;
/// Copy the next input bytes into guest memory. `a0` = destination, `a1` = length.
/// Returns in `a0` the number of bytes copied, which is less than `a1` only when the
/// input is exhausted.
pub const READ_INPUT: u32 = 0x01;
/// Number of input bytes not yet read, returned in `a0`.
pub const INPUT_REMAINING: u32 = 0x02;
/// Write bytes to a host stream. `a0` = file descriptor ([`FD_STDOUT`] or [`FD_STDERR`]),
/// `a1` = pointer, `a2` = length.
pub const WRITE: u32 = 0x03;
/// Append bytes to the journal, the program's public output. `a0` = pointer, `a1` = length.
pub const COMMIT: u32 = 0x04;

/// First call number of the coprocessor family.
pub const COPROCESSOR_BASE: u32 = 0x100;

/// File descriptor of the host's standard output for [`WRITE`].
pub const FD_STDOUT: u32 = 1;
/// File descriptor of the host's standard error for [`WRITE`].
pub const FD_STDERR: u32 = 2;

/// Longest single [`READ_INPUT`], [`WRITE`] or [`COMMIT`] transfer, in bytes. Longer
/// transfers are split by the guest SDK; the host rejects larger lengths as a bad call.
pub const MAX_TRANSFER: u32 = 1 << 24;

/// Name of a system call number, for error messages and disassembly.
pub const fn system_call_name(number: u32) -> Option<&'static str> {
    match number {
        HALT => Some("halt"),
        READ_INPUT => Some("read_input"),
        INPUT_REMAINING => Some("input_remaining"),
        WRITE => Some("write"),
        COMMIT => Some("commit"),
        _ => None,
    }
}

/// Call numbers and operand layouts of the built-in coprocessors.
///
/// Pointers to word operands must be 4-byte aligned; byte-string operands may have any
/// alignment. Every pointer range must lie in mapped memory (outputs outside read-only
/// code), or the guest stops with a bad-call error. Where a call can meet operands that
/// are only *mathematically* invalid, `a0` returns a status: [`OK`](coprocessor::OK) or a
/// documented error code, and the guest goes on.
pub mod coprocessor {
    /// Status: success.
    pub const OK: u32 = 0;
    /// Status: the operands are well-formed in memory but mathematically invalid (see each call).
    pub const INVALID: u32 = 1;
    /// Status of [`SECP256K1_VERIFY`]: the public key is not a valid curve point.
    pub const INVALID_KEY: u32 = 2;

    /// Keccak-f\[1600\] permutation, in place, with an optional absorb. `a0` = the 200-byte
    /// state: 25 little-endian `u64` lanes, lane `x + 5y` at offset `8 (x + 5y)` (4-byte
    /// aligned); `a1` = bytes to XOR into the start of the state before permuting, `a2` =
    /// their length, a multiple of 8 up to 200 (0: a pure permutation, `a1` ignored).
    /// Absorbing in the same call saves the glue a load/XOR/store pass per block.
    pub const KECCAK_F: u32 = 0x100;
    /// SHA-256 compression, in place, of `a2` consecutive 64-byte blocks. `a0` = the state
    /// `H0..H7` as 8 little-endian `u32` words; `a1` = the blocks (bytes in message order,
    /// any alignment); `a2` = the number of blocks (`64 a2` at most `MAX_TRANSFER`). One
    /// call per block would cost more in call overhead than a hardware-accelerated native
    /// compression, so a hasher passes every full block of its input at once.
    pub const SHA256_COMPRESS: u32 = 0x101;
    /// Poseidon2 permutation over KoalaBear (p = 2^31 - 2^24 + 1), width 16, the instance
    /// of Plonky3's `default_koalabear_poseidon2_16()` used by the prover's Merkle
    /// commitments, in place. `a0` = 16 little-endian `u32` field elements. Status in `a0`:
    /// [`OK`], or [`INVALID`] (state untouched) if an element is not below p.
    pub const POSEIDON2_KOALABEAR16: u32 = 0x102;
    /// 256-bit modular multiplication `out = x * y mod m`. `a0` = out, `a1` = x, `a2` = y,
    /// `a3` = m, each 32 bytes little-endian (8 little-endian `u32` words). x and y may be
    /// any 256-bit values and out may alias them. Status in `a0`: [`OK`], or [`INVALID`]
    /// when m = 0 (out is then set to 0, as EVM `MULMOD` does).
    pub const MODMUL256: u32 = 0x103;

    /// ECDSA verification over secp256k1. `a0` = 32-byte message hash (big-endian, the
    /// ECDSA `z`), `a1` = 64-byte signature `r || s` (big-endian), `a2` = 64-byte public
    /// key `x || y` (big-endian, uncompressed without the 0x04 prefix). High-s signatures
    /// are accepted (standard ECDSA). Status in `a0`: [`OK`] if valid, [`INVALID`] if the
    /// signature is not (r or s zero or not below n, or the equation fails),
    /// [`INVALID_KEY`] if the key is not a point of the curve (checked first: a bad key is
    /// reported even when the signature is malformed too). One call is a whole
    /// verification, as for the other signature calls: point-level calls would cost a
    /// field inversion each natively and pass points through guest memory.
    pub const SECP256K1_VERIFY: u32 = 0x110;
    /// ECDSA public-key recovery over secp256k1, the core of Ethereum's `ecrecover`.
    /// `a0` = 32-byte message hash, `a1` = 64-byte signature `r || s`, `a2` = recovery id
    /// 0..=3 (a register value; bit 0: `R.y` is odd, bit 1: `R.x = r + n`), `a3` = 64-byte
    /// output `x || y`. High-s is accepted, as by the `ecrecover` precompile. Status in
    /// `a0`: [`OK`] (output written) or [`INVALID`] (output untouched): r or s out of
    /// range, bad recovery id, no such point. The output range is checked in either case.
    pub const SECP256K1_RECOVER: u32 = 0x111;
    /// Ed25519 signature verification (RFC 8032, with `ed25519-dalek`'s `verify_strict`
    /// rules: canonical `s` and `R`, no small-order key or `R`; as in dalek, a key's `y` is
    /// taken mod p). `a0` = 32-byte public key, `a1` = 64-byte signature, `a2` = message,
    /// `a3` = message length. The SHA-512 challenge is computed inside the call. Status in
    /// `a0`: [`OK`] or [`INVALID`].
    pub const ED25519_VERIFY: u32 = 0x120;
    /// BN254 (alt_bn128) G1 addition with the semantics of Ethereum's precompile 0x06
    /// (EIP-196). `a0` = 128-byte input `x1 || y1 || x2 || y2` (big-endian, (0, 0) is the
    /// point at infinity), `a1` = 64-byte output `x || y`. Status in `a0`: [`OK`] or
    /// [`INVALID`] (a coordinate not below p or a point not on the curve; output untouched).
    /// The EVM zero-pads shorter input to 128 bytes: that padding is the caller's.
    pub const BN254_ADD: u32 = 0x130;
    /// BN254 G1 scalar multiplication, precompile 0x07 (EIP-196). `a0` = 96-byte input
    /// `x || y || scalar` (big-endian; any 256-bit scalar), `a1` = 64-byte output. Status
    /// and padding as [`BN254_ADD`].
    pub const BN254_MUL: u32 = 0x131;
    /// BN254 pairing check, precompile 0x08 (EIP-197). `a0` = input of `k` 192-byte pairs
    /// (G1 `x || y`, then G2 `x_im || x_re || y_im || y_re`, big-endian), `a1` = its length
    /// in bytes, at most `MAX_TRANSFER`. Status in `a0`: [`OK`], or [`INVALID`] (length not
    /// a multiple of 192, a coordinate not below p, a point not on its curve or not in the
    /// subgroup); on OK, `a1` = 1 if the product of the pairings is one (always for empty
    /// input), else 0; on INVALID, `a1` = 0.
    pub const BN254_PAIRING: u32 = 0x132;
    /// Matrix multiplication on int8 with int32 accumulation: `C[m×n] = A[m×k] · B[k×n]`,
    /// row-major. `a0` = C (`m n` little-endian `i32`, 4-byte aligned), `a1` = A (`m k`
    /// `i8`), `a2` = B (`k n` `i8`), `a3` = the dimensions `[m, k, n]` as 3 little-endian
    /// `u32` words (4-byte aligned). `k` is at most [`MATMUL_I8_MAX_K`] so sums cannot
    /// overflow; each of A, B and C is at most `MAX_TRANSFER` bytes (the SDK splits a
    /// product with a larger A or C by rows); C must not overlap A or B. A whole product per
    /// call, not a fixed tile: the native kernel then blocks for the host's caches and
    /// vector width itself.
    pub const MATMUL_I8: u32 = 0x140;
    /// Largest inner dimension `k` of [`MATMUL_I8`]: `65_536 · 128 · 128 = 2^30` fits an `i32`.
    pub const MATMUL_I8_MAX_K: u32 = 1 << 16;
}
