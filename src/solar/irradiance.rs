//! Transposition of horizontal irradiance to the plane of array (POA).
//!
//! Formulas follow pvlib-python's `irradiance` module so that results are comparable
//! one-to-one with the pvlib fixtures in `tests/fixtures/`:
//! Spencer (1971) extraterrestrial irradiance, the Hay & Davies (1980) anisotropic sky model,
//! the isotropic (Liu & Jordan 1963) model and the isotropic ground reflection.

/// Solar constant used by pvlib's `get_extra_radiation`, W/m².
pub const SOLAR_CONSTANT_W_PER_M2: f64 = 1366.1;

/// Sky diffuse transposition model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkyModel {
    /// Hay & Davies (1980): isotropic plus circumsolar, weighted by the anisotropy index.
    HayDavies,
    /// Isotropic sky (Liu & Jordan 1963): a conservative lower bound.
    Isotropic,
    /// Perez et al. (1990) with the "all sites composite 1990" coefficients: circumsolar and
    /// horizon brightening by sky clearness and brightness bins.
    Perez,
}

/// Perez et al. (1990), Solar Energy 44(5) 271–289, Table 6, "all sites composite":
/// `[F11, F12, F13, F21, F22, F23]` for the eight clearness bins.
pub const PEREZ_ALLSITES_1990: [[f64; 6]; 8] = [
    [-0.0080, 0.5880, -0.0620, -0.0600, 0.0720, -0.0220],
    [0.1300, 0.6830, -0.1510, -0.0190, 0.0660, -0.0290],
    [0.3300, 0.4870, -0.2210, 0.0550, -0.0640, -0.0260],
    [0.5680, 0.1870, -0.2950, 0.1090, -0.1520, -0.0140],
    [0.8730, -0.3920, -0.3620, 0.2260, -0.4620, 0.0010],
    [1.1320, -1.2370, -0.4120, 0.2880, -0.8230, 0.0560],
    [1.0600, -1.6000, -0.3590, 0.2640, -1.1270, 0.1310],
    [0.6780, -0.3270, -0.2500, 0.1560, -1.3770, 0.2510],
];

/// Relative air mass (Kasten & Young 1989); `None` with the sun below the horizon.
pub fn relative_airmass(zenith_deg: f64) -> Option<f64> {
    (zenith_deg <= 90.0).then(|| {
        1.0 / (zenith_deg.to_radians().cos()
            + 0.50572 * (6.07995 + 90.0 - zenith_deg).powf(-1.6364))
    })
}

/// Perez (1990) sky diffuse on the plane, W/m² (as pvlib `perez` with the Kasten-Young air
/// mass; 0 when there is no diffuse light or the sun is below the horizon).
pub fn perez_w_per_m2(
    tilt_deg: f64,
    azimuth_deg: f64,
    dhi: f64,
    dni: f64,
    dni_extra: f64,
    zenith_deg: f64,
    sun_azimuth_deg: f64,
) -> f64 {
    let Some(am) = relative_airmass(zenith_deg) else {
        return 0.0;
    };
    if dhi <= 0.0 {
        return 0.0;
    }
    let kappa = 1.041;
    let z = zenith_deg.to_radians();
    let delta = dhi * am / dni_extra;
    let eps = ((dhi + dni) / dhi + kappa * z.powi(3)) / (1.0 + kappa * z.powi(3));
    let edges = [1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2];
    let bin = edges.iter().filter(|e| eps >= **e).count();
    let c = PEREZ_ALLSITES_1990[bin];
    let f1 = (c[0] + c[1] * delta + c[2] * z).max(0.0);
    let f2 = c[3] + c[4] * delta + c[5] * z;
    let a = aoi_projection(tilt_deg, azimuth_deg, zenith_deg, sun_azimuth_deg).max(0.0);
    let b = zenith_deg.to_radians().cos().max(85f64.to_radians().cos());
    let t = tilt_deg.to_radians();
    (dhi * (0.5 * (1.0 - f1) * (1.0 + t.cos()) + f1 * a / b + f2 * t.sin())).max(0.0)
}

/// Extraterrestrial normal irradiance on day of year `doy` (Spencer 1971), W/m².
pub fn extra_radiation_w_per_m2(doy: u32) -> f64 {
    let b = 2.0 * std::f64::consts::PI * (doy as f64 - 1.0) / 365.0;
    SOLAR_CONSTANT_W_PER_M2
        * (1.00011
            + 0.034221 * b.cos()
            + 0.00128 * b.sin()
            + 0.000719 * (2.0 * b).cos()
            + 0.000077 * (2.0 * b).sin())
}

/// Cosine of the angle of incidence of beam on a plane (`tilt_deg`, `azimuth_deg`),
/// clipped to [-1, 1].
pub fn aoi_projection(
    tilt_deg: f64,
    azimuth_deg: f64,
    zenith_deg: f64,
    sun_azimuth_deg: f64,
) -> f64 {
    let (t, z) = (tilt_deg.to_radians(), zenith_deg.to_radians());
    let da = (sun_azimuth_deg - azimuth_deg).to_radians();
    (z.cos() * t.cos() + z.sin() * t.sin() * da.cos()).clamp(-1.0, 1.0)
}

/// Angle of incidence, degrees.
pub fn aoi_deg(tilt_deg: f64, azimuth_deg: f64, zenith_deg: f64, sun_azimuth_deg: f64) -> f64 {
    aoi_projection(tilt_deg, azimuth_deg, zenith_deg, sun_azimuth_deg)
        .acos()
        .to_degrees()
}

/// Ground-reflected irradiance on the plane, W/m² (isotropic ground, `albedo` 0–1).
pub fn ground_diffuse_w_per_m2(tilt_deg: f64, ghi: f64, albedo: f64) -> f64 {
    ghi * albedo * (1.0 - tilt_deg.to_radians().cos()) * 0.5
}

/// Isotropic sky diffuse on the plane, W/m².
pub fn isotropic_w_per_m2(tilt_deg: f64, dhi: f64) -> f64 {
    dhi * (1.0 + tilt_deg.to_radians().cos()) * 0.5
}

/// Hay & Davies (1980) sky diffuse on the plane, W/m² (pvlib `haydavies`, with its guard
/// `max(cos zenith, 0.01745)` on the beam ratio).
pub fn hay_davies_w_per_m2(
    tilt_deg: f64,
    azimuth_deg: f64,
    dhi: f64,
    dni: f64,
    dni_extra: f64,
    zenith_deg: f64,
    sun_azimuth_deg: f64,
) -> f64 {
    let cos_tt = aoi_projection(tilt_deg, azimuth_deg, zenith_deg, sun_azimuth_deg).max(0.0);
    let rb = cos_tt / zenith_deg.to_radians().cos().max(0.01745);
    let ai = dni / dni_extra;
    let iso = (dhi * (1.0 - ai) * 0.5 * (1.0 + tilt_deg.to_radians().cos())).max(0.0);
    let circ = (dhi * ai * rb).max(0.0);
    iso + circ
}

/// Plane-of-array irradiance components, W/m².
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Poa {
    /// Beam on the plane, `max(0, DNI cos AOI)`.
    pub direct: f64,
    /// Sky diffuse on the plane.
    pub sky_diffuse: f64,
    /// Ground-reflected on the plane.
    pub ground_diffuse: f64,
    /// Angle of incidence, degrees.
    pub aoi_deg: f64,
}

impl Poa {
    /// Total plane-of-array irradiance, W/m².
    pub fn global(&self) -> f64 {
        self.direct + self.sky_diffuse + self.ground_diffuse
    }
}

/// Inputs of [`total_irradiance`] that describe the sky and the sun.
#[derive(Debug, Clone, Copy)]
pub struct SkyState {
    /// Global horizontal irradiance, W/m².
    pub ghi: f64,
    /// Direct normal irradiance, W/m².
    pub dni: f64,
    /// Diffuse horizontal irradiance, W/m².
    pub dhi: f64,
    /// Extraterrestrial normal irradiance, W/m².
    pub dni_extra: f64,
    /// Apparent solar zenith, degrees.
    pub zenith_deg: f64,
    /// Solar azimuth, degrees clockwise from north.
    pub sun_azimuth_deg: f64,
}

/// POA components for a plane, as pvlib's `get_total_irradiance`.
pub fn total_irradiance(
    tilt_deg: f64,
    azimuth_deg: f64,
    sky: &SkyState,
    albedo: f64,
    model: SkyModel,
) -> Poa {
    let aoi = aoi_deg(tilt_deg, azimuth_deg, sky.zenith_deg, sky.sun_azimuth_deg);
    let sky_diffuse = match model {
        SkyModel::HayDavies => hay_davies_w_per_m2(
            tilt_deg,
            azimuth_deg,
            sky.dhi,
            sky.dni,
            sky.dni_extra,
            sky.zenith_deg,
            sky.sun_azimuth_deg,
        ),
        SkyModel::Isotropic => isotropic_w_per_m2(tilt_deg, sky.dhi),
        SkyModel::Perez => perez_w_per_m2(
            tilt_deg,
            azimuth_deg,
            sky.dhi,
            sky.dni,
            sky.dni_extra,
            sky.zenith_deg,
            sky.sun_azimuth_deg,
        ),
    };
    Poa {
        direct: (sky.dni * aoi.to_radians().cos()).max(0.0),
        sky_diffuse,
        ground_diffuse: ground_diffuse_w_per_m2(tilt_deg, sky.ghi, albedo),
        aoi_deg: aoi,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_radiation_perihelion_aphelion() {
        // pvlib 0.13 `get_extra_radiation(3)` = 1414.0192, `(185)` = 1320.4577 (Spencer 1971).
        assert!((extra_radiation_w_per_m2(3) - 1414.0192).abs() < 1e-3);
        assert!((extra_radiation_w_per_m2(185) - 1320.4577).abs() < 1e-3);
    }

    #[test]
    fn horizontal_plane_gets_ghi() {
        let sky = SkyState {
            ghi: 600.0,
            dni: 700.0,
            dhi: 150.0,
            dni_extra: 1367.0,
            zenith_deg: 50.0,
            sun_azimuth_deg: 170.0,
        };
        let poa = total_irradiance(0.0, 180.0, &sky, 0.25, SkyModel::HayDavies);
        // Horizontal: beam = DNI cos z, Hay-Davies diffuse reduces to DHI.
        let beam = 700.0 * 50f64.to_radians().cos();
        assert!((poa.direct - beam).abs() < 1e-9);
        assert!((poa.sky_diffuse - 150.0).abs() < 1e-9);
        assert!(poa.ground_diffuse.abs() < 1e-12);
    }
}
