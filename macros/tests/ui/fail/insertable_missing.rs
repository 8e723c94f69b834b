use codegen_macros::CheckSchema;

// `id`, `status`, `created_at` have defaults; `project_id` and `name` do not.
#[derive(CheckSchema)]
#[schema(table = "experiments", insertable)]
struct NewExperiment {
    hypothesis: Option<String>,
}

fn main() {}
