use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(table = "organizations", all_columns)]
struct Organization {
    id: i64,
}

fn main() {}
