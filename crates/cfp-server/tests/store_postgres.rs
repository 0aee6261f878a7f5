//! The store suite on a real PostgreSQL (`CFP_TEST_POSTGRES_URL`, set by `cargo xtask
//! test`, which starts a throwaway cluster). Each run gets a database of its own.

mod common;

use cfp_server::Store;
use sqlx::Connection;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_on_postgres() {
    let base = std::env::var("CFP_TEST_POSTGRES_URL").expect(
        "CFP_TEST_POSTGRES_URL must point at a PostgreSQL server (cargo xtask test starts one)",
    );
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
    let store = Store::connect(&url).await.unwrap();
    common::store_suite(store.clone()).await;
    store.close().await;
    // A closed pool's server sessions can outlive it by a moment: FORCE ends them.
    sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
}
