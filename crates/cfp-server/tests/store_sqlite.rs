//! The store suite on a real SQLite file.

mod common;

use cfp_server::Store;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_store_contract_holds_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/nested/cfp.sqlite", dir.path().display());
    let store = Store::connect(&url).await.unwrap();
    common::store_suite(store).await;
    assert!(dir.path().join("nested/cfp.sqlite").exists());
}

#[tokio::test]
async fn reopening_keeps_what_was_stored_and_migrations_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/cfp.sqlite", dir.path().display());
    let store = Store::connect(&url).await.unwrap();
    store
        .insert(
            "ev",
            "k",
            "2026-11-22T18:00:00Z",
            &common::talk(),
            None,
            &cfp_server::outbox::Notices::none(),
        )
        .await
        .unwrap();
    store.close().await;
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.count("ev").await.unwrap(), 1);
}

#[tokio::test]
async fn unsupported_urls_are_refused_with_a_reason() {
    let err = Store::connect("mysql://x").await.unwrap_err();
    assert!(
        err.to_string().contains("use sqlite://PATH or postgres://"),
        "{err}"
    );
    let err = Store::connect("sqlite::memory:").await.unwrap_err();
    assert!(err.to_string().contains("in-memory"), "{err}");
}
