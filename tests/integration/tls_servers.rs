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

/// A MariaDB server that requires secure transport, with a self-signed certificate.
pub struct TlsMariadb {
    dir: tempfile::TempDir,
    port: u16,
}

impl TlsMariadb {
    /// `mysql://dev:dev@127.0.0.1:<port>/mysql`.
    pub fn url(&self) -> String {
        format!("mysql://dev:dev@127.0.0.1:{}/mysql", self.port)
    }
}

impl Drop for TlsMariadb {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.dir.path().join("mysqld.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
            // Wait (at most 10 s) until it has gone, so that its folder can be deleted.
            for _ in 0..100 {
                if !Command::new("kill").args(["-0", pid.trim()]).status().is_ok_and(|s| s.success()) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
}

/// Starts a TLS-only MariaDB, or returns `None` (after a note) when the tools are missing outside CI.
pub fn tls_mariadb() -> Option<TlsMariadb> {
    match start_mariadb() {
        Ok(server) => Some(server),
        Err(problem) if in_ci() => panic!("CI requires a TLS MariaDB server: {problem}"),
        Err(problem) => {
            let _ = writeln!(std::io::stderr(), "note: skipping a TLS test locally: {problem}");
            None
        }
    }
}

fn start_mariadb() -> Result<TlsMariadb, String> {
    let mariadbd = ["/usr/sbin/mariadbd", "/usr/bin/mariadbd"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or("mariadbd is not installed")?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    run(Command::new("chmod").arg("755").arg(dir.path()))?;
    run(Command::new("openssl").args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]).args([
        "-subj",
        "/CN=localhost",
        "-keyout",
        &path("server.key"),
        "-out",
        &path("server.crt"),
    ]))?;
    let user = if is_root() {
        "mysql".to_string()
    } else {
        String::from_utf8_lossy(&Command::new("id").arg("-un").output().map_err(|e| e.to_string())?.stdout)
            .trim()
            .to_string()
    };
    if is_root() {
        run(Command::new("chown").args(["-R", "mysql:"]).arg(dir.path()))?;
    }
    run(Command::new("mariadb-install-db")
        .args(["--no-defaults", &format!("--user={user}"), &format!("--datadir={}", path("data"))])
        .args(["--skip-test-db", "--auth-root-authentication-method=normal"]))?;
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    Command::new(mariadbd)
        .args(["--no-defaults", &format!("--user={user}"), &format!("--datadir={}", path("data"))])
        .arg(format!("--socket={}", path("mysqld.sock")))
        .arg(format!("--port={port}"))
        .args(["--bind-address=127.0.0.1", "--skip-name-resolve", "--require-secure-transport=ON"])
        .arg(format!("--ssl-cert={}", path("server.crt")))
        .arg(format!("--ssl-key={}", path("server.key")))
        .arg(format!("--pid-file={}", path("mysqld.pid")))
        .arg(format!("--log-error={}", path("err.log")))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start mariadbd: {e}"))?;
    let socket = format!("--socket={}", path("mysqld.sock"));
    let log = path("err.log");
    let server = TlsMariadb { dir, port };
    let create = "CREATE USER 'dev'@'127.0.0.1' IDENTIFIED BY 'dev'; GRANT ALL ON *.* TO 'dev'@'127.0.0.1'";
    for _ in 0..300 {
        let client = Command::new("mariadb").args(["--no-defaults", &socket, "-uroot", "-e", create]).output();
        if client.is_ok_and(|o| o.status.success()) {
            return Ok(server);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Err(format!("MariaDB did not start; see {log}"))
}
