//! `gluecp bench`: measurements that print a table (or JSON), never timed tests.
//!
//! - [`glue`]: pure-glue workloads, MIPS and the slowdown against native Rust;
//! - [`coprocessors`]: coprocessor workloads natively, in the VM with the coprocessor, and
//!   in the VM in plain RISC-V;
//! - [`prove`]: proving throughput on pure glue, and Keccak-f proven through its chip, by
//!   `p3-keccak-air` alone and in plain RISC-V.

pub mod coprocessors;
pub mod glue;
pub mod prove;

use std::time::{Duration, Instant};

/// `1234567` as `1,234,567`.
pub(crate) fn group_digits(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Run `f` up to `repetitions` times, stopping early once `budget` is spent; returns the
/// fastest time and the last result.
pub(crate) fn best_of<T>(
    repetitions: usize,
    budget: Duration,
    mut f: impl FnMut() -> anyhow::Result<T>,
) -> anyhow::Result<(Duration, T)> {
    best_of_timed(repetitions, budget, || {
        let start = Instant::now();
        let value = f()?;
        Ok((start.elapsed(), value))
    })
}

/// [`best_of`] for an `f` that times itself (to leave its setup off the clock).
pub(crate) fn best_of_timed<T>(
    repetitions: usize,
    budget: Duration,
    mut f: impl FnMut() -> anyhow::Result<(Duration, T)>,
) -> anyhow::Result<(Duration, T)> {
    let mut best = Duration::MAX;
    let mut spent = Duration::ZERO;
    let mut last = None;
    for _ in 0..repetitions.max(1) {
        let (elapsed, value) = f()?;
        best = best.min(elapsed);
        spent += elapsed;
        last = Some(value);
        if spent >= budget {
            break;
        }
    }
    Ok((best, last.expect("at least one repetition ran")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(123_456_789), "123,456,789");
    }

    #[test]
    fn best_of_stops_once_the_budget_is_spent() {
        let mut calls = 0;
        let (_, last) = best_of(5, Duration::ZERO, || {
            calls += 1;
            Ok(calls)
        })
        .unwrap();
        assert_eq!((calls, last), (1, 1));
    }
}
