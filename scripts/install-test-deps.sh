#!/usr/bin/env bash
# Install what the tests need beyond the Rust toolchain: `qemu-riscv32`, the reference
# RISC-V emulator of crates/vm/tests/conformance_qemu.rs (Debian package `qemu-user`).
#
# Idempotent: does nothing when qemu-riscv32 is already on PATH. Otherwise installs it
# with apt-get (as root, or through sudo) and exits non-zero with a message saying what
# to do when that is impossible.
set -euo pipefail

PACKAGE=qemu-user
BINARY=qemu-riscv32

fail() {
    echo "install-test-deps: $*" >&2
    echo "install-test-deps: (to run the tests without the QEMU conformance check, set GLUECP_SKIP_QEMU=1)" >&2
    exit 1
}

# Prints the emulator's version; fails when it is missing or does not run.
qemu_version() {
    local version
    version=$("$BINARY" --version 2>/dev/null | head -n 1) && [ -n "$version" ] && echo "$version"
}

# The guests are built with the stock Rust target; gluecp's builder would add it on first
# use too, but a test run should fail here, early and clearly, if it cannot.
RUST_TARGET=riscv32im-unknown-none-elf
if command -v rustup >/dev/null 2>&1; then
    if ! rustup target list --installed | grep -qx "$RUST_TARGET"; then
        echo "install-test-deps: rustup target add $RUST_TARGET"
        rustup target add "$RUST_TARGET" || fail "'rustup target add $RUST_TARGET' failed"
    fi
else
    echo "install-test-deps: rustup not found; assuming the toolchain already has $RUST_TARGET" >&2
fi

if version=$(qemu_version); then
    echo "install-test-deps: $BINARY is already installed ($version)"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    fail "$BINARY is missing and apt-get is not available: install QEMU user-mode emulation for RISC-V (Debian/Ubuntu package $PACKAGE) with your package manager"
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    # Without a terminal (CI) sudo must not wait for a password that never comes.
    if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
else
    fail "$BINARY is missing and installing $PACKAGE needs root: run this script as root or install sudo"
fi

echo "install-test-deps: installing $PACKAGE for $BINARY"
"${as_root[@]}" apt-get update \
    || fail "'apt-get update' failed; cannot install $PACKAGE"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$PACKAGE" \
    || fail "'apt-get install $PACKAGE' failed"

hash -r
if ! version=$(qemu_version); then
    fail "$PACKAGE was installed but $BINARY is still not on PATH or does not run"
fi
echo "install-test-deps: installed $BINARY ($version)"
