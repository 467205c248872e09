//! A period of whole Europe/Brussels days, as the figures are asked for: `from` and `to` inclusive.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Brussels;

/// The longest period one request may ask for.
const MAX_DAYS: i64 = 366 * 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Today in Brussels.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&Brussels).date_naive()
}

/// Midnight at the start of `day` in Brussels, as an instant.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Brussels
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

fn parse_day(raw: &str, name: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (2000..=2100).contains(&d.year()))
        .ok_or_else(|| {
            format!(
                "'{name}' is geen geldige datum: '{}' (schrijf JJJJ-MM-DD, bv. 2026-01-31)",
                raw.trim().chars().take(40).collect::<String>()
            )
        })
}

impl Period {
    /// The period `from..=to` as given (`YYYY-MM-DD`); a missing `from` is the first of January of `to`'s
    /// year, a missing `to` is today. The error is a Dutch sentence naming the parameter.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, String> {
        let to = match to.map(str::trim).filter(|v| !v.is_empty()) {
            Some(t) => parse_day(t, "to")?,
            None => today(),
        };
        let from = match from.map(str::trim).filter(|v| !v.is_empty()) {
            Some(f) => parse_day(f, "from")?,
            None => NaiveDate::from_ymd_opt(to.year(), 1, 1).unwrap_or(to),
        };
        if from > to {
            return Err("'from' ligt na 'to': kies een begindatum vóór de einddatum".to_string());
        }
        if (to - from).num_days() > MAX_DAYS {
            return Err("De periode is te lang: hoogstens tien jaar".to_string());
        }
        Ok(Self { from, to })
    }

    pub fn year(year: i32) -> Self {
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        Self { from, to }
    }

    pub fn from_day(&self) -> String {
        self.from.format("%Y-%m-%d").to_string()
    }

    pub fn to_day(&self) -> String {
        self.to.format("%Y-%m-%d").to_string()
    }

    /// The first instant of the period.
    pub fn start(&self) -> DateTime<Utc> {
        start_of(self.from)
    }

    /// The first instant after the period.
    pub fn end(&self) -> DateTime<Utc> {
        start_of(self.to + Duration::days(1))
    }

    /// Every month the period touches, `YYYY-MM`, in order.
    pub fn months(&self) -> Vec<String> {
        let mut months = Vec::new();
        let (mut y, mut m) = (self.from.year(), self.from.month());
        while (y, m) <= (self.to.year(), self.to.month()) {
            months.push(format!("{y:04}-{m:02}"));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        months
    }

    /// The period opening a Dutch sentence: "In 2026", "In maart 2026", "Van 1 januari 2026 tot en met 15 maart
    /// 2026".
    pub fn during(&self) -> String {
        let described = self.describe();
        if described.contains(" tot en met ") {
            format!("Van {described}")
        } else {
            format!("In {described}")
        }
    }

    /// The period in Dutch: "2026", "maart 2026", "1 januari 2026 tot en met 15 maart 2026".
    pub fn describe(&self) -> String {
        let whole_year = self.from.month() == 1
            && self.from.day() == 1
            && self.to.month() == 12
            && self.to.day() == 31
            && self.from.year() == self.to.year();
        if whole_year {
            return self.from.year().to_string();
        }
        let last_of_month = (self.to + Duration::days(1)).day() == 1;
        if self.from.day() == 1
            && last_of_month
            && (self.from.year(), self.from.month()) == (self.to.year(), self.to.month())
        {
            return format!(
                "{} {}",
                MONTHS[self.from.month0() as usize],
                self.from.year()
            );
        }
        format!(
            "{} tot en met {}",
            dutch_date(self.from),
            dutch_date(self.to)
        )
    }
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "3 december 2026".
pub fn dutch_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "mrt 2026" for `2026-03`.
pub fn short_month(month: &str) -> String {
    const SHORT: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let (y, m) = month.split_once('-').unwrap_or((month, "01"));
    let i = m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {y}", SHORT[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_begins_at_brussels_midnight() {
        let winter = Period::parse(Some("2026-01-15"), Some("2026-01-15")).unwrap();
        assert_eq!(winter.start().to_rfc3339(), "2026-01-14T23:00:00+00:00");
        assert_eq!(winter.end().to_rfc3339(), "2026-01-15T23:00:00+00:00");
        let summer = Period::parse(Some("2026-07-01"), Some("2026-07-31")).unwrap();
        assert_eq!(summer.start().to_rfc3339(), "2026-06-30T22:00:00+00:00");
        assert_eq!(summer.months(), vec!["2026-07"]);
        assert_eq!(summer.describe(), "juli 2026");
        assert_eq!(Period::year(2026).describe(), "2026");
        assert_eq!(Period::year(2026).during(), "In 2026");
        assert_eq!(
            Period::parse(Some("2026-01-01"), Some("2026-03-15"))
                .unwrap()
                .during(),
            "Van 1 januari 2026 tot en met 15 maart 2026"
        );
    }

    #[test]
    fn bad_periods_are_named() {
        assert!(
            Period::parse(Some("2026-13-01"), None)
                .unwrap_err()
                .contains("'from'")
        );
        assert!(Period::parse(Some("2026-03-01"), Some("2026-02-01")).is_err());
        assert!(Period::parse(Some("2000-01-01"), Some("2026-02-01")).is_err());
    }
}
