//! The arithmetic workload, shared with the host test: it also compiles natively there,
//! and the VM's journal must equal the native result. On RV32IM every 64- and 128-bit
//! operation here becomes a sequence of 32-bit instructions or a `compiler_builtins` call
//! (`__udivdi3`, `__multi3`, soft-float `__adddf3`...), so this checks those too.

use alloc::vec::Vec;

/// What the guest commits: per input pair, the 64-bit results, then the 128-bit ones.
pub type Output = (Vec<u64>, Vec<u128>);

/// Apply every operation to every pair.
pub fn run(pairs: &[(u64, u64)]) -> Output {
    let mut words = Vec::new();
    let mut wides = Vec::new();
    for &(a, b) in pairs {
        words.extend(unsigned64(a, b));
        words.extend(signed64(a as i64, b as i64));
        words.extend(word32(a as u32, b as u32));
        words.extend(float64(a, b));
        wides.extend(wide128(a, b));
    }
    (words, wides)
}

fn unsigned64(a: u64, b: u64) -> [u64; 12] {
    let shift = (b % 64) as u32;
    [
        a.wrapping_add(b),
        a.wrapping_sub(b),
        a.wrapping_mul(b),
        a.checked_div(b).unwrap_or(u64::MAX),
        a.checked_rem(b).unwrap_or(a),
        a << shift,
        a >> shift,
        a.rotate_left(shift),
        u64::from(a.leading_zeros()) | u64::from(a.trailing_zeros()) << 8,
        u64::from(a.count_ones()),
        u64::from(a < b) | u64::from(a == b) << 1,
        a.swap_bytes(),
    ]
}

fn signed64(a: i64, b: i64) -> [u64; 7] {
    let shift = (b as u64 % 64) as u32;
    [
        a.wrapping_mul(b) as u64,
        a.checked_div(b).unwrap_or(i64::MIN) as u64,
        a.checked_rem(b).unwrap_or(a) as u64,
        a.wrapping_div(b | 1) as u64,
        (a >> shift) as u64,
        a.wrapping_abs() as u64,
        u64::from(a < b),
    ]
}

/// The M extension's own operations: `mul`, `mulh`, `mulhu`, `mulhsu`, `div[u]`, `rem[u]`,
/// including the RISC-V corner cases Rust makes explicit (`i32::MIN / -1`, division by 0).
fn word32(a: u32, b: u32) -> [u64; 9] {
    let (sa, sb) = (a as i32, b as i32);
    [
        u64::from(a.wrapping_mul(b)),
        ((i64::from(sa) * i64::from(sb)) >> 32) as u64,
        (u64::from(a) * u64::from(b)) >> 32,
        ((i64::from(sa) * i64::from(b)) >> 32) as u64,
        u64::from(a.checked_div(b).unwrap_or(u32::MAX)),
        u64::from(a.checked_rem(b).unwrap_or(a)),
        sa.checked_div(sb).unwrap_or(-1) as u64,
        sa.wrapping_div(if sb == 0 { -1 } else { sb }) as u64,
        sa.checked_rem(sb).unwrap_or(sa) as u64,
    ]
}

/// Soft-float: RV32IM has no FPU, so these run `compiler_builtins`' IEEE routines, which
/// must round exactly as the host's FPU does.
fn float64(a: u64, b: u64) -> [u64; 4] {
    let (x, y) = (a as f64, (b >> 11) as f64 + 0.5);
    [
        (x * y).to_bits(),
        (x / y).to_bits(),
        (x - y).to_bits(),
        (x / y) as u64,
    ]
}

fn wide128(a: u64, b: u64) -> [u128; 5] {
    let (wa, wb) = (u128::from(a), u128::from(b));
    let joined = wa << 64 | wb;
    [
        wa * wb,
        joined / (wb | 1),
        joined % (wa | 1),
        joined.wrapping_mul(joined),
        (i128::from(a as i64) * i128::from(b as i64)) as u128,
    ]
}
