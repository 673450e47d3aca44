//! Charts, written once with plotters and generic over the drawing backend: SVG for the CLI
//! and tests, `<canvas>` in the browser. They draw from a [`Report`] only.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::format::{self, Lang};
use crate::report::Report;

/// Height of an x axis with tick labels (11 px) and a title under them (`x_desc`), px.
const X_LABEL_AND_TITLE_PX: u32 = 38;

/// Production colour (amber).
pub const PRODUCTION: RGBColor = RGBColor(230, 145, 0);
/// Consumption colour (blue).
pub const CONSUMPTION: RGBColor = RGBColor(31, 95, 170);
/// Shared-energy colour (green).
pub const SHARED: RGBColor = RGBColor(20, 130, 70);

/// Chart labels in the user's language.
#[derive(Debug, Clone, Copy)]
pub struct ChartText {
    /// Month abbreviations.
    pub months: [&'static str; 12],
    /// "Production".
    pub production: &'static str,
    /// "Consumption".
    pub consumption: &'static str,
    /// "Shared".
    pub shared: &'static str,
    /// Local hour axis label.
    pub hour: &'static str,
    /// "year".
    pub year: &'static str,
    /// "cumulative cash flow".
    pub cumulative: &'static str,
    /// "solidarity fund".
    pub fund: &'static str,
    /// "incentives".
    pub incentives: &'static str,
    /// "running costs".
    pub running_costs: &'static str,
    /// "energy-poor households".
    pub energy_poor: &'static str,
    /// "territorial projects".
    pub territorial: &'static str,
    /// "producers".
    pub producers: &'static str,
    /// "members".
    pub members: &'static str,
    /// Number format of the labels.
    pub lang: Lang,
}

/// Italian labels.
pub const IT: ChartText = ChartText {
    months: [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ],
    production: "Produzione",
    consumption: "Consumo",
    shared: "Condivisa",
    hour: "ora locale",
    year: "anno",
    cumulative: "Flusso di cassa cumulato della configurazione",
    fund: "Fondo annuo della comunità",
    incentives: "Incentivi annui (tariffa premio + valorizzazione)",
    running_costs: "Costi di gestione",
    energy_poor: "Famiglie in povertà energetica",
    territorial: "Progetti sul territorio",
    producers: "Produttori",
    members: "Membri",
    lang: Lang::It,
};

/// English labels.
pub const EN: ChartText = ChartText {
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    production: "Production",
    consumption: "Consumption",
    shared: "Shared",
    hour: "local hour",
    year: "year",
    cumulative: "Configuration's cumulative cash flow",
    fund: "Community's yearly fund",
    incentives: "Yearly incentives (premium tariff + valorisation)",
    running_costs: "Running costs",
    energy_poor: "Energy-poor households",
    territorial: "Territorial projects",
    producers: "Producers",
    members: "Members",
    lang: Lang::En,
};

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Typical day of each month: a 4 × 3 grid of small charts, kW by local hour.
pub fn draw_typical_days<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let ymax = r
        .typical_days
        .iter()
        .flat_map(|d| d.production_kw.iter().chain(&d.consumption_kw))
        .fold(0.0f64, |a, b| a.max(*b))
        .max(1e-6)
        * 1.05;
    let (legend, grid) = area.split_vertically(24);
    // Four columns, or two on a narrow canvas (a phone).
    let cols = if area.dim_in_pixel().0 < 560 { 2 } else { 4 };
    let cells = grid.split_evenly((12 / cols, cols));
    for (d, cell) in r.typical_days.iter().zip(cells.iter()) {
        let mut c = ChartBuilder::on(cell)
            .caption(t.months[d.month as usize - 1], ("sans-serif", 13))
            .margin(4)
            .x_label_area_size(16)
            .y_label_area_size(36)
            .build_cartesian_2d(0f64..24f64, 0f64..ymax)?;
        c.configure_mesh()
            .x_labels(5)
            .y_labels(3)
            .x_label_formatter(&|x| format::number(x.round(), 0, t.lang))
            .y_label_formatter(&|y| format::number(y.round(), 0, t.lang))
            .label_style(("sans-serif", 9))
            .disable_x_mesh()
            .draw()?;
        let series = |v: &Vec<f64>| (0..24).map(|h| (h as f64 + 0.5, v[h])).collect::<Vec<_>>();
        c.draw_series(
            AreaSeries::new(series(&d.shared_kw), 0.0, SHARED.mix(0.35)).border_style(SHARED),
        )?;
        c.draw_series(LineSeries::new(
            series(&d.production_kw),
            PRODUCTION.stroke_width(2),
        ))?;
        c.draw_series(LineSeries::new(
            series(&d.consumption_kw),
            CONSUMPTION.stroke_width(2),
        ))?;
    }
    draw_legend(
        &legend,
        &[
            (t.production, PRODUCTION),
            (t.consumption, CONSUMPTION),
            (t.shared, SHARED),
        ],
    )?;
    Ok(())
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(&str, RGBColor)],
) -> DrawResult<DB> {
    let mut x = 10;
    for (label, color) in items {
        area.draw(&Rectangle::new([(x, 7), (x + 14, 19)], color.filled()))?;
        area.draw(&Text::new(
            label.to_string(),
            (x + 18, 6),
            ("sans-serif", 13).into_font().color(&BLACK),
        ))?;
        x += 30 + 8 * label.chars().count() as i32;
    }
    Ok(())
}

/// Grouped monthly bars, one bar per series and month (values in kWh, drawn in MWh).
fn draw_monthly_groups<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    groups: &[(&str, RGBColor, [f64; 12])],
    t: &ChartText,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (legend, body) = area.split_vertically(24);
    let ymax = groups
        .iter()
        .flat_map(|g| g.2)
        .fold(0.0, f64::max)
        .max(1e-6)
        / 1000.0
        * 1.08;
    let mut c = ChartBuilder::on(&body)
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..12f64, 0f64..ymax)?;
    c.configure_mesh()
        .disable_x_mesh()
        .x_labels(12)
        .x_label_formatter(&|x| {
            t.months
                .get(x.floor() as usize)
                .map(|s| s.to_string())
                .unwrap_or_default()
        })
        .y_desc("MWh")
        .y_label_formatter(&|y| format::number(y.round(), 0, t.lang))
        .label_style(("sans-serif", 11))
        .draw()?;
    let w = 0.78 / groups.len().max(1) as f64;
    for (k, (_, color, values)) in groups.iter().enumerate() {
        c.draw_series(values.iter().enumerate().map(|(i, v)| {
            let x0 = i as f64 + 0.11 + k as f64 * w;
            Rectangle::new([(x0, 0.0), (x0 + w * 0.92, v / 1000.0)], color.filled())
        }))?;
    }
    let items: Vec<(&str, RGBColor)> = groups.iter().map(|g| (g.0, g.1)).collect();
    draw_legend(&legend, &items)
}

fn monthly_values(r: &Report, get: impl Fn(&crate::report::MonthReport) -> f64) -> [f64; 12] {
    let mut out = [0.0; 12];
    for (o, m) in out.iter_mut().zip(&r.monthly) {
        *o = get(m);
    }
    out
}

/// Monthly bars: production, consumption and shared energy, MWh.
pub fn draw_monthly<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
) -> DrawResult<DB> {
    draw_monthly_groups(
        area,
        &[
            (
                t.production,
                PRODUCTION,
                monthly_values(r, |m| m.production_kwh),
            ),
            (
                t.consumption,
                CONSUMPTION,
                monthly_values(r, |m| m.consumption_kwh),
            ),
            (t.shared, SHARED, monthly_values(r, |m| m.shared_kwh)),
        ],
        t,
    )
}

/// Month × local-hour heat map of shared energy (darker green = more), kWh.
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let vmax = r
        .heatmap_shared_kwh
        .iter()
        .flatten()
        .fold(0.0f64, |a, b| a.max(*b))
        .max(1e-9);
    let mut c = ChartBuilder::on(area)
        .margin(8)
        .x_label_area_size(X_LABEL_AND_TITLE_PX)
        .y_label_area_size(40)
        .build_cartesian_2d(0f64..24f64, 0f64..12f64)?;
    c.configure_mesh()
        .disable_mesh()
        .x_labels(13)
        .y_labels(12)
        .x_label_formatter(&|x| format::number(x.round(), 0, t.lang))
        .x_desc(t.hour)
        .y_label_formatter(&|y| {
            t.months
                .get(11 - (y.floor() as usize).min(11))
                .map(|s| s.to_string())
                .unwrap_or_default()
        })
        .label_style(("sans-serif", 11))
        .draw()?;
    c.draw_series(
        r.heatmap_shared_kwh
            .iter()
            .enumerate()
            .flat_map(|(m, row)| {
                row.iter().enumerate().map(move |(h, v)| {
                    let a = v / vmax;
                    let color = RGBColor(
                        (255.0 - a * (255.0 - SHARED.0 as f64)) as u8,
                        (255.0 - a * (255.0 - SHARED.1 as f64)) as u8,
                        (255.0 - a * (255.0 - SHARED.2 as f64)) as u8,
                    );
                    let y = 11.0 - m as f64;
                    Rectangle::new([(h as f64, y), (h as f64 + 1.0, y + 1.0)], color.filled())
                })
            }),
    )?;
    Ok(())
}

/// One chart as an SVG string of `size` pixels.
fn svg(size: (u32, u32), draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>)) -> String {
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, size).into_drawing_area();
        draw(&root);
        let _ = root.present();
    }
    s
}

/// Renders every chart as an SVG string: `(file name, svg)`.
pub fn render_svgs(r: &Report, t: &ChartText) -> Vec<(&'static str, String)> {
    vec![
        (
            "typical_days.svg",
            svg((960, 640), |a| drop(draw_typical_days(a, r, t))),
        ),
        (
            "monthly.svg",
            svg((800, 400), |a| drop(draw_monthly(a, r, t))),
        ),
        (
            "heatmap_shared.svg",
            svg((800, 420), |a| drop(draw_heatmap(a, r, t))),
        ),
        (
            "cash_flow.svg",
            svg((800, 380), |a| drop(draw_cash_flow(a, r, t))),
        ),
        ("money.svg", svg((800, 240), |a| drop(draw_money(a, r, t)))),
    ]
}

/// 20-year cumulative cash flow of the whole configuration and the community's yearly fund, k€.
pub fn draw_cash_flow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (legend, body) = area.split_vertically(24);
    let flows = &r.finance.configuration.cash_flow_eur;
    let mut cum = Vec::with_capacity(flows.len());
    let mut acc = 0.0;
    for f in flows {
        acc += f / 1000.0;
        cum.push(acc);
    }
    let fund: Vec<f64> = r
        .finance
        .community
        .cash_flow_eur
        .iter()
        .map(|x| x / 1000.0)
        .collect();
    let lo = cum.iter().chain(&fund).fold(0.0f64, |a, b| a.min(*b)) * 1.1 - 1.0;
    let hi = cum.iter().chain(&fund).fold(0.0f64, |a, b| a.max(*b)) * 1.1 + 1.0;
    let n = flows.len() as f64;
    let mut c = ChartBuilder::on(&body)
        .margin(8)
        .x_label_area_size(X_LABEL_AND_TITLE_PX)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..n - 0.5, lo..hi)?;
    c.configure_mesh()
        .disable_x_mesh()
        .x_labels(11)
        .x_label_formatter(&|x| format::number(x.round(), 0, t.lang))
        .y_label_formatter(&|y| format::number(y.round(), 0, t.lang))
        .y_desc("k€")
        .x_desc(t.year)
        .label_style(("sans-serif", 11))
        .draw()?;
    c.draw_series(fund.iter().enumerate().map(|(i, v)| {
        Rectangle::new(
            [(i as f64 - 0.35, 0.0), (i as f64 + 0.35, *v)],
            SHARED.mix(0.6).filled(),
        )
    }))?;
    c.draw_series(LineSeries::new(
        cum.iter().enumerate().map(|(i, v)| (i as f64, *v)),
        CONSUMPTION.stroke_width(3),
    ))?;
    c.draw_series(LineSeries::new(
        vec![(-0.5, 0.0), (n - 0.5, 0.0)],
        BLACK.stroke_width(1),
    ))?;
    draw_legend(&legend, &[(t.cumulative, CONSUMPTION), (t.fund, SHARED)])?;
    Ok(())
}

/// Where the money goes each year: incentives → running costs and the four fund shares, k€.
pub fn draw_money<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let f = &r.fund;
    let items = [
        (
            t.running_costs,
            f.running_costs_eur.min(f.incentives_eur),
            RGBColor(120, 120, 120),
        ),
        (t.energy_poor, f.energy_poor_eur, SHARED),
        (t.territorial, f.territorial_eur, RGBColor(90, 60, 160)),
        (t.producers, f.producers_eur, PRODUCTION),
        (t.members, f.members_eur, CONSUMPTION),
    ];
    let total = items.iter().map(|x| x.1).sum::<f64>().max(1e-9);
    let (w, h) = area.dim_in_pixel();
    let bar_y = (40, 80);
    let mut x0 = 10.0;
    let usable = w as f64 - 20.0;
    for (label, v, color) in items.iter() {
        let wpx = usable * v / total;
        if wpx > 0.5 {
            area.draw(&Rectangle::new(
                [(x0 as i32, bar_y.0), ((x0 + wpx) as i32, bar_y.1)],
                color.filled(),
            ))?;
        }
        x0 += wpx;
        let _ = label;
    }
    area.draw(&Text::new(
        format!(
            "{}: {} k€",
            t.incentives,
            format::number(f.incentives_eur / 1000.0, 0, t.lang)
        ),
        (10, 12),
        ("sans-serif", 14).into_font().color(&BLACK),
    ))?;
    for (i, (label, v, color)) in items.iter().enumerate() {
        let y = 100 + 22 * i as i32;
        if y + 16 > h as i32 {
            break;
        }
        area.draw(&Rectangle::new([(10, y), (24, y + 14)], color.filled()))?;
        area.draw(&Text::new(
            format!(
                "{label}: {} k€ ({} %)",
                format::number(v / 1000.0, 1, t.lang),
                format::number(v / total * 100.0, 0, t.lang)
            ),
            (30, y),
            ("sans-serif", 13).into_font().color(&BLACK),
        ))?;
    }
    Ok(())
}

/// Monthly shared energy of several scenarios, side by side (MWh).
pub fn draw_compare_monthly<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[(String, &Report)],
    t: &ChartText,
) -> DrawResult<DB> {
    let palette = [SHARED, CONSUMPTION, PRODUCTION, RGBColor(90, 60, 160)];
    let groups: Vec<(&str, RGBColor, [f64; 12])> = series
        .iter()
        .enumerate()
        .map(|(k, (name, r))| {
            (
                name.as_str(),
                palette[k % palette.len()],
                monthly_values(r, |m| m.shared_kwh),
            )
        })
        .collect();
    draw_monthly_groups(area, &groups, t)
}

/// One bar of a tornado chart: an input's name and the figure at the low and the high end of
/// its range.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// Input name.
    pub label: String,
    /// Figure with the input at its low end.
    pub low: f64,
    /// Figure with the input at its high end.
    pub high: f64,
}

/// Tornado chart: for each input a bar from its low-end to its high-end figure around the
/// figure as given (`base`), widest first; `fmt` writes the axis values (language-aware).
pub fn draw_tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[TornadoBar],
    base: f64,
    low_label: &str,
    high_label: &str,
    fmt: &dyn Fn(f64) -> String,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let mut bars = bars.to_vec();
    bars.sort_by(|a, b| (b.high - b.low).abs().total_cmp(&(a.high - a.low).abs()));
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let label_w = (w as f64 * 0.42) as i32;
    let (x0, x1) = (label_w + 10, w - 12);
    let top = 34;
    let row_h = ((h - top - 30) / bars.len().max(1) as i32).clamp(12, 34);
    let lo = bars
        .iter()
        .flat_map(|b| [b.low, b.high])
        .fold(base, f64::min);
    let hi = bars
        .iter()
        .flat_map(|b| [b.low, b.high])
        .fold(base, f64::max);
    let (dmin, dmax) = (lo, hi);
    let span = (hi - lo).max(1e-9 * base.abs().max(1.0));
    let (lo, hi) = (lo - 0.05 * span, hi + 0.05 * span);
    let x = |v: f64| x0 + ((v - lo) / (hi - lo) * (x1 - x0) as f64).round() as i32;
    let font = ("sans-serif", 13).into_font().color(&BLACK);
    let low_c = CONSUMPTION;
    let high_c = PRODUCTION;
    // Legend.
    area.draw(&Rectangle::new([(x0, 8), (x0 + 14, 22)], low_c.filled()))?;
    area.draw(&Text::new(
        low_label.to_string(),
        (x0 + 20, 8),
        font.clone(),
    ))?;
    let lx = x0 + (x1 - x0) / 2;
    area.draw(&Rectangle::new([(lx, 8), (lx + 14, 22)], high_c.filled()))?;
    area.draw(&Text::new(
        high_label.to_string(),
        (lx + 20, 8),
        font.clone(),
    ))?;
    for (i, b) in bars.iter().enumerate() {
        let y = top + i as i32 * row_h;
        let (ya, yb) = (y + 3, y + row_h - 3);
        let mut label = b.label.clone();
        // Keep the label inside its column.
        let max_chars = (label_w / 7).max(8) as usize;
        if label.chars().count() > max_chars {
            label = label.chars().take(max_chars - 1).collect::<String>() + "…";
        }
        area.draw(&Text::new(label, (6, y + row_h / 2 - 7), font.clone()))?;
        for (v, c) in [(b.low, low_c), (b.high, high_c)] {
            let (a, z) = (x(base.min(v)), x(base.max(v)));
            if z > a {
                area.draw(&Rectangle::new([(a, ya), (z, yb)], c.filled()))?;
            }
        }
    }
    let yb = top + bars.len() as i32 * row_h;
    area.draw(&PathElement::new(
        vec![(x(base), top - 4), (x(base), yb + 2)],
        BLACK.stroke_width(2),
    ))?;
    for v in [dmin, base, dmax] {
        let text = fmt(v);
        let px = x(v) - (text.chars().count() as i32 * 7) / 2;
        area.draw(&Text::new(
            text,
            (px.clamp(x0 - 30, x1 - 60), yb + 8),
            font.clone(),
        ))?;
    }
    Ok(())
}

/// One panel of a curve against plant size.
pub struct SizePanel<'a> {
    /// Title (with its unit).
    pub title: &'a str,
    /// `(kWp, value)` points by increasing size.
    pub points: Vec<(f64, f64)>,
    /// Line colour.
    pub color: RGBColor,
}

/// Curves against plant size, one panel each, stacked, sharing the kWp axis: vertical dashed
/// lines at the tariff band limits, and a marker at `chosen` kWp. `fmt` writes the y labels.
pub fn draw_size_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &[SizePanel],
    band_limits: &[f64],
    chosen: Option<f64>,
    x_label: &str,
    fmt: &dyn Fn(f64) -> String,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let n = panels.len().max(1);
    let areas = area.split_evenly((n, 1));
    let x_max = panels
        .iter()
        .flat_map(|p| p.points.iter().map(|q| q.0))
        .fold(1.0f64, f64::max);
    for (panel, a) in panels.iter().zip(areas.iter()) {
        let lo = panel.points.iter().map(|p| p.1).fold(0.0f64, f64::min);
        let hi = panel.points.iter().map(|p| p.1).fold(0.0f64, f64::max);
        let pad = ((hi - lo) * 0.08).max(1e-6);
        let (lo, hi) = (lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad);
        // The axis title sits under the tick labels (it overlapped "100" in a 22 px area) and
        // the right margin holds the last tick's label (it was cut to "20").
        let mut c = ChartBuilder::on(a)
            .margin(6)
            .margin_right(16)
            .caption(panel.title, ("sans-serif", 14))
            .x_label_area_size(X_LABEL_AND_TITLE_PX)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..x_max, lo..hi)?;
        c.configure_mesh()
            .disable_x_mesh()
            .x_labels(8)
            .y_labels(5)
            .x_label_formatter(&|x| format!("{}", x.round() as i64))
            .y_label_formatter(&|y| fmt(*y))
            .x_desc(x_label)
            .max_light_lines(1)
            .label_style(("sans-serif", 11))
            .draw()?;
        for b in band_limits {
            c.draw_series(DashedLineSeries::new(
                vec![(*b, lo), (*b, hi)],
                4,
                4,
                RGBColor(120, 120, 120).stroke_width(1),
            ))?;
        }
        if lo < 0.0 {
            c.draw_series(LineSeries::new(
                vec![(0.0, 0.0), (x_max, 0.0)],
                BLACK.stroke_width(1),
            ))?;
        }
        c.draw_series(LineSeries::new(
            panel.points.iter().copied(),
            panel.color.stroke_width(3),
        ))?;
        if let Some(x) = chosen {
            if let Some(p) = panel
                .points
                .iter()
                .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
            {
                c.draw_series(std::iter::once(Circle::new(*p, 6, BLACK.filled())))?;
            }
        }
    }
    Ok(())
}
