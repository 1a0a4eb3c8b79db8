//! The guest heap: a bump allocator from the end of the ELF image up to
//! [`HEAP_END`](gluecp_abi::memory::HEAP_END).
//!
//! A guest runs once and exits, so reclaiming memory buys little while every instruction
//! costs cycles (and proving time). Allocation is a pointer bump; freeing is a no-op except
//! for the most recent allocation, which is given back, and which `realloc` grows or
//! shrinks in place, so a `Vec` or `String` that is pushed to without other allocations in
//! between never copies. Memory above the highest address ever handed out is still zero
//! (the VM starts with zeroed memory), so zeroed allocations there skip the clearing.
//!
//! When the heap is exhausted the allocator returns null, and `alloc`'s error handler
//! panics with `memory allocation of N bytes failed`: the guest halts with
//! [`PANIC_EXIT_CODE`](crate::PANIC_EXIT_CODE).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::ptr;

/// The least alignment of an allocation (see [`BumpAllocator::bump`]).
const MIN_ALIGN: usize = 8;

/// A bump allocator over one address range. See the module documentation.
pub struct BumpAllocator {
    /// Next free address; 0 until the first allocation of a heap made by [`Self::new`].
    next: Cell<usize>,
    /// One past the last usable address.
    end: usize,
    /// Start of the most recent live allocation (it ends at `next`), or 0 if none.
    last: Cell<usize>,
    /// Lowest address never handed out: memory from here to `end` is still zero.
    untouched: Cell<usize>,
}

// SAFETY: the gluecp VM runs one hart with no interrupts or threads, so the allocator is
// never entered concurrently or reentrantly. The impl is target-only: on a host the type
// stays `!Sync`, so it cannot be shared across real threads.
#[cfg(all(target_arch = "riscv32", target_os = "none"))]
unsafe impl Sync for BumpAllocator {}

#[cfg(all(target_arch = "riscv32", target_os = "none"))]
#[global_allocator]
static HEAP: BumpAllocator = BumpAllocator::new();

impl BumpAllocator {
    /// The guest heap: from the linker's `_end` symbol to `HEAP_END`. Outside the VM there
    /// is no such symbol and this heap is empty.
    pub const fn new() -> Self {
        Self::with_region(0, gluecp_abi::memory::HEAP_END as usize)
    }

    /// A heap over `[start, end)`, which must be zeroed memory the caller owns for the
    /// allocator's lifetime. `start == 0` means "from the linker's `_end`".
    pub const fn with_region(start: usize, end: usize) -> Self {
        Self {
            next: Cell::new(start),
            end,
            last: Cell::new(0),
            untouched: Cell::new(start),
        }
    }

    fn next(&self) -> usize {
        match self.next.get() {
            0 => {
                let start = heap_start();
                self.untouched.set(start);
                start
            }
            next => next,
        }
    }

    /// Move the top of the heap to `top`, which the caller checked is at most `end`.
    fn set_top(&self, top: usize) {
        self.next.set(top);
        if top > self.untouched.get() {
            self.untouched.set(top);
        }
    }

    fn bump(&self, layout: Layout) -> Option<usize> {
        // Every allocation is at least word-aligned, whatever it asks for: byte buffers
        // (a `Vec<u8>` of input, a `String`) are then passed to coprocessor calls where they
        // lie, rather than copied to an aligned buffer first (the Keccak-f and hash chips
        // read whole words).
        let align = layout.align().max(MIN_ALIGN);
        let start = self.next().checked_next_multiple_of(align)?;
        let top = start.checked_add(layout.size())?;
        if top > self.end {
            return None;
        }
        self.set_top(top);
        self.last.set(start);
        Some(start)
    }
}

impl Default for BumpAllocator {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: `bump` hands out disjoint ranges inside `[start, end)`, aligned as asked; a range
// is only handed out again after `dealloc` gave it back (the most recent allocation), and
// `realloc` resizes in place only the most recent allocation, which nothing follows.
unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.bump(layout)
            .map_or(ptr::null_mut(), |addr| addr as *mut u8)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let untouched = self.untouched.get();
        let Some(addr) = self.bump(layout) else {
            return ptr::null_mut();
        };
        if addr < untouched {
            let reused = layout.size().min(untouched - addr);
            // SAFETY: `bump` just handed out `[addr, addr + size)` to us.
            unsafe { ptr::write_bytes(addr as *mut u8, 0, reused) };
        }
        addr as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        if ptr as usize == self.last.get() {
            self.next.set(ptr as usize);
            self.last.set(0);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let addr = ptr as usize;
        if addr == self.last.get() {
            return match addr.checked_add(new_size) {
                Some(top) if top <= self.end => {
                    self.set_top(top);
                    ptr
                }
                _ => ptr::null_mut(),
            };
        }
        // SAFETY: `new_size` with the old alignment is a valid layout (the caller's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: forwarded from the caller: `new_layout` has a non-zero size.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both ranges are valid for the copied length, and disjoint because
            // `new` was bumped above `ptr`'s allocation.
            unsafe { ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}

/// First heap address: the end of the ELF image, which `lld` defines as `_end`.
#[cfg(all(target_arch = "riscv32", target_os = "none"))]
fn heap_start() -> usize {
    unsafe extern "C" {
        static _end: u8;
    }
    (&raw const _end) as usize
}

/// Outside the VM there is no guest image: a heap made by [`BumpAllocator::new`] is empty.
#[cfg(not(all(target_arch = "riscv32", target_os = "none")))]
fn heap_start() -> usize {
    gluecp_abi::memory::HEAP_END as usize
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use std::vec;

    /// A heap over a zeroed host buffer (kept alive by the caller).
    fn heap_over(buffer: &mut [u64]) -> BumpAllocator {
        let start = buffer.as_mut_ptr() as usize;
        BumpAllocator::with_region(start, start + buffer.len() * 8)
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn allocations_are_aligned_and_disjoint() {
        let mut buffer = vec![0u64; 64];
        let heap = heap_over(&mut buffer);
        unsafe {
            let a = heap.alloc(layout(3, 1));
            let b = heap.alloc(layout(8, 8));
            let c = heap.alloc(layout(1, 1));
            assert_eq!(b as usize % 8, 0);
            assert!(a as usize + 3 <= b as usize);
            assert_eq!(c as usize, b as usize + 8);
            // Byte buffers are word-aligned too, so calls can take them where they lie.
            assert_eq!(a as usize % 8, 0);
            assert_eq!(c as usize % 8, 0);
        }
    }

    #[test]
    fn most_recent_allocation_grows_in_place_and_is_reused_after_free() {
        let mut buffer = vec![0u64; 64];
        let heap = heap_over(&mut buffer);
        unsafe {
            let a = heap.alloc(layout(16, 4));
            a.write_bytes(0xAB, 16);
            let grown = heap.realloc(a, layout(16, 4), 64);
            assert_eq!(grown, a);
            let b = heap.alloc(layout(8, 4));
            assert_eq!(b as usize, a as usize + 64);
            // `a` is no longer the most recent allocation: growing it copies.
            let moved = heap.realloc(a, layout(64, 4), 128);
            assert_eq!(moved as usize, b as usize + 8);
            assert_eq!(*moved.add(15), 0xAB);
            // Freeing the most recent allocation gives its memory back, and reusing it
            // zeroed clears what the previous owner wrote.
            heap.dealloc(moved, layout(128, 4));
            let again = heap.alloc_zeroed(layout(32, 4));
            assert_eq!(again, moved);
            assert!(
                std::slice::from_raw_parts(again, 32)
                    .iter()
                    .all(|&x| x == 0)
            );
        }
    }

    #[test]
    fn exhaustion_returns_null() {
        let mut buffer = vec![0u64; 8];
        let heap = heap_over(&mut buffer);
        unsafe {
            let a = heap.alloc(layout(48, 8));
            assert!(!a.is_null());
            assert!(heap.alloc(layout(17, 1)).is_null());
            assert!(heap.realloc(a, layout(48, 8), 65).is_null());
            assert!(!heap.alloc(layout(16, 1)).is_null());
            assert!(heap.alloc(layout(isize::MAX as usize - 4, 1)).is_null());
        }
        // Outside the VM, the default heap has no memory at all.
        assert!(unsafe { BumpAllocator::new().alloc(layout(1, 1)) }.is_null());
    }
}
