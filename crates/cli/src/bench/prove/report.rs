//! The report of `gluecp bench prove`: its JSON form (schema [`SCHEMA`]) and its table.

use std::fmt::Write as _;

use gluecp_prover::ProofParams;
use serde::Serialize;

use super::GLUE_WORKLOAD;
use super::case::Sample;
use crate::bench::group_digits;

/// The `schema` field of the JSON report; bumped when a field changes meaning or goes away.
pub const SCHEMA: &str = "gluecp-bench-prove/2";

/// The whole report.
#[derive(Serialize)]
pub struct Report {
    schema: &'static str,
    quick: bool,
    /// The widest vector extension this binary was compiled for (`-C target-cpu=native`
    /// gives Plonky3 its vectorized field arithmetic): `avx512f`, `avx2`, `neon` or `none`.
    simd: &'static str,
    /// Hardware threads of the machine.
    threads: usize,
    /// Most runs of a measurement (the fastest counts); each sample says how many it had.
    max_repetitions: usize,
    params: ProofParams,
    glue: Glue,
    keccak_f: KeccakF,
    keccak256: Keccak256,
    coprocessors: Vec<Versus>,
}

#[derive(Serialize)]
struct Glue {
    workload: &'static str,
    runs: Vec<GlueRun>,
}

/// One pure-glue proof.
#[derive(Serialize)]
pub struct GlueRun {
    /// The run executes fewer than 2^log_cycles instructions (its CPU table has 2^log_cycles rows).
    log_cycles: u32,
    /// The workload's size argument.
    size: u32,
    /// `cycles / total_s`.
    cycles_per_s: f64,
    /// Peak memory per million cycles, MiB.
    peak_rss_mib_per_mcycle: Option<f64>,
    #[serde(flatten)]
    sample: Sample,
}

impl GlueRun {
    pub fn new(log_cycles: u32, size: u32, sample: Sample) -> Self {
        Self {
            log_cycles,
            size,
            cycles_per_s: sample.cycles as f64 / sample.total_s,
            peak_rss_mib_per_mcycle: sample
                .peak_rss_bytes
                .map(|b| mib(b) / (sample.cycles as f64 / 1e6)),
            sample,
        }
    }
}

/// A proof of `permutations` Keccak-f and what each permutation cost.
#[derive(Serialize)]
pub struct PerPermutation {
    permutations: usize,
    /// A guest's marginal cost per permutation over its `N = 0` run, or a whole proof of
    /// `KeccakAir` divided by `N`; in seconds of `total_s`.
    s_per_permutation: f64,
    #[serde(flatten)]
    sample: Sample,
}

impl PerPermutation {
    /// `(sample - baseline) / permutations`.
    pub fn marginal(permutations: usize, sample: Sample, baseline: &Sample) -> Self {
        Self {
            permutations,
            s_per_permutation: (sample.total_s - baseline.total_s) / permutations as f64,
            sample,
        }
    }

    /// `sample / permutations`.
    pub fn whole(permutations: usize, sample: Sample) -> Self {
        Self {
            permutations,
            s_per_permutation: sample.total_s / permutations as f64,
            sample,
        }
    }
}

/// Part 2: Keccak-f through the chip, with `KeccakAir` alone, and in plain RISC-V.
#[derive(Serialize)]
pub struct KeccakF {
    chip_baseline: Sample,
    chip: Vec<PerPermutation>,
    p3_keccak_air: Vec<PerPermutation>,
    /// `KeccakAir` alone proven by `p3-batch-stark`, the machine's prover.
    p3_keccak_air_batch: Vec<PerPermutation>,
    twin_baseline: Sample,
    twin: PerPermutation,
    /// Chip over `KeccakAir` per permutation, at the largest N, where the fixed cost of a
    /// table (its symbolic analysis, its share of the openings) weighs least on either side
    /// (target: at most 1.3).
    chip_over_air: f64,
    /// The same at each N, smallest first.
    chip_over_air_by_n: Vec<f64>,
    /// `KeccakAir` through `p3-batch-stark` over `p3-uni-stark`: the framework's share.
    air_batch_over_air: f64,
    /// Plain RISC-V over the chip per permutation, at the largest chip N (target: at least 30).
    twin_over_chip: f64,
}

impl KeccakF {
    pub fn new(
        chip_baseline: Sample,
        chip: Vec<PerPermutation>,
        p3_keccak_air: Vec<PerPermutation>,
        p3_keccak_air_batch: Vec<PerPermutation>,
        twin_baseline: Sample,
        twin: PerPermutation,
    ) -> Self {
        let last = |v: &[PerPermutation]| v.last().map_or(f64::NAN, |a| a.s_per_permutation);
        let chip_cost = last(&chip);
        let air_cost = last(&p3_keccak_air);
        let chip_over_air_by_n = chip
            .iter()
            .zip(&p3_keccak_air)
            .map(|(c, a)| c.s_per_permutation / a.s_per_permutation)
            .collect();
        Self {
            chip_over_air: chip_cost / air_cost,
            chip_over_air_by_n,
            air_batch_over_air: last(&p3_keccak_air_batch) / air_cost,
            twin_over_chip: twin.s_per_permutation / chip_cost,
            chip_baseline,
            chip,
            p3_keccak_air,
            p3_keccak_air_batch,
            twin_baseline,
            twin,
        }
    }
}

/// Part 3: keccak256 of a message, whole proofs.
#[derive(Serialize)]
pub struct Keccak256 {
    message_bytes: usize,
    chip: Sample,
    twin: Sample,
    /// `twin.total_s / chip.total_s` (target: above 1).
    twin_over_chip: f64,
}

impl Keccak256 {
    pub fn new(message_bytes: usize, chip: Sample, twin: Sample) -> Self {
        Self {
            message_bytes,
            twin_over_chip: twin.total_s / chip.total_s,
            chip,
            twin,
        }
    }
}

/// Part 4: other coprocessors, each through its chip against its plain-RISC-V twin, whole
/// proofs.
#[derive(Serialize)]
pub struct Versus {
    /// The coprocessor.
    coprocessor: &'static str,
    /// The work both programs do.
    work: String,
    chip: Sample,
    twin: Sample,
    /// `twin.total_s / chip.total_s`.
    twin_over_chip: f64,
    /// What the twin runs, for the table.
    #[serde(skip)]
    twin_name: &'static str,
}

impl Versus {
    pub fn new(coprocessor: &'static str, work: String, chip: Sample, twin: Sample) -> Self {
        Self {
            coprocessor,
            work,
            twin_over_chip: twin.total_s / chip.total_s,
            chip,
            twin,
            twin_name: "same algorithm",
        }
    }

    /// Names what the twin runs in the table (by default "same algorithm").
    pub fn twin_name(mut self, name: &'static str) -> Self {
        self.twin_name = name;
        self
    }
}

impl Report {
    pub fn new(
        quick: bool,
        max_repetitions: usize,
        glue: Vec<GlueRun>,
        keccak_f: KeccakF,
        keccak256: Keccak256,
        coprocessors: Vec<Versus>,
    ) -> Self {
        Self {
            schema: SCHEMA,
            quick,
            simd: simd(),
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            max_repetitions,
            params: ProofParams::default(),
            glue: Glue {
                workload: GLUE_WORKLOAD,
                runs: glue,
            },
            keccak_f,
            keccak256,
            coprocessors,
        }
    }

    /// The human-readable report.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let mut line = |text: String| writeln!(out, "{text}").expect("writing to a String");

        line(format!(
            "Pure glue: `{}` (bench/glue-guest) sized to fill a CPU table of 2^k rows",
            self.glue.workload
        ));
        let rows: Vec<Vec<String>> = self
            .glue
            .runs
            .iter()
            .map(|r| {
                let s = &r.sample;
                vec![
                    group_digits(s.cycles),
                    group_digits(s.trace_cells),
                    secs(s.execute_s),
                    secs(s.trace_s),
                    secs(s.prove_s),
                    group_digits(r.cycles_per_s as u64),
                    kib(s.proof_bytes),
                    secs(s.verify_s),
                    peak(s),
                    r.peak_rss_mib_per_mcycle
                        .map_or("-".into(), |m| format!("{m:.0}")),
                ]
            })
            .collect();
        let header = [
            "cycles",
            "trace cells",
            "execute s",
            "trace s",
            "prove s",
            "cycles/s",
            "proof KiB",
            "verify s",
            "peak MiB",
            "MiB/Mcycle",
        ];
        line(grid(&header, &rows));

        let k = &self.keccak_f;
        line("Keccak-f[1600], N chained permutations".into());
        let whole = |way: &str, n: usize, s: &Sample, per: Option<f64>| {
            vec![
                way.to_string(),
                n.to_string(),
                group_digits(s.cycles),
                group_digits(s.trace_cells),
                secs(s.total_s),
                per.map_or("-".into(), |p| format!("{:.2}", p * 1e3)),
                kib(s.proof_bytes),
                secs(s.verify_s),
                peak(s),
            ]
        };
        let per = |way: &str, p: &PerPermutation| {
            whole(way, p.permutations, &p.sample, Some(p.s_per_permutation))
        };
        let mut rows = vec![whole("chip (guest)", 0, &k.chip_baseline, None)];
        for ((chip, air), batch) in k
            .chip
            .iter()
            .zip(&k.p3_keccak_air)
            .zip(&k.p3_keccak_air_batch)
        {
            rows.push(per("chip (guest)", chip));
            rows.push(per("p3-keccak-air alone", air));
            rows.push(per("  same, batch prover", batch));
        }
        rows.push(whole("plain RISC-V (guest)", 0, &k.twin_baseline, None));
        rows.push(per("plain RISC-V (guest)", &k.twin));
        let header = [
            "way",
            "N",
            "cycles",
            "trace cells",
            "total s",
            "ms/perm",
            "proof KiB",
            "verify s",
            "peak MiB",
        ];
        line(grid(&header, &rows));
        line(format!(
            "per permutation: chip / p3-keccak-air {:.2}x at the largest N (target <= 1.3x), plain RISC-V / chip {:.0}x (target >= 30x)",
            k.chip_over_air, k.twin_over_chip
        ));
        let by_n: Vec<String> = k
            .chip
            .iter()
            .zip(&k.chip_over_air_by_n)
            .map(|(c, r)| format!("{:.2}x at N = {}", r, c.permutations))
            .collect();
        line(format!("(chip / p3-keccak-air: {})", by_n.join(", ")));
        line(format!(
            "(p3-keccak-air through p3-batch-stark, the machine's prover, / through p3-uni-stark: {:.2}x)\n",
            k.air_batch_over_air
        ));

        let h = &self.keccak256;
        line(format!(
            "keccak256 of {} bytes, whole proofs",
            h.message_bytes
        ));
        let row = |way: &str, s: &Sample| {
            vec![
                way.to_string(),
                group_digits(s.cycles),
                group_digits(s.trace_cells),
                secs(s.total_s),
                kib(s.proof_bytes),
                secs(s.verify_s),
                peak(s),
            ]
        };
        let rows = vec![
            row("chip (SDK hasher)", &h.chip),
            row("plain RISC-V (sha3)", &h.twin),
        ];
        let header = [
            "way",
            "cycles",
            "trace cells",
            "total s",
            "proof KiB",
            "verify s",
            "peak MiB",
        ];
        line(grid(&header, &rows));
        line(format!(
            "plain RISC-V / chip {:.1}x (target > 1x)\n",
            h.twin_over_chip
        ));

        for v in &self.coprocessors {
            line(format!("{}: {}, whole proofs", v.coprocessor, v.work));
            let rows = vec![
                row("chip", &v.chip),
                row(&format!("plain RISC-V ({})", v.twin_name), &v.twin),
            ];
            line(grid(&header, &rows));
            line(format!("plain RISC-V / chip {:.1}x\n", v.twin_over_chip));
        }
        let k = &self.keccak_f;
        let security = self
            .glue
            .runs
            .iter()
            .map(|r| &r.sample)
            .chain([&k.chip_baseline, &k.twin_baseline, &k.twin.sample])
            .chain(k.chip.iter().map(|c| &c.sample))
            .chain([&self.keccak256.chip, &self.keccak256.twin])
            .chain(self.coprocessors.iter().flat_map(|v| [&v.chip, &v.twin]))
            .filter_map(|s| s.security_bits)
            .reduce(f64::min);
        line(format!(
            "total s = execute + trace + prove (guest built and ELF loaded beforehand), the best of up \
             to {} runs (fewer for the long proofs); peak = the measuring child process's VmHWM.\nms/perm: a \
             guest's marginal cost over its N = 0 run; p3-keccak-air alone: its whole proof over N.\n\
             params: log_blowup {}, {} queries, at least {} bits conjectured; simd {}; {} threads{}",
            self.max_repetitions,
            self.params.log_blowup,
            self.params.num_queries,
            security.map_or("-".into(), |b| format!("{b:.1}")),
            self.simd,
            self.threads,
            if self.simd == "none" {
                "\nwarning: built without vector extensions; build with \
                 RUSTFLAGS=\"-C target-cpu=native\" (proving is several times slower without)"
            } else {
                ""
            },
        ));
        out
    }
}

/// `rows` under `header`, the first column left-aligned, the others right-aligned.
fn grid(header: &[&str], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].len())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for cells in std::iter::once(&header).chain(rows) {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i == 0 {
                write!(text, "{cell:<width$}")
            } else {
                write!(text, "  {cell:>width$}")
            }
            .expect("writing to a String");
        }
        writeln!(out, "{}", text.trim_end()).expect("writing to a String");
    }
    out
}

fn simd() -> &'static str {
    if cfg!(target_feature = "avx512f") {
        "avx512f"
    } else if cfg!(target_feature = "avx2") {
        "avx2"
    } else if cfg!(target_feature = "neon") {
        "neon"
    } else {
        "none"
    }
}

fn secs(s: f64) -> String {
    format!("{s:.3}")
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn kib(bytes: usize) -> String {
    group_digits((bytes as u64).div_ceil(1024))
}

fn peak(s: &Sample) -> String {
    s.peak_rss_bytes
        .map_or("-".into(), |b| format!("{:.0}", mib(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_aligns_columns_to_their_widest_cell() {
        let rows = vec![
            vec!["chip".to_string(), "1,234".to_string()],
            vec!["plain RISC-V".to_string(), "5".to_string()],
        ];
        assert_eq!(
            grid(&["way", "N"], &rows),
            "way               N\nchip          1,234\nplain RISC-V      5\n"
        );
    }
}
