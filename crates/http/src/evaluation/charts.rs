//! Charts drawn on the server as SVG: bars and a grid. Each has a title and a description for screen readers
//! (`role="img"`, `aria-labelledby`), takes its colours from the stylesheet (classes, no style attributes),
//! and is followed by the table of its data.

use maud::{Markup, html};

/// One bar: its label, its value, and the value as written.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 190.0;
const ROW: f64 = 26.0;

/// A horizontal bar chart with its data table.
pub fn bars(id: &str, title: &str, description: &str, heading: &str, bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let room = WIDTH - LABEL - 90.0;
    #[allow(clippy::cast_precision_loss)]
    let height = ROW * bars.len() as f64 + 8.0;
    html! {
        figure.chart aria-labelledby={ (id) "-kop" } {
            figcaption #{ (id) "-kop" } { (title) }
            svg role="img" aria-labelledby={ (id) "-t " (id) "-d" } viewBox={ "0 0 " (WIDTH) " " (height) } xmlns="http://www.w3.org/2000/svg" {
                title #{ (id) "-t" } { (title) }
                desc #{ (id) "-d" } { (description) }
                @for (i, b) in bars.iter().enumerate() {
                    @let y = ROW * i as f64 + 4.0;
                    @let w = if max > 0.0 { (b.value / max * room).max(if b.value > 0.0 { 1.0 } else { 0.0 }) } else { 0.0 };
                    text.label x=(LABEL - 8.0) y=(y + 16.0) text-anchor="end" { (b.label) }
                    rect.bar x=(LABEL) y=(y) width=(format!("{w:.1}")) height=(ROW - 8.0) {}
                    text.value x=(LABEL + w + 6.0) y=(y + 16.0) { (b.text) }
                }
            }
            (data_table(heading, bars))
        }
    }
}

fn data_table(heading: &str, bars: &[Bar]) -> Markup {
    html! {
        details.chart-data {
            summary { "Gegevens van deze grafiek" }
            table {
                thead { tr { th scope="col" { (heading) } th scope="col" { "Aantal" } } }
                tbody {
                    @for b in bars { tr { th scope="row" { (b.label) } td { (b.text) } } }
                }
            }
        }
    }
}

/// A grid of counts (rows by columns), shaded by size, with its data table.
pub fn grid(
    id: &str,
    title: &str,
    description: &str,
    rows: &[String],
    columns: &[String],
    cells: &[Vec<Option<u64>>],
) -> Markup {
    let max = cells.iter().flatten().flatten().copied().max().unwrap_or(0);
    let (left, top, cw, ch) = (170.0, 40.0, 118.0, 34.0);
    #[allow(clippy::cast_precision_loss)]
    let (w, h) = (
        left + cw * columns.len() as f64 + 4.0,
        top + ch * rows.len() as f64 + 4.0,
    );
    let shade = |n: u64| -> u64 {
        if n == 0 || max == 0 {
            0
        } else {
            1 + (n * 4 / (max + 1)).min(3)
        }
    };
    html! {
        figure.chart aria-labelledby={ (id) "-kop" } {
            figcaption #{ (id) "-kop" } { (title) }
            svg role="img" aria-labelledby={ (id) "-t " (id) "-d" } viewBox={ "0 0 " (w) " " (h) } xmlns="http://www.w3.org/2000/svg" {
                title #{ (id) "-t" } { (title) }
                desc #{ (id) "-d" } { (description) }
                @for (j, c) in columns.iter().enumerate() {
                    text.label x=(left + cw * j as f64 + cw / 2.0) y=(top - 12.0) text-anchor="middle" { (c) }
                }
                @for (i, r) in rows.iter().enumerate() {
                    @let y = top + ch * i as f64;
                    text.label x=(left - 8.0) y=(y + 22.0) text-anchor="end" { (r) }
                    @for (j, cell) in cells[i].iter().enumerate() {
                        @let x = left + cw * j as f64;
                        @match cell {
                            Some(n) => {
                                rect class={ "heat heat-" (shade(*n)) } x=(x + 1.0) y=(y + 1.0) width=(cw - 2.0) height=(ch - 2.0) {}
                                text class={ "cell" @if shade(*n) >= 3 { " on-dark" } } x=(x + cw / 2.0) y=(y + 22.0) text-anchor="middle" { (n) }
                            }
                            None => {
                                rect.heat.hidden-cell x=(x + 1.0) y=(y + 1.0) width=(cw - 2.0) height=(ch - 2.0) {}
                                text.cell x=(x + cw / 2.0) y=(y + 22.0) text-anchor="middle" { "–" }
                            }
                        }
                    }
                }
            }
            details.chart-data {
                summary { "Gegevens van deze grafiek" }
                table {
                    thead { tr { th scope="col" { "Bedrijven uit" } @for c in columns { th scope="col" { (c) } } } }
                    tbody {
                        @for (i, r) in rows.iter().enumerate() {
                            tr { th scope="row" { (r) } @for cell in &cells[i] { td { @match cell { Some(n) => (n), None => "–" } } } }
                        }
                    }
                }
            }
        }
    }
}
