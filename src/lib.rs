//! # cer-planner
//!
//! Planning simulator for renewable energy communities (CER/CERS) in Milan. The crate is a pure
//! core (no IO; builds for native and wasm32) plus two front ends: a command-line tool
//! (`src/cli.rs`, native only) and a Yew web app (`src/web/`, wasm32 only).
//! See `ARCHITECTURE.md` for the code map.

#![deny(missing_docs)]

pub mod balance;
pub mod calendar;
pub mod charts;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod clock;
pub mod curve;
pub mod data;
pub mod economics;
pub mod eligibility;
pub mod event;
pub mod finance;
pub mod format;
pub mod glossary;
pub mod load;
pub mod optimize;
pub mod params;
pub mod plausibility;
pub mod presets;
pub mod price;
pub mod producer;
pub mod protocol;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod serde_it;
pub mod share;
pub mod simulate;
pub mod solar;
pub mod solidarity;
#[cfg(target_arch = "wasm32")]
pub mod web;
