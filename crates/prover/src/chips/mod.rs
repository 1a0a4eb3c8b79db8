//! The prover's chips: one folder per AIR table, each with its columns, its constraints and its
//! trace generation (Plonky3's `keccak-air` layout).
//!
//! | chip | trace | bus |
//! | --- | --- | --- |
//! | [`program`] | preprocessed: the decoded program; main: one multiplicity per instruction | `program` (table side) |
//! | [`byte`] | preprocessed: every byte pair with its `and`/`or`/`xor`; main: one multiplicity per op | `byte` (table side) |
//!
//! Both are lookup tables: the preprocessed part is rebuilt by the verifier from what it already
//! knows (the program, or nothing at all), so the prover only commits how often each row is used.

pub mod byte;
pub mod program;

/// Implements `Borrow<$cols<T>>` and `BorrowMut<$cols<T>>` for `[T]`, so that a trace row of
/// exactly `size_of::<$cols<u8>>()` elements can be read as the column struct.
macro_rules! impl_row_borrow {
    ($cols:ident) => {
        impl<T> core::borrow::Borrow<$cols<T>> for [T] {
            fn borrow(&self) -> &$cols<T> {
                // SAFETY: `$cols<T>` is `repr(C)` with only `T` fields (or arrays of `T`), so it
                // has `T`'s alignment and no padding; a row of exactly its width in `T`s is one
                // value, which the assert checks.
                let (prefix, cols, suffix) = unsafe { self.align_to::<$cols<T>>() };
                assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
                &cols[0]
            }
        }

        impl<T> core::borrow::BorrowMut<$cols<T>> for [T] {
            fn borrow_mut(&mut self) -> &mut $cols<T> {
                // SAFETY: as for `borrow`.
                let (prefix, cols, suffix) = unsafe { self.align_to_mut::<$cols<T>>() };
                assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
                &mut cols[0]
            }
        }
    };
}
pub(crate) use impl_row_borrow;
