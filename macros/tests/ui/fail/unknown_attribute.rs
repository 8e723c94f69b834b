use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(tabel = "experiments", orm = "hibernate")]
struct Experiment {
    #[schema(colum = "id")]
    id: i64,
}

fn main() {}
