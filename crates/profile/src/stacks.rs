//! Call stacks for per-function attribution: a trie of function ids whose nodes hold the
//! cost incurred with exactly that stack (instructions by class, coprocessor calls).
//!
//! The recorder moves a cursor through the trie as control flows: a jump that links (`rd`
//! = `ra` or `t0`, the RISC-V calling conventions) enters a child; a transfer to a function
//! already on the stack returns to it; any other transfer into another function is a tail
//! call and replaces the top. Only control transfers touch the trie's structure, so the
//! per-instruction cost is one counter increment.

use std::collections::{BTreeMap, HashMap};

/// Function id of code that no symbol covers.
pub const UNKNOWN: u32 = u32::MAX;
/// Deepest stack the trie tracks: calls below it are charged to their deepest tracked
/// caller, so a runaway recursion cannot grow the profile without bound.
pub const MAX_DEPTH: u32 = 4096;
/// Number of instruction classes ([`gluecp_vm::InstructionClass`]).
pub const CLASSES: usize = 6;

/// Calls of one coprocessor and the work they did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Use {
    /// Number of calls.
    pub calls: u64,
    /// Units of work ([`gluecp_vm::Coprocessor::work`]).
    pub work: u64,
}

struct Node {
    parent: u32,
    function: u32,
    depth: u32,
}

/// The trie of stacks with the cost of each node (exclusive of its children).
pub struct StackTrie {
    nodes: Vec<Node>,
    children: HashMap<(u32, u32), u32>,
    /// Instructions executed at each node, by class.
    pub counts: Vec<[u64; CLASSES]>,
    /// Coprocessor calls made at each node, by (node, call number).
    pub calls: BTreeMap<(u32, u32), Use>,
    cursor: u32,
}

impl StackTrie {
    /// A trie whose root is `function` (the entry's).
    pub fn new(function: u32) -> Self {
        StackTrie {
            nodes: vec![Node {
                parent: u32::MAX,
                function,
                depth: 0,
            }],
            children: HashMap::new(),
            counts: vec![[0; CLASSES]],
            calls: BTreeMap::new(),
            cursor: 0,
        }
    }

    /// Count one instruction of class index `class` at the current stack.
    #[inline(always)]
    pub fn count(&mut self, class: usize) {
        self.counts[self.cursor as usize][class] += 1;
    }

    /// Record a coprocessor call at the current stack.
    pub fn call(&mut self, number: u32, work: u64) {
        let entry = self.calls.entry((self.cursor, number)).or_default();
        entry.calls += 1;
        entry.work += work;
    }

    fn child(&mut self, parent: u32, function: u32) -> u32 {
        if let Some(&node) = self.children.get(&(parent, function)) {
            return node;
        }
        let depth = self.nodes[parent as usize].depth + 1;
        if depth > MAX_DEPTH {
            return parent;
        }
        let node = self.nodes.len() as u32;
        self.nodes.push(Node {
            parent,
            function,
            depth,
        });
        self.counts.push([0; CLASSES]);
        self.children.insert((parent, function), node);
        node
    }

    /// A control transfer into `function`; `linked` when it saved a return address.
    pub fn transfer(&mut self, function: u32, linked: bool) {
        if linked {
            self.cursor = self.child(self.cursor, function);
            return;
        }
        if self.nodes[self.cursor as usize].function == function {
            return;
        }
        // A return: the nearest ancestor running `function`.
        let mut node = self.nodes[self.cursor as usize].parent;
        while node != u32::MAX {
            if self.nodes[node as usize].function == function {
                self.cursor = node;
                return;
            }
            node = self.nodes[node as usize].parent;
        }
        // A tail call: replace the top (the root is never replaced, only grown under).
        let parent = self.nodes[self.cursor as usize].parent;
        self.cursor = match parent {
            u32::MAX => self.child(self.cursor, function),
            parent => self.child(parent, function),
        };
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the trie has only its root.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    /// The stack of `node`: function ids from the root down.
    pub fn stack(&self, node: u32) -> Vec<u32> {
        let mut stack = Vec::new();
        let mut n = node;
        while n != u32::MAX {
            stack.push(self.nodes[n as usize].function);
            n = self.nodes[n as usize].parent;
        }
        stack.reverse();
        stack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stacks(trie: &StackTrie) -> Vec<(Vec<u32>, u64)> {
        let mut out: Vec<_> = (0..trie.len() as u32)
            .map(|n| (trie.stack(n), trie.counts[n as usize].iter().sum::<u64>()))
            .filter(|(_, count)| *count > 0)
            .collect();
        out.sort();
        out
    }

    #[test]
    fn calls_returns_and_tail_calls() {
        let mut trie = StackTrie::new(0);
        trie.count(0); // main
        trie.transfer(1, true); // main -> f
        trie.count(0);
        trie.transfer(2, true); // f -> g
        trie.count(1);
        trie.count(2);
        trie.call(0x100, 3);
        trie.transfer(1, false); // g returns to f
        trie.count(0);
        trie.transfer(3, false); // f tail-calls h: main -> h
        trie.count(0);
        trie.transfer(0, false); // back in main
        trie.count(0);
        assert_eq!(
            stacks(&trie),
            vec![
                (vec![0], 2),
                (vec![0, 1], 2),
                (vec![0, 1, 2], 2),
                (vec![0, 3], 1)
            ]
        );
        assert_eq!(trie.calls.len(), 1);
        let (&(node, number), used) = trie.calls.iter().next().unwrap();
        assert_eq!(
            (trie.stack(node), number, used.calls, used.work),
            (vec![0, 1, 2], 0x100, 1, 3)
        );
    }

    #[test]
    fn runaway_recursion_is_capped() {
        let mut trie = StackTrie::new(0);
        for _ in 0..3 * MAX_DEPTH {
            trie.transfer(1, true);
            trie.count(0);
        }
        assert_eq!(trie.len(), MAX_DEPTH as usize + 1);
        let total: u64 = trie.counts.iter().flatten().sum();
        assert_eq!(total, 3 * u64::from(MAX_DEPTH), "no instruction is lost");
    }
}
