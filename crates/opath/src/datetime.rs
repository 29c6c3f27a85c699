//! Just enough date/time parsing to order date-valued properties.
//!
//! Filters written from Microsoft's examples use the US form of the Exchange server's culture
//! (`'8/1/2017 2:00:00 PM'`, `'8/13/2017'`); subjects are likely to hold ISO 8601
//! (`2017-08-01T14:00:00Z`). Both parse to a naive timestamp (the time zone suffix is ignored:
//! the docs say the value uses the server's time zone, and exrbac has only one).

/// (year, month, day, hour, minute, second, nanosecond): compares chronologically.
pub(crate) type Stamp = (i32, u32, u32, u32, u32, u32, u32);

pub(crate) fn parse(s: &str) -> Option<Stamp> {
    let s = s.trim();
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (s.get(..i)?, s.get(i + 1..)?.trim()),
        None => (s, ""),
    };
    let (y, mo, d) = if date.contains('-') {
        let mut it = date.split('-');
        let y = num(it.next()?)?;
        let mo = num(it.next()?)?;
        let d = num(it.next()?)?;
        if it.next().is_some() {
            return None;
        }
        (y, mo, d)
    } else {
        let mut it = date.split('/');
        let mo = num(it.next()?)?;
        let d = num(it.next()?)?;
        let y = num(it.next()?)?;
        if it.next().is_some() {
            return None;
        }
        (y, mo, d)
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || y > 9999 {
        return None;
    }
    let (h, mi, sec, nanos) = if time.is_empty() {
        (0, 0, 0, 0)
    } else {
        time_of_day(time)?
    };
    Some((i32::try_from(y).ok()?, mo, d, h, mi, sec, nanos))
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn time_of_day(t: &str) -> Option<(u32, u32, u32, u32)> {
    let upper = t.to_ascii_uppercase();
    let (clock, meridiem) = if let Some(c) = upper.strip_suffix("AM") {
        (c.trim(), Some(false))
    } else if let Some(c) = upper.strip_suffix("PM") {
        (c.trim(), Some(true))
    } else {
        // Drop an ISO zone designator; see the module docs.
        let end = upper.find(['Z', '+', '-']).unwrap_or(upper.len());
        (upper.get(..end)?.trim(), None)
    };
    let mut it = clock.split(':');
    let mut h = num(it.next()?)?;
    let mi = num(it.next()?)?;
    let (sec, nanos) = match it.next() {
        None => (0, 0),
        Some(s) => match s.split_once('.') {
            None => (num(s)?, 0),
            Some((whole, frac)) => {
                let digits: String = frac.chars().take(9).collect();
                let scale = 10u32.checked_pow(u32::try_from(9 - digits.len()).ok()?)?;
                (num(whole)?, num(&digits)?.checked_mul(scale)?)
            }
        },
    };
    if it.next().is_some() || mi > 59 || sec > 60 {
        return None;
    }
    match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            h = h % 12 + if pm { 12 } else { 0 };
        }
        None if h > 23 => return None,
        None => {}
    }
    Some((h, mi, sec, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(
            parse("8/1/2017 2:00:00 PM"),
            Some((2017, 8, 1, 14, 0, 0, 0))
        );
        assert_eq!(parse("8/13/2017"), Some((2017, 8, 13, 0, 0, 0, 0)));
        assert_eq!(
            parse("2017-08-01T14:00:00Z"),
            Some((2017, 8, 1, 14, 0, 0, 0))
        );
        assert_eq!(
            parse("2017-08-01 14:00:00.5+02:00"),
            Some((2017, 8, 1, 14, 0, 0, 500_000_000))
        );
        assert_eq!(
            parse("12/31/2020 12:30 AM"),
            Some((2020, 12, 31, 0, 30, 0, 0))
        );
        assert_eq!(parse("2017-08-01"), Some((2017, 8, 1, 0, 0, 0, 0)));
        assert!(parse("8/1/2017 2:00:00 PM") > parse("8/1/2017 11:00:00 AM"));
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "hello",
            "13/1/2017",
            "1/1/2017 25:00",
            "2017-08",
            "1/1/2017 0:00 PM",
            "1/1/99999",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
