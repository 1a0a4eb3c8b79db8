//! The STARK configuration: field, hash, commitment scheme, FRI, and the [`ProofParams`] that
//! tune them.
//!
//! | piece | choice |
//! | --- | --- |
//! | base field | KoalaBear, `p = 2^31 - 2^24 + 1`, two-adicity 24 |
//! | challenge field | degree-4 binomial extension (~124 bits) |
//! | leaf hash | Poseidon2 width 24, padding-free sponge, rate 16, 8-element digest |
//! | node compression | Poseidon2 width 16, truncated, 2-to-1 |
//! | PCS | two-adic FRI, `Radix2DitParallel` DFT |
//! | Fiat–Shamir | duplex challenger over Poseidon2 width 24, rate 16 |
//!
//! # Degree invariant
//!
//! A rate-`2^-log_blowup` FRI certifies the quotient only when every constraint (the chip's own
//! and the LogUp constraints `p3-lookup` adds) has degree at most `2^log_blowup + 1`. With the
//! default `log_blowup = 1` that is **degree 3**. [`crate::harness::prove`] measures the degree
//! of every AIR symbolically and refuses an AIR set above [`ProofParams::max_constraint_degree`];
//! a chip needing degree 4 or 5 must come with `log_blowup = 2`.

use p3_challenger::DuplexChallenger;
use p3_commit::ExtensionMmcs;
use p3_dft::Radix2DitParallel;
use p3_field::Field;
use p3_field::extension::BinomialExtensionField;
use p3_fri::{FriParameters, TwoAdicFriPcs};
use p3_koala_bear::{
    KoalaBear, Poseidon2KoalaBear, default_koalabear_poseidon2_16, default_koalabear_poseidon2_24,
};
use p3_merkle_tree::MerkleTreeMmcs;
use p3_symmetric::{PaddingFreeSponge, TruncatedPermutation};
use serde::{Deserialize, Serialize};

/// The base field every trace lives in.
pub type Val = KoalaBear;
/// The challenge field: Fiat–Shamir challenges, out-of-domain openings, LogUp sums.
pub type Challenge = BinomialExtensionField<Val, 4>;

type Perm16 = Poseidon2KoalaBear<16>;
type Perm24 = Poseidon2KoalaBear<24>;
/// Hashes a trace row (any width) into an 8-element digest.
pub type LeafHash = PaddingFreeSponge<Perm24, 24, 16, 8>;
/// Compresses two 8-element digests into one.
pub type NodeCompress = TruncatedPermutation<Perm16, 2, 8, 16>;
/// Merkle commitments to base-field matrices (binary tree, 8-element digests).
pub type ValMmcs =
    MerkleTreeMmcs<<Val as Field>::Packing, <Val as Field>::Packing, LeafHash, NodeCompress, 2, 8>;
/// Merkle commitments to challenge-field matrices (FRI layers).
pub type ChallengeMmcs = ExtensionMmcs<Val, Challenge, ValMmcs>;
/// The DFT used for low-degree extension.
pub type Dft = Radix2DitParallel<Val>;
/// The polynomial commitment scheme.
pub type Pcs = TwoAdicFriPcs<Val, Dft, ValMmcs, ChallengeMmcs>;
/// The Fiat–Shamir transcript.
pub type Challenger = DuplexChallenger<Val, Perm24, 24, 16>;
/// The full STARK configuration handed to `p3-batch-stark`.
pub type StarkConfig = p3_uni_stark::StarkConfig<Pcs, Challenge, Challenger>;

/// Bits of the challenge field (`4 × log2 p`, rounded down), used by the security estimator.
pub const CHALLENGE_FIELD_BITS: usize = 124;
/// Collision resistance of the Merkle hash: an 8-element KoalaBear digest is ~248 bits, so a
/// birthday collision costs ~124 bits of work.
pub const HASH_COLLISION_BITS: usize = 124;
/// KoalaBear's two-adicity caps the LDE domain at 2^24 rows.
pub const MAX_LOG_LDE_HEIGHT: usize = 24;

/// Tunable proof parameters. They are carried in every [`crate::ProofEnvelope`] and must equal
/// the verifier's own params exactly: the verifier never adopts the prover's choice.
///
/// The default (`log_blowup 1`, 100 queries; proof-of-work: 16 bits before the queries, 16
/// before opening batching, 12 before the LogUp challenges, 8 before the out-of-domain point, 8
/// before each FRI fold) gives at least 100 bits of conjectured security on the shapes `gluecp` proves; see
/// [`crate::security`] for the estimate and which term binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofParams {
    /// log2 of the FRI blowup; the rate is `2^-log_blowup`. Bounds the constraint degree at
    /// `2^log_blowup + 1`.
    pub log_blowup: usize,
    /// log2 of the length of the final FRI polynomial (sent in the clear).
    pub log_final_poly_len: usize,
    /// log2 of the maximum FRI folding arity (1 = binary folding).
    pub max_log_arity: usize,
    /// Number of FRI queries.
    pub num_queries: usize,
    /// Proof-of-work bits before each FRI folding challenge.
    pub commit_pow_bits: usize,
    /// Proof-of-work bits before sampling the FRI query indices.
    pub query_pow_bits: usize,
    /// Proof-of-work bits before the challenge that batches all openings into one FRI
    /// instance; this term binds for wide tables (Keccak), so grinding here buys the most.
    pub batch_pow_bits: usize,
    /// Proof-of-work bits before the LogUp challenges `(alpha, beta)` are drawn.
    pub lookup_pow_bits: usize,
    /// Proof-of-work bits before the out-of-domain point is drawn.
    pub ood_pow_bits: usize,
    /// Largest log2 trace height any table may have. With the LDE capped at 2^24 rows this is
    /// at most `24 - log_blowup`.
    pub max_log_trace_height: usize,
}

impl Default for ProofParams {
    fn default() -> Self {
        Self {
            log_blowup: 1,
            log_final_poly_len: 0,
            max_log_arity: 1,
            num_queries: 100,
            commit_pow_bits: 8,
            query_pow_bits: 16,
            batch_pow_bits: 16,
            lookup_pow_bits: 12,
            ood_pow_bits: 8,
            max_log_trace_height: 22,
        }
    }
}

impl ProofParams {
    /// Fast, insecure parameters for unit tests of chips (2 queries, no grinding). Proofs made
    /// with them are rejected by any verifier whose policy asks for real security.
    pub fn insecure_for_tests() -> Self {
        Self {
            num_queries: 2,
            commit_pow_bits: 0,
            query_pow_bits: 0,
            batch_pow_bits: 0,
            lookup_pow_bits: 0,
            ood_pow_bits: 0,
            ..Self::default()
        }
    }

    /// The largest constraint degree these params can prove: `2^log_blowup + 1`.
    pub fn max_constraint_degree(&self) -> usize {
        (1usize << self.log_blowup) + 1
    }

    /// Checks the params describe a buildable configuration.
    pub fn validate(&self) -> Result<(), ParamsError> {
        if self.log_blowup == 0 || self.log_blowup > 4 {
            return Err(ParamsError::LogBlowup(self.log_blowup));
        }
        if self.max_log_arity == 0 || self.max_log_arity > 4 {
            return Err(ParamsError::Arity(self.max_log_arity));
        }
        if self.num_queries == 0 || self.num_queries > 1000 {
            return Err(ParamsError::Queries(self.num_queries));
        }
        let pow = [
            self.commit_pow_bits,
            self.query_pow_bits,
            self.batch_pow_bits,
            self.lookup_pow_bits,
            self.ood_pow_bits,
        ];
        if pow.iter().any(|&bits| bits > 30) {
            return Err(ParamsError::ProofOfWork);
        }
        if self.max_log_trace_height + self.log_blowup > MAX_LOG_LDE_HEIGHT {
            return Err(ParamsError::TraceHeight(self.max_log_trace_height));
        }
        if self.log_final_poly_len > self.max_log_trace_height {
            return Err(ParamsError::FinalPoly(self.log_final_poly_len));
        }
        Ok(())
    }

    /// Builds the Plonky3 configuration these params describe.
    pub fn stark_config(&self) -> Result<StarkConfig, ParamsError> {
        self.validate()?;
        let perm16 = default_koalabear_poseidon2_16();
        let perm24 = default_koalabear_poseidon2_24();
        let val_mmcs = ValMmcs::new(LeafHash::new(perm24.clone()), NodeCompress::new(perm16), 0);
        let fri = FriParameters {
            log_blowup: self.log_blowup,
            log_final_poly_len: self.log_final_poly_len,
            max_log_arity: self.max_log_arity,
            num_queries: self.num_queries,
            batch_proof_of_work_bits: self.batch_pow_bits,
            commit_proof_of_work_bits: self.commit_pow_bits,
            query_proof_of_work_bits: self.query_pow_bits,
            mmcs: ChallengeMmcs::new(val_mmcs.clone()),
        };
        let pcs = Pcs::new(Dft::default(), val_mmcs, fri);
        Ok(StarkConfig::new(pcs, Challenger::new(perm24))
            .with_lookup_proof_of_work_bits(self.lookup_pow_bits)
            .with_ood_proof_of_work_bits(self.ood_pow_bits))
    }
}

/// Parameters that describe no buildable or sensible configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamsError {
    #[error("log_blowup {0} is outside 1..=4")]
    LogBlowup(usize),
    #[error("max_log_arity {0} is outside 1..=4")]
    Arity(usize),
    #[error("num_queries {0} is outside 1..=1000")]
    Queries(usize),
    #[error("a proof-of-work difficulty exceeds 30 bits")]
    ProofOfWork,
    #[error("max_log_trace_height {0} plus log_blowup exceeds KoalaBear's two-adicity (24)")]
    TraceHeight(usize),
    #[error("log_final_poly_len {0} exceeds max_log_trace_height")]
    FinalPoly(usize),
}
