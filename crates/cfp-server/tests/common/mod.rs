//! Shared by the server's integration tests: a store suite that runs unchanged against
//! SQLite and PostgreSQL, and helpers to build the app on a temp SQLite file.
#![allow(dead_code)]

use cfp_core::{EventConfig, Proposal, Speaker, Talk};
use cfp_server::outbox::Notices;
use cfp_server::store::{Capped, Changed, Inserted, ProposalState, Store, StoredProposal};
use cfp_server::{AppState, Events, Limits};
use std::sync::Arc;

/// The app's state for `events`, over a fresh SQLite file in a temp folder that lives as
/// long as the harness; the organisers' token is `organiser-secret`.
pub struct Harness {
    pub state: AppState,
    _dir: tempfile::TempDir,
}

pub async fn harness(events: impl IntoIterator<Item = EventConfig>, limits: Limits) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}/cfp.sqlite", dir.path().display()))
        .await
        .unwrap();
    Harness {
        state: AppState {
            events: Events::new(events).into(),
            store,
            admin_token: Some(Arc::from("organiser-secret")),
            dist: None,
            limits,
            mail: false,
            trusted_proxies: Default::default(),
            metrics: None,
        },
        _dir: dir,
    }
}

/// No rate limit on submissions.
pub fn unlimited() -> Limits {
    Limits {
        submissions_per_minute: 0,
        ..Limits::default()
    }
}

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
    inbox_suite(&store).await;
    let p = talk();
    let first = store
        .insert(
            "dask-summit-2021",
            "key-1",
            "2026-11-22T18:00:00Z",
            &p,
            None,
            &Notices::none(),
        )
        .await
        .unwrap();
    let Inserted::New(receipt) = first else {
        panic!("expected a new row, got {first:?}")
    };
    assert_eq!(receipt.received_at, "2026-11-22T18:00:00Z");

    // The same key and proposal: the same receipt, nothing new.
    let again = store
        .insert(
            "dask-summit-2021",
            "key-1",
            "2026-11-22T18:05:00Z",
            &p,
            None,
            &Notices::none(),
        )
        .await
        .unwrap();
    assert_eq!(again, Inserted::Replayed(receipt.clone()));

    // The same key with another proposal is refused.
    let mut other = p.clone();
    other.title.push_str(" (v2)");
    assert_eq!(
        store
            .insert(
                "dask-summit-2021",
                "key-1",
                "2026-11-22T18:06:00Z",
                &other,
                None,
                &Notices::none()
            )
            .await
            .unwrap(),
        Inserted::KeyConflict
    );

    // Keys are per event.
    assert!(matches!(
        store
            .insert(
                "scipy-2020",
                "key-1",
                "2026-11-22T18:07:00Z",
                &p,
                None,
                &Notices::none()
            )
            .await
            .unwrap(),
        Inserted::New(_)
    ));

    let rows = store.list("dask-summit-2021").await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, receipt.id);
    assert_eq!(rows[0].proposal, p, "stored byte for byte");
    assert_eq!(store.count("scipy-2020").await.unwrap(), 1);
    assert_eq!(
        receipt.edit_token,
        store.edit_key().token("dask-summit-2021", &receipt.id),
        "the token is recomputed, so a replay has it too"
    );

    // Each change is a version; the first stays what a replayed key is compared with.
    let ev = "dask-summit-2021";
    let mut v2 = p.clone();
    v2.title = "Scaling ML with Dask, second take".into();
    let Changed::Done(saved) = store
        .save(
            ev,
            &receipt.id,
            vec![1],
            "2026-11-23T09:00:00Z",
            &v2,
            None,
            &Notices::none(),
        )
        .await
        .unwrap()
    else {
        panic!("the change was not saved")
    };
    assert_eq!(
        (saved.version, saved.state, saved.updated_at.as_str()),
        (2, ProposalState::Submitted, "2026-11-23T09:00:00Z")
    );
    assert_eq!(
        (saved.proposal.clone(), saved.received_at.as_str()),
        (v2.clone(), "2026-11-22T18:00:00Z")
    );
    let mut v3 = v2.clone();
    v3.title = "Made from version 1, in another tab".into();
    assert_eq!(
        store
            .save(
                ev,
                &receipt.id,
                vec![1],
                "2026-11-23T09:01:00Z",
                &v3,
                None,
                &Notices::none()
            )
            .await
            .unwrap(),
        Changed::Stale(2)
    );
    assert_eq!(
        store
            .save(
                ev,
                &receipt.id,
                vec![1],
                "2026-11-23T09:02:00Z",
                &v2,
                None,
                &Notices::none()
            )
            .await
            .unwrap(),
        Changed::Done(saved.clone()),
        "the same body again (a retry whose answer was lost): as it stands, no new version"
    );
    assert_eq!(
        store
            .insert(
                ev,
                "key-1",
                "2026-11-23T09:03:00Z",
                &p,
                None,
                &Notices::none()
            )
            .await
            .unwrap(),
        Inserted::Replayed(receipt.clone())
    );
    assert_eq!(
        store.get(ev, &receipt.id).await.unwrap(),
        Some(saved.clone())
    );
    assert_eq!(
        store.get("scipy-2020", &receipt.id).await.unwrap(),
        None,
        "per event"
    );

    // A withdrawal keeps the row and is a version; twice is as once; then no changes.
    let Changed::Done(withdrawn) = store
        .withdraw(
            ev,
            &receipt.id,
            None,
            "2026-11-24T10:00:00Z",
            &Notices::none(),
        )
        .await
        .unwrap()
    else {
        panic!("not withdrawn")
    };
    assert_eq!(
        (withdrawn.version, withdrawn.state),
        (3, ProposalState::Withdrawn)
    );
    assert_eq!(withdrawn.proposal, v2);
    assert_eq!(
        store
            .withdraw(
                ev,
                &receipt.id,
                Some(vec![1]),
                "2026-11-24T10:01:00Z",
                &Notices::none()
            )
            .await
            .unwrap(),
        Changed::Done(withdrawn.clone())
    );
    assert_eq!(
        store
            .save(
                ev,
                &receipt.id,
                vec![3],
                "2026-11-24T10:02:00Z",
                &v3,
                None,
                &Notices::none()
            )
            .await
            .unwrap(),
        Changed::Withdrawn
    );
    assert_eq!(
        store
            .save(
                ev,
                "NOPE0-NOPE0",
                vec![1],
                "2026-11-24T10:03:00Z",
                &v3,
                None,
                &Notices::none()
            )
            .await
            .unwrap(),
        Changed::Missing
    );
    let rows = store.list(ev).await.unwrap();
    let untriaged = cfp_server::inbox::Triaged {
        state: cfp_server::inbox::Triage::New,
        by: None,
        at: None,
    };
    assert_eq!(
        rows,
        [StoredProposal {
            triage: Some(untriaged),
            ..withdrawn
        }],
        "the export: the current version, its state and number"
    );

    // The cap per speaker: by address, trimmed and lowercase, across all speakers; a
    // withdrawn proposal does not count, nor does the proposal being changed.
    let ada = |title: &str, emails: &[&str]| {
        let mut q = p.clone();
        q.title = title.into();
        q.speakers = emails
            .iter()
            .map(|e| cfp_core::Speaker {
                name: "Ada".into(),
                email: (*e).into(),
                ..q.speakers[0].clone()
            })
            .collect();
        q
    };
    let first = ada("First", &[" Ada@Example.org "]);
    let Inserted::New(capped_receipt) = store
        .insert(
            "capped",
            "c1",
            "2026-11-22T18:00:00Z",
            &first,
            Some(1),
            &Notices::none(),
        )
        .await
        .unwrap()
    else {
        panic!("the first is under the cap")
    };
    let second = ada("Second", &["bob@example.org", "ada@example.ORG"]);
    let refused = Inserted::TooManyProposals(Capped {
        speaker: 1,
        email: "ada@example.org".into(),
        limit: 1,
    });
    assert_eq!(
        store
            .insert(
                "capped",
                "c2",
                "2026-11-22T18:01:00Z",
                &second,
                Some(1),
                &Notices::none()
            )
            .await
            .unwrap(),
        refused
    );
    assert_eq!(
        store
            .insert(
                "capped",
                "c1",
                "2026-11-22T18:02:00Z",
                &first,
                Some(1),
                &Notices::none()
            )
            .await
            .unwrap(),
        Inserted::Replayed(capped_receipt.clone()),
        "a replay is not a new proposal"
    );
    assert!(
        matches!(
            store
                .save(
                    "capped",
                    &capped_receipt.id,
                    vec![1],
                    "2026-11-22T18:03:00Z",
                    &ada("First, changed", &["ada@example.org"]),
                    Some(1),
                    &Notices::none()
                )
                .await
                .unwrap(),
            Changed::Done(_)
        ),
        "its own proposal does not count against a change"
    );
    assert!(
        matches!(
            store
                .insert(
                    "other-event",
                    "c2",
                    "2026-11-22T18:04:00Z",
                    &second,
                    Some(1),
                    &Notices::none()
                )
                .await
                .unwrap(),
            Inserted::New(_)
        ),
        "per event"
    );
    store
        .withdraw(
            "capped",
            &capped_receipt.id,
            None,
            "2026-11-22T18:05:00Z",
            &Notices::none(),
        )
        .await
        .unwrap();
    let Inserted::New(bob) = store
        .insert(
            "capped",
            "c2",
            "2026-11-22T18:06:00Z",
            &second,
            Some(1),
            &Notices::none(),
        )
        .await
        .unwrap()
    else {
        panic!("a withdrawn proposal does not count")
    };
    let _ = bob;

    // 50 identical submissions racing: one row, one receipt for all.
    let store = Arc::new(store);
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let store = store.clone();
        let p = p.clone();
        tasks.push(tokio::spawn(async move {
            store
                .insert(
                    "race",
                    "race-key",
                    "2026-11-22T18:10:00Z",
                    &p,
                    None,
                    &Notices::none(),
                )
                .await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for task in tasks {
        match task.await.unwrap().unwrap() {
            Inserted::New(r) | Inserted::Replayed(r) => {
                ids.insert(r.id);
            }
            other => panic!("identical proposals, no cap: {other:?}"),
        }
    }
    assert_eq!(ids.len(), 1, "every racer got the same receipt");
    assert_eq!(store.count("race").await.unwrap(), 1);

    // 30 proposals of one speaker racing, each with its own key, under a cap of 3:
    // exactly 3 are stored, whatever the batches.
    let mut tasks = Vec::new();
    for i in 0..30 {
        let store = store.clone();
        let mut q = p.clone();
        q.title = format!("Talk {i}");
        tasks.push(tokio::spawn(async move {
            store
                .insert(
                    "cap-race",
                    &format!("k{i}"),
                    "2026-11-22T18:20:00Z",
                    &q,
                    Some(3),
                    &Notices::none(),
                )
                .await
        }));
    }
    let mut stored = 0;
    for task in tasks {
        match task.await.unwrap().unwrap() {
            Inserted::New(_) => stored += 1,
            Inserted::TooManyProposals(capped) => assert_eq!(capped.limit, 3),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((stored, store.count("cap-race").await.unwrap()), (3, 3));

    outbox_suite(&store).await;
}

/// The outbox's part of the contract: messages queued with the write and only then,
/// once per key; a lease held by one taker; marks; what the export lists.
async fn outbox_suite(store: &Store) {
    let tell = Notices {
        mail: true,
        language: "de".into(),
        organisers_language: "en".into(),
        organisers: vec!["programme@example.org".into()],
        webhooks: vec![],
    };
    let mut p = talk();
    p.speakers.push(Speaker {
        name: "Grace".into(),
        email: "grace@example.org".into(),
        ..Speaker::default()
    });
    let ev = "outbox";
    let Inserted::New(receipt) = store
        .insert(ev, "o1", "2026-11-22T19:00:00Z", &p, None, &tell)
        .await
        .unwrap()
    else {
        panic!("a new row")
    };
    // A replay queues nothing more.
    store
        .insert(ev, "o1", "2026-11-22T19:00:01Z", &p, None, &tell)
        .await
        .unwrap();
    let jobs = store.jobs(ev).await.unwrap();
    let kinds: Vec<&str> = jobs.iter().map(|j| j.kind.as_str()).collect();
    assert_eq!(kinds.len(), 3, "{jobs:#?}");
    for kind in ["received", "named", "organisers_received"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    assert!(jobs
        .iter()
        .all(|j| j.proposal_id == receipt.id && j.version == 1));
    let received = jobs.iter().find(|j| j.kind.as_str() == "received").unwrap();
    assert_eq!(received.language, "de");

    // A change queues its notices; grace was named already, so no second `named`.
    let mut v2 = p.clone();
    v2.title = "Changed".into();
    let changed = store
        .save(
            ev,
            &receipt.id,
            vec![1],
            "2026-11-22T19:01:00Z",
            &v2,
            None,
            &tell,
        )
        .await
        .unwrap();
    assert!(matches!(changed, Changed::Done(_)), "{changed:?}");
    let jobs = store.jobs(ev).await.unwrap();
    assert_eq!(jobs.len(), 5, "{jobs:#?}");
    assert_eq!(
        jobs.iter().filter(|j| j.kind.as_str() == "named").count(),
        1
    );
    let at_1 = store.at_version(ev, &receipt.id, 1).await.unwrap().unwrap();
    assert_eq!(at_1.proposal.title, p.title);

    // Due now and leased by one taker only; a lease lets go when marked.
    let now = cfp_server::receipt::now_unix();
    let due = store.due_jobs(now, 100).await.unwrap();
    assert_eq!(due.len(), 5);
    let key = due[0].key.clone();
    assert!(store.lease(&key, now, now + 60).await.unwrap());
    assert!(!store.lease(&key, now, now + 60).await.unwrap(), "held");
    assert_eq!(store.due_jobs(now, 100).await.unwrap().len(), 4);
    store
        .mark_failed(&key, "connection refused", Some(now + 30))
        .await
        .unwrap();
    assert_eq!(
        store.due_jobs(now, 100).await.unwrap().len(),
        4,
        "not due yet"
    );
    assert!(store.next_due().await.unwrap().is_some());
    for job in store.due_jobs(now, 100).await.unwrap() {
        assert!(store.lease(&job.key, now, now + 60).await.unwrap());
        store.mark_sent(&job.key).await.unwrap();
    }
    store
        .mark_failed(&key, "550 no such user", None)
        .await
        .unwrap();
    let counts = store.outbox_counts().await.unwrap();
    assert_eq!((counts.pending, counts.sent, counts.failed), (0, 4, 1));
    let listed = store.list(ev).await.unwrap();
    assert_eq!(listed[0].undelivered.len(), 1, "{listed:#?}");
    assert_eq!(listed[0].undelivered[0].error, "550 no such user");
    // The speaker's own view never has it.
    assert!(store
        .get(ev, &receipt.id)
        .await
        .unwrap()
        .unwrap()
        .undelivered
        .is_empty());
    // "Lost your link?" finds the sender, by any case, and never a co-speaker.
    assert_eq!(
        store
            .sent_from(ev, " James.Lamb@Example.org")
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .sent_from(ev, "grace@example.org")
        .await
        .unwrap()
        .is_empty());
}

/// The inbox's part of the store's contract: the list's filters, search, sort and pages,
/// counts by standing, triage, notes, versions and sessions, in an event of its own.
pub async fn inbox_suite(store: &Store) {
    use cfp_server::inbox::{Filter, Sort, Standing, Triage};
    use cfp_server::store::{Note, SessionRow};
    let event = "inbox-suite";
    let mut ids = Vec::new();
    for i in 0..7 {
        let mut p = if i % 3 == 0 { workshop(3) } else { talk() };
        p.title = format!(
            "Proposal {i} about {}",
            if i % 2 == 0 { "Dask_arrays" } else { "xarray" }
        );
        p.speakers[0].name = format!("Speaker {}", (b'G' - i as u8) as char);
        p.speakers[0].email = format!("s{i}@example.org");
        let at = format!("2026-11-22T18:00:0{i}Z");
        match store
            .insert(event, &format!("k{i}"), &at, &p, None, &Notices::none())
            .await
            .unwrap()
        {
            Inserted::New(receipt) => ids.push(receipt.id),
            other => panic!("{other:?}"),
        }
    }
    let all = Filter {
        people: true,
        ..Filter::default()
    };
    let page = store
        .inbox_page(event, &all, Sort::Oldest, 0, 3)
        .await
        .unwrap();
    assert_eq!(page.total, 7);
    assert_eq!(
        page.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        ids[..3]
    );
    assert_eq!(page.rows[0].talks, 3);
    assert_eq!(page.rows[0].format, "workshop");
    let last = store
        .inbox_page(event, &all, Sort::Oldest, 2, 3)
        .await
        .unwrap();
    assert_eq!(last.rows.len(), 1);
    let newest = store.inbox_ids(event, &all, Sort::Newest).await.unwrap();
    assert_eq!(newest.first(), ids.last());
    let by_speaker = store.inbox_ids(event, &all, Sort::Speaker).await.unwrap();
    assert_eq!(
        by_speaker.first(),
        ids.last(),
        "Speaker A is the last one stored"
    );
    let by_title = store.inbox_ids(event, &all, Sort::Title).await.unwrap();
    assert_eq!(by_title, ids);

    let workshops = Filter {
        format: Some("workshop".into()),
        ..all.clone()
    };
    assert_eq!(
        store
            .inbox_ids(event, &workshops, Sort::Oldest)
            .await
            .unwrap(),
        [ids[0].clone(), ids[3].clone(), ids[6].clone()]
    );
    let words = |w: &[&str], people: bool| Filter {
        words: w.iter().map(|s| s.to_string()).collect(),
        people,
        ..Filter::default()
    };
    assert_eq!(
        store
            .inbox_page(event, &words(&["xarray"], true), Sort::Oldest, 0, 50)
            .await
            .unwrap()
            .total,
        5,
        "three titles and the two workshops whose talks name it"
    );
    assert_eq!(
        store
            .inbox_page(
                event,
                &words(&["dask_arrays", "proposal"], true),
                Sort::Oldest,
                0,
                50
            )
            .await
            .unwrap()
            .total,
        4
    );
    assert_eq!(
        store
            .inbox_page(event, &words(&["k_arr"], true), Sort::Oldest, 0, 50)
            .await
            .unwrap()
            .total,
        4,
        "an _ is literal"
    );
    assert_eq!(
        store
            .inbox_page(event, &words(&["sk%ar"], true), Sort::Oldest, 0, 50)
            .await
            .unwrap()
            .total,
        0,
        "a % is literal"
    );
    assert_eq!(
        store
            .inbox_page(
                event,
                &words(&["s3@example.org"], true),
                Sort::Oldest,
                0,
                50
            )
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        store
            .inbox_page(
                event,
                &words(&["s3@example.org"], false),
                Sort::Oldest,
                0,
                50
            )
            .await
            .unwrap()
            .total,
        0,
        "no names when anonymised"
    );

    // Triage, and a withdrawal that wins over it.
    assert!(store
        .set_triage(
            event,
            &ids[1],
            Triage::Accepted,
            "Ana",
            "2026-11-23T10:00:00Z"
        )
        .await
        .unwrap());
    assert!(store
        .set_triage(event, &ids[2], Triage::Spam, "Ana", "2026-11-23T10:00:00Z")
        .await
        .unwrap());
    assert!(store
        .set_triage(
            event,
            &ids[4],
            Triage::Accepted,
            "Ana",
            "2026-11-23T10:00:00Z"
        )
        .await
        .unwrap());
    assert!(
        !store
            .set_triage("elsewhere", &ids[1], Triage::Declined, "Ana", "x")
            .await
            .unwrap(),
        "another event's proposal"
    );
    store
        .withdraw(
            event,
            &ids[4],
            None,
            "2026-11-23T11:00:00Z",
            &Notices::none(),
        )
        .await
        .unwrap();
    let counts = store.inbox_counts(event).await.unwrap();
    assert_eq!(
        counts.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        Standing::ALL
    );
    let n = |s: Standing| counts.iter().find(|(c, _)| *c == s).unwrap().1;
    assert_eq!(
        (
            n(Standing::New),
            n(Standing::Accepted),
            n(Standing::Spam),
            n(Standing::Withdrawn)
        ),
        (4, 1, 1, 1)
    );
    let accepted = Filter {
        standing: Some(Ok(Standing::Accepted)),
        ..all.clone()
    };
    assert_eq!(
        store
            .inbox_ids(event, &accepted, Sort::Oldest)
            .await
            .unwrap(),
        [ids[1].clone()]
    );
    let triaged = store
        .list_one(event, &ids[1])
        .await
        .unwrap()
        .unwrap()
        .triage
        .unwrap();
    assert_eq!(
        (triaged.state, triaged.by.as_deref()),
        (Triage::Accepted, Some("Ana"))
    );
    let exported = store
        .inbox_export(event, &accepted, Sort::Oldest)
        .await
        .unwrap();
    assert_eq!(exported.len(), 1);
    assert_eq!(exported[0].triage.as_ref().unwrap().state, Triage::Accepted);
    assert_eq!(
        store.get(event, &ids[1]).await.unwrap().unwrap().triage,
        None,
        "never in the speaker's view"
    );

    // A change moves the list's row with it; every version is kept.
    let mut changed = talk();
    changed.title = "Renamed about zarr".into();
    let Changed::Done(_) = store
        .save(
            event,
            &ids[0],
            vec![1],
            "2026-11-24T09:00:00Z",
            &changed,
            None,
            &Notices::none(),
        )
        .await
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        store
            .inbox_page(event, &words(&["zarr"], false), Sort::Oldest, 0, 50)
            .await
            .unwrap()
            .rows[0]
            .format,
        "talk"
    );
    let versions = store.versions(event, &ids[0]).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(versions[1].proposal.title, "Renamed about zarr");

    // Notes, oldest first, and only on proposals of the event.
    for (at, body) in [
        ("2026-11-24T10:00:00Z", "First"),
        ("2026-11-24T11:00:00Z", "Second"),
    ] {
        let note = Note {
            written_at: at.into(),
            author: "Ana".into(),
            body: body.into(),
        };
        assert!(store.add_note(event, &ids[0], note).await.unwrap());
    }
    let stray = Note {
        written_at: "x".into(),
        author: "Ana".into(),
        body: "no".into(),
    };
    assert!(!store.add_note("elsewhere", &ids[0], stray).await.unwrap());
    let notes = store.notes(event, &ids[0]).await.unwrap();
    assert_eq!(
        notes.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        ["First", "Second"]
    );

    // Sessions: kept by hash, until they expire or close; expired ones go at the next.
    let session = |hash: &str, expires_at: i64| SessionRow {
        session_sha256: hash.into(),
        token_sha256: "t".into(),
        organiser: "Ana".into(),
        language: "es".into(),
        anonymised: false,
        created_at: 100,
        expires_at,
    };
    store.open_session(session("old", 150), 100).await.unwrap();
    store.open_session(session("live", 500), 200).await.unwrap();
    assert_eq!(store.session("old", 200).await.unwrap(), None, "expired");
    assert_eq!(
        store.session("live", 200).await.unwrap().unwrap().language,
        "es"
    );
    store.set_anonymised("live", true).await.unwrap();
    assert!(
        store
            .session("live", 200)
            .await
            .unwrap()
            .unwrap()
            .anonymised
    );
    store.close_session("live").await.unwrap();
    assert_eq!(store.session("live", 200).await.unwrap(), None);
}
