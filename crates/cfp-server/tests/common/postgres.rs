//! The test PostgreSQL server (`CFP_TEST_POSTGRES_URL`, a throwaway cluster `cargo xtask
//! test` starts) and a new empty database on it for each test that needs one.
#![allow(dead_code)]

use sqlx::Connection;

pub fn base_url() -> String {
    std::env::var("CFP_TEST_POSTGRES_URL").expect(
        "CFP_TEST_POSTGRES_URL must point at a PostgreSQL server (cargo xtask test starts one)",
    )
}

/// A new empty database on the test server: its URL and an admin connection.
pub async fn fresh_database() -> (String, String, sqlx::AnyConnection) {
    let base = base_url();
    let database = format!("cfp_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&base).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {database}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let url = match base.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{database}"),
        None => panic!("CFP_TEST_POSTGRES_URL has no database part: {base}"),
    };
    (url, database, admin)
}
