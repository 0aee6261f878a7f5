//! A throwaway PostgreSQL cluster for the store tests: initdb in a temp folder, started on
//! a free port on 127.0.0.1, stopped and deleted when dropped. As root it runs as the
//! `postgres` user (the server refuses to run as root).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};

use crate::util::{self, command, is_root};

/// The newest `/usr/lib/postgresql/<version>/bin` that has initdb.
pub fn bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

pub struct TempPostgres {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
}

impl TempPostgres {
    /// A cluster for tests: fsync off, which a crash of the machine would not survive
    /// but a killed or restarted PostgreSQL does.
    pub fn start() -> Result<TempPostgres> {
        TempPostgres::start_with("-c fsync=off")
    }

    /// A cluster that syncs every commit to disk, as a production one does: for the
    /// benchmark.
    pub fn start_durable() -> Result<TempPostgres> {
        TempPostgres::start_with("-c fsync=on -c synchronous_commit=on")
    }

    fn start_with(settings: &str) -> Result<TempPostgres> {
        let bin =
            bin_dir().context("PostgreSQL is not installed (cargo xtask setup installs it)")?;
        let port = free_port()?;
        let dir = std::env::temp_dir().join(format!("cfp-pg-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        if is_root() {
            util::run(command("chown").args(["-R", "postgres:postgres"]).arg(&dir))?;
        }
        let pg = TempPostgres { dir, bin, port };
        util::run(
            pg.as_owner("initdb")
                .args(["-A", "trust", "-U", "cfp", "-E", "UTF8", "-D"])
                .arg(pg.dir.join("data")),
        )
        .context("initdb failed")?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 {settings}",
            pg.dir.display()
        );
        util::run(
            pg.as_owner("pg_ctl")
                .arg("-D")
                .arg(pg.dir.join("data"))
                .args(["-o", &options, "-l"])
                .arg(pg.dir.join("log"))
                .args(["-w", "start"]),
        )
        .with_context(|| format!("pg_ctl start failed; see {}", pg.dir.join("log").display()))?;
        Ok(pg)
    }

    /// A script that restarts the cluster in immediate mode (a crash, as far as clients
    /// can tell), for the tests of a database lost mid-load.
    pub fn restart_script(&self) -> Result<PathBuf> {
        let path = self.dir.join("restart.sh");
        let owner = if is_root() {
            "runuser -u postgres -- "
        } else {
            ""
        };
        let script = format!(
            "#!/bin/sh\nexec {owner}{} -D {} -l {} -m immediate -w restart >/dev/null\n",
            self.bin.join("pg_ctl").display(),
            self.dir.join("data").display(),
            self.dir.join("log").display(),
        );
        std::fs::write(&path, script).with_context(|| format!("writing {}", path.display()))?;
        util::run(command("chmod").arg("0755").arg(&path))?;
        Ok(path)
    }

    pub fn url(&self) -> String {
        format!("postgres://cfp@127.0.0.1:{}/postgres", self.port)
    }

    /// A new empty database `name`: its URL.
    pub fn create_database(&self, name: &str) -> Result<String> {
        util::run(
            Command::new(self.bin.join("psql"))
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
                .args(["-U", "cfp", "-d", "postgres", "-c"])
                .arg(format!("CREATE DATABASE {name}")),
        )
        .with_context(|| format!("creating the database {name}"))?;
        Ok(format!("postgres://cfp@127.0.0.1:{}/{name}", self.port))
    }

    fn as_owner(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if is_root() {
            let mut cmd = command("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(path);
            cmd
        } else {
            Command::new(path)
        }
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let _ = self
            .as_owner("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "fast", "-w", "stop"])
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
