use codegen_macros::CheckSchema;

#[derive(CheckSchema)]
#[schema(enum = "membership_role")]
enum MembershipRole {
    Owner,
    Admin,
    Member,
    Viewer,
}

// `experiments.status` is an `experiment_status`, not a `membership_role`.
#[derive(CheckSchema)]
#[schema(table = "experiments")]
struct Experiment {
    id: i64,
    status: MembershipRole,
}

fn main() {}
