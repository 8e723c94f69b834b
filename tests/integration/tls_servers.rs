//! Throwaway database servers that accept TLS connections only, with a self-signed certificate,
//! for the TLS tests of live introspection.
//!
//! A server is started per test in a temporary folder on a free loopback port and stopped (by its
//! pid file) on drop. It needs the PostgreSQL server binaries (`CODEGEN_PG_BIN`, default
//! `/usr/lib/postgresql/15/bin`) and `openssl`; without them a test is skipped locally with a note
//! and fails under `CI=true`, as the other server tests do.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A PostgreSQL cluster whose pg_hba.conf rejects every connection without TLS.
pub struct TlsPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl TlsPostgres {
    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
}

impl Drop for TlsPostgres {
    fn drop(&mut self) {
        let data = self.data();
        let _ =
            as_postgres(Command::new(self.bin.join("pg_ctl")).arg("-D").arg(&data).args(["-m", "immediate", "stop"]))
                .output();
    }
}

/// Starts a TLS-only PostgreSQL, or returns `None` (after a note) when the tools are missing
/// outside CI.
pub fn tls_postgres() -> Option<TlsPostgres> {
    let bin = PathBuf::from(std::env::var("CODEGEN_PG_BIN").unwrap_or_else(|_| "/usr/lib/postgresql/15/bin".into()));
    match start(&bin) {
        Ok(server) => Some(server),
        Err(problem) if in_ci() => panic!("CI requires a TLS PostgreSQL server: {problem}"),
        Err(problem) => {
            let _ = writeln!(std::io::stderr(), "note: skipping a TLS test locally: {problem}");
            None
        }
    }
}

fn start(bin: &Path) -> Result<TlsPostgres, String> {
    if !bin.join("pg_ctl").is_file() {
        return Err(format!("no PostgreSQL server binaries in {}", bin.display()));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = dir.path().join("data");
    run(Command::new("chmod").arg("755").arg(dir.path()))?;
    if is_root() {
        run(Command::new("chown").arg("postgres:").arg(dir.path()))?;
    }
    run(&mut as_postgres(Command::new(bin.join("initdb")).arg("-D").arg(&data).args([
        "-A",
        "trust",
        "-U",
        "postgres",
        "--no-sync",
    ])))?;
    // A self-signed certificate: no public root vouches for it.
    run(&mut as_postgres(
        Command::new("openssl").args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]).args([
            "-subj",
            "/CN=localhost",
            "-keyout",
            &data.join("server.key").to_string_lossy(),
            "-out",
            &data.join("server.crt").to_string_lossy(),
        ]),
    ))?;
    run(&mut as_postgres(Command::new("chmod").arg("600").arg(data.join("server.key"))))?;
    let hba = "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n";
    std::fs::write(data.join("pg_hba.conf"), hba).map_err(|e| e.to_string())?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let options = format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c ssl=on -c fsync=off", dir.path().display());
    let server = TlsPostgres { dir, bin: bin.to_path_buf(), port };
    run(&mut as_postgres(
        Command::new(bin.join("pg_ctl"))
            .arg("-D")
            .arg(server.data())
            .arg("-l")
            .arg(server.dir.path().join("pg.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"]),
    ))?;
    Ok(server)
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The command, run as the postgres user when we are root (PostgreSQL refuses to run as root).
fn as_postgres(command: &mut Command) -> Command {
    if !is_root() {
        let mut same = Command::new(command.get_program());
        same.args(command.get_args());
        return same;
    }
    let mut wrapped = Command::new("runuser");
    wrapped.args(["-u", "postgres", "--"]).arg(command.get_program()).args(command.get_args());
    wrapped
}

fn run(command: &mut Command) -> Result<(), String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let output = command.output().map_err(|e| format!("cannot run {program}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{program} failed: {}", String::from_utf8_lossy(&output.stderr).trim()))
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value.eq_ignore_ascii_case("true") || value == "1")
}
