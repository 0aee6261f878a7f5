//! The call's opening and closing times: an RFC 3339 timestamp that must carry its offset,
//! because "23:59" means nothing without knowing whose 23:59; or the academic "AoE"
//! (anywhere on earth, UTC-12) convention: `2021-04-01T23:59:59 AoE`, or `2021-04-01 AoE`
//! for the end of that day wherever on earth it still is.
//!
//! Parsed by hand because the format is fixed and small, and a date crate would cost the
//! wasm bundle 100 KB or more (chrono, jiff with its zone database) for one timestamp.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A point in time as written in the config, with its offset kept for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Deadline {
    raw: String,
    unix_seconds: i64,
    offset_minutes: i16,
}

impl Deadline {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }

    /// The offset from UTC the organisers wrote, in minutes (e.g. -360 for US Central time;
    /// -720 for AoE).
    pub fn offset_minutes(&self) -> i16 {
        self.offset_minutes
    }

    /// Whether it was written with the AoE suffix, so a display can say "AoE" rather than
    /// "UTC-12".
    pub fn is_aoe(&self) -> bool {
        aoe_body(&self.raw).is_some()
    }

    /// The timestamp exactly as written in the config.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

/// Why a timestamp was refused; the message says how to write one that is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineError(&'static str);

impl fmt::Display for DeadlineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; write an RFC 3339 time with its offset, e.g. \"2020-02-11T23:59:59-06:00\", or one in AoE (UTC-12), e.g. \"2021-04-01T23:59:59 AoE\" or \"2021-04-01 AoE\"",
            self.0
        )
    }
}

impl std::error::Error for DeadlineError {}

impl TryFrom<String> for Deadline {
    type Error = DeadlineError;

    fn try_from(raw: String) -> Result<Self, DeadlineError> {
        let (unix_seconds, offset_minutes) = match aoe_body(&raw) {
            Some(body) => (parse_aoe(body)?, AOE_OFFSET_MINUTES as i16),
            None => parse_rfc3339(&raw)?,
        };
        Ok(Deadline {
            raw,
            unix_seconds,
            offset_minutes,
        })
    }
}

impl std::str::FromStr for Deadline {
    type Err = DeadlineError;

    fn from_str(s: &str) -> Result<Self, DeadlineError> {
        Deadline::try_from(s.to_owned())
    }
}

impl From<Deadline> for String {
    fn from(deadline: Deadline) -> String {
        deadline.raw
    }
}

/// Anywhere on earth: the last time zone to reach a given hour.
const AOE_OFFSET_MINUTES: i64 = -12 * 60;

/// The text before an `AoE` suffix (any letter case, with or without one space before it).
fn aoe_body(s: &str) -> Option<&str> {
    let split = s.len().checked_sub(3)?;
    let (body, suffix) = (s.get(..split)?, s.get(split..)?);
    suffix
        .eq_ignore_ascii_case("aoe")
        .then(|| body.strip_suffix(' ').unwrap_or(body))
}

/// `YYYY-MM-DD` (the end of that day) or `YYYY-MM-DDTHH:MM:SS[.fff]`, at UTC-12.
fn parse_aoe(body: &str) -> Result<i64, DeadlineError> {
    let b = body.as_bytes();
    let local = if b.len() == 10 {
        let days = date(b)?;
        days * 86_400 + 86_399
    } else {
        let (local, rest) = date_time(b)?;
        if !rest.is_empty() {
            return Err(DeadlineError(
                "AoE is an offset of its own; write either AoE or an offset, not both",
            ));
        }
        local
    };
    Ok(local - AOE_OFFSET_MINUTES * 60)
}

fn parse_rfc3339(s: &str) -> Result<(i64, i16), DeadlineError> {
    let (local, rest) = date_time(s.as_bytes())?;
    let offset_minutes: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return Err(DeadlineError("the offset is out of range"));
            }
            let total = (hours * 60 + minutes) as i64;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        [] => return Err(DeadlineError("the offset is missing")),
        _ => return Err(DeadlineError("the offset is not Z or ±HH:MM")),
    };
    Ok((local - offset_minutes * 60, offset_minutes as i16))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn date(b: &[u8]) -> Result<i64, DeadlineError> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DeadlineError("not in the form YYYY-MM-DD"));
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(DeadlineError("no such date"));
    }
    Ok(days_from_civil(year as i64, month, day))
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]` as local seconds since the epoch, and what follows it.
fn date_time(b: &[u8]) -> Result<(i64, &[u8]), DeadlineError> {
    if b.len() < 19 {
        return Err(DeadlineError("too short to be a date and time"));
    }
    let date_ok = b[4] == b'-' && b[7] == b'-' && matches!(b[10], b'T' | b't');
    let time_ok = b[13] == b':' && b[16] == b':';
    if !date_ok || !time_ok {
        return Err(DeadlineError("not in the form YYYY-MM-DDTHH:MM:SS"));
    }
    let days = date(&b[..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    // 60 is a leap second: RFC 3339 allows it, and treating it as :59 loses nothing here.
    if hour > 23 || minute > 59 || second > 60 {
        return Err(DeadlineError("no such time of day"));
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let frac = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if frac == 0 {
            return Err(DeadlineError(
                "a decimal point with no fraction of a second",
            ));
        }
        rest = &rest[1 + frac..];
    }
    let local = days * 86_400 + (hour * 3600 + minute * 60 + second.min(59)) as i64;
    Ok((local, rest))
}

fn digits(bytes: &[u8]) -> Result<u32, DeadlineError> {
    bytes.iter().try_fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            Ok(acc * 10 + u32::from(c - b'0'))
        } else {
            Err(DeadlineError("a digit was expected"))
        }
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Deadline, DeadlineError> {
        s.parse()
    }

    #[test]
    fn parses_offsets_and_utc() {
        let d = parse("2020-02-11T23:59:59-06:00").unwrap();
        assert_eq!(d.unix_seconds(), 1_581_487_199);
        assert_eq!(d.offset_minutes(), -360);
        assert_eq!(parse("1970-01-01T00:00:00Z").unwrap().unix_seconds(), 0);
        assert_eq!(
            parse("1970-01-01T05:30:00+05:30").unwrap().unix_seconds(),
            0
        );
        assert_eq!(
            parse("2021-04-01T23:59:00.250-12:00")
                .unwrap()
                .unix_seconds(),
            1_617_364_740
        );
        assert_eq!(parse("2024-02-29T12:00:00z").unwrap().offset_minutes(), 0);
    }

    #[test]
    fn keeps_the_text_as_written() {
        let d = parse("2020-02-11T23:59:59-06:00").unwrap();
        assert_eq!(d.as_str(), "2020-02-11T23:59:59-06:00");
        assert_eq!(String::from(d), "2020-02-11T23:59:59-06:00");
    }

    #[test]
    fn aoe_is_utc_minus_twelve() {
        let aoe = parse("2021-04-01T23:59:59 AoE").unwrap();
        let written = parse("2021-04-01T23:59:59-12:00").unwrap();
        assert_eq!(aoe.unix_seconds(), written.unix_seconds());
        assert_eq!(aoe.offset_minutes(), -720);
        assert!(aoe.is_aoe());
        assert!(!written.is_aoe());
        assert_eq!(aoe.as_str(), "2021-04-01T23:59:59 AoE");
        for same in [
            "2021-04-01T23:59:59AoE",
            "2021-04-01T23:59:59 AOE",
            "2021-04-01T23:59:59 aoe",
            "2021-04-01 AoE",
            "2021-04-01AoE",
        ] {
            assert_eq!(
                parse(same).unwrap().unix_seconds(),
                written.unix_seconds(),
                "{same}"
            );
        }
        assert_eq!(
            parse("2021-04-01T12:00:00.5 AoE").unwrap().unix_seconds(),
            parse("2021-04-02T00:00:00Z").unwrap().unix_seconds()
        );
    }

    #[test]
    fn a_date_in_aoe_lasts_until_its_last_second() {
        let day = parse("2024-02-29 AoE").unwrap();
        assert_eq!(
            day.unix_seconds(),
            parse("2024-03-01T11:59:59Z").unwrap().unix_seconds()
        );
        assert_eq!(
            parse("1970-01-01 AoE").unwrap().unix_seconds(),
            86_399 + 12 * 3600
        );
    }

    #[test]
    fn aoe_refuses_what_it_cannot_mean() {
        for bad in [
            "AoE",
            " AoE",
            "2021-04-01T23:59:59-12:00 AoE",
            "2021-04-01T23:59:59Z AoE",
            "2021-04-01  AoE",
            "2021-04-01T AoE",
            "2021-04-01T23:59 AoE",
            "2023-02-29 AoE",
            "2021-04-01 AoE ",
            "2021-04-01 AoEx",
            "2021-4-01 AoE",
            "2021-04-01 A0E",
            "2021-04-01é AoE",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(parse("2021-04-01T23:59:59Z AoE")
            .unwrap_err()
            .to_string()
            .contains("either AoE or an offset"));
    }

    #[test]
    fn refuses_what_is_not_a_timestamp_with_offset() {
        for bad in [
            "2020-02-11T23:59:59",
            "2020-02-11",
            "2020-02-30T10:00:00Z",
            "2023-02-29T10:00:00Z",
            "2020-13-01T10:00:00Z",
            "2020-02-11T24:00:00Z",
            "2020-02-11 23:59:59Z",
            "2020-02-11T23:59:59+6:00",
            "2020-02-11T23:59:59.Z",
            "2020-02-11T23:59:59-06:00 ",
            "2020-02-11T23:59:59+24:00",
            "February 11, 2020",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(parse("2020-02-11T23:59:59")
            .unwrap_err()
            .to_string()
            .contains("offset is missing"));
    }
}
