//! The guest runtime: `_start`, the [`entry!`](crate::entry) macro, the panic handler and
//! [`exit`].
//!
//! Exit codes: 0 when `main` returns, [`PANIC_EXIT_CODE`] when the guest panics (an
//! unreadable input and an exhausted heap panic too), and whatever the guest passes to
//! [`exit`].

/// Exit code of a panicking guest, as for a Rust program whose `main` panics.
pub const PANIC_EXIT_CODE: u32 = 101;

/// Stop the guest now with exit `code` (0 means success). Input not read is ignored;
/// everything printed or committed so far has already reached the host.
pub fn exit(code: u32) -> ! {
    crate::syscall::halt(code)
}

/// Names the guest's `main` function, a `fn()` that the SDK's `_start` calls.
///
/// Use it once, in the binary crate, which must be `#![no_std]` and `#![no_main]`. When
/// `main` returns the guest halts with exit code 0. Forgetting it fails at link time with
/// an undefined symbol `__gluecp_main`.
///
/// ```no_run
/// gluecp_guest::entry!(main);
///
/// fn main() {
///     gluecp_guest::println!("hello from the glue");
/// }
/// ```
#[macro_export]
macro_rules! entry {
    ($main:path) => {
        // Called by the SDK's `_start`.
        #[unsafe(export_name = "__gluecp_main")]
        extern "C" fn __gluecp_main() {
            // Type-checks `main` as a plain `fn()`, with an error that points at it.
            const MAIN: fn() = $main;
            MAIN()
        }
    };
}

// The entry point: the ELF's entry symbol `_start` sets the stack pointer (the VM does too,
// but a guest must not depend on it), runs the guest's `main` and halts with exit code 0.
// It lives in its own section so that the linker's section garbage collection keeps it as
// the entry and nothing else needs to.
#[cfg(all(target_arch = "riscv32", target_os = "none"))]
core::arch::global_asm!(
    ".section .text._start, \"ax\", @progbits",
    ".globl _start",
    ".type _start, @function",
    "_start:",
    "    li sp, {stack_top}",
    "    call __gluecp_main",
    "    li a0, 0",
    "    li t0, {halt}",
    "    ecall",
    ".size _start, . - _start",
    stack_top = const gluecp_abi::memory::STACK_TOP,
    halt = const gluecp_abi::ecall::HALT,
);

#[cfg(all(target_arch = "riscv32", target_os = "none"))]
mod panic {
    use core::cell::Cell;
    use core::fmt::Write;
    use core::panic::PanicInfo;

    use gluecp_abi::ecall::FD_STDERR;

    use crate::io::Sink;

    /// Set while the panic handler runs, to catch a panic inside it.
    struct Panicking(Cell<bool>);

    // SAFETY: the gluecp VM runs one hart with no interrupts or threads; this type exists
    // only in the target build.
    unsafe impl Sync for Panicking {}

    static PANICKING: Panicking = Panicking(Cell::new(false));

    #[panic_handler]
    fn panic(info: &PanicInfo<'_>) -> ! {
        // A second panic (say, from a `Display` impl in the message) must not recurse.
        if PANICKING.0.replace(true) {
            crate::syscall::write(FD_STDERR, b"\npanicked while printing a panic message\n");
            crate::syscall::halt(super::PANIC_EXIT_CODE);
        }
        let mut stderr = Sink::stream(FD_STDERR);
        // `Sink` never fails, so neither do these writes. The location goes out first, so
        // that it reaches the host even if formatting the message panics.
        let _ = match info.location() {
            Some(location) => write!(stderr, "panicked at {location}: "),
            None => write!(stderr, "panicked: "),
        };
        stderr.flush();
        let _ = writeln!(stderr, "{}", info.message());
        stderr.flush();
        crate::syscall::halt(super::PANIC_EXIT_CODE)
    }
}
