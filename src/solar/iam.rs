//! Incidence angle modifiers (reflection losses on beam irradiance), as in pvlib `iam`.

/// Incidence-angle model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IamModel {
    /// Fresnel reflection and absorption in a glass cover (De Soto et al. 2006;
    /// Duffie & Beckman 2013), n = 1.526, K = 4 m⁻¹, L = 2 mm.
    Physical,
    /// ASHRAE (Souka & Safwat 1966), b0 = 0.05.
    Ashrae,
    /// No reflection loss.
    None,
}

/// Physical (Fresnel + Bouguer) IAM for a glass cover, pvlib `iam.physical` without AR coating.
pub fn physical(aoi_deg: f64, n: f64, k_per_m: f64, l_m: f64) -> f64 {
    if aoi_deg.abs() >= 90.0 {
        return 0.0;
    }
    let cos1 = aoi_deg.to_radians().cos().max(0.0);
    let sin1 = (1.0 - cos1 * cos1).max(0.0).sqrt();
    let (n1, n2) = (1.0, n);
    let sin2 = n1 / n2 * sin1;
    let cos2 = (1.0 - sin2 * sin2).sqrt();
    let rho_s = ((n1 * cos1 - n2 * cos2) / (n1 * cos1 + n2 * cos2)).powi(2);
    let rho_p = ((n1 * cos2 - n2 * cos1) / (n1 * cos2 + n2 * cos1)).powi(2);
    let rho_0 = ((n1 - n2) / (n1 + n2)).powi(2);
    let absorption = (-k_per_m * l_m / cos2).exp();
    let tau_s = (1.0 - rho_s) * absorption;
    let tau_p = (1.0 - rho_p) * absorption;
    let tau_0 = (1.0 - rho_0) * (-k_per_m * l_m).exp();
    ((tau_s + tau_p) / 2.0 / tau_0).max(0.0)
}

/// ASHRAE IAM: `1 − b0 (1/cos θ − 1)`, 0 at or beyond 90°, never negative.
pub fn ashrae(aoi_deg: f64, b0: f64) -> f64 {
    if aoi_deg.abs() >= 90.0 {
        return 0.0;
    }
    (1.0 - b0 * (1.0 / aoi_deg.to_radians().cos() - 1.0)).max(0.0)
}

/// IAM of a model with its default parameters.
pub fn modifier(model: IamModel, aoi_deg: f64) -> f64 {
    match model {
        IamModel::Physical => physical(aoi_deg, 1.526, 4.0, 0.002),
        IamModel::Ashrae => ashrae(aoi_deg, 0.05),
        IamModel::None => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn physical_normal_incidence_is_one() {
        assert!((physical(0.0, 1.526, 4.0, 0.002) - 1.0).abs() < 1e-12);
        // pvlib `iam.physical(60)` = 0.9460029142 (n = 1.526, K = 4, L = 2 mm).
        let m60 = physical(60.0, 1.526, 4.0, 0.002);
        assert!((m60 - 0.9460029142).abs() < 1e-9, "{m60}");
        assert_eq!(physical(90.0, 1.526, 4.0, 0.002), 0.0);
    }

    #[test]
    fn ashrae_values() {
        assert!((ashrae(60.0, 0.05) - 0.95).abs() < 1e-12);
        assert_eq!(ashrae(95.0, 0.05), 0.0);
    }
}
