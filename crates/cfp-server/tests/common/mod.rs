//! Shared by the server's integration tests: a store suite that runs unchanged against
//! SQLite and PostgreSQL, and helpers to build the app on a temp SQLite file.
#![allow(dead_code)]

use cfp_core::{EventConfig, Proposal, Speaker, Talk};
use cfp_server::store::{Inserted, Store};
use std::sync::Arc;

pub fn event(file: &str) -> EventConfig {
    let path = format!("{}/../../events/{file}", env!("CARGO_MANIFEST_DIR"));
    EventConfig::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The Dask config with its deadline far in the future, like the SciPy demo copy.
pub fn scipy_open() -> EventConfig {
    let mut config = event("scipy-2020.json");
    config.id = "scipy-2020-open".into();
    config.deadline = Some("2099-02-11T23:59:59-06:00".parse().unwrap());
    config
}

/// The SciPy config whose call opens in 2099 and closes in 2100.
pub fn scipy_not_yet_open() -> EventConfig {
    let mut config = event("scipy-2020.json");
    config.id = "scipy-2099".into();
    config.opens_at = Some("2099-01-01 AoE".parse().unwrap());
    config.deadline = Some("2100-01-01T00:00:00Z".parse().unwrap());
    config
}

/// A Dask workshop block of `n` talks of 25 minutes, organised by the seed's speaker.
pub fn workshop(n: usize) -> Proposal {
    let talk = Talk {
        title: "Dask at the telescope".into(),
        speaker_name: "Ada Example".into(),
        speaker_email: "ada@example.org".into(),
        r#abstract: "Forty nights of survey images, reduced on a laptop and then on a cluster with the same code: what changed, what broke, and what we would do again. Dask arrays, a little xarray, and one scheduler setting that mattered more than all the others.".into(),
        minutes: Some(25),
    };
    Proposal {
        format: Some("workshop".into()),
        talks: vec![talk; n],
        ..talk_proposal()
    }
}

/// A proposal the Dask config accepts (the talk from the seed).
pub fn talk() -> Proposal {
    talk_proposal()
}

fn talk_proposal() -> Proposal {
    Proposal {
        title: "Scaling Machine Learning With Python and Dask".into(),
        format: Some("talk".into()),
        track: None,
        r#abstract: "In this talk, attendees will get an introduction to Dask, a distributed computing framework in the PyData ecosystem. The first half of the talk will describe the current state of the project and its ecosystem including distributed data collections, cloud deployment options, distributed machine learning projects, and workflow orchestration. The second half of the talk will be a live demo showing the programming model for machine learning on Dask, with specific examples using LightGBM.".into(),
        description: "**NOTE:** Versions of this talk have also been given under the title `\"Scaling LightGBM with Python and Dask\"`.".into(),
        speakers: vec![Speaker {
            name: "James Lamb".into(),
            email: "james.lamb@example.org".into(),
            affiliation: "=SUM(A1)".into(),
            bio: String::new(),
        }],
        code_of_conduct: true,
        ..Proposal::default()
    }
}

/// The store's contract, run against every backend.
pub async fn store_suite(store: Store) {
    let p = talk();
    let first = store
        .insert("dask-summit-2021", "key-1", "2026-11-22T18:00:00Z", &p)
        .await
        .unwrap();
    let Inserted::New(receipt) = first else {
        panic!("expected a new row, got {first:?}")
    };
    assert_eq!(receipt.received_at, "2026-11-22T18:00:00Z");

    // The same key and proposal: the same receipt, nothing new.
    let again = store
        .insert("dask-summit-2021", "key-1", "2026-11-22T18:05:00Z", &p)
        .await
        .unwrap();
    assert_eq!(again, Inserted::Replayed(receipt.clone()));

    // The same key with another proposal is refused.
    let mut other = p.clone();
    other.title.push_str(" (v2)");
    assert_eq!(
        store
            .insert("dask-summit-2021", "key-1", "2026-11-22T18:06:00Z", &other)
            .await
            .unwrap(),
        Inserted::KeyConflict
    );

    // Keys are per event.
    assert!(matches!(
        store
            .insert("scipy-2020", "key-1", "2026-11-22T18:07:00Z", &p)
            .await
            .unwrap(),
        Inserted::New(_)
    ));

    let rows = store.list("dask-summit-2021").await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, receipt.id);
    assert_eq!(rows[0].proposal, p, "stored byte for byte");
    assert_eq!(store.count("scipy-2020").await.unwrap(), 1);

    // 50 identical submissions racing: one row, one receipt for all.
    let store = Arc::new(store);
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let store = store.clone();
        let p = p.clone();
        tasks.push(tokio::spawn(async move {
            store
                .insert("race", "race-key", "2026-11-22T18:10:00Z", &p)
                .await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for task in tasks {
        match task.await.unwrap().unwrap() {
            Inserted::New(r) | Inserted::Replayed(r) => {
                ids.insert(r.id);
            }
            Inserted::KeyConflict => panic!("identical proposals must not conflict"),
        }
    }
    assert_eq!(ids.len(), 1, "every racer got the same receipt");
    assert_eq!(store.count("race").await.unwrap(), 1);
}
