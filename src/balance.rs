//! Hourly energy balance of a configuration under the Italian rules (TIAD, ARERA
//! 727/2022/R/eel, art. 1): prosumers use their own production first; only net injection
//! counts; **shared energy = min(Σ injected, Σ withdrawn)** every hour; the shared energy is
//! then assigned to plants by the chosen [`SharingRule`].

use crate::scenario::SharingRule;

/// One plant's hourly input.
#[derive(Debug, Clone)]
pub struct PlantInput {
    /// AC production, kWh per hour.
    pub production_kwh: Vec<f64>,
    /// Consumption of the member behind whose meter the plant sits (prosumer), kWh per hour.
    pub host_load_kwh: Option<Vec<f64>>,
    /// Is that host's withdrawal exempt from the capital-grant reduction (DM 127/2025)?
    pub host_grant_exempt: bool,
    /// Rank in order of entry into operation (lower = older).
    pub commissioning_rank: u32,
}

/// One plant's hourly flows.
#[derive(Debug, Clone, Default)]
pub struct PlantFlows {
    /// AC production, kWh.
    pub production_kwh: Vec<f64>,
    /// Physical self-consumption behind the host's meter, kWh.
    pub self_consumption_kwh: Vec<f64>,
    /// Net injection into the grid, kWh.
    pub injected_kwh: Vec<f64>,
    /// Shared energy assigned to this plant, kWh.
    pub shared_kwh: Vec<f64>,
}

/// Hourly balance of the whole configuration.
#[derive(Debug, Clone, Default)]
pub struct Balance {
    /// Σ production, kWh.
    pub production_kwh: Vec<f64>,
    /// Σ members' consumption (including prosumers' self-consumed energy), kWh.
    pub consumption_kwh: Vec<f64>,
    /// Σ self-consumption behind prosumers' meters, kWh.
    pub self_consumption_kwh: Vec<f64>,
    /// Σ net injection, kWh.
    pub injected_kwh: Vec<f64>,
    /// Σ withdrawals from the grid by members' PODs, kWh.
    pub withdrawn_kwh: Vec<f64>,
    /// Withdrawals by members exempt from the grant reduction, kWh.
    pub exempt_withdrawn_kwh: Vec<f64>,
    /// Shared energy = min(injected, withdrawn), kWh.
    pub shared_kwh: Vec<f64>,
    /// Per-plant flows, in input order.
    pub plants: Vec<PlantFlows>,
    /// Community battery charge (from the configuration's injection), kWh.
    pub battery_charge_kwh: Vec<f64>,
    /// Community battery discharge (injected), kWh.
    pub battery_discharge_kwh: Vec<f64>,
    /// Battery state of charge at the end of the hour, kWh.
    pub battery_soc_kwh: Vec<f64>,
}

/// A community battery for the balance.
#[derive(Debug, Clone, Copy)]
pub struct BatteryInput {
    /// Usable capacity, kWh.
    pub energy_kwh: f64,
    /// Power limit, kW.
    pub power_kw: f64,
    /// One-way efficiency (√ of the round trip).
    pub eta: f64,
    /// Index of the plant whose connection injects the discharge (the oldest).
    pub plant: usize,
}

/// Shared-energy-maximising dispatch: charge with the hour's surplus of injection over
/// withdrawals, discharge into the hour's deficit, within power and capacity. The year is run
/// twice so that it starts from the state of charge it ends with (a typical, repeating year).
/// Returns (charge, discharge, state of charge) per hour.
pub fn dispatch(
    injected: &[f64],
    withdrawn: &[f64],
    b: &BatteryInput,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = injected.len();
    let (mut c, mut d, mut soc) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    if b.energy_kwh <= 0.0 || b.power_kw <= 0.0 {
        return (c, d, soc);
    }
    let mut level = 0.0;
    for _pass in 0..2 {
        for t in 0..n {
            let surplus = injected[t] - withdrawn[t];
            c[t] = 0.0;
            d[t] = 0.0;
            if surplus > 0.0 {
                c[t] = surplus
                    .min(b.power_kw)
                    .min((b.energy_kwh - level).max(0.0) / b.eta);
                level += b.eta * c[t];
            } else if surplus < 0.0 {
                d[t] = (-surplus).min(b.power_kw).min(level * b.eta);
                level -= d[t] / b.eta;
            }
            level = level.clamp(0.0, b.energy_kwh);
            soc[t] = level;
        }
    }
    (c, d, soc)
}

/// Computes the hourly balance. `other_load_kwh` is the consumption of all members that host
/// no plant; `other_exempt_load_kwh` the part of it from grant-exempt members.
pub fn compute(
    plants: &[PlantInput],
    other_load_kwh: &[f64],
    other_exempt_load_kwh: &[f64],
    rule: SharingRule,
    battery: Option<&BatteryInput>,
) -> Balance {
    let n = other_load_kwh.len();
    let mut b = Balance {
        production_kwh: vec![0.0; n],
        consumption_kwh: other_load_kwh.to_vec(),
        self_consumption_kwh: vec![0.0; n],
        injected_kwh: vec![0.0; n],
        withdrawn_kwh: other_load_kwh.to_vec(),
        exempt_withdrawn_kwh: other_exempt_load_kwh.to_vec(),
        shared_kwh: vec![0.0; n],
        plants: Vec::with_capacity(plants.len()),
        battery_charge_kwh: vec![0.0; n],
        battery_discharge_kwh: vec![0.0; n],
        battery_soc_kwh: vec![0.0; n],
    };
    for p in plants {
        let mut f = PlantFlows {
            production_kwh: p.production_kwh.clone(),
            self_consumption_kwh: vec![0.0; n],
            injected_kwh: vec![0.0; n],
            shared_kwh: vec![0.0; n],
        };
        for t in 0..n {
            let prod = p.production_kwh[t];
            let (sc, host_w) = match &p.host_load_kwh {
                Some(l) => {
                    let sc = prod.min(l[t]);
                    b.consumption_kwh[t] += l[t];
                    (sc, l[t] - sc)
                }
                None => (0.0, 0.0),
            };
            f.self_consumption_kwh[t] = sc;
            f.injected_kwh[t] = prod - sc;
            b.production_kwh[t] += prod;
            b.self_consumption_kwh[t] += sc;
            b.injected_kwh[t] += prod - sc;
            b.withdrawn_kwh[t] += host_w;
            if p.host_grant_exempt {
                b.exempt_withdrawn_kwh[t] += host_w;
            }
        }
        b.plants.push(f);
    }
    if let Some(bat) = battery.filter(|bat| bat.plant < b.plants.len()) {
        let (c, d, soc) = dispatch(&b.injected_kwh, &b.withdrawn_kwh, bat);
        for t in 0..n {
            let total = b.injected_kwh[t];
            if c[t] > 0.0 && total > 0.0 {
                for pf in b.plants.iter_mut() {
                    pf.injected_kwh[t] -= c[t] * pf.injected_kwh[t] / total;
                }
            }
            b.plants[bat.plant].injected_kwh[t] += d[t];
            b.injected_kwh[t] = total - c[t] + d[t];
        }
        b.battery_charge_kwh = c;
        b.battery_discharge_kwh = d;
        b.battery_soc_kwh = soc;
    }
    // Order of entry into operation (stable: ties keep input order).
    let mut order: Vec<usize> = (0..plants.len()).collect();
    order.sort_by_key(|&i| plants[i].commissioning_rank);
    for t in 0..n {
        let shared = b.injected_kwh[t].min(b.withdrawn_kwh[t]);
        b.shared_kwh[t] = shared;
        if shared <= 0.0 {
            continue;
        }
        match rule {
            SharingRule::CommissioningOrder => {
                let mut left = shared;
                for &i in &order {
                    let give = left.min(b.plants[i].injected_kwh[t]);
                    b.plants[i].shared_kwh[t] = give;
                    left -= give;
                    if left <= 0.0 {
                        break;
                    }
                }
            }
            SharingRule::ProRata => {
                let inj = b.injected_kwh[t];
                for pf in b.plants.iter_mut() {
                    pf.shared_kwh[t] = shared * pf.injected_kwh[t] / inj;
                }
            }
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn battery_moves_surplus_into_deficit() {
        // Hour 0: 10 surplus; hour 1: 6 deficit. 100 % efficiency, 8 kWh, 5 kW.
        let b = BatteryInput {
            energy_kwh: 8.0,
            power_kw: 5.0,
            eta: 1.0,
            plant: 0,
        };
        let (c, d, soc) = dispatch(&[12.0, 0.0], &[2.0, 6.0], &b);
        assert_eq!(c[0], 5.0);
        assert_eq!(d[1], 5.0);
        assert_eq!(soc, vec![5.0, 0.0]);
        // With losses: 90 % one-way.
        let b = BatteryInput { eta: 0.9, ..b };
        let (c, d, _) = dispatch(&[12.0, 0.0], &[2.0, 6.0], &b);
        assert!((d[1] - c[0] * 0.81).abs() < 1e-12);
        let plants = vec![PlantInput {
            production_kwh: vec![12.0, 0.0],
            host_load_kwh: None,
            host_grant_exempt: false,
            commissioning_rank: 1,
        }];
        let bal = compute(
            &plants,
            &[2.0, 6.0],
            &[0.0; 2],
            SharingRule::CommissioningOrder,
            Some(&b),
        );
        // Shared without battery: 2 + 0; with: 2 + discharge.
        assert!((bal.shared_kwh[1] - d[1]).abs() < 1e-12);
        assert!((bal.injected_kwh[0] - (12.0 - c[0])).abs() < 1e-12);
    }

    #[test]
    fn prosumer_self_consumes_first_and_shared_is_min() {
        let plants = vec![
            PlantInput {
                production_kwh: vec![10.0, 0.0, 5.0],
                host_load_kwh: Some(vec![4.0, 3.0, 6.0]),
                host_grant_exempt: true,
                commissioning_rank: 2,
            },
            PlantInput {
                production_kwh: vec![20.0, 0.0, 1.0],
                host_load_kwh: None,
                host_grant_exempt: false,
                commissioning_rank: 1,
            },
        ];
        let other = vec![15.0, 2.0, 30.0];
        let b = compute(
            &plants,
            &other,
            &[0.0; 3],
            SharingRule::CommissioningOrder,
            None,
        );
        // Hour 0: prosumer self-consumes 4, injects 6; stand-alone injects 20 → injected 26;
        // withdrawn = 15 (others) + 0 (host) → shared 15, all to the older plant (#2).
        assert_eq!(b.self_consumption_kwh[0], 4.0);
        assert_eq!(b.injected_kwh[0], 26.0);
        assert_eq!(b.withdrawn_kwh[0], 15.0);
        assert_eq!(b.shared_kwh[0], 15.0);
        assert_eq!(b.plants[1].shared_kwh[0], 15.0);
        assert_eq!(b.plants[0].shared_kwh[0], 0.0);
        // Hour 2: host needs 6 > 5 produced → withdraws 1; injected 1; withdrawn 31.
        assert_eq!(b.withdrawn_kwh[2], 31.0);
        assert_eq!(b.shared_kwh[2], 1.0);
        assert_eq!(b.consumption_kwh[2], 36.0);
        assert_eq!(b.exempt_withdrawn_kwh[2], 1.0);
        let p = compute(&plants, &other, &[0.0; 3], SharingRule::ProRata, None);
        assert!((p.plants[0].shared_kwh[0] - 15.0 * 6.0 / 26.0).abs() < 1e-12);
    }
}
