//! Money is a decimal amount with an ISO 4217 currency, never a float (R-NEW-2).

use super::issues::Code;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Currencies partners deal in; the list the wizard offers and the API accepts.
pub const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "AUD", "CAD", "CHF", "CNY", "DKK", "HKD", "INR", "KRW", "MXN", "NOK", "NZD", "PLN",
    "SEK", "SGD", "BRL", "ZAR",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Currency([u8; 3]);

impl Currency {
    pub fn parse(input: &str) -> Result<Self, Code> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(Code::Required);
        }
        match CURRENCIES.iter().find(|c| **c == code) {
            Some(c) => {
                let b = c.as_bytes();
                Ok(Currency([b[0], b[1], b[2]]))
            }
            None => Err(Code::UnknownCurrency),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits shown after the decimal point.
    pub fn minor_digits(&self) -> u32 {
        match self.as_str() {
            "JPY" | "KRW" => 0,
            _ => 2,
        }
    }
}

/// A positive amount with at most two decimals; stored exactly as hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Amount(Decimal);

impl Amount {
    /// Accepts what people type: "25000", "25,000.50", " 1 200 ".
    pub fn parse(input: &str) -> Result<Self, Code> {
        let cleaned: String = input.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
        if cleaned.is_empty() {
            return Err(Code::Required);
        }
        if !cleaned.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
            return Err(Code::InvalidNumber);
        }
        let value = Decimal::from_str(&cleaned).map_err(|_| Code::InvalidNumber)?;
        Self::new(value)
    }

    pub fn new(value: Decimal) -> Result<Self, Code> {
        if value <= Decimal::ZERO {
            return Err(Code::NotPositive);
        }
        if value.normalize().scale() > 2 {
            return Err(Code::TooManyDecimals);
        }
        if value > Decimal::new(999_999_999_999_99, 2) {
            return Err(Code::TooLarge);
        }
        // Always two decimals, as stored: "25000" reads back as 25000.00 everywhere.
        let mut exact = value;
        exact.rescale(2);
        Ok(Amount(exact))
    }

    pub fn value(&self) -> Decimal {
        self.0
    }

    /// The exact amount in hundredths, the storage form.
    pub fn hundredths(&self) -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        // Exact: parsing allows at most two decimals and caps the size.
        (self.0 * Decimal::ONE_HUNDRED).to_i64().unwrap_or(i64::MAX)
    }

    pub fn from_hundredths(h: i64) -> Decimal {
        Decimal::new(h, 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // R-NEW-2: estimated value is mandatory, > 0, decimal.
    #[test]
    fn amounts() {
        assert_eq!(Amount::parse(""), Err(Code::Required));
        assert_eq!(Amount::parse("0"), Err(Code::NotPositive));
        assert_eq!(Amount::parse("-5"), Err(Code::NotPositive));
        assert_eq!(Amount::parse("12abc"), Err(Code::InvalidNumber));
        assert_eq!(Amount::parse("1e5"), Err(Code::InvalidNumber));
        assert_eq!(Amount::parse("10.005"), Err(Code::TooManyDecimals));
        assert_eq!(Amount::parse("10.500").unwrap().value(), Decimal::new(105, 1));
        assert_eq!(Amount::parse("25,000.50").unwrap().hundredths(), 2_500_050);
        assert_eq!(Amount::parse("1000000000000"), Err(Code::TooLarge));
    }

    // R-NEW-2: money is decimal, never float: 0.1 + 0.2 is exactly 0.3 in hundredths.
    #[test]
    fn hundredths_round_trip_exactly() {
        let a = Amount::parse("0.1").unwrap().hundredths() + Amount::parse("0.2").unwrap().hundredths();
        assert_eq!(Amount::from_hundredths(a), Decimal::new(3, 1));
        assert_eq!(Amount::parse("123456789.99").unwrap().hundredths(), 12_345_678_999);
    }

    // R-NEW-2: ISO 4217 currency.
    #[test]
    fn currencies() {
        assert_eq!(Currency::parse("usd").unwrap().as_str(), "USD");
        assert_eq!(Currency::parse("XYZ"), Err(Code::UnknownCurrency));
        assert_eq!(Currency::parse(" "), Err(Code::Required));
    }

}
