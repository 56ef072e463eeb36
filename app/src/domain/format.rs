//! X-I18N: amounts, money, dates, times and durations as each language writes them (CLDR's
//! "medium" patterns and currency symbols for `en` and `ja`). Pure and shared: the server and the
//! browser run the same functions, so a hydrated page shows exactly what the server rendered.
//!
//! Written out rather than taken from ICU4X: two languages and the twenty currencies of
//! `money::CURRENCIES` are a few dozen table entries, while ICU's compiled data would more than
//! use up the first load's wasm budget (docs/benchmarks.md).

use super::money::Currency;
use crate::i18n::Locale;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_decimal::Decimal;

/// CLDR's plural categories that the two languages use: Japanese has only `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

pub fn plural(l: Locale, n: i64) -> Plural {
    match l {
        Locale::en if n == 1 => Plural::One,
        _ => Plural::Other,
    }
}

/// "1234567.5" with `digits` decimals: "1,234,567.50" (both languages group by three with commas).
pub fn number(amount: Decimal, digits: u32) -> String {
    let rounded = amount.round_dp(digits).abs();
    let text = format!("{rounded:.prec$}", prec = digits as usize);
    let (int, frac) = text.split_once('.').map(|(i, f)| (i, Some(f))).unwrap_or((&text, None));
    let mut grouped = String::with_capacity(text.len() + int.len() / 3);
    if amount.is_sign_negative() && !amount.round_dp(digits).is_zero() {
        grouped.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// The currency's symbol in that language (CLDR), or its code where the language has none.
fn symbol(l: Locale, currency: &str) -> &str {
    match (currency, l) {
        ("USD", _) => "$",
        ("EUR", _) => "€",
        ("GBP", _) => "£",
        ("JPY", Locale::ja) => "￥",
        ("JPY", _) => "¥",
        ("CNY", Locale::ja) => "元",
        ("CNY", _) => "CN¥",
        ("AUD", _) => "A$",
        ("CAD", _) => "CA$",
        ("HKD", _) => "HK$",
        ("NZD", _) => "NZ$",
        ("MXN", _) => "MX$",
        ("BRL", _) => "R$",
        ("INR", _) => "₹",
        ("KRW", _) => "₩",
        (code, _) => code,
    }
}

/// Money with the currency's own decimals and symbol: "$25,000.50", "￥25,001", "CHF 1,200.00".
pub fn money(l: Locale, amount: Decimal, currency: &str) -> String {
    let digits = Currency::parse(currency).map(|c| c.minor_digits()).unwrap_or(2);
    let text = number(amount, digits);
    let (sign, digits_text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let symbol = symbol(l, currency);
    // CLDR puts a no-break space between a letter symbol ("CHF") and the number.
    let gap = if symbol.chars().last().is_some_and(char::is_alphabetic) && symbol.is_ascii() { "\u{a0}" } else { "" };
    format!("{sign}{symbol}{gap}{digits_text}")
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A calendar day: "Dec 26, 2026" / "2026/12/26".
pub fn date(l: Locale, d: NaiveDate) -> String {
    match l {
        Locale::ja => format!("{}/{:02}/{:02}", d.year(), d.month(), d.day()),
        _ => format!("{} {}, {}", MONTHS_EN[d.month0() as usize], d.day(), d.year()),
    }
}

/// A date as typed into a form ("2027-06-30"), written the reader's way; kept as typed when it is
/// not a date yet.
pub fn typed_date(l: Locale, text: &str) -> String {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map(|d| date(l, d)).unwrap_or_else(|_| text.to_string())
}

/// A moment already moved into the reader's zone: "Dec 26, 2026, 3:04 PM" / "2026/12/26 15:04".
pub fn date_time(l: Locale, t: NaiveDateTime) -> String {
    let day = date(l, t.date());
    match l {
        Locale::ja => format!("{day} {}:{:02}", t.hour(), t.minute()),
        _ => {
            let (pm, hour) = t.hour12();
            format!("{day}, {hour}:{:02}\u{202f}{}", t.minute(), if pm { "PM" } else { "AM" })
        }
    }
}

fn unit(l: Locale, n: i64, one: &str, other: &str, ja: &str) -> String {
    match (l, plural(l, n)) {
        (Locale::ja, _) => format!("{n}{ja}"),
        (_, Plural::One) => format!("{n} {one}"),
        (_, Plural::Other) => format!("{n} {other}"),
    }
}

/// Time left or waited, in days and hours: "3 days and 4 hours", "1 day", "5 hours" / "3日と4時間".
pub fn days_hours(l: Locale, total_hours: i64) -> String {
    let (days, hours) = (total_hours.max(0) / 24, total_hours.max(0) % 24);
    let d = unit(l, days, "day", "days", "日");
    let h = unit(l, hours, "hour", "hours", "時間");
    let and = if l == Locale::ja { "と" } else { " and " };
    match (days, hours) {
        (0, _) => h,
        (_, 0) => d,
        _ => format!("{d}{and}{h}"),
    }
}

/// The short form for table cells: "3 d 4 h" / "3日4時間".
pub fn days_hours_short(l: Locale, total_hours: i64) -> String {
    let (days, hours) = (total_hours.max(0) / 24, total_hours.max(0) % 24);
    match l {
        Locale::ja => format!("{days}日{hours}時間"),
        _ => format!("{days} d {hours} h"),
    }
}

/// Whole days: "1 day", "14 days" / "14日".
pub fn days(l: Locale, n: i64) -> String {
    unit(l, n, "day", "days", "日")
}

/// Whole minutes: "1 minute", "15 minutes" / "15分".
pub fn minutes(l: Locale, n: i64) -> String {
    unit(l, n, "minute", "minutes", "分")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    // X-I18N: money with the currency's own digits and symbol, in both languages.
    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(Locale::en, dec("25000.5"), "USD"), "$25,000.50");
        assert_eq!(money(Locale::ja, dec("25000.5"), "USD"), "$25,000.50");
        assert_eq!(money(Locale::en, dec("25000.5"), "JPY"), "¥25,000");
        assert_eq!(money(Locale::ja, dec("25000.5"), "JPY"), "￥25,000");
        assert_eq!(money(Locale::ja, dec("25001"), "JPY"), "￥25,001");
        assert_eq!(money(Locale::en, dec("1234567.891"), "EUR"), "€1,234,567.89");
        assert_eq!(money(Locale::ja, dec("0.5"), "EUR"), "€0.50");
        assert_eq!(money(Locale::en, dec("1200"), "CHF"), "CHF\u{a0}1,200.00");
        assert_eq!(money(Locale::ja, dec("88"), "CNY"), "元88.00");
        assert_eq!(money(Locale::en, dec("1000000"), "KRW"), "₩1,000,000");
        assert_eq!(money(Locale::en, dec("-12.5"), "GBP"), "-£12.50");
    }

    #[test]
    fn numbers_group_by_three() {
        assert_eq!(number(dec("0"), 0), "0");
        assert_eq!(number(dec("999"), 2), "999.00");
        assert_eq!(number(dec("1000"), 0), "1,000");
        // Half to even, as ICU rounds by default.
        assert_eq!(number(dec("123456789.125"), 2), "123,456,789.12");
        assert_eq!(number(dec("2.135"), 2), "2.14");
        assert_eq!(number(dec("-0.001"), 2), "0.00");
    }

    // X-I18N: dates and times as each language writes them.
    #[test]
    fn dates_and_times() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(date(Locale::en, d), "Dec 6, 2026");
        assert_eq!(date(Locale::ja, d), "2026/12/06");
        assert_eq!(typed_date(Locale::en, "2027-06-30"), "Jun 30, 2027");
        assert_eq!(typed_date(Locale::ja, " 2027-06-30 "), "2027/06/30");
        assert_eq!(typed_date(Locale::ja, "2027-13-01"), "2027-13-01");
        let t = d.and_hms_opt(15, 4, 0).unwrap();
        assert_eq!(date_time(Locale::en, t), "Dec 6, 2026, 3:04\u{202f}PM");
        assert_eq!(date_time(Locale::ja, t), "2026/12/06 15:04");
        let midnight = d.and_hms_opt(0, 30, 0).unwrap();
        assert_eq!(date_time(Locale::en, midnight), "Dec 6, 2026, 12:30\u{202f}AM");
        assert_eq!(date_time(Locale::ja, midnight), "2026/12/06 0:30");
    }

    // X-I18N: relative times and plural rules ("1 day", "3 days"; Japanese has one form).
    #[test]
    fn durations_and_plurals() {
        assert_eq!(days_hours(Locale::en, 3 * 24 + 4), "3 days and 4 hours");
        assert_eq!(days_hours(Locale::ja, 3 * 24 + 4), "3日と4時間");
        assert_eq!(days_hours(Locale::en, 25), "1 day and 1 hour");
        assert_eq!(days_hours(Locale::en, 48), "2 days");
        assert_eq!(days_hours(Locale::en, 5), "5 hours");
        assert_eq!(days_hours(Locale::ja, 0), "0時間");
        assert_eq!(days_hours(Locale::en, -3), "0 hours");
        assert_eq!(days_hours_short(Locale::en, 76), "3 d 4 h");
        assert_eq!(days_hours_short(Locale::ja, 76), "3日4時間");
        assert_eq!(minutes(Locale::en, 1), "1 minute");
        assert_eq!(minutes(Locale::en, 15), "15 minutes");
        assert_eq!(minutes(Locale::ja, 15), "15分");
        assert_eq!(days(Locale::en, 1), "1 day");
        assert_eq!(days(Locale::ja, 14), "14日");
        assert_eq!(plural(Locale::en, 1), Plural::One);
        assert_eq!(plural(Locale::en, 0), Plural::Other);
        assert_eq!(plural(Locale::ja, 1), Plural::Other);
    }
}
