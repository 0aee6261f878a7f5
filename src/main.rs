//! The binary Trunk builds. It does nothing on start: the loader (loader/cfp-widget.js)
//! calls the library's exported `mount` for each host element (see src/embed.rs).

// Links the library in, and with it its exports.
use cfp_widget as _;

fn main() {}
