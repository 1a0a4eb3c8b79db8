//! Where proving time goes, phase by phase: the wall time spent in each of Plonky3's
//! `tracing` spans (summed per span name over threads, so nested and parallel spans overlap),
//! after the last of `REPS` proofs (default 3), with each proof's wall and CPU time.
//!
//! ```text
//! cargo run --release -p gluecp-prover --example phases -- ELF INPUT_HEX   # a program
//! cargo run --release -p gluecp-prover --example phases -- air N           # KeccakAir, p3-uni-stark
//! cargo run --release -p gluecp-prover --example phases -- air-batch N     # KeccakAir, p3-batch-stark
//! ```
//!
//! For a program: `ONLY=1` proves the `keccak` chip's table alone (its buses unbalanced, so the
//! proof would not verify: for timing only), `TRACE_ONLY=1` times the `keccak` trace generation
//! alone. `air`: `CAP=k` generates the trace with `2^k` times its size in capacity (default:
//! the blowup, as Plonky3's examples do). `bench/prove-guest`'s `chip` program permutes one state
//! N times with the input `0000000055010000` (N = 341) or `0000000000000000` (N = 0).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Default)]
struct Timer {
    next: AtomicU64,
    names: Mutex<HashMap<u64, &'static str>>,
    starts: Mutex<HashMap<(u64, std::thread::ThreadId), Instant>>,
    totals: Mutex<Vec<(&'static str, f64, usize)>>,
}

impl Subscriber for Timer {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.names
            .lock()
            .unwrap()
            .insert(id, span.metadata().name());
        Id::from_u64(id)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, span: &Id) {
        self.starts.lock().unwrap().insert(
            (span.into_u64(), std::thread::current().id()),
            Instant::now(),
        );
    }
    fn exit(&self, span: &Id) {
        let Some(start) = self
            .starts
            .lock()
            .unwrap()
            .remove(&(span.into_u64(), std::thread::current().id()))
        else {
            return;
        };
        let s = start.elapsed().as_secs_f64();
        let name = self.names.lock().unwrap()[&span.into_u64()];
        let mut totals = self.totals.lock().unwrap();
        if let Some(t) = totals.iter_mut().find(|t| t.0 == name) {
            t.1 += s;
            t.2 += 1;
        } else {
            totals.push((name, s, 1));
        }
    }
}

static TIMER: std::sync::LazyLock<Timer> = std::sync::LazyLock::new(Timer::default);

struct Global;
impl Subscriber for Global {
    fn enabled(&self, m: &Metadata<'_>) -> bool {
        TIMER.enabled(m)
    }
    fn new_span(&self, s: &Attributes<'_>) -> Id {
        TIMER.new_span(s)
    }
    fn record(&self, a: &Id, b: &Record<'_>) {
        TIMER.record(a, b)
    }
    fn record_follows_from(&self, a: &Id, b: &Id) {
        TIMER.record_follows_from(a, b)
    }
    fn event(&self, e: &Event<'_>) {
        TIMER.event(e)
    }
    fn enter(&self, s: &Id) {
        TIMER.enter(s)
    }
    fn exit(&self, s: &Id) {
        TIMER.exit(s)
    }
}

fn main() {
    tracing::subscriber::set_global_default(Global).unwrap();
    let args: Vec<String> = std::env::args().collect();
    let reps: usize = std::env::var("REPS").map_or(3, |r| r.parse().unwrap());
    let params = gluecp_prover::ProofParams::default();
    let config = params.stark_config().unwrap();
    for rep in 0..reps {
        TIMER.totals.lock().unwrap().clear();
        let start = Instant::now();
        let cpu0 = cpu_seconds();
        match args[1].as_str() {
            "air" | "air-batch" => {
                let n: usize = args[2].parse().unwrap();
                let inputs: Vec<[u64; 25]> = (0..n as u64)
                    .map(|p| core::array::from_fn(|i| (p * 25 + i as u64 + 1) * 0x9e37_79b9))
                    .collect();
                let air = p3_keccak_air::KeccakAir {};
                if args[1] == "air" {
                    let cap =
                        std::env::var("CAP").map_or(params.log_blowup, |c| c.parse().unwrap());
                    let trace =
                        p3_keccak_air::generate_trace_rows::<gluecp_prover::Val>(inputs, cap);
                    let t = Instant::now();
                    p3_uni_stark::prove(&config, &air, trace, &[]).unwrap();
                    println!("uni prove {:.4}", t.elapsed().as_secs_f64());
                } else {
                    use p3_matrix::Matrix;
                    let trace = p3_keccak_air::generate_trace_rows::<gluecp_prover::Val>(inputs, 0);
                    let airs = [Wrap];
                    let t = Instant::now();
                    let data = p3_batch_stark::ProverData::from_airs_and_degrees(
                        &config,
                        &airs,
                        &[trace.height().ilog2() as usize],
                    )
                    .unwrap();
                    println!("prover data {:.4}", t.elapsed().as_secs_f64());
                    let traces = [&trace];
                    let instances =
                        p3_batch_stark::StarkInstance::new_multiple(&airs, &traces, &[vec![]]);
                    let t = Instant::now();
                    p3_batch_stark::prove_batch(&config, &instances, &data).unwrap();
                    println!("prove_batch {:.4}", t.elapsed().as_secs_f64());
                }
            }
            elf => {
                let program = gluecp_vm::Program::from_elf(&std::fs::read(elf).unwrap()).unwrap();
                let input = hex_decode(&args[2]);
                let registry = gluecp_coprocessors::builtins();
                let record = gluecp_prover::execute::execute(&program, &registry, &input).unwrap();
                if std::env::var("TRACE_ONLY").is_ok() {
                    let t = Instant::now();
                    let mut bytes = gluecp_prover::chips::byte::ByteLookups::default();
                    let trace =
                        gluecp_prover::chips::keccak::generate_trace(&record.keccak, &mut bytes);
                    println!("keccak trace {:.4}", t.elapsed().as_secs_f64());
                    drop(trace);
                    continue;
                }
                let t = Instant::now();
                let (mut chips, mut traces) = gluecp_prover::machine::tables(&program, &record);
                if std::env::var("ONLY").is_ok() {
                    let i = chips
                        .iter()
                        .position(|c| gluecp_prover::harness::ProverAir::name(c) == "keccak")
                        .unwrap();
                    chips = vec![chips.swap_remove(i)];
                    traces = vec![traces.swap_remove(i)];
                    let sink = gluecp_prover::chips::stub::StubAir {
                        public_values: true,
                        ..gluecp_prover::chips::stub::StubAir::new("public-values", 1)
                    };
                    traces.push(sink.generate_trace(&[]));
                    chips.push(gluecp_prover::chips::Chip::Stub(sink));
                }
                let trace_s = t.elapsed().as_secs_f64();
                let public = gluecp_prover::machine::public_values(
                    &program,
                    &record.input,
                    &record.journal,
                    record.exit_code,
                );
                let t = Instant::now();
                gluecp_prover::prove(&chips, traces, &public, &params).unwrap();
                println!("trace {trace_s:.3} prove {:.3}", t.elapsed().as_secs_f64());
            }
        }
        println!(
            "rep {rep}: total {:.3} cpu {:.2}",
            start.elapsed().as_secs_f64(),
            cpu_seconds() - cpu0
        );
        if rep + 1 == reps {
            for (name, s, n) in TIMER.totals.lock().unwrap().iter() {
                if *s > 0.002 {
                    println!("  {s:8.3} s  x{n:<4} {name}");
                }
            }
        }
    }
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[derive(Clone)]
struct Wrap;
impl<F> p3_air::BaseAir<F> for Wrap {
    fn width(&self) -> usize {
        p3_keccak_air::NUM_KECCAK_COLS
    }
}
impl<AB: p3_air::AirBuilder> p3_air::Air<AB> for Wrap {
    fn eval(&self, builder: &mut AB) {
        p3_air::Air::eval(&p3_keccak_air::KeccakAir {}, builder);
    }
}

/// User + system CPU seconds of this process (all threads).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}
