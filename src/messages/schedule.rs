//! Sentences about when the call accepts proposals. Times arrive formatted (by the
//! browser's Intl, see `time.rs`); these functions only say them.

use super::{Key, Locale};

/// "UTC−6", "UTC+5:30", "UTC", or "AoE, UTC−12" for anywhere-on-earth deadlines.
pub fn zone_label(l: &Locale, offset_minutes: i16, aoe: bool) -> String {
    if aoe {
        return l.tr(Key::ScheduleAoe, &[]);
    }
    if offset_minutes == 0 {
        return "UTC".into();
    }
    let sign = if offset_minutes < 0 { '\u{2212}' } else { '+' };
    let (h, m) = (
        offset_minutes.unsigned_abs() / 60,
        offset_minutes.unsigned_abs() % 60,
    );
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// "The call closes on 11 February 2020 at 23:59 (UTC−6): 12 February 2020 at 06:59 your
/// time." The second half is left out when the speaker's time reads the same.
pub fn closes(l: &Locale, event_time: &str, zone: &str, your_time: &str) -> String {
    with_your_time(
        l,
        [Key::ScheduleCloses, Key::ScheduleClosesYours],
        [event_time, zone, your_time],
    )
}

/// The same for a call that has not opened yet.
pub fn opens(l: &Locale, event_time: &str, zone: &str, your_time: &str) -> String {
    with_your_time(
        l,
        [Key::ScheduleOpens, Key::ScheduleOpensYours],
        [event_time, zone, your_time],
    )
}

/// "It closed on 11 February 2020 at 23:59 (UTC−6)."
pub fn closed(l: &Locale, event_time: &str, zone: &str) -> String {
    l.tr(Key::ScheduleClosed, &[("time", event_time), ("zone", zone)])
}

fn with_your_time(l: &Locale, [same, yours]: [Key; 2], [time, zone, your]: [&str; 3]) -> String {
    let key = if your == time { same } else { yours };
    l.tr(key, &[("time", time), ("zone", zone), ("yours", your)])
}

/// In the last 7 days: "That is in 3 days and 4 hours." Nothing earlier, or once closed.
pub fn countdown(l: &Locale, seconds_left: i64) -> Option<String> {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    if !(0..=7 * DAY).contains(&seconds_left) {
        return None;
    }
    // At most 7 days: every count fits.
    let unit = |n: i64, key| l.plural(key, n as u32, &[]);
    let and = |a: String, b: String| l.tr(Key::ScheduleAnd, &[("a", &a), ("b", &b)]);
    let (days, hours, minutes) = (
        seconds_left / DAY,
        seconds_left % DAY / HOUR,
        seconds_left % HOUR / MINUTE,
    );
    let (d, h, m) = (Key::ScheduleDays, Key::UnitHours, Key::UnitMinutes);
    let left = match (days, hours, minutes) {
        (0, 0, 0) => l.tr(Key::ScheduleLessThanAMinute, &[]),
        (0, 0, mins) => unit(mins, m),
        (0, hrs, 0) => unit(hrs, h),
        (0, hrs, mins) => and(unit(hrs, h), unit(mins, m)),
        (ds, 0, _) => unit(ds, d),
        (ds, hrs, _) => and(unit(ds, d), unit(hrs, h)),
    };
    Some(l.tr(Key::ScheduleCountdown, &[("left", &left)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Locale {
        Locale::default()
    }

    #[test]
    fn zones_read_as_offsets() {
        assert_eq!(zone_label(&en(), -360, false), "UTC\u{2212}6");
        assert_eq!(zone_label(&en(), 330, false), "UTC+5:30");
        assert_eq!(zone_label(&en(), 0, false), "UTC");
        assert_eq!(zone_label(&en(), -720, true), "AoE, UTC\u{2212}12");
    }

    #[test]
    fn the_speakers_time_is_added_only_when_it_differs() {
        assert_eq!(
            closes(&en(), "11 February 2020 at 23:59", "UTC\u{2212}6", "12 February 2020 at 06:59"),
            "The call closes on 11 February 2020 at 23:59 (UTC\u{2212}6): 12 February 2020 at 06:59 your time."
        );
        assert_eq!(
            closes(
                &en(),
                "11 February 2020 at 23:59",
                "UTC",
                "11 February 2020 at 23:59"
            ),
            "The call closes on 11 February 2020 at 23:59 (UTC)."
        );
        assert!(opens(&en(), "1 March", "UTC", "1 March").starts_with("The call opens on 1 March"));
    }

    #[test]
    fn the_countdown_covers_the_last_seven_days() {
        assert_eq!(countdown(&en(), 7 * 86_400 + 1), None);
        assert_eq!(countdown(&en(), -1), None);
        assert_eq!(countdown(&en(), 7 * 86_400).unwrap(), "That is in 7 days.");
        assert_eq!(
            countdown(&en(), 3 * 86_400 + 4 * 3600 + 59).unwrap(),
            "That is in 3 days and 4 hours."
        );
        assert_eq!(countdown(&en(), 86_400 + 60).unwrap(), "That is in 1 day.");
        assert_eq!(
            countdown(&en(), 5 * 3600 + 12 * 60).unwrap(),
            "That is in 5 hours and 12 minutes."
        );
        assert_eq!(countdown(&en(), 3600).unwrap(), "That is in 1 hour.");
        assert_eq!(countdown(&en(), 61).unwrap(), "That is in 1 minute.");
        assert_eq!(
            countdown(&en(), 59).unwrap(),
            "That is in less than a minute."
        );
    }
}
