//! The demo page and the loader. The page carries the Dask event's config inline; it must be the same as
//! `events/dask-summit-2021.json`, or the demo would show a different event from the tests.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn index_html_carries_the_dask_config_verbatim() {
    assert_carries_dask_config(include_str!("../index.html"));
    // The hostile host page of the e2e tests must show the same form as the demo page.
    assert_carries_dask_config(include_str!("../e2e/pages/hostile.html"));
}

fn assert_carries_dask_config(page: &str) {
    let open = "<script type=\"application/json\" id=\"cfp-config\">";
    let start = page.find(open).expect("index.html has a config block") + open.len();
    let end = start
        + page[start..]
            .find("</script>")
            .expect("the block is closed");
    let inline: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../events/dask-summit-2021.json")).unwrap();
    assert_eq!(inline, file);
}

#[test]
fn every_shipped_event_config_is_valid() {
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/events")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let config = cfp_core::EventConfig::from_json(&text)
            .unwrap_or_else(|errors| panic!("{}: {errors:?}", path.display()));
        assert_eq!(
            path.file_stem().unwrap().to_str(),
            Some(config.id.as_str()),
            "an event file is named after its id"
        );
    }
}

#[test]
fn the_loader_says_the_crate_version() {
    let loader = include_str!("../loader/cfp-widget.js");
    let said = format!("version: \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(
        loader.contains(&said),
        "loader/cfp-widget.js must carry {said}"
    );
}
