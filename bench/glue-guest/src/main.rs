//! Guest side of `gluecp bench glue`.
//!
//! Input: the workload's index in `gluecp_workloads::ALL` (`u32`), then its size (`u32`).
//! Journal: the workload's `u64` checksum, which the host compares with a native run.
#![no_std]
#![no_main]

gluecp_guest::entry!(main);

fn main() {
    let index: u32 = gluecp_guest::io::read();
    let size: u32 = gluecp_guest::io::read();
    let workload = gluecp_workloads::ALL
        .get(index as usize)
        .expect("workload index is in range");
    gluecp_guest::io::commit(&(workload.run)(size));
}
