//! # cer-planner
//!
//! Planning simulator for renewable energy communities (CER/CERS) in Milan. The crate is a pure
//! core (no IO; builds for native and wasm32) plus two front ends: a command-line tool
//! (`src/cli.rs`, native only) and a Yew web app (`src/web/`, wasm32 only).
//! See `ARCHITECTURE.md` for the code map.

#![deny(missing_docs)]

pub mod calendar;
pub mod data;
pub mod load;
pub mod params;
pub mod solar;
