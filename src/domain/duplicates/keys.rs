//! The contacts of an entry as keys that match however they were written: a website without
//! its scheme, `www.`, query or final slash; an e-mail in lower case; a phone number's last nine
//! digits (the number without its country or trunk prefix in France and Spain, and enough of it
//! elsewhere).

/// The normalised website, e-mail and phone of an entry (stored in indexed columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactKeys {
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl ContactKeys {
    pub fn new(website: Option<&str>, email: Option<&str>, phone: Option<&str>) -> ContactKeys {
        ContactKeys {
            website: website.and_then(website_key),
            email: email.and_then(email_key),
            phone: phone.and_then(phone_key),
        }
    }

    /// Whether the two share a website, an e-mail or a phone.
    pub fn shares(&self, other: &ContactKeys) -> bool {
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        same(&self.website, &other.website)
            || same(&self.email, &other.email)
            || same(&self.phone, &other.phone)
    }
}

/// `https://www.Example.org/repair/?utm=x` → `example.org/repair`.
pub fn website_key(url: &str) -> Option<String> {
    let lower = url.trim().to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let key = rest.trim_end_matches('/');
    (!key.is_empty()).then(|| key.to_owned())
}

pub fn email_key(email: &str) -> Option<String> {
    let key = email.trim().to_lowercase();
    key.contains('@').then_some(key)
}

/// `+33 (0)1 43 55 12 34`, `01.43.55.12.34` → `143551234`; fewer than nine digits, none.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 9).then(|| digits[digits.len() - 9..].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_differently_same_key() {
        assert_eq!(
            website_key("https://www.RepairCafe-Paris.fr/belleville/?utm_source=x"),
            website_key("http://repaircafe-paris.fr/belleville")
        );
        assert_eq!(
            email_key(" Contact@AMAP-Lilas.org "),
            email_key("contact@amap-lilas.org")
        );
        assert_eq!(
            phone_key("+33 (0)1 43 55 12 34"),
            phone_key("01.43.55.12.34")
        );
        assert_eq!(phone_key("0034 915 123 456"), phone_key("915123456"));
        assert_eq!(phone_key("12 34"), None);
        assert_eq!(website_key("https://"), None);
    }
}
