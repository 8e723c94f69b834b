//! Named text generators, on top of the `fake` crate (pinned: its word lists are part of the
//! output), and the inference of a generator from a column's and table's names.

use fake::Fake;
use fake::faker;
use rand::rngs::ChaCha8Rng;

/// Locales the `fake` crate has word lists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    FrFr,
    DeDe,
    ItIt,
    PtBr,
    NlNl,
    JaJp,
    ZhCn,
}

impl Locale {
    pub const NAMES: &[&str] = &["en", "fr_fr", "de_de", "it_it", "pt_br", "nl_nl", "ja_jp", "zh_cn"];

    pub fn parse(name: &str) -> Option<Locale> {
        Some(match name.to_ascii_lowercase().replace('-', "_").as_str() {
            "en" | "en_us" | "en_gb" => Locale::En,
            "fr" | "fr_fr" => Locale::FrFr,
            "de" | "de_de" => Locale::DeDe,
            "it" | "it_it" => Locale::ItIt,
            "pt" | "pt_br" => Locale::PtBr,
            "nl" | "nl_nl" => Locale::NlNl,
            "ja" | "ja_jp" => Locale::JaJp,
            "zh" | "zh_cn" => Locale::ZhCn,
            _ => return None,
        })
    }
}

/// Call a `fake` faker in the locale's variant.
macro_rules! localized {
    ($locale:expr, $module:ident :: $faker:ident ( $($arg:expr),* ), $rng:expr) => {{
        use fake::locales::*;
        let rng: &mut ChaCha8Rng = $rng;
        let text: String = match $locale {
            Locale::En => faker::$module::raw::$faker(EN $(, $arg)*).fake_with_rng(rng),
            Locale::FrFr => faker::$module::raw::$faker(FR_FR $(, $arg)*).fake_with_rng(rng),
            Locale::DeDe => faker::$module::raw::$faker(DE_DE $(, $arg)*).fake_with_rng(rng),
            Locale::ItIt => faker::$module::raw::$faker(IT_IT $(, $arg)*).fake_with_rng(rng),
            Locale::PtBr => faker::$module::raw::$faker(PT_BR $(, $arg)*).fake_with_rng(rng),
            Locale::NlNl => faker::$module::raw::$faker(NL_NL $(, $arg)*).fake_with_rng(rng),
            Locale::JaJp => faker::$module::raw::$faker(JA_JP $(, $arg)*).fake_with_rng(rng),
            Locale::ZhCn => faker::$module::raw::$faker(ZH_CN $(, $arg)*).fake_with_rng(rng),
        };
        text
    }};
}

/// A kind of realistic text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Email,
    FirstName,
    LastName,
    PersonName,
    Username,
    Company,
    Product,
    City,
    Country,
    CountryCode,
    State,
    Street,
    ZipCode,
    Phone,
    Url,
    Domain,
    Ipv4,
    Word,
    /// A few capitalised words: a name or title of something.
    Title,
    Sentence,
    Paragraph,
    Slug,
    Color,
    Currency,
    JobTitle,
    /// A hex digest, as a password hash or token looks.
    Hash,
    /// Upper-case letters and digits, as a code or SKU.
    Code,
}

impl TextKind {
    /// The generators a plan may name, with the kind each gives.
    pub const NAMES: &[(&str, TextKind)] = &[
        ("email", TextKind::Email),
        ("first_name", TextKind::FirstName),
        ("last_name", TextKind::LastName),
        ("name", TextKind::PersonName),
        ("person_name", TextKind::PersonName),
        ("username", TextKind::Username),
        ("company", TextKind::Company),
        ("product", TextKind::Product),
        ("city", TextKind::City),
        ("country", TextKind::Country),
        ("country_code", TextKind::CountryCode),
        ("state", TextKind::State),
        ("street", TextKind::Street),
        ("address", TextKind::Street),
        ("zip", TextKind::ZipCode),
        ("postcode", TextKind::ZipCode),
        ("phone", TextKind::Phone),
        ("url", TextKind::Url),
        ("domain", TextKind::Domain),
        ("ip", TextKind::Ipv4),
        ("word", TextKind::Word),
        ("title", TextKind::Title),
        ("sentence", TextKind::Sentence),
        ("lorem", TextKind::Paragraph),
        ("paragraph", TextKind::Paragraph),
        ("slug", TextKind::Slug),
        ("color", TextKind::Color),
        ("currency", TextKind::Currency),
        ("job_title", TextKind::JobTitle),
        ("hash", TextKind::Hash),
        ("code", TextKind::Code),
    ];

    pub fn by_name(name: &str) -> Option<TextKind> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// A value of this kind.
    pub fn generate(self, rng: &mut ChaCha8Rng, locale: Locale) -> String {
        match self {
            TextKind::Email => {
                let first: String = localized!(Locale::En, name::FirstName(), rng);
                let last: String = localized!(Locale::En, name::LastName(), rng);
                let domain = DOMAINS[crate::rng::below(rng, DOMAINS.len() as u64) as usize];
                format!("{}.{}@{domain}", ascii_word(&first), ascii_word(&last))
            }
            TextKind::FirstName => localized!(locale, name::FirstName(), rng),
            TextKind::LastName => localized!(locale, name::LastName(), rng),
            TextKind::PersonName => {
                let first: String = localized!(locale, name::FirstName(), rng);
                let last: String = localized!(locale, name::LastName(), rng);
                if matches!(locale, Locale::JaJp | Locale::ZhCn) {
                    format!("{last}{first}")
                } else {
                    format!("{first} {last}")
                }
            }
            TextKind::Username => {
                let first: String = localized!(Locale::En, name::FirstName(), rng);
                let last: String = localized!(Locale::En, name::LastName(), rng);
                format!("{}_{}", ascii_word(&first), ascii_word(&last))
            }
            TextKind::Company => localized!(locale, company::CompanyName(), rng),
            TextKind::Product => product(rng),
            TextKind::City => localized!(locale, address::CityName(), rng),
            TextKind::Country => localized!(locale, address::CountryName(), rng),
            TextKind::CountryCode => localized!(Locale::En, address::CountryCode(), rng),
            TextKind::State => localized!(locale, address::StateName(), rng),
            TextKind::Street => {
                let number: String = localized!(Locale::En, address::BuildingNumber(), rng);
                let street: String = localized!(locale, address::StreetName(), rng);
                format!("{number} {street}")
            }
            TextKind::ZipCode => localized!(locale, address::ZipCode(), rng),
            TextKind::Phone => localized!(locale, phone_number::PhoneNumber(), rng),
            TextKind::Url => {
                let word: String = localized!(Locale::En, lorem::Word(), rng);
                let domain = DOMAINS[crate::rng::below(rng, DOMAINS.len() as u64) as usize];
                format!("https://{domain}/{}", ascii_word(&word))
            }
            TextKind::Domain => {
                let word: String = localized!(Locale::En, company::BsNoun(), rng);
                format!("{}.example.com", slug(&word))
            }
            TextKind::Ipv4 => {
                let mut octets = [0u8; 4];
                rand::Rng::fill_bytes(rng, &mut octets);
                format!("10.{}.{}.{}", octets[0], octets[1], octets[2].max(1))
            }
            TextKind::Word => localized!(Locale::En, lorem::Word(), rng),
            TextKind::Title => {
                let words: String = localized!(Locale::En, company::Buzzword(), rng);
                let noun: String = localized!(Locale::En, company::BsNoun(), rng);
                capitalise(&format!("{words} {noun}"))
            }
            TextKind::Sentence => localized!(Locale::En, lorem::Sentence(4..10), rng),
            TextKind::Paragraph => localized!(Locale::En, lorem::Paragraph(2..4), rng),
            TextKind::Slug => {
                let a: String = localized!(Locale::En, lorem::Word(), rng);
                let b: String = localized!(Locale::En, lorem::Word(), rng);
                format!("{}-{}", slug(&a), slug(&b))
            }
            TextKind::Color => COLORS[crate::rng::below(rng, COLORS.len() as u64) as usize].to_string(),
            TextKind::Currency => localized!(Locale::En, currency::CurrencyCode(), rng),
            TextKind::JobTitle => localized!(Locale::En, job::Title(), rng),
            TextKind::Hash => {
                let mut bytes = [0u8; 32];
                rand::Rng::fill_bytes(rng, &mut bytes);
                crate::value::hex(&bytes)
            }
            TextKind::Code => {
                const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
                (0..8).map(|_| ALPHABET[crate::rng::below(rng, ALPHABET.len() as u64) as usize] as char).collect()
            }
        }
    }
}

/// What a column's name (and its table's) says its text is.
pub fn infer_text(table: &str, column: &str) -> Option<TextKind> {
    let c = column.to_ascii_lowercase();
    let t = table.to_ascii_lowercase();
    let ends = |s: &str| c == s || c.ends_with(&format!("_{s}"));
    Some(match () {
        _ if ends("email") || c == "mail" || c.ends_with("email_address") => TextKind::Email,
        _ if c.contains("first_name") || c == "firstname" || c == "given_name" || c == "forename" => {
            TextKind::FirstName
        }
        _ if c.contains("last_name") || c == "lastname" || c == "surname" || c == "family_name" => TextKind::LastName,
        _ if matches!(c.as_str(), "full_name" | "display_name" | "contact_name" | "author" | "customer_name")
            || (c == "name" && is_person_table(&t)) =>
        {
            TextKind::PersonName
        }
        _ if matches!(c.as_str(), "username" | "user_name" | "login" | "handle" | "nickname") => TextKind::Username,
        _ if c.contains("company") || (c == "name" && is_company_table(&t)) => TextKind::Company,
        _ if c.contains("product") || (c == "name" && (t.contains("product") || t.contains("item"))) => {
            TextKind::Product
        }
        _ if ends("city") || c == "town" => TextKind::City,
        _ if c == "country_code" || c == "iso_code" => TextKind::CountryCode,
        _ if ends("country") || (c == "name" && t.contains("countr")) => TextKind::Country,
        _ if matches!(c.as_str(), "state" | "province" | "region") => TextKind::State,
        _ if c.contains("address") || c == "street" || c.starts_with("address") => TextKind::Street,
        _ if c.contains("zip") || c.contains("postal") || c.contains("postcode") => TextKind::ZipCode,
        _ if c.contains("phone") || c.contains("mobile") || c == "fax" || c.contains("telephone") => TextKind::Phone,
        _ if c.contains("url") || c == "website" || c == "homepage" || c == "link" => TextKind::Url,
        _ if c.contains("domain") || c.contains("host") => TextKind::Domain,
        _ if c == "ip" || c.contains("ip_address") => TextKind::Ipv4,
        _ if c.contains("password") || c.contains("digest") || c.ends_with("token") || c.ends_with("_hash") => {
            TextKind::Hash
        }
        _ if c == "slug" || c == "key" || c.ends_with("_key") || c == "handle" => TextKind::Slug,
        _ if c.contains("colo") => TextKind::Color,
        _ if c.contains("currency") => TextKind::Currency,
        _ if c.contains("job") || c == "position" || c == "occupation" || (c == "title" && is_person_table(&t)) => {
            TextKind::JobTitle
        }
        _ if c == "sku" || c.ends_with("_code") || c == "code" => TextKind::Code,
        _ if matches!(
            c.as_str(),
            "description"
                | "bio"
                | "body"
                | "content"
                | "notes"
                | "note"
                | "comment"
                | "comments"
                | "summary"
                | "text"
                | "message"
                | "details"
                | "hypothesis"
                | "review"
                | "about"
        ) || c.ends_with("_description")
            || c.ends_with("_notes") =>
        {
            TextKind::Sentence
        }
        _ if c == "name" || c == "title" || c.ends_with("_name") || c.ends_with("_title") || c == "label" => {
            TextKind::Title
        }
        _ => return None,
    })
}

fn is_person_table(t: &str) -> bool {
    [
        "user", "person", "people", "customer", "employee", "author", "actor", "member", "staff", "contact", "artist",
        "student", "teacher", "patient",
    ]
    .iter()
    .any(|w| t.contains(w))
}

fn is_company_table(t: &str) -> bool {
    ["organization", "organisation", "compan", "supplier", "vendor", "shipper", "tenant", "account", "customer"]
        .iter()
        .any(|w| t.contains(w))
}

const DOMAINS: &[&str] = &["example.com", "example.org", "example.net", "mail.example.com", "test.example"];

const COLORS: &[&str] =
    &["red", "green", "blue", "teal", "orange", "purple", "black", "white", "gray", "navy", "olive", "maroon"];

/// E-commerce product names: adjective, material, thing.
const PRODUCT_ADJECTIVES: &[&str] = &[
    "Ergonomic",
    "Rustic",
    "Sleek",
    "Compact",
    "Handmade",
    "Vintage",
    "Smart",
    "Wireless",
    "Organic",
    "Premium",
    "Portable",
    "Lightweight",
    "Durable",
    "Modern",
    "Classic",
    "Deluxe",
    "Eco",
    "Foldable",
    "Heated",
    "Waterproof",
];
const PRODUCT_MATERIALS: &[&str] = &[
    "Steel", "Wooden", "Cotton", "Leather", "Bamboo", "Ceramic", "Glass", "Linen", "Wool", "Aluminum", "Granite",
    "Silk", "Copper", "Marble", "Rubber", "Canvas",
];
const PRODUCT_THINGS: &[&str] = &[
    "Chair",
    "Desk Lamp",
    "Backpack",
    "Water Bottle",
    "Keyboard",
    "Headphones",
    "Sneakers",
    "Coffee Mug",
    "Wallet",
    "Jacket",
    "Sunglasses",
    "Blender",
    "Yoga Mat",
    "Notebook",
    "Watch",
    "Tote Bag",
    "Speaker",
    "Pillow",
    "Frying Pan",
    "Phone Case",
    "Scarf",
    "Bookshelf",
    "Kettle",
    "Umbrella",
];

fn product(rng: &mut ChaCha8Rng) -> String {
    let pick = |rng: &mut ChaCha8Rng, list: &[&'static str]| list[crate::rng::below(rng, list.len() as u64) as usize];
    let (a, m, t) = (pick(rng, PRODUCT_ADJECTIVES), pick(rng, PRODUCT_MATERIALS), pick(rng, PRODUCT_THINGS));
    format!("{a} {m} {t}")
}

/// Lower-case ASCII letters only, for the local part of an email or a user name.
fn ascii_word(text: &str) -> String {
    let word: String = deunicode_lite(text).chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if word.is_empty() { "user".into() } else { word.to_ascii_lowercase() }
}

fn slug(text: &str) -> String {
    let s: String = deunicode_lite(text)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "item".into() } else { s }
}

/// Drop accents from Latin letters (names from the other locales are used in ASCII-only places).
fn deunicode_lite(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

fn capitalise(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
