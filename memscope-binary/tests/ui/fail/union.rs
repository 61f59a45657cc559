use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
union Word {
    int: u32,
    float: f32,
}

fn main() {}
