#!/usr/bin/env bash
# The test command of README.md: installs what the tests need (the RISC-V Rust target,
# QEMU user-mode as the independent reference), then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
cargo test --workspace "$@"
