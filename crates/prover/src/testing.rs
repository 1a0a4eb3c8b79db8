//! Support for chip tests: prove and verify a set of tables with fast, insecure parameters.
//! Witnesses that break a constraint or a bus still produce a proof (the prover does not check
//! in release builds, and the workspace turns `p3-batch-stark`'s debug checks off), so a
//! corrupted trace shows up as a verification error, as it would for a cheating prover.

use p3_matrix::dense::RowMajorMatrix;

use crate::chips::Chip;
use crate::chips::stub::StubAir;
use crate::config::{ProofParams, Val};
use crate::harness::{VerifierPolicy, prove, verify};
use crate::proof::PublicValues;

/// Proves `chips` with `traces` (plus an empty table that takes the public values) and
/// verifies the proof; `Err` names the stage that failed and why.
pub fn prove_and_verify(chips: &[Chip], traces: Vec<RowMajorMatrix<Val>>) -> Result<(), String> {
    prove_and_verify_with(chips, traces, &PublicValues::default())
}

/// [`prove_and_verify`] with these public values (for tables that take them, like the CPU's
/// exit code).
pub fn prove_and_verify_with(
    chips: &[Chip],
    traces: Vec<RowMajorMatrix<Val>>,
    public: &PublicValues,
) -> Result<(), String> {
    let sink = StubAir {
        public_values: true,
        ..StubAir::new("public-values", 1)
    };
    let sink_trace = sink.generate_trace(&[]);
    let mut chips = chips.to_vec();
    chips.push(Chip::Stub(sink));
    let mut traces = traces;
    traces.push(sink_trace);
    let params = ProofParams::insecure_for_tests();
    // Plonky3's honest prover asserts some witness properties while building the LogUp columns
    // (an exclusive group's flags boolean, one at most); a corrupted trace that breaks them
    // makes it panic. The AIR constrains the same properties, so a cheater computing the
    // columns anyway is caught by the verifier; here the refusal counts as a rejection.
    let proof = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        prove(&chips, traces, public, &params)
    }))
    .map_err(|_| "prove: the prover panicked on the trace".to_string())?
    .map_err(|e| format!("prove: {e}"))?;
    let policy = VerifierPolicy {
        params,
        min_security_bits: 0.0,
    };
    verify(&chips, &proof, public, &policy)
        .map(|_| ())
        .map_err(|e| format!("verify: {e}"))
}

/// Flips `trace[row][col]` by adding one (a single corrupted cell).
pub fn corrupt(trace: &mut RowMajorMatrix<Val>, row: usize, col: usize) {
    use p3_field::PrimeCharacteristicRing;
    let width = trace.width;
    trace.values[row * width + col] += Val::ONE;
}

/// Stub rows standing in for the rest of memory around `accesses`: for each access, the stub
/// sends the state the access consumes and receives the state it produces, so a chip's accesses
/// balance on their own. Put them in a [`StubAir`] on [`crate::bus::MEMORY_BUS`] (width 5).
pub fn memory_stub_rows(accesses: &[crate::record::MemoryAccess]) -> Vec<(Vec<u32>, i32)> {
    use crate::bus::limbs;
    accesses
        .iter()
        .flat_map(|a| {
            let [p0, p1] = limbs(a.prev);
            let [v0, v1] = limbs(a.value);
            [
                (vec![a.addr, p0, p1, a.prev_ts, u32::from(a.read_only)], 1),
                (vec![a.addr, v0, v1, a.ts, u32::from(a.read_only)], -1),
            ]
        })
        .collect()
}

/// The memory-bus stub table ([`memory_stub_rows`]).
pub fn memory_stub() -> StubAir {
    StubAir::new(crate::bus::MEMORY_BUS.name(), crate::bus::MEMORY_TUPLE_LEN)
}

/// The checks a debug prover makes, without proving: the constraints of the tables at
/// `constrained` (indices into `chips`), then the balance of every bus over all tables.
/// `public` goes to the tables that take public values. `Err` says which check failed:
/// `"constraint failure in NAME"` or `"unbalanced bus"`. Fast enough to sweep every cell of a
/// table.
pub fn debug_check(
    chips: &[Chip],
    traces: &[RowMajorMatrix<Val>],
    public: &[Val],
    constrained: &[usize],
) -> Result<(), String> {
    use p3_air::BaseAir;
    use p3_lookup::Lookups;
    use p3_lookup::debug_util::{LookupDebugInstance, check_lookups};

    use crate::config::Challenge;
    use crate::harness::ProverAir;

    let publics = |chip: &Chip| {
        if chip.num_public_values() > 0 {
            public
        } else {
            &[][..]
        }
    };
    for &i in constrained {
        let report =
            p3_air::check_all_constraints(&chips[i], &traces[i], publics(&chips[i]), Some(1));
        if !report.is_ok() {
            return Err(format!("constraint failure in {}", chips[i].name()));
        }
    }
    let preprocessed: Vec<_> = chips.iter().map(|c| c.preprocessed_trace()).collect();
    let lookups: Vec<_> = chips
        .iter()
        .map(Lookups::<Val>::from_air::<Challenge, Chip>)
        .collect();
    let instances: Vec<_> = (0..chips.len())
        .map(|i| LookupDebugInstance {
            main_trace: &traces[i],
            preprocessed_trace: &preprocessed[i],
            public_values: publics(&chips[i]),
            lookups: lookups[i].as_ref(),
            permutation_challenges: &[],
        })
        .collect();
    // `check_lookups` panics on an unbalanced bus (its message goes to the panic hook).
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_lookups(&instances)))
        .map_err(|_| "unbalanced bus".to_string())
}

/// A small deterministic generator (xorshift64) for test data.
pub struct XorShift(pub u64);

impl XorShift {
    /// The next 32 pseudo-random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }
}
