//! Charts, written once with plotters and generic over the drawing backend: SVG for the CLI
//! and tests, `<canvas>` in the browser. They draw from a [`Report`] only.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::Report;

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
    let cells = grid.split_evenly((3, 4));
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
            .x_label_formatter(&|x| format!("{}", x.round() as i64))
            .y_label_formatter(&|y| format!("{}", y.round() as i64))
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

/// Monthly bars: production, consumption and shared energy, MWh.
pub fn draw_monthly<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let (legend, body) = area.split_vertically(24);
    let ymax = r
        .monthly
        .iter()
        .map(|m| m.production_kwh.max(m.consumption_kwh))
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
        .y_label_formatter(&|y| format!("{}", y.round() as i64))
        .label_style(("sans-serif", 11))
        .draw()?;
    for (k, (color, get)) in [
        (
            PRODUCTION,
            (|m: &crate::report::MonthReport| m.production_kwh)
                as fn(&crate::report::MonthReport) -> f64,
        ),
        (CONSUMPTION, |m| m.consumption_kwh),
        (SHARED, |m| m.shared_kwh),
    ]
    .into_iter()
    .enumerate()
    {
        c.draw_series(r.monthly.iter().enumerate().map(|(i, m)| {
            let x0 = i as f64 + 0.12 + k as f64 * 0.26;
            Rectangle::new([(x0, 0.0), (x0 + 0.24, get(m) / 1000.0)], color.filled())
        }))?;
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
        .x_label_area_size(28)
        .y_label_area_size(40)
        .build_cartesian_2d(0f64..24f64, 0f64..12f64)?;
    c.configure_mesh()
        .disable_mesh()
        .x_labels(13)
        .y_labels(12)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
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

/// Renders the three charts as SVG strings: `(file name, svg)`.
pub fn render_svgs(r: &Report, t: &ChartText) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (960, 640)).into_drawing_area();
        let _ = draw_typical_days(&root, r, t);
        let _ = root.present();
    }
    out.push(("typical_days.svg", s));
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (800, 400)).into_drawing_area();
        let _ = draw_monthly(&root, r, t);
        let _ = root.present();
    }
    out.push(("monthly.svg", s));
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (800, 420)).into_drawing_area();
        let _ = draw_heatmap(&root, r, t);
        let _ = root.present();
    }
    out.push(("heatmap_shared.svg", s));
    out
}
