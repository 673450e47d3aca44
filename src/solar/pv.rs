//! PVWatts-style PV system model (Dobos 2014, NREL/TP-6A20-62641) and the hourly chain that
//! turns the typical year into AC energy per plant.
//!
//! Time convention: PVGIS irradiance in the row stamped `HH:00` UTC is an instantaneous value
//! at `HH:00 + 0.1761 h` (≈ HH:10, the PVGIS irradiance time offset of the satellite data);
//! the sun is placed at that instant and the resulting power is taken as the mean power of the
//! UTC hour `[HH:00, HH+1:00)`, so kW × 1 h = kWh for hour `h`.

use serde::{Deserialize, Serialize};

use super::iam::{self, IamModel};
use super::irradiance::{self, SkyModel, SkyState};
use super::position::{julian_day, solar_position};
use super::temperature::{sapm_cell_c, Mounting};
use crate::calendar::{DAYS_IN_MONTH, HOURS_PER_YEAR};
use crate::data::WeatherYear;

/// PVGIS irradiance time offset, hours after the row's timestamp.
pub const IRRADIANCE_TIME_OFFSET_H: f64 = 0.1761;
/// Year in which the sun's path is computed (weather rows come from several years; the
/// geometry of one fixed year keeps PV yield independent of the scenario's calendar year).
pub const SOLAR_GEOMETRY_YEAR: i32 = 2025;
/// Pressure used for refraction, hPa (pvlib default: standard atmosphere at sea level).
pub const REFRACTION_PRESSURE_HPA: f64 = 1013.25;
/// Temperature used for refraction, °C (pvlib default).
pub const REFRACTION_TEMPERATURE_C: f64 = 12.0;

/// A PV system description, units in names.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PvSystem {
    /// DC nameplate power, kWp.
    pub kwp: f64,
    /// Tilt from horizontal, degrees (0 = flat, 90 = façade).
    pub tilt_deg: f64,
    /// Azimuth, degrees clockwise from north (180 = south).
    pub azimuth_deg: f64,
    /// DC system losses (soiling, wiring, mismatch, …), percent.
    pub losses_pct: f64,
    /// DC/AC ratio: inverter AC rating = kWp / ratio.
    pub dc_ac_ratio: f64,
    /// Temperature coefficient of power, 1/K (PVWatts standard module: −0.004).
    pub gamma_pdc_per_k: f64,
    /// Nominal inverter efficiency (PVWatts default 0.96).
    pub inverter_eta_nom: f64,
    /// Ground albedo (0–1).
    pub albedo: f64,
    /// Mounting (cell temperature model).
    pub mounting: Mounting,
    /// Sky diffuse model.
    pub sky_model: SkyModel,
    /// Incidence angle modifier model.
    pub iam_model: IamModel,
}

impl PvSystem {
    /// A system with the PVWatts defaults for everything but the geometry.
    pub fn new(kwp: f64, tilt_deg: f64, azimuth_deg: f64) -> PvSystem {
        PvSystem {
            kwp,
            tilt_deg,
            azimuth_deg,
            losses_pct: 14.0,
            dc_ac_ratio: 1.0,
            gamma_pdc_per_k: -0.004,
            inverter_eta_nom: 0.96,
            albedo: 0.25,
            mounting: Mounting::OpenRackGlassGlass,
            sky_model: SkyModel::HayDavies,
            iam_model: IamModel::Physical,
        }
    }
}

/// PVWatts DC power, kW: `pdc0 · G_eff/1000 · (1 + γ (T_cell − 25))`.
pub fn pvwatts_dc_kw(
    effective_irradiance: f64,
    temp_cell_c: f64,
    pdc0_kw: f64,
    gamma_per_k: f64,
) -> f64 {
    effective_irradiance / 1000.0 * pdc0_kw * (1.0 + gamma_per_k * (temp_cell_c - 25.0))
}

/// PVWatts inverter (Dobos 2014, eq. 8–9; pvlib `inverter.pvwatts`), kW AC. `pdc0_kw` is the
/// inverter's DC input limit, `eta_nom` its nominal efficiency, reference efficiency 0.9637.
/// Output is clipped to `eta_nom · pdc0_kw` and never negative.
pub fn pvwatts_inverter_kw(pdc_kw: f64, pdc0_kw: f64, eta_nom: f64) -> f64 {
    if pdc_kw == 0.0 || pdc0_kw <= 0.0 {
        return 0.0;
    }
    let eta_ref = 0.9637;
    let pac0 = eta_nom * pdc0_kw;
    let zeta = pdc_kw / pdc0_kw;
    let eta = eta_nom / eta_ref * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
    (eta * pdc_kw).min(pac0).max(0.0)
}

/// The sun's path over the typical year at one site, shared by every plant there.
#[derive(Debug, Clone)]
pub struct SunPath {
    /// Apparent zenith, degrees, per hour.
    pub apparent_zenith_deg: Vec<f64>,
    /// Azimuth, degrees clockwise from north, per hour.
    pub azimuth_deg: Vec<f64>,
    /// Extraterrestrial normal irradiance, W/m², per hour.
    pub dni_extra_w_per_m2: Vec<f64>,
}

impl SunPath {
    /// Computes the sun's position at `HH:00 + 0.1761 h` UTC of every hour.
    pub fn new(latitude_deg: f64, longitude_deg: f64) -> SunPath {
        let mut zen = Vec::with_capacity(HOURS_PER_YEAR);
        let mut az = Vec::with_capacity(HOURS_PER_YEAR);
        let mut extra = Vec::with_capacity(HOURS_PER_YEAR);
        let mut doy = 0u32;
        for (mi, &ndays) in DAYS_IN_MONTH.iter().enumerate() {
            for day in 1..=ndays {
                doy += 1;
                let e = irradiance::extra_radiation_w_per_m2(doy);
                for hour in 0..24 {
                    let jd = julian_day(
                        SOLAR_GEOMETRY_YEAR,
                        mi as u32 + 1,
                        day,
                        hour as f64 + IRRADIANCE_TIME_OFFSET_H,
                    );
                    let p = solar_position(
                        jd,
                        latitude_deg,
                        longitude_deg,
                        REFRACTION_PRESSURE_HPA,
                        REFRACTION_TEMPERATURE_C,
                    );
                    zen.push(p.apparent_zenith_deg);
                    az.push(p.azimuth_deg);
                    extra.push(e);
                }
            }
        }
        SunPath {
            apparent_zenith_deg: zen,
            azimuth_deg: az,
            dni_extra_w_per_m2: extra,
        }
    }
}

/// Hourly AC energy of a system over the typical year, kWh (8,760 values).
pub fn simulate_plant(system: &PvSystem, sun: &SunPath, weather: &WeatherYear) -> Vec<f64> {
    let loss_factor = 1.0 - system.losses_pct / 100.0;
    let pac0_kw = system.kwp / system.dc_ac_ratio;
    let inverter_pdc0_kw = pac0_kw / system.inverter_eta_nom;
    (0..HOURS_PER_YEAR)
        .map(|h| {
            let (ghi, dni, dhi) = (
                weather.ghi_w_per_m2[h],
                weather.dni_w_per_m2[h],
                weather.dhi_w_per_m2[h],
            );
            if ghi <= 0.0 && dni <= 0.0 && dhi <= 0.0 {
                return 0.0;
            }
            let sky = SkyState {
                ghi,
                dni,
                dhi,
                dni_extra: sun.dni_extra_w_per_m2[h],
                zenith_deg: sun.apparent_zenith_deg[h],
                sun_azimuth_deg: sun.azimuth_deg[h],
            };
            let poa = irradiance::total_irradiance(
                system.tilt_deg,
                system.azimuth_deg,
                &sky,
                system.albedo,
                system.sky_model,
            );
            let effective = poa.direct * iam::modifier(system.iam_model, poa.aoi_deg)
                + poa.sky_diffuse
                + poa.ground_diffuse;
            let t_cell = sapm_cell_c(
                poa.global(),
                weather.temp_air_c[h],
                weather.wind_speed_m_per_s[h],
                system.mounting,
            );
            let dc =
                pvwatts_dc_kw(effective, t_cell, system.kwp, system.gamma_pdc_per_k) * loss_factor;
            pvwatts_inverter_kw(dc, inverter_pdc0_kw, system.inverter_eta_nom)
        })
        .collect()
}

/// Monthly sums (by UTC month of the TMY row) of an hourly series.
pub fn monthly_totals(hourly: &[f64]) -> [f64; 12] {
    let mut out = [0.0; 12];
    let mut h = 0;
    for (m, &nd) in DAYS_IN_MONTH.iter().enumerate() {
        let n = nd as usize * 24;
        out[m] = hourly[h..h + n].iter().sum();
        h += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverter_clips_and_reaches_nominal_efficiency() {
        // At zeta = 1 the PVWatts curve gives eta_nom / 0.9637 · 0.9637 = eta_nom (by design).
        let pac = pvwatts_inverter_kw(100.0, 100.0, 0.96);
        assert!((pac - 96.0).abs() < 0.01, "{pac}");
        assert_eq!(pvwatts_inverter_kw(200.0, 100.0, 0.96), 96.0);
        assert_eq!(pvwatts_inverter_kw(0.0, 100.0, 0.96), 0.0);
    }

    #[test]
    fn dc_at_stc() {
        assert!((pvwatts_dc_kw(1000.0, 25.0, 10.0, -0.004) - 10.0).abs() < 1e-12);
        assert!((pvwatts_dc_kw(1000.0, 35.0, 10.0, -0.004) - 9.6).abs() < 1e-12);
    }
}
