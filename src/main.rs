//! The entry point Trunk builds: mount every widget on the page.

fn main() {
    cfp_widget::mount_all();
}
