//! Cell temperature models.

/// Sandia Array Performance Model (King et al. 2004, SAND2004-3535, eq. 11–12) coefficients.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mounting {
    /// Open rack, glass/glass: a = −3.47, b = −0.0594, ΔT = 3 °C.
    OpenRackGlassGlass,
    /// Close roof mount, glass/glass: a = −2.98, b = −0.0471, ΔT = 1 °C.
    CloseMountGlassGlass,
    /// Open rack, glass/polymer: a = −3.56, b = −0.0750, ΔT = 3 °C.
    OpenRackGlassPolymer,
    /// Insulated back, glass/polymer: a = −2.81, b = −0.0455, ΔT = 0 °C.
    InsulatedBackGlassPolymer,
}

impl Mounting {
    /// `(a, b, deltaT)` of the SAPM model.
    pub fn sapm_coefficients(self) -> (f64, f64, f64) {
        match self {
            Mounting::OpenRackGlassGlass => (-3.47, -0.0594, 3.0),
            Mounting::CloseMountGlassGlass => (-2.98, -0.0471, 1.0),
            Mounting::OpenRackGlassPolymer => (-3.56, -0.0750, 3.0),
            Mounting::InsulatedBackGlassPolymer => (-2.81, -0.0455, 0.0),
        }
    }
}

/// SAPM cell temperature, °C, from POA global irradiance (W/m²), air temperature (°C) and
/// wind speed at 10 m (m/s).
pub fn sapm_cell_c(poa_global: f64, temp_air_c: f64, wind_m_per_s: f64, mounting: Mounting) -> f64 {
    let (a, b, dt) = mounting.sapm_coefficients();
    let t_module = poa_global * (a + b * wind_m_per_s).exp() + temp_air_c;
    t_module + poa_global / 1000.0 * dt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sapm_reference_point() {
        // pvlib `temperature.sapm_cell(1000, 20, 1, -3.47, -0.0594, 3)` = 52.3225 °C.
        let t = sapm_cell_c(1000.0, 20.0, 1.0, Mounting::OpenRackGlassGlass);
        let expected = 1000.0 * (-3.47f64 - 0.0594).exp() + 20.0 + 3.0;
        assert!((t - expected).abs() < 1e-12);
        assert!((t - 52.3225).abs() < 1e-4, "{t}");
    }
}
