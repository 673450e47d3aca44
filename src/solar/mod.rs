//! Photovoltaic yield from the typical meteorological year, as a chain of small pure functions
//! in the manner of pvlib: [`position`] → [`irradiance`] (transposition to the plane) →
//! [`iam`] (reflection loss on beam) → [`temperature`] (cell temperature) → [`pv`] (PVWatts DC,
//! system losses, PVWatts inverter, clipping). [`pv::simulate_plant`] is the orchestrator.
//!
//! Angles are degrees unless a name says `_rad`; azimuths are clockwise from north
//! (180 = south); irradiance in W/m²; power in kW; energy in kWh.

pub mod iam;
pub mod irradiance;
pub mod position;
pub mod pv;
pub mod temperature;
