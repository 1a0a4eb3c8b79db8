//! Evaluating `p3-keccak-air`'s `KeccakAir` on the prefix of the chip's rows: a builder that
//! forwards everything to the chip's builder but shows only the first `width` main columns.

use p3_air::{AirBuilder, WindowAccess};

/// The first `width` columns of a two-row window.
#[derive(Clone)]
pub struct PrefixWindow<W> {
    inner: W,
    width: usize,
}

impl<T, W: WindowAccess<T>> WindowAccess<T> for PrefixWindow<W> {
    fn current_slice(&self) -> &[T] {
        &self.inner.current_slice()[..self.width]
    }

    fn next_slice(&self) -> &[T] {
        &self.inner.next_slice()[..self.width]
    }
}

/// A builder over the first `width` main columns of `inner`'s rows; constraints go to `inner`.
pub struct PrefixBuilder<'a, AB> {
    inner: &'a mut AB,
    width: usize,
}

impl<'a, AB: AirBuilder> PrefixBuilder<'a, AB> {
    pub fn new(inner: &'a mut AB, width: usize) -> Self {
        Self { inner, width }
    }
}

impl<AB: AirBuilder> AirBuilder for PrefixBuilder<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = AB::PreprocessedWindow;
    type MainWindow = PrefixWindow<AB::MainWindow>;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    fn main(&self) -> Self::MainWindow {
        PrefixWindow {
            inner: self.inner.main(),
            width: self.width,
        }
    }

    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        self.inner.preprocessed()
    }

    fn is_first_row(&self) -> Self::Expr {
        self.inner.is_first_row()
    }

    fn is_last_row(&self) -> Self::Expr {
        self.inner.is_last_row()
    }

    fn is_transition(&self) -> Self::Expr {
        self.inner.is_transition()
    }

    fn assert_zero<I: Into<Self::Expr>>(&mut self, x: I) {
        self.inner.assert_zero(x);
    }

    fn assert_zeros<const N: usize, I: Into<Self::Expr>>(&mut self, array: [I; N]) {
        self.inner.assert_zeros(array);
    }

    fn public_values(&self) -> &[Self::PublicVar] {
        self.inner.public_values()
    }

    fn periodic_values(&self) -> &[Self::PeriodicVar] {
        self.inner.periodic_values()
    }
}
