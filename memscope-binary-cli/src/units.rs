//! Numbers for people: byte counts in binary units, timestamps as UTC
//! date-times, signed deltas; and the one parser of sizes (`64KiB`) and
//! percentages (`10%`) that every option of the command line taking one
//! uses ([`parse_size`], [`parse_percent`], [`parse_threshold`]).

use memscope_analysis::limits::{Percent, Threshold};

use crate::error::UnitError;

/// How a size is written on the command line, for help and errors.
pub const SIZE_SYNTAX: &str =
    "a size is a whole number of bytes with an optional binary unit: 4096, 64KiB, 1GiB, 0B";

/// How a percentage is written on the command line.
pub const PERCENT_SYNTAX: &str =
    "a percentage is digits with at most two decimals, then %: 10%, 2.5%, 0.25%";

/// The binary units, each 1024 times the one before.
const BINARY_UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// Parses a size: digits, then optionally spaces and a binary unit (`B`,
/// `KiB`, `MiB`, `GiB`, `TiB`, `PiB`, `EiB`; any case, as `kib`), e.g.
/// `4096`, `64KiB`, `1 GiB`, `0B`; spaces around it are ignored. Strict:
/// no decimals (`1536KiB`, not `1.5MiB`), no sign, and no `KB`, `MB`, `K`
/// or `M`, which mean 1000 to some and 1024 to others: the error says
/// what to write instead.
pub fn parse_size(text: &str) -> Result<u64, UnitError> {
    let text = text.trim_matches(' ');
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(digits_end);
    if digits.is_empty() {
        return Err(
            if rest.is_empty() || rest.starts_with(char::is_alphabetic) {
                UnitError::NoNumber
            } else {
                UnitError::NotWhole
            },
        );
    }
    let number: u64 = digits.parse().map_err(|_| UnitError::TooLarge)?;
    let unit = rest.trim_start_matches(' ');
    if unit.starts_with(|c: char| !c.is_alphabetic()) {
        return Err(UnitError::NotWhole);
    }
    let power = match BINARY_UNITS
        .iter()
        .position(|known| known.eq_ignore_ascii_case(unit))
    {
        Some(power) => power,
        None if unit.is_empty() => 0,
        None => return Err(unknown_or_ambiguous(unit, number)),
    };
    1024u64
        .checked_pow(power as u32)
        .and_then(|scale| number.checked_mul(scale))
        .ok_or(UnitError::TooLarge)
}

/// Why `unit` after `number` is refused: ambiguous (`KB`, `k`, `MB`...)
/// or unknown.
fn unknown_or_ambiguous(unit: &str, number: u64) -> UnitError {
    let letter = unit
        .strip_suffix(['b', 'B'])
        .filter(|letter| !letter.is_empty())
        .unwrap_or(unit);
    let power = ["k", "m", "g", "t", "p", "e"]
        .iter()
        .position(|known| known.eq_ignore_ascii_case(letter));
    match power {
        Some(index) => {
            let power = index as u32 + 1;
            UnitError::Ambiguous {
                unit: unit.to_owned(),
                number,
                binary: BINARY_UNITS[index + 1],
                binary_bytes: u128::from(number) * 1024u128.pow(power),
                decimal_bytes: u128::from(number) * 1000u128.pow(power),
            }
        }
        None => UnitError::UnknownUnit {
            unit: unit.to_owned(),
        },
    }
}

/// Parses a percentage: digits with at most two decimals, then `%`:
/// `10%`, `2.5%`, `0.25%`, `150%`.
pub fn parse_percent(text: &str) -> Result<Percent, UnitError> {
    let number = text.strip_suffix('%').ok_or(UnitError::NotPercent)?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > 2 {
        return Err(UnitError::NotPercent);
    }
    if number.ends_with('.') {
        return Err(UnitError::NotPercent);
    }
    let whole: u64 = whole.parse().map_err(|_| UnitError::TooLarge)?;
    let fraction: u64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| UnitError::NotPercent)?;
    whole
        .checked_mul(100)
        .and_then(|hundredths| hundredths.checked_add(fraction))
        .map(Percent::from_hundredths)
        .ok_or(UnitError::TooLarge)
}

/// Parses a growth threshold: a percentage when it ends with `%`
/// ([`parse_percent`]), else a size ([`parse_size`]).
pub fn parse_threshold(text: &str) -> Result<Threshold, UnitError> {
    if text.ends_with('%') {
        parse_percent(text).map(Threshold::Percent)
    } else {
        parse_size(text).map(Threshold::Bytes)
    }
}

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

/// A difference in bytes as [`human_bytes`] with its sign: `+1.50 KiB`,
/// `-12 B`, `0 B`.
pub fn signed_bytes(delta: i128) -> String {
    let size = human_bytes(u64::try_from(delta.unsigned_abs()).unwrap_or(u64::MAX));
    match delta {
        1.. => format!("+{size}"),
        0 => size,
        _ => format!("-{size}"),
    }
}

/// A byte count exactly, followed by [`human_bytes`] from 1 KiB up:
/// `512`, `2343453 (2.23 MiB)`.
pub fn exact_bytes(bytes: u64) -> String {
    if bytes < 1024 {
        bytes.to_string()
    } else {
        format!("{bytes} ({})", human_bytes(bytes))
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
    fn a_size_is_a_whole_number_with_an_optional_binary_unit() {
        let cases = [
            ("4096", 4096),
            ("0", 0),
            ("0B", 0),
            ("64KiB", 64 << 10),
            ("64 KiB", 64 << 10),
            (" 64KiB ", 64 << 10),
            ("1b", 1),
            ("64kib", 64 << 10),
            ("3MiB", 3 << 20),
            ("1GiB", 1 << 30),
            ("2TiB", 2 << 40),
            ("1PiB", 1 << 50),
            ("15EiB", 15 << 60),
            ("18446744073709551615", u64::MAX),
        ];
        for (text, bytes) in cases {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
    }

    #[test]
    fn kb_and_friends_are_refused_with_what_to_write() {
        let error = parse_size("64KB").unwrap_err();
        assert_eq!(
            error.to_string(),
            "KB is ambiguous (1000 or 1024 bytes?): write 64KiB for 65536 bytes, or 64000"
        );
        for text in [
            "1k", "1K", "1kb", "2M", "2MB", "2mb", "3G", "3GB", "1TB", "1PB", "1EB",
        ] {
            assert!(
                matches!(parse_size(text), Err(UnitError::Ambiguous { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn junk_sizes_are_refused_saying_why() {
        let refused = [
            ("", UnitError::NoNumber),
            ("KiB", UnitError::NoNumber),
            ("-1", UnitError::NotWhole),
            ("+1", UnitError::NotWhole),
            ("1.5MiB", UnitError::NotWhole),
            ("1,000", UnitError::NotWhole),
            (
                "12 bytes",
                UnitError::UnknownUnit {
                    unit: "bytes".into(),
                },
            ),
            ("1Ki", UnitError::UnknownUnit { unit: "Ki".into() }),
            (
                "1 KiB s",
                UnitError::UnknownUnit {
                    unit: "KiB s".into(),
                },
            ),
            ("16EiB", UnitError::TooLarge),
            ("18446744073709551616", UnitError::TooLarge),
            ("10%", UnitError::NotWhole),
        ];
        for (text, error) in refused {
            assert_eq!(parse_size(text), Err(error), "{text:?}");
        }
        assert_eq!(
            UnitError::NotWhole.to_string(),
            "not a whole number of bytes: a size is a whole number of bytes with an optional \
             binary unit: 4096, 64KiB, 1GiB, 0B"
        );
    }

    #[test]
    fn a_percentage_has_at_most_two_decimals_and_a_percent_sign() {
        let hundredths = |text| parse_percent(text).map(Percent::hundredths);
        assert_eq!(hundredths("10%"), Ok(1000));
        assert_eq!(hundredths("2.5%"), Ok(250));
        assert_eq!(hundredths("0.25%"), Ok(25));
        assert_eq!(hundredths("0%"), Ok(0));
        assert_eq!(hundredths("150%"), Ok(15_000));
        for junk in [
            "10", "%", ".5%", "5.%", "1.234%", "-1%", "1e2%", "10 %", "ten%",
        ] {
            assert_eq!(hundredths(junk), Err(UnitError::NotPercent), "{junk:?}");
        }
        assert_eq!(hundredths("184467440737095517%"), Err(UnitError::TooLarge));
    }

    #[test]
    fn a_threshold_is_a_percentage_or_a_size() {
        assert_eq!(
            parse_threshold("10%"),
            Ok(Threshold::Percent(Percent::from_hundredths(1000)))
        );
        assert_eq!(parse_threshold("64KiB"), Ok(Threshold::Bytes(65536)));
        assert_eq!(parse_threshold("0B"), Ok(Threshold::Bytes(0)));
        assert!(parse_threshold("10KB").is_err());
    }

    #[test]
    fn signed_bytes_shows_the_sign_and_a_binary_unit() {
        assert_eq!(signed_bytes(1536), "+1.50 KiB");
        assert_eq!(signed_bytes(-12), "-12 B");
        assert_eq!(signed_bytes(0), "0 B");
        assert_eq!(signed_bytes(-i128::from(u64::MAX)), "-16.00 EiB");
        assert_eq!(exact_bytes(512), "512");
        assert_eq!(exact_bytes(2_343_453), "2343453 (2.23 MiB)");
    }

    #[test]
    fn signed_shows_the_sign_of_growth() {
        assert_eq!(signed(12), "+12");
        assert_eq!(signed(-3), "-3");
        assert_eq!(signed(0), "0");
    }
}
