use memscope_binary::BinaryRecord;

#[derive(BinaryRecord)]
struct Record {
    #[binary(presence_bit = 0)]
    size: u64,
    #[binary(detail, presence_bit = 1)]
    var_name: Option<String>,
    #[binary(detail, presence_bit = 1)]
    type_name: Option<String>,
    #[binary(presence_bit = 2)]
    scope: Option<String>,
}

fn main() {}
