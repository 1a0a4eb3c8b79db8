//! The prover chip of the user coprocessor CRC-32 (`crates/vm/examples/custom_coprocessor`),
//! written outside gluecp with its public API only: three tables, registered with
//! [`gluecp_prover::plugin::ChipRegistry`].
//!
//! | table | rows | role |
//! | --- | --- | --- |
//! | `crc32` | one per input byte | the table-driven CRC update `c' = (c >> 8) ^ T[(c ^ b) & 0xff]` on the crc's 4 bytes; the first row reads `a1` (the length) and checks the buffer's range, the last receives the call with its result `!c'` |
//! | `crc32-word` | one per word of the buffer | reads the word, provides its bytes on `crc32-byte` (gluecp's `word_bytes` building block) |
//! | `crc32-table` | 256, preprocessed | `(i, T[i])` on `crc32-table` |
//!
//! Soundness, in short: the `crc32` rows of a call are consecutive (`first`, then `ptr + 1`
//! and `rem - 1` per row, `last` only at `rem = 0`; a counter passing 0 would need about
//! 2^31 rows), start from `!0` at `a0` with `rem = a1 - 1`, and each row's byte is the byte
//! of memory at `ptr` at the call's timestamp (a `crc32-word` row read it); every XOR is a
//! `byte`-table lookup and `T[i]` a lookup in the verifier's preprocessed table. A call of
//! length 0 (result 0) is not proven by this chip: its `record` refuses it.

use core::borrow::{Borrow, BorrowMut};

use gluecp_prover::Val;
use gluecp_prover::bus::{
    AccessCols, MEM_END, MEM_START, limbs, limbs_val, memory_access, receive_syscall, slot, ts,
    ts_of,
};
use gluecp_prover::chips::byte::{ByteLookups, ByteOp, lookup_byte_op, lookup_u16};
use gluecp_prover::chips::word_bytes::{self, WordBytesAir, WordRead};
use gluecp_prover::plugin::{CallRecorder, CoprocessorChip, UserTable};
use gluecp_prover::record::SyscallEvent;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;

/// The call number (the coprocessor's).
pub const CRC32: u32 = 0x1000;
/// The length register, `a1`.
const REG_LEN: u32 = 11;

/// `(clk, address, byte)`: provided by `crc32-word`, looked up by `crc32`.
const BYTE_BUS: LookupBus<'static> = LookupBus::new("crc32-byte");
/// `(i, T[i] as 4 bytes)`: provided by `crc32-table`, looked up by `crc32`.
const TABLE_BUS: LookupBus<'static> = LookupBus::new("crc32-table");

/// The CRC-32 table: `T[i]` = 8 steps of the reflected polynomial on `i`.
fn table_entry(i: u32) -> u32 {
    (0..8).fold(i, |c, _| (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg()))
}

macro_rules! row_borrow {
    ($cols:ident) => {
        impl<T> Borrow<$cols<T>> for [T] {
            fn borrow(&self) -> &$cols<T> {
                // SAFETY: `$cols<T>` is `repr(C)` with only `T` fields, so a row of exactly
                // its width is one value (asserted).
                let (prefix, cols, suffix) = unsafe { self.align_to::<$cols<T>>() };
                assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
                &cols[0]
            }
        }
        impl<T> BorrowMut<$cols<T>> for [T] {
            fn borrow_mut(&mut self) -> &mut $cols<T> {
                // SAFETY: as above.
                let (prefix, cols, suffix) = unsafe { self.align_to_mut::<$cols<T>>() };
                assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
                &mut cols[0]
            }
        }
    };
}

/// One input byte. All 0 on padding rows.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct ByteCols<T> {
    is_real: T,
    /// The call's first byte: reads `a1`, checks the buffer's range, starts from `!0`.
    first: T,
    /// The call's last byte: receives the call.
    last: T,
    clk: T,
    /// `a0`, constant over the call.
    base: [T; 2],
    /// This byte's address.
    ptr: T,
    /// Bytes after this one.
    rem: T,
    /// `a1` (first row only).
    len: [T; 2],
    /// High limbs of `base - 0x1000` and `2^29 - base - len` (first row only).
    bound_hi: [T; 2],
    byte: T,
    /// The crc before this byte, little-endian bytes.
    crc: [T; 4],
    /// `crc[0] ^ byte`.
    index: T,
    /// `T[index]`.
    entry: [T; 4],
    /// The crc after this byte: `(crc[1] ^ entry[0], crc[2] ^ entry[1], crc[3] ^ entry[2],
    /// entry[3])`.
    next: [T; 3],
    /// The read of `a1` (first row only).
    len_access: AccessCols<T>,
}
row_borrow!(ByteCols);
const BYTE_COLS: usize = size_of::<ByteCols<u8>>();

#[derive(Clone, Copy, Debug)]
struct ByteAir;
#[derive(Clone, Copy, Debug)]
struct TableAir;

impl BaseAir<Val> for ByteAir {
    fn width(&self) -> usize {
        BYTE_COLS
    }
}

impl BaseAir<Val> for TableAir {
    fn width(&self) -> usize {
        1
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        let values = (0..256u32)
            .flat_map(|i| {
                let t = table_entry(i).to_le_bytes();
                [i, t[0].into(), t[1].into(), t[2].into(), t[3].into()]
            })
            .map(Val::from_u32)
            .collect();
        Some(RowMajorMatrix::new(values, 5))
    }
    fn preprocessed_width(&self) -> usize {
        5
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for ByteAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &ByteCols<AB::Var> = main.current_slice().borrow();
        let nx: &ByteCols<AB::Var> = main.next_slice().borrow();
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let one = AB::Expr::ONE;
        let [real, first, last] = [l.is_real, l.first, l.last].map(e);
        for flag in [&real, &first, &last] {
            builder.assert_bool(flag.clone());
        }
        builder.assert_zero(first.clone() * (one.clone() - real.clone()));
        builder.assert_zero(last.clone() * (one.clone() - real.clone()));
        builder.assert_zero(last.clone() * e(l.rem));
        // The first-row-only columns are 0 elsewhere.
        let first_only = [l.len[0], l.len[1], l.bound_hi[0], l.bound_hi[1]];
        let access = [
            l.len_access.prev_ts,
            l.len_access.diff_lo,
            l.len_access.diff_hi,
        ];
        for col in first_only.into_iter().chain(access) {
            builder.assert_zero((one.clone() - first.clone()) * e(col));
        }

        // Calls are consecutive runs of rows: the first row starts one, a row after a last
        // row starts one, real rows are a prefix, and a real row before padding (or at the
        // end) is a last row.
        builder.when_first_row().assert_eq(l.first, real.clone());
        builder
            .when_last_row()
            .assert_zero(real.clone() * (one.clone() - last.clone()));
        let next_real = e(nx.is_real);
        {
            let mut t = builder.when_transition();
            t.assert_zero(next_real.clone() * (one.clone() - real.clone()));
            t.assert_zero(
                real.clone() * (one.clone() - next_real.clone()) * (one.clone() - last.clone()),
            );
            t.assert_eq(nx.first, next_real.clone() * last.clone());
            let same = next_real * (one.clone() - last.clone());
            let rules = [
                (nx.clk, e(l.clk)),
                (nx.base[0], e(l.base[0])),
                (nx.base[1], e(l.base[1])),
                (nx.ptr, e(l.ptr) + one.clone()),
                (nx.rem, e(l.rem) - one.clone()),
                (nx.crc[0], e(l.next[0])),
                (nx.crc[1], e(l.next[1])),
                (nx.crc[2], e(l.next[2])),
                (nx.crc[3], e(l.entry[3])),
            ];
            for (next, value) in rules {
                t.assert_zero(same.clone() * (e(next) - value));
            }
        }

        // The first row: crc = !0, ptr = a0, rem = a1 - 1, a1 read from x11, and the buffer
        // in [0x1000, 2^29).
        let base = e(l.base[0]) + e(l.base[1]) * c(1 << 16);
        let len = e(l.len[0]) + e(l.len[1]) * c(1 << 16);
        for byte in l.crc {
            builder.assert_zero(first.clone() * (e(byte) - c(0xff)));
        }
        builder.assert_zero(first.clone() * (e(l.ptr) - base.clone()));
        builder.assert_zero(first.clone() * (e(l.rem) + one.clone() - len.clone()));
        let stamp = ts_of(e(l.clk), slot::MEMORY);
        let len_limbs = [e(l.len[0]), e(l.len[1])];
        memory_access(
            builder,
            c(REG_LEN),
            len_limbs.clone(),
            len_limbs,
            stamp,
            AB::Expr::ZERO,
            &l.len_access,
            first.clone(),
        );
        lookup_u16(builder, e(l.base[1]) * c(8), first.clone());
        lookup_u16(builder, e(l.len[1]) * c(8), first.clone());
        let diffs = [base.clone() - c(MEM_START), c(MEM_END) - base - len];
        for (diff, hi) in diffs.into_iter().zip(l.bound_hi) {
            lookup_u16(builder, diff - e(hi) * c(1 << 16), first.clone());
            lookup_u16(builder, e(hi) * c(8), first.clone());
        }

        // The byte, the table entry, the XORs.
        BYTE_BUS.lookup_key(
            builder,
            [e(l.clk), e(l.ptr), e(l.byte)],
            Count::bounded(real.clone(), 1),
        );
        lookup_byte_op(
            builder,
            ByteOp::Xor,
            e(l.crc[0]),
            e(l.byte),
            e(l.index),
            real.clone(),
        );
        TABLE_BUS.lookup_key(
            builder,
            [
                e(l.index),
                e(l.entry[0]),
                e(l.entry[1]),
                e(l.entry[2]),
                e(l.entry[3]),
            ],
            Count::bounded(real.clone(), 1),
        );
        for k in 0..3 {
            lookup_byte_op(
                builder,
                ByteOp::Xor,
                e(l.crc[k + 1]),
                e(l.entry[k]),
                e(l.next[k]),
                real.clone(),
            );
        }

        // The last row receives the call: a0 = the buffer, result = !crc'.
        let inv = |x: AB::Expr| c(0xff) - x;
        let ret = [
            inv(e(l.next[0])) + inv(e(l.next[1])) * c(256),
            inv(e(l.next[2])) + inv(e(l.entry[3])) * c(256),
        ];
        let [r0, r1] = ret;
        receive_syscall(
            builder,
            [e(l.clk), c(CRC32), e(l.base[0]), e(l.base[1]), r0, r1],
            last,
        );
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for TableAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed().clone();
        let p = prep.current_slice();
        let key: Vec<AB::Expr> = p.iter().map(|&v| v.into()).collect();
        let main = builder.main();
        let multiplicity: AB::Expr = main.current_slice()[0].into();
        TABLE_BUS.table_entry(builder, key, multiplicity);
    }
}

/// The chip.
pub struct Crc32Chip;

impl CoprocessorChip for Crc32Chip {
    fn number(&self) -> u32 {
        CRC32
    }

    fn tables(&self) -> Vec<UserTable> {
        vec![
            UserTable::new("crc32", ByteAir),
            UserTable::new(
                "crc32-word",
                WordBytesAir {
                    name: "crc32-word",
                    bus: BYTE_BUS,
                    signed: false,
                },
            ),
            UserTable::new("crc32-table", TableAir),
        ]
    }

    fn record(&self, call: &mut CallRecorder<'_>) -> Result<(), String> {
        let ptr = call.a0();
        let len = call.read_register(REG_LEN)?;
        if len == 0 {
            return Err(
                "a CRC-32 call on an empty buffer (this chip proves lengths from 1)".into(),
            );
        }
        let end = ptr.checked_add(len).ok_or("a buffer past 2^32")?;
        for addr in ((ptr & !3)..end).step_by(4) {
            call.read(addr)?;
        }
        Ok(())
    }

    fn generate_traces(
        &self,
        calls: &[SyscallEvent],
        bytes: &mut ByteLookups,
    ) -> Vec<RowMajorMatrix<Val>> {
        let rows: usize = calls.iter().map(|e| e.args[0].value as usize).sum();
        let height = rows.next_power_of_two().max(4);
        let mut main = RowMajorMatrix::new(Val::zero_vec(height * BYTE_COLS), BYTE_COLS);
        let mut word_reads = Vec::new();
        let mut table_counts = [0u32; 256];

        let mut byte_rows = main.values.chunks_exact_mut(BYTE_COLS);
        for call in calls {
            let (ptr, len) = (call.a0, call.args[0].value);
            let stamp = ts(call.clk, slot::MEMORY);
            let byte_at = |addr: u32| {
                let word = call
                    .words
                    .iter()
                    .find(|w| w.addr == addr & !3)
                    .expect("read");
                (word.value >> (8 * (addr & 3))) as u8
            };
            let mut crc = !0u32;
            for i in 0..len {
                let row: &mut ByteCols<Val> = byte_rows.next().expect("rows").borrow_mut();
                let addr = ptr + i;
                let byte = byte_at(addr);
                let c = crc.to_le_bytes();
                let index = c[0] ^ byte;
                let entry = table_entry(u32::from(index));
                let next = (crc >> 8) ^ entry;
                let e = entry.to_le_bytes();
                let n = next.to_le_bytes();
                row.is_real = Val::ONE;
                row.first = Val::from_bool(i == 0);
                row.last = Val::from_bool(i == len - 1);
                row.clk = Val::from_u32(call.clk);
                row.base = limbs_val(ptr);
                row.ptr = Val::from_u32(addr);
                row.rem = Val::from_u32(len - 1 - i);
                row.byte = Val::from_u8(byte);
                row.crc = c.map(Val::from_u8);
                row.index = Val::from_u8(index);
                row.entry = e.map(Val::from_u8);
                row.next = [n[0], n[1], n[2]].map(Val::from_u8);
                bytes.record(ByteOp::Xor, c[0], byte);
                for k in 0..3 {
                    bytes.record(ByteOp::Xor, c[k + 1], e[k]);
                }
                table_counts[usize::from(index)] += 1;
                if i == 0 {
                    row.len = limbs_val(len);
                    row.len_access = AccessCols::new(call.args[0].prev_ts, stamp).to_field(bytes);
                    let [_, base_hi] = limbs(ptr);
                    let [_, len_hi] = limbs(len);
                    for value in [8 * base_hi, 8 * len_hi] {
                        if let Ok(value) = u16::try_from(value) {
                            bytes.record_u16(value);
                        }
                    }
                    let diffs = [
                        ptr.wrapping_sub(MEM_START),
                        MEM_END.wrapping_sub(ptr).wrapping_sub(len),
                    ];
                    for (hi, diff) in row.bound_hi.iter_mut().zip(diffs) {
                        *hi = Val::from_u32(diff >> 16);
                        if diff < MEM_END {
                            bytes.record_u16(diff as u16);
                            bytes.record_u16((8 * (diff >> 16)) as u16);
                        }
                    }
                }
                crc = next;
            }
            word_reads.extend(call.words.iter().map(|read| WordRead {
                clk: call.clk,
                access: read,
                counts: core::array::from_fn(|k| {
                    u32::from((ptr..ptr + len).contains(&(read.addr + k as u32)))
                }),
            }));
        }
        let words = word_bytes::generate_trace(&word_reads, false, bytes);
        let table = RowMajorMatrix::new(table_counts.map(Val::from_u32).to_vec(), 1);
        vec![main, words, table]
    }
}
