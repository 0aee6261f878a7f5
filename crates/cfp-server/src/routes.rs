//! HTTP handlers, one file per resource.

pub mod edit;
pub mod events;
pub mod export;
pub mod health;
pub mod links;
pub mod metrics;
pub mod pages;
pub mod proposals;
