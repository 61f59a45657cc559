use std::collections::HashMap;

use memscope_binary::BinaryRecord;

// A map's keys must be hashable to be decoded into a `HashMap`.
#[derive(Debug, PartialEq, BinaryRecord)]
struct Point {
    x: f64,
}

#[derive(BinaryRecord)]
struct Index {
    by_point: HashMap<Point, u32>,
}

fn main() {}
