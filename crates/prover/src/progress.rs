//! Progress of a proof, phase by phase. The batch prover (Plonky3) reports its stages only as
//! `tracing` spans, so [`watch`] runs it on a helper thread whose default subscriber turns
//! the spans that start a stage into [`Phase`]s for the caller's callback, on the caller's
//! thread, as they happen.

use std::sync::Mutex;
use std::sync::mpsc::{Sender, channel};

use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// The phases of proving, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Running the program and recording the execution.
    Execute,
    /// Generating the tables' traces.
    Trace,
    /// Committing to the preprocessed tables, the traces and the LogUp columns.
    Commit,
    /// Evaluating the constraints: every table's quotient, and its commitment.
    Quotient,
    /// FRI: folding, proof of work and the queries.
    Fri,
}

/// Spans of `p3-batch-stark`, `p3-merkle-tree` and `p3-fri` that mark the stages. Inside
/// `prove_batch`, the first Merkle tree commits the traces and the second the LogUp columns;
/// the quotients are computed when that one is done (on rayon's threads, where this thread's
/// subscriber does not see their own spans).
const PROVE_SPAN: &str = "prove_batch";
const TREE_SPAN: &str = "build merkle tree";
const FRI_SPAN: &str = "FRI prover";

/// Runs `prove` on a helper thread, calling `progress` on this thread with [`Phase::Commit`]
/// first, then each later stage as the prover enters it. With `GLUECP_TRACE` set in the
/// environment (the CLI then prints Plonky3's spans through its global subscriber), the
/// prover reports to that subscriber instead, and the stages after [`Phase::Commit`] are not
/// reported.
pub fn watch<T: Send>(progress: &mut dyn FnMut(Phase), prove: impl FnOnce() -> T + Send) -> T {
    progress(Phase::Commit);
    if std::env::var_os("GLUECP_TRACE").is_some() {
        return prove();
    }
    let (sender, receiver) = channel();
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let watcher = Watcher {
                sender: Mutex::new(sender),
                state: Mutex::new(State::default()),
            };
            tracing::subscriber::with_default(watcher, prove)
        });
        // Ends when the watcher (and its sender) is dropped with the worker's subscriber.
        for phase in receiver {
            progress(phase);
        }
        match worker.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[derive(Default)]
struct State {
    next_id: u64,
    in_prove: bool,
    trees: usize,
    /// The span of the tree committing the LogUp columns.
    lookup_tree: Option<u64>,
}

/// A subscriber that only sees the stage spans.
struct Watcher {
    sender: Mutex<Sender<Phase>>,
    state: Mutex<State>,
}

impl Watcher {
    fn send(&self, phase: Phase) {
        if let Ok(sender) = self.sender.lock() {
            // The receiver lives until the worker ends; a send cannot fail before that.
            let _ = sender.send(phase);
        }
    }
}

impl Subscriber for Watcher {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.is_span() && matches!(metadata.name(), PROVE_SPAN | TREE_SPAN | FRI_SPAN)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let Ok(mut state) = self.state.lock() else {
            return Id::from_u64(u64::MAX);
        };
        state.next_id += 1;
        let id = state.next_id;
        match span.metadata().name() {
            PROVE_SPAN => state.in_prove = true,
            TREE_SPAN if state.in_prove => {
                state.trees += 1;
                if state.trees == 2 {
                    state.lookup_tree = Some(id);
                }
            }
            FRI_SPAN => self.send(Phase::Fri),
            _ => {}
        }
        Id::from_u64(id)
    }

    fn exit(&self, span: &Id) {
        let done = self.state.lock().is_ok_and(|mut state| {
            let done = state.lookup_tree == Some(span.into_u64());
            if done {
                state.lookup_tree = None;
            }
            done
        });
        if done {
            self.send(Phase::Quotient);
        }
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_arrive_in_order_on_the_callers_thread() {
        let caller = std::thread::current().id();
        let mut seen = Vec::new();
        let value = watch(
            &mut |phase| {
                assert_eq!(std::thread::current().id(), caller);
                seen.push(phase);
            },
            || {
                // A tree outside `prove_batch` (preprocessed data) does not count.
                drop(tracing::debug_span!("build merkle tree").entered());
                let _prove = tracing::info_span!("prove_batch").entered();
                for _ in 0..3 {
                    drop(tracing::debug_span!("build merkle tree").entered());
                    drop(tracing::info_span!("unrelated").entered());
                }
                let _fri = tracing::info_span!("FRI prover").entered();
                7
            },
        );
        assert_eq!(value, 7);
        assert_eq!(seen, [Phase::Commit, Phase::Quotient, Phase::Fri]);
    }
}
