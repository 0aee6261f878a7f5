//! HTTP handlers, one file per resource.

pub mod edit;
pub mod events;
pub mod export;
pub mod health;
pub mod pages;
pub mod proposals;
