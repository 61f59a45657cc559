//! Numbers for people: byte counts in binary units, timestamps as UTC
//! date-times, signed deltas.

/// `bytes` in the largest binary unit that keeps the value at least 1,
/// e.g. `512 B`, `1.50 KiB`, `4.94 MiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.2} {}", UNITS[unit])
}

/// A size as a person types it: bytes, or a number with a binary unit
/// (`K`, `M`, `G`, `T`, each optionally followed by `iB` or `B`, in any
/// case): `4096`, `512M`, `2GiB`, `1.5g`. For `--max-memory`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let shift = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("unknown unit {unit:?}: use K, M, G or T")),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size, e.g. 512M or 2G"))?;
    let bytes = value * (1u64 << shift) as f64;
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("{text:?} is too large"));
    }
    Ok(bytes as u64)
}

/// A power of two (or any size) in a short form for histogram labels:
/// exact multiples of a binary unit print without decimals (`64 B`,
/// `4 KiB`, `1 GiB`); anything else as [`human_bytes`].
pub fn short_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024 && value.is_multiple_of(1024) {
        value /= 1024;
        unit += 1;
    }
    if value < 1024 {
        format!("{value} {}", UNITS[unit])
    } else {
        human_bytes(bytes)
    }
}

/// `part` as a percentage of `total` with one decimal, e.g. `12.5%`; `-`
/// when `total` is 0.
pub fn percent(part: u64, total: u64) -> String {
    if total == 0 {
        return "-".to_string();
    }
    format!("{:.1}%", part as f64 * 100.0 / total as f64)
}

/// Nanoseconds since the UNIX epoch as a UTC date-time to the
/// millisecond (truncated), in RFC 3339 form without spaces so that it
/// fits a table cell: e.g. `2023-11-14T22:13:20.123Z`. `--json` output
/// keeps the nanoseconds.
pub fn utc_datetime(nanos: u64) -> String {
    let secs = nanos / 1_000_000_000;
    let millis = nanos % 1_000_000_000 / 1_000_000;
    let days = secs / 86_400;
    let of_day = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01, so leap days end each 4-year cycle.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}

/// `n` with commas between thousands, as inferno writes counts:
/// `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A difference with its sign always shown: `+12`, `-3`, `0`.
pub fn signed(delta: i128) -> String {
    if delta > 0 {
        format!("+{delta}")
    } else {
        delta.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_is_midnight_on_the_first_of_january_1970() {
        assert_eq!(utc_datetime(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn datetimes_match_known_instants() {
        // `date -u -d @1700000000`
        assert_eq!(
            utc_datetime(1_700_000_000_123_456_789),
            "2023-11-14T22:13:20.123Z"
        );
        // A leap day, and the last second of a leap year.
        assert_eq!(
            utc_datetime(951_782_400 * 1_000_000_000),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(
            utc_datetime(1_735_689_599 * 1_000_000_000),
            "2024-12-31T23:59:59.000Z"
        );
    }

    #[test]
    fn the_largest_timestamp_is_a_date_in_2554() {
        assert_eq!(utc_datetime(u64::MAX), "2554-07-21T23:34:33.709Z");
    }

    #[test]
    fn bytes_use_binary_units_above_1023() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.50 KiB");
        assert_eq!(human_bytes(5_183_171), "4.94 MiB");
        assert_eq!(human_bytes(u64::MAX), "16.00 EiB");
    }

    #[test]
    fn sizes_are_parsed_in_binary_units() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("1.5g"), Ok(3 << 29));
        assert_eq!(parse_size("64kb"), Ok(64 << 10));
        assert!(parse_size("12X").unwrap_err().contains("unknown unit"));
        assert!(parse_size("M").unwrap_err().contains("not a size"));
        assert!(
            parse_size("99999999999T")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn short_bytes_prints_powers_of_two_exactly() {
        assert_eq!(short_bytes(0), "0 B");
        assert_eq!(short_bytes(64), "64 B");
        assert_eq!(short_bytes(4096), "4 KiB");
        assert_eq!(short_bytes(1 << 30), "1 GiB");
        assert_eq!(short_bytes(1 << 63), "8 EiB");
        assert_eq!(short_bytes(1536), "1.50 KiB");
    }

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn signed_shows_the_sign_of_growth() {
        assert_eq!(signed(12), "+12");
        assert_eq!(signed(-3), "-3");
        assert_eq!(signed(0), "0");
    }
}
