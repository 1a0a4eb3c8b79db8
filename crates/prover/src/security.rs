//! Conjectured security of a batch proof, from Plonky3's own estimator (`p3-security`).
//!
//! `p3-batch-stark` commits every table, every LogUp running sum and every quotient chunk,
//! then batches all of them into **one** FRI instance. The estimate models the batch as one
//! instance and charges it conservatively:
//!
//! - trace length: the tallest table (FRI and DEEP-ALI errors grow with it);
//! - batched functions: the sum over tables of the columns opened at each point
//!   (`p3_batch_stark::num_batched_openings`), i.e. the batch-combination term's `k`;
//! - constraints: the sum over tables (ALI), degree and quotient chunks: the maximum;
//! - LogUp: every denominator of every table counted at the tallest height.
//!
//! The terms (`air-composition`, `deep-ali`, `low-degree-test`, `batch-combination`,
//! `logup-fingerprint`, `commitment-collision`) are reported with the binding one named.
//! Proof-of-work at a site adds its bits to the one term that site precedes.

use p3_batch_stark::num_batched_openings;
use p3_security::fri::FriRegime;
use p3_security::grinding::GrindingSites;
use p3_security::logup::{LogUpAir, security_term as logup_term};
use p3_security::shape::{InstanceShape, StarkAirParams};
use p3_security::stark::conjectured_security_report;
use p3_uni_stark::OpeningShape;
use serde::{Deserialize, Serialize};

use crate::config::{CHALLENGE_FIELD_BITS, HASH_COLLISION_BITS, ProofParams};

/// Degree of the challenge field over the base field.
const CHALLENGE_DIMENSION: usize = 4;

/// What the estimator needs to know about one table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableShape {
    pub name: String,
    pub log_height: usize,
    /// Main-trace columns.
    pub width: usize,
    /// Preprocessed columns.
    pub preprocessed_width: usize,
    /// Whether the AIR reads the next row (opens the trace at two points).
    pub reads_next_row: bool,
    /// Constraints, including the LogUp constraints `p3-lookup` adds.
    pub num_constraints: usize,
    pub max_constraint_degree: usize,
    /// LogUp fraction columns after same-bus packing (0: no lookups, no permutation trace).
    pub num_lookup_columns: usize,
    /// Bus messages per row, summed over buses (one LogUp denominator each).
    pub num_interactions: usize,
    /// Widest bus message.
    pub max_message_width: usize,
}

impl TableShape {
    /// Committed quotient chunks: `2^ceil(log2(degree - 1))`, at least one.
    pub fn num_quotient_chunks(&self) -> usize {
        (self.max_constraint_degree.max(2) - 1).next_power_of_two()
    }

    fn num_batched_openings(&self) -> usize {
        num_batched_openings(
            self.width,
            self.reads_next_row,
            self.preprocessed_width,
            self.reads_next_row && self.preprocessed_width > 0,
            self.num_quotient_chunks(),
            self.num_lookup_columns,
            CHALLENGE_DIMENSION,
            OpeningShape::TwoAdic,
        )
    }
}

/// One error source and the bits it gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityTerm {
    pub label: String,
    pub bits: f64,
}

/// The estimate for a batch: the minimum over its terms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityReport {
    /// Conjectured security in bits (the minimum over `terms`).
    pub bits: f64,
    /// Label of the term that gives `bits`.
    pub binding: String,
    pub terms: Vec<SecurityTerm>,
}

/// Conjectured security (random-words regime of ePrint 2025/2010, as `p3-security` models it)
/// of a batch proof with `params` over tables of the given shapes.
pub fn security_bits(params: &ProofParams, tables: &[TableShape]) -> SecurityReport {
    let log_trace_length = tables.iter().map(|t| t.log_height).max().unwrap_or(0);
    let regime = FriRegime {
        log_blowup: params.log_blowup,
        num_queries: params.num_queries,
        log_final_poly_len: params.log_final_poly_len,
        max_log_arity: params.max_log_arity,
        commit_pow_bits: params.commit_pow_bits,
        query_pow_bits: params.query_pow_bits,
    };
    let air = StarkAirParams {
        num_constraints: tables
            .iter()
            .map(|t| t.num_constraints)
            .sum::<usize>()
            .max(1),
        max_constraint_degree: tables
            .iter()
            .map(|t| t.max_constraint_degree)
            .max()
            .unwrap_or(1)
            .max(1),
        num_quotient_chunks: tables
            .iter()
            .map(TableShape::num_quotient_chunks)
            .max()
            .unwrap_or(1),
        max_combo: if tables.iter().any(|t| t.reads_next_row) {
            2
        } else {
            1
        },
    };
    let shape = InstanceShape {
        log_trace_length,
        modulus_bits: CHALLENGE_FIELD_BITS,
        collision_resistance: HASH_COLLISION_BITS,
        num_batched_functions: tables.iter().map(TableShape::num_batched_openings).sum(),
    };
    let grinding = GrindingSites {
        out_of_domain: params.ood_pow_bits,
        batch_combination: params.batch_pow_bits,
        lookup_challenge: params.lookup_pow_bits,
    };
    // The LogUp term bounds the error by the number of messages `N` the argument sums:
    // `p3-security` takes it as interactions per row times `2^log_trace_length`. Tables of
    // different heights send `sum_t interactions_t 2^h_t` messages in all, so pass the
    // per-row count that gives that total at the tallest height, rounded up (counting
    // every table at the tallest height would overstate `N` by the short tables' ratio).
    let messages: u128 = tables
        .iter()
        .map(|t| (t.num_interactions as u128) << t.log_height)
        .sum();
    let num_interactions = messages.div_ceil(1u128 << log_trace_length) as usize;
    let logup = LogUpAir {
        num_interactions,
        max_message_width: tables
            .iter()
            .map(|t| t.max_message_width)
            .max()
            .unwrap_or(0),
    };
    let extras: Vec<_> = logup_term(&logup, &shape, &grinding).into_iter().collect();
    let report = conjectured_security_report(&regime, &air, &shape, &extras, &grinding);
    let binding = report.binding();
    SecurityReport {
        bits: report.security_bits(),
        binding: binding.label.to_string(),
        terms: report
            .terms()
            .iter()
            .map(|t| SecurityTerm {
                label: t.label.to_string(),
                bits: t.bits.bits(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, log_height: usize, width: usize, lookups: usize) -> TableShape {
        TableShape {
            name: name.into(),
            log_height,
            width,
            preprocessed_width: 0,
            reads_next_row: true,
            num_constraints: 2 * width,
            max_constraint_degree: 3,
            num_lookup_columns: lookups,
            num_interactions: 2 * lookups,
            max_message_width: 8,
        }
    }

    /// The shape of a full gluecp segment: CPU, memory, ALU and byte tables of 2^16..2^22 rows,
    /// a few hundred columns each, and the 2,633-column Keccak table.
    fn representative() -> Vec<TableShape> {
        vec![
            table("cpu", 22, 120, 12),
            table("memory", 22, 40, 4),
            table("alu", 21, 60, 6),
            table("mul", 20, 80, 4),
            table("divrem", 18, 300, 8),
            table("byte", 16, 8, 2),
            TableShape {
                num_constraints: 4000,
                ..table("keccak", 18, 2633, 4)
            },
        ]
    }

    #[test]
    fn default_params_give_at_least_100_bits() {
        let report = security_bits(&ProofParams::default(), &representative());
        for term in &report.terms {
            println!("{:>24}: {:6.2}", term.label, term.bits);
        }
        println!("binding: {} at {:.2} bits", report.binding, report.bits);
        assert!(report.bits >= 100.0, "{report:?}");
    }

    #[test]
    fn grinding_raises_the_binding_term() {
        let tables = representative();
        let without = ProofParams {
            commit_pow_bits: 0,
            batch_pow_bits: 0,
            lookup_pow_bits: 0,
            ood_pow_bits: 0,
            ..ProofParams::default()
        };
        let plain = security_bits(&without, &tables);
        let ground = security_bits(&ProofParams::default(), &tables);
        assert!(ground.bits > plain.bits, "{plain:?} vs {ground:?}");
    }

    #[test]
    fn the_logup_term_counts_each_table_at_its_height() {
        // A short table with many interactions per row (a signature chip's call row) next to
        // a tall one: the messages are 2^22 * 12 + 2^4 * 3000, so the term is about that of
        // 13 interactions per row at 2^22, not of 3012.
        let mut tables = representative();
        tables.push(TableShape {
            num_interactions: 3000,
            ..table("call", 4, 3000, 1500)
        });
        let report = security_bits(&ProofParams::default(), &tables);
        let logup = |r: &SecurityReport| {
            r.terms
                .iter()
                .find(|t| t.label == "logup-fingerprint")
                .map(|t| t.bits)
                .expect("a LogUp term")
        };
        let alone = security_bits(&ProofParams::default(), &representative());
        assert!(
            logup(&alone) - logup(&report) < 1.0,
            "{alone:?} vs {report:?}"
        );
        assert!(report.bits >= 100.0, "{report:?}");
    }

    #[test]
    fn insecure_test_params_are_far_below_100_bits() {
        let report = security_bits(&ProofParams::insecure_for_tests(), &representative());
        assert!(report.bits < 20.0, "{report:?}");
        assert_eq!(report.binding, "ldt-query-phase");
    }
}
