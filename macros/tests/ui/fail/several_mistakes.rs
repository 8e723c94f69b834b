use codegen_macros::CheckSchema;

// Four mistakes, four errors, in one build.
#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i32,
    project: i64,
    name: Option<String>,
    #[schema(skip)]
    cached_score: f64,
    started_at: chrono::DateTime<chrono::Utc>,
    traffic_percent: i16,
    description: String,
}

fn main() {
    // The fallback impl keeps code that uses the struct free of follow-on errors.
    let _ = Experiment::SCHEMA_COLUMNS;
}
