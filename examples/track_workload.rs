//! Placeholder until the tracker lands: encodes one record and prints its size.
use memscope_binary::{AllocationInfo, BinaryRecord, Layout};

fn main() {
    let info = AllocationInfo::new(0x1000, 64, 1);
    let bytes = info
        .to_bytes(Layout::Basic)
        .expect("a 24-byte record always encodes");
    println!("one basic allocation record: {} bytes", bytes.len());
}
