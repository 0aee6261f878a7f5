//! A link that saves text as a file, with nothing sent anywhere: a data: URL.

use yew::prelude::*;

pub fn download_link(json: &str, file: &str, label: &str) -> Html {
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(json))
    );
    html! { <a href={href} download={file.to_owned()}>{label.to_owned()}</a> }
}
