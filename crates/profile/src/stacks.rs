//! Call stacks for per-function attribution: a trie of function ids whose nodes count the
//! instructions executed with exactly that stack.
//!
//! The recorder moves a cursor through the trie as control flows: a jump that links (`rd`
//! = `ra` or `t0`, the RISC-V calling conventions) enters a child; a transfer to a function
//! already on the stack returns to it; any other transfer into another function is a tail
//! call and replaces the top. Only control transfers touch the trie, so the per-instruction
//! cost is one counter increment.

use std::collections::HashMap;

/// Function id of code that no symbol covers.
pub const UNKNOWN: u32 = u32::MAX;

struct Node {
    parent: u32,
    function: u32,
}

/// The trie of stacks with an instruction count per node.
pub struct StackTrie {
    nodes: Vec<Node>,
    children: HashMap<(u32, u32), u32>,
    /// Instructions executed at each node (exclusive).
    pub counts: Vec<u64>,
    cursor: u32,
}

impl StackTrie {
    /// A trie whose root is `function` (the entry's).
    pub fn new(function: u32) -> Self {
        StackTrie {
            nodes: vec![Node {
                parent: u32::MAX,
                function,
            }],
            children: HashMap::new(),
            counts: vec![0],
            cursor: 0,
        }
    }

    /// Count one instruction at the current stack.
    #[inline(always)]
    pub fn count(&mut self) {
        self.counts[self.cursor as usize] += 1;
    }

    fn child(&mut self, parent: u32, function: u32) -> u32 {
        if let Some(&node) = self.children.get(&(parent, function)) {
            return node;
        }
        let node = self.nodes.len() as u32;
        self.nodes.push(Node { parent, function });
        self.counts.push(0);
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

    /// Every stack with a non-zero count, as function ids from the root down.
    pub fn stacks(&self) -> Vec<(Vec<u32>, u64)> {
        let mut out = Vec::new();
        for (node, &count) in self.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let mut stack = Vec::new();
            let mut n = node as u32;
            while n != u32::MAX {
                stack.push(self.nodes[n as usize].function);
                n = self.nodes[n as usize].parent;
            }
            stack.reverse();
            out.push((stack, count));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_returns_and_tail_calls() {
        let mut trie = StackTrie::new(0);
        trie.count(); // main
        trie.transfer(1, true); // main -> f
        trie.count();
        trie.transfer(2, true); // f -> g
        trie.count();
        trie.count();
        trie.transfer(1, false); // g returns to f
        trie.count();
        trie.transfer(3, false); // f tail-calls h: main -> h
        trie.count();
        trie.transfer(0, false); // back in main
        trie.count();
        let mut stacks = trie.stacks();
        stacks.sort();
        assert_eq!(
            stacks,
            vec![
                (vec![0], 2),
                (vec![0, 1], 2),
                (vec![0, 1, 2], 2),
                (vec![0, 3], 1)
            ]
        );
    }
}
