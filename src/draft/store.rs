//! The browser side of drafts: localStorage reads and writes, and the two events that
//! matter to them: `pagehide` (save now, the page is going) and `storage` (another tab of
//! the same site saved this event's draft).
//!
//! Every call tolerates a storage that is missing, blocked or full: drafts then simply are
//! not kept, and the caller tells the speaker so.

use super::{decode, set_aside_key, storage_key, Draft, Loaded};
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Storage, StorageEvent};
use yew::Callback;

pub(crate) fn local_storage() -> Option<Storage> {
    // `localStorage` itself throws where storage is blocked (some private modes, sandboxed
    // frames): that is an Err here, not a panic.
    web_sys::window()?.local_storage().ok().flatten()
}

/// The event's draft. One that cannot be read is moved to the set-aside key first, so that
/// saving the new draft never destroys it.
pub fn load(event_id: &str) -> Loaded {
    let Some(storage) = local_storage() else {
        return Loaded::Nothing;
    };
    let key = storage_key(event_id);
    let loaded = decode(storage.get_item(&key).ok().flatten().as_deref());
    if let Loaded::Unreadable(text) = &loaded {
        let _ = storage.set_item(&set_aside_key(event_id), text);
        let _ = storage.remove_item(&key);
    }
    loaded
}

/// Write `text` (an encoded draft) as the event's draft; false when the browser refused.
pub fn write(event_id: &str, text: &str) -> bool {
    local_storage().is_some_and(|s| s.set_item(&storage_key(event_id), text).is_ok())
}

pub fn clear(event_id: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&storage_key(event_id));
    }
}

/// Pending draft text, written at the next debounce tick or when the page is hidden.
pub type Pending = Rc<RefCell<Option<String>>>;

/// Write what is pending, if anything; false when the browser refused.
pub fn flush(event_id: &str, pending: &Pending) -> bool {
    match pending.borrow_mut().take() {
        Some(text) => write(event_id, &text),
        None => true,
    }
}

/// The listeners a mounted form keeps; dropping them removes them.
pub struct Listeners {
    _pagehide: EventListener,
    _storage: EventListener,
}

/// Save on `pagehide`; report drafts of this event saved by other tabs.
pub fn listen(
    event_id: &str,
    tab: &str,
    pending: Pending,
    on_other_tab: Callback<Draft>,
) -> Option<Listeners> {
    let window = web_sys::window()?;
    let pagehide = {
        let event_id = event_id.to_owned();
        EventListener::new(&window, "pagehide", move |_| {
            flush(&event_id, &pending);
        })
    };
    let storage = {
        let key = storage_key(event_id);
        let tab = tab.to_owned();
        EventListener::new(&window, "storage", move |event| {
            let Some(event) = event.dyn_ref::<StorageEvent>() else {
                return;
            };
            if event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            if let Loaded::Draft(draft) = decode(event.new_value().as_deref()) {
                if draft.tab != tab {
                    on_other_tab.emit(*draft);
                }
            }
        })
    };
    Some(Listeners {
        _pagehide: pagehide,
        _storage: storage,
    })
}
