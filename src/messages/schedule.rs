//! Sentences about when the call accepts proposals. Times arrive formatted (by the
//! browser's Intl, see `time.rs`); these functions only say them.

/// "UTC−6", "UTC+5:30", "UTC", or "AoE, UTC−12" for anywhere-on-earth deadlines.
pub fn zone_label(offset_minutes: i16, aoe: bool) -> String {
    if aoe {
        return "AoE, UTC\u{2212}12".into();
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
pub fn closes(event_time: &str, zone: &str, your_time: &str) -> String {
    with_your_time(
        format!("The call closes on {event_time} ({zone})"),
        event_time,
        your_time,
    )
}

/// The same for a call that has not opened yet.
pub fn opens(event_time: &str, zone: &str, your_time: &str) -> String {
    with_your_time(
        format!("The call opens on {event_time} ({zone})"),
        event_time,
        your_time,
    )
}

/// "It closed on 11 February 2020 at 23:59 (UTC−6)."
pub fn closed(event_time: &str, zone: &str) -> String {
    format!("It closed on {event_time} ({zone}). Proposals can no longer be sent.")
}

fn with_your_time(mut sentence: String, event_time: &str, your_time: &str) -> String {
    if your_time != event_time {
        sentence.push_str(&format!(": {your_time} your time"));
    }
    sentence.push('.');
    sentence
}

/// In the last 7 days: "That is in 3 days and 4 hours." Nothing earlier, or once closed.
pub fn countdown(seconds_left: i64) -> Option<String> {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    if !(0..=7 * DAY).contains(&seconds_left) {
        return None;
    }
    let unit = |n: i64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let (days, hours, minutes) = (
        seconds_left / DAY,
        seconds_left % DAY / HOUR,
        seconds_left % HOUR / MINUTE,
    );
    let left = match (days, hours, minutes) {
        (0, 0, 0) => "less than a minute".to_owned(),
        (0, 0, m) => unit(m, "minute"),
        (0, h, 0) => unit(h, "hour"),
        (0, h, m) => format!("{} and {}", unit(h, "hour"), unit(m, "minute")),
        (d, 0, _) => unit(d, "day"),
        (d, h, _) => format!("{} and {}", unit(d, "day"), unit(h, "hour")),
    };
    Some(format!("That is in {left}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_read_as_offsets() {
        assert_eq!(zone_label(-360, false), "UTC\u{2212}6");
        assert_eq!(zone_label(330, false), "UTC+5:30");
        assert_eq!(zone_label(0, false), "UTC");
        assert_eq!(zone_label(-720, true), "AoE, UTC\u{2212}12");
    }

    #[test]
    fn the_speakers_time_is_added_only_when_it_differs() {
        assert_eq!(
            closes("11 February 2020 at 23:59", "UTC\u{2212}6", "12 February 2020 at 06:59"),
            "The call closes on 11 February 2020 at 23:59 (UTC\u{2212}6): 12 February 2020 at 06:59 your time."
        );
        assert_eq!(
            closes(
                "11 February 2020 at 23:59",
                "UTC",
                "11 February 2020 at 23:59"
            ),
            "The call closes on 11 February 2020 at 23:59 (UTC)."
        );
        assert!(opens("1 March", "UTC", "1 March").starts_with("The call opens on 1 March"));
    }

    #[test]
    fn the_countdown_covers_the_last_seven_days() {
        assert_eq!(countdown(7 * 86_400 + 1), None);
        assert_eq!(countdown(-1), None);
        assert_eq!(countdown(7 * 86_400).unwrap(), "That is in 7 days.");
        assert_eq!(
            countdown(3 * 86_400 + 4 * 3600 + 59).unwrap(),
            "That is in 3 days and 4 hours."
        );
        assert_eq!(countdown(86_400 + 60).unwrap(), "That is in 1 day.");
        assert_eq!(
            countdown(5 * 3600 + 12 * 60).unwrap(),
            "That is in 5 hours and 12 minutes."
        );
        assert_eq!(countdown(3600).unwrap(), "That is in 1 hour.");
        assert_eq!(countdown(61).unwrap(), "That is in 1 minute.");
        assert_eq!(countdown(59).unwrap(), "That is in less than a minute.");
    }
}
