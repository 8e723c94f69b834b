//! The conformance suite over real schemas (issue 14): every schema of the shared corpus
//! (`../shared/corpus`) and of our own (`tests/fixtures/corpus`) is read, rendered for its own
//! dialect and round-tripped through the real engine (the catalogs of the original and of the
//! output compared), and rendered for Diesel, SeaORM and Prisma, which are compiled or validated
//! with the real tools. The results are ratcheted by `tests/fixtures/corpus/manifest.toml`
//! ([`manifest`]), and `docs/corpus.md` is the table made from it.
//!
//! Servers, node and the corpus folder are required under `CI=true`; locally, a stage that cannot
//! run is skipped with a note and keeps its recorded result.

pub(crate) mod cases;
mod codegen;
pub(crate) mod compile;
mod dumps;
pub(crate) mod engines;
mod manifest;
pub(crate) mod prisma;
mod replay;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use cases::Case;
use codegen::Workdir;
use engines::Engine;
use manifest::{OK, Outcome, Stage};

use crate::servers;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// A line on stderr that the test harness does not capture.
fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "note: corpus: {text}");
}

/// Where the suite writes: generated code, the SQL it loads, and the full report.
fn work_dir() -> PathBuf {
    manifest::root().join("target/corpus")
}

/// Why a stage was not tried: an earlier stage it needs failed.
const NOT_READ: &str = "not reached: the file does not read";

/// Runs every case through every stage and holds the results to the manifest.
#[test]
fn corpus_schemas_read_round_trip_and_compile() {
    let started = Instant::now();
    if !cases::corpus_dir().is_dir() {
        assert!(!in_ci(), "CI=true but the shared corpus is not at {}", cases::CORPUS);
        note(&format!("skipped: the shared corpus is not at {}", cases::CORPUS));
        return;
    }
    let manifest = manifest::load();
    let cases = cases::all(&manifest);
    let work = Workdir::new(work_dir().join("run"));
    let engines =
        Engines { postgres: servers::postgres().map(Engine::Postgres), mysql: servers::mysql().map(Engine::Mysql) };

    let mut outcomes: Vec<(String, Outcome)> = Vec::new();
    let mut report = String::new();
    let mut models: Vec<Option<String>> = Vec::new();
    for case in &cases {
        let mut outcome = Outcome::default();
        // How the round trip is checked depends on the engine alone: load the original first.
        let engine = engines.for_dialect(&case.dialect);
        let original = engine.map(|engine| {
            let script = std::fs::read(case.path()).expect("the case's file reads");
            let loaded = engine.load(&script, None);
            outcome.check = Some(match &loaded {
                Ok(_) => "catalog".into(),
                Err(why) => format!("model: the original does not load on {}: {why}", engine.name()),
            });
            (engine, loaded)
        });
        let model = match work.read(&case.path(), &case.dialect) {
            Ok(model) => {
                outcome.set(Stage::Read, OK.into());
                Some(model)
            }
            Err(why) => {
                let errors: String = why.errors.iter().map(|e| format!("- {e}\n")).collect();
                report.push_str(&format!("## {}\n\ncodegen cannot read it:\n\n{errors}\n", case.file));
                outcome.set(Stage::Read, why.summary);
                for stage in [Stage::RoundTrip, Stage::Diesel, Stage::SeaOrm, Stage::Prisma] {
                    outcome.set(stage, NOT_READ.into());
                }
                None
            }
        };
        if let Some(model) = &model {
            let details = round_trip(case, model, &work, original.as_ref(), &mut outcome);
            if !details.is_empty() {
                report.push_str(&format!("## {}\n\n{details}\n", case.file));
            }
        }
        models.push(model);
        outcomes.push((case.file.clone(), outcome));
    }
    let round_trips = started.elapsed();

    compile_targets(&cases, &models, &work, &mut outcomes);
    let total = started.elapsed();
    note(&format!(
        "{} cases: read and round trips {:.1} s, with the targets {:.1} s",
        cases.len(),
        round_trips.as_secs_f64(),
        total.as_secs_f64()
    ));

    let report_path = work_dir().join("report.md");
    let _ = std::fs::write(&report_path, &report);
    let verdict = manifest::compare(&manifest, &outcomes);
    if std::env::var_os("CODEGEN_BLESS").is_some() {
        manifest::save(&manifest::raised(&manifest, &outcomes));
        return;
    }
    let mut message = String::new();
    if !verdict.worse.is_empty() {
        message.push_str(&format!(
            "{} stages do worse than {} says:\n  {}\n",
            verdict.worse.len(),
            manifest::MANIFEST,
            verdict.worse.join("\n  ")
        ));
    }
    if !verdict.better.is_empty() {
        message.push_str(&format!("{} stages do better:\n  {}\n", verdict.better.len(), verdict.better.join("\n  ")));
    }
    if !verdict.changed.is_empty() {
        message.push_str(&format!(
            "{} stages fail differently:\n  {}\n",
            verdict.changed.len(),
            verdict.changed.join("\n  ")
        ));
    }
    assert!(
        verdict.is_clean(),
        "{message}\nEvery difference found is in {}.\nWhen the change is an improvement (or an accepted change), \
         record it: CODEGEN_BLESS=1 cargo test --test integration corpus",
        report_path.display()
    );
}

/// The docs are made from the manifest: a stale table is a failure (no server needed).
#[test]
fn corpus_docs_are_the_manifests_table() {
    let manifest = manifest::load();
    let docs = std::fs::read_to_string(manifest::root().join(manifest::DOCS)).unwrap_or_default();
    if std::env::var_os("CODEGEN_BLESS").is_some() {
        return;
    }
    assert!(
        docs == manifest::render_docs(&manifest),
        "{} is not the table of {}: run CODEGEN_BLESS=1 cargo test --test integration corpus",
        manifest::DOCS,
        manifest::MANIFEST
    );
}

struct Engines {
    postgres: Option<Engine>,
    mysql: Option<Engine>,
}

impl Engines {
    fn for_dialect(&self, dialect: &str) -> Option<&Engine> {
        match dialect {
            "sqlite" => Some(&Engine::Sqlite),
            "postgres" => self.postgres.as_ref(),
            "mysql" => self.mysql.as_ref(),
            other => panic!("unknown dialect `{other}` in the corpus manifest"),
        }
    }
}

/// Renders the case for its own dialect and compares the original with the output: by catalog
/// when the original loaded on the engine, else by model. Returns every difference, for the report.
fn round_trip(
    case: &Case,
    model: &str,
    work: &Workdir,
    original: Option<&(&Engine, Result<engines::Loaded, String>)>,
    outcome: &mut Outcome,
) -> String {
    let sql = match work.render_sql(&case.path(), &case.dialect) {
        Ok(sql) => sql,
        Err(why) => {
            outcome.set(Stage::RoundTrip, format!("render fails: {why}"));
            return String::new();
        }
    };
    let output_path = work.dir.join(format!("{}.sql", case.module()));
    std::fs::write(&output_path, &sql).expect("the work folder is writable");
    let Some((engine, original)) = original else { return String::new() };
    let differences: Vec<String> = match original {
        Ok(loaded) => match engine.load(sql.as_bytes(), loaded.defaults.as_ref()) {
            Ok(output) => {
                codegen_test_catalog::diff(&loaded.catalog, &output.catalog).iter().map(ToString::to_string).collect()
            }
            Err(why) => {
                outcome.set(Stage::RoundTrip, format!("the output does not load: {why}"));
                let output = codegen::relative(&output_path.display().to_string());
                return format!("The output ({output}) does not load: {why}\n");
            }
        },
        Err(_) => match work.read(&output_path, &case.dialect) {
            Ok(back) => model_differences(model, &back),
            Err(why) => {
                outcome.set(Stage::RoundTrip, format!("the output does not read back: {why}"));
                return String::new();
            }
        },
    };
    if differences.is_empty() {
        outcome.set(Stage::RoundTrip, OK.into());
        return String::new();
    }
    let shown: Vec<&str> = differences.iter().take(3).map(String::as_str).collect();
    let more = if differences.len() > 3 { "; …" } else { "" };
    outcome.set(
        Stage::RoundTrip,
        codegen::shorten(&format!("{} differences: {}{more}", differences.len(), shown.join("; "))),
    );
    differences.iter().map(|d| format!("- {d}\n")).collect()
}

fn model_differences(original: &str, back: &str) -> Vec<String> {
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("--target json prints JSON");
    codegen_test_catalog::diff_json(&parse(original), &parse(back)).iter().map(ToString::to_string).collect()
}

/// Renders every ORM target for every case that reads, then compiles the Rust ones in one build
/// per harness and validates the Prisma ones in one node run.
fn compile_targets(cases: &[Case], models: &[Option<String>], work: &Workdir, outcomes: &mut [(String, Outcome)]) {
    let generated = work_dir().join("generated");
    let mut diesel = Vec::new();
    let mut sea_orm = Vec::new();
    let mut prisma_schemas = Vec::new();
    let staging = work.dir.join("staging");
    for ((case, model), (_, outcome)) in cases.iter().zip(models).zip(outcomes.iter_mut()) {
        if model.is_none() {
            continue;
        }
        let module = case.module();
        for (stage, target) in [(Stage::Diesel, "diesel"), (Stage::SeaOrm, "sea-orm"), (Stage::Prisma, "prisma")] {
            let fresh = staging.join(target).join(&module);
            if let Err(why) = work.render_target(&case.path(), &case.dialect, target, &fresh) {
                outcome.set(stage, format!("render fails: {why}"));
                continue;
            }
            let dir = generated.join(target).join(&module);
            sync_dir(&fresh, &dir);
            match stage {
                Stage::Diesel => diesel.push(compile::diesel_unit(&case.file, &dir)),
                Stage::SeaOrm => sea_orm.push(compile::sea_orm_unit(&case.file, &module, &dir)),
                _ => {
                    let text = std::fs::read_to_string(dir.join("schema.prisma")).unwrap_or_default();
                    prisma_schemas.push((case.file.clone(), text));
                }
            }
        }
    }
    let mut results: BTreeMap<(&str, String), String> = BTreeMap::new();
    // The two builds run side by side: each spends much of its time in one rustc front end.
    let builds = [("diesel", &compile::DIESEL, &diesel), ("sea_orm", &compile::SEA_ORM, &sea_orm)];
    let failures: Vec<BTreeMap<String, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = builds
            .iter()
            .map(|(stage, harness, units)| {
                let modules_file = generated.join(format!("{stage}_modules.rs"));
                scope.spawn(move || compile::compile(harness, units, &modules_file))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a harness build panicked")).collect()
    });
    for ((stage, _, units), failures) in builds.iter().zip(&failures) {
        for unit in units.iter() {
            let result = failures.get(&unit.file).cloned().unwrap_or_else(|| OK.into());
            results.insert((stage, unit.file.clone()), result);
        }
    }
    if prisma::available() {
        for ((file, _), verdict) in prisma_schemas.iter().zip(prisma::validate(&prisma_schemas)) {
            results.insert(("prisma", file.clone()), verdict.unwrap_or_else(|| OK.into()));
        }
    }
    for (file, outcome) in outcomes.iter_mut() {
        for (stage, key) in [(Stage::Diesel, "diesel"), (Stage::SeaOrm, "sea_orm"), (Stage::Prisma, "prisma")] {
            if let Some(result) = results.remove(&(key, file.clone())) {
                outcome.set(stage, result);
            }
        }
    }
}

/// Makes `to` hold what `from` holds, writing only the files that changed, so that a harness
/// rebuilds only when codegen's output did (cargo compares modification times).
fn sync_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the generated folder is writable");
    let names = |dir: &Path| -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| e.file_name()).collect()).unwrap_or_default()
    };
    for name in names(to) {
        if !from.join(&name).exists() {
            let _ = std::fs::remove_file(to.join(&name));
        }
    }
    for name in names(from) {
        let fresh = std::fs::read(from.join(&name)).expect("codegen's output reads");
        if std::fs::read(to.join(&name)).ok().as_deref() != Some(fresh.as_slice()) {
            std::fs::write(to.join(&name), fresh).expect("the generated folder is writable");
        }
    }
}
