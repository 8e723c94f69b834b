//! The npm tools of `tools/typescript` and a scratch TypeScript project to run them in.
//!
//! Without node or the packages, a test fails under `CI=true` and is skipped with a note
//! otherwise (`npm ci --prefix tools/typescript` installs them; `.ci/setup.d/50-typescript.sh`
//! does in CI).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn tools_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/typescript")
}

/// Whether node and the pinned packages are installed; in CI their absence is a failure.
pub fn available() -> bool {
    let modules = tools_dir().join("node_modules");
    let installed = ["typescript", "drizzle-kit", "typeorm", "knex", "tsx", "better-sqlite3"]
        .iter()
        .all(|p| modules.join(p).join("package.json").is_file())
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but node or the tools/typescript packages are missing (.ci/setup.d/50-typescript.sh)"
        );
        eprintln!("note: skipped, node or tools/typescript/node_modules is missing (npm ci --prefix tools/typescript)");
    }
    installed
}

/// The tsconfig every scratch project uses: strict, decorators on (TypeORM), Node types.
const TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2022",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "strict": true,
    "noEmit": true,
    "skipLibCheck": true,
    "allowJs": true,
    "checkJs": true,
    "experimentalDecorators": true,
    "emitDecoratorMetadata": true,
    "types": ["node"]
  },
  "include": ["**/*.ts", "**/*.js"],
  "exclude": ["node_modules", "**/out/**"]
}
"#;

/// A temporary folder with the tsconfig and the tools' node_modules linked in.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new().prefix("codegen-ts-").tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("tsconfig.json"), TSCONFIG).expect("tsconfig written");
        #[cfg(unix)]
        std::os::unix::fs::symlink(tools_dir().join("node_modules"), dir.path().join("node_modules"))
            .expect("node_modules linked");
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write `contents` at `relative`, making folders.
    pub fn write(&self, relative: impl AsRef<Path>, contents: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders made");
        std::fs::write(&path, contents).expect("file written");
    }

    /// Run a binary of `node_modules/.bin` in the project.
    pub fn bin(&self, name: &str, args: &[&str]) -> Output {
        Command::new(tools_dir().join("node_modules/.bin").join(name))
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap_or_else(|e| panic!("{name} runs: {e}"))
    }

    /// Run a script of `tools/typescript/scripts` with tsx; its stdout, which must be JSON.
    pub fn script(&self, script: &str, args: &[&str]) -> serde_json::Value {
        let path = tools_dir().join("scripts").join(script);
        let mut all = vec![path.to_str().expect("UTF-8 path")];
        all.extend_from_slice(args);
        let output = self.bin("tsx", &all);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{script} {args:?} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let last = stdout.lines().last().unwrap_or_default();
        serde_json::from_str(last).unwrap_or_else(|e| panic!("{script} prints JSON ({e}): {stdout}"))
    }
}

/// Every line of a failed command's output, for assertion messages.
pub fn show(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}
