//! Places for business travel: resolving what expense systems contain (city names in French or
//! English, with or without accents, hyphens or "St" abbreviations, French exonyms, IATA airport
//! and multi-airport city codes, a country as ISO code or English/French name) to coordinates.
//!
//! Resolution never guesses silently: a name matching several places returns the most likely
//! one (curated exonym first, then GeoNames primary names, then alternate names; the most
//! populous within a tier) flagged `ambiguous`, and an unknown name returns suggestions ranked by
//! string similarity. A user-fix table (raw text + country → place) is consulted first.
//!
//! Data: GeoNames cities ≥ 15,000 inhabitants (CC-BY 4.0, attribute "GeoNames"), airportsdata
//! (MIT), country names (GeoNames; French names from Debian iso-codes, LGPL-2.1+), trimmed by
//! `scripts/trim_geodata.py` and embedded.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::normalize::fold;

/// Mean Earth radius used for great-circle distances (km).
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance in km between two points given in degrees (haversine formula on a
/// sphere of radius 6371 km; within ~0.5 % of the ellipsoidal geodesic).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// What kind of thing a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A GeoNames city.
    City,
    /// An airport (IATA code).
    Airport,
    /// A multi-airport city code (PAR, LON...).
    MetroArea,
    /// Coordinates given by a user fix.
    Custom,
}

/// A resolved place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Kind.
    pub kind: PlaceKind,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population (cities), 0 otherwise.
    pub population: u64,
    /// GeoNames id for cities.
    pub geonameid: Option<u32>,
    /// IATA code for airports and metro areas.
    pub iata: Option<String>,
}

impl Place {
    /// Great-circle distance to another place, km.
    pub fn distance_km(&self, other: &Place) -> f64 {
        great_circle_km(self.lat, self.lon, other.lat, other.lon)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.iata {
            Some(code) => write!(f, "{} ({code}, {})", self.name, self.country),
            None => write!(f, "{} ({})", self.name, self.country),
        }
    }
}

/// How a resolution was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// From the caller's user-fix table.
    UserFix,
    /// IATA airport code.
    Iata,
    /// IATA multi-airport city code.
    MetroAreaCode,
    /// Curated exonym table.
    Exonym,
    /// GeoNames primary name.
    Name,
    /// GeoNames alternate name.
    AlternateName,
}

/// A successful resolution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// The place chosen.
    pub place: Place,
    /// How it was found.
    pub how: MatchKind,
    /// True when another distant place matches as strongly (exonym or primary name), or a
    /// weaker match is more populous than the chosen place.
    pub ambiguous: bool,
    /// Other candidates (up to 3), most likely first.
    pub alternatives: Vec<Place>,
}

/// A suggestion for an unresolved place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Name as in the gazetteer.
    pub name: String,
    /// Country code.
    pub country: String,
    /// GeoNames id.
    pub geonameid: u32,
    /// Population.
    pub population: u64,
    /// Similarity in [0, 1] (Jaro-Winkler on folded names).
    pub score: f64,
}

/// Why a place could not be resolved.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum ResolveError {
    /// Empty text.
    #[error("empty place name")]
    Empty,
    /// The country is not known.
    #[error("unknown country \"{country}\"{}", fmt_list(.suggestions))]
    UnknownCountry {
        /// Text given.
        country: String,
        /// Close country names.
        suggestions: Vec<String>,
    },
    /// No place of that name.
    #[error("unknown place \"{text}\"{}{}", .country.as_ref().map(|c| format!(" in {c}")).unwrap_or_default(), fmt_sugg(.suggestions))]
    NotFound {
        /// Text given.
        text: String,
        /// Country code, if one was given.
        country: Option<String>,
        /// Closest names.
        suggestions: Vec<Suggestion>,
    },
    /// A user fix points at a place that does not exist.
    #[error("user fix for \"{text}\" points at unknown {target}")]
    BadFix {
        /// Raw text of the fix.
        text: String,
        /// What it points at.
        target: String,
    },
}

fn fmt_list(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", s.join(", "))
    }
}

fn fmt_sugg(s: &[Suggestion]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = s
            .iter()
            .map(|x| format!("{} ({})", x.name, x.country))
            .collect();
        format!("; did you mean: {}?", names.join(", "))
    }
}

/// A country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    /// ISO 3166-1 alpha-3.
    pub iso3: String,
    /// English name.
    pub name_en: String,
    /// French name.
    pub name_fr: String,
    /// Continent code (EU, AS, AF, NA, SA, OC, AN).
    pub continent: String,
}

#[derive(Debug, Clone)]
struct City {
    geonameid: u32,
    name: Box<str>,
    lat: f64,
    lon: f64,
    cc: [u8; 2],
    population: u64,
}

#[derive(Debug, Clone)]
struct Airport {
    iata: [u8; 3],
    name: Box<str>,
    cc: [u8; 2],
    lat: f64,
    lon: f64,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    city: u32,
    tier: u8,
}

const TIER_EXONYM: u8 = 0;
const TIER_NAME: u8 = 1;
const TIER_ALT: u8 = 2;

/// The embedded gazetteer: cities, airports, metro-area codes and countries with their indexes.
#[derive(Debug)]
pub struct Gazetteer {
    cities: Vec<City>,
    airports: Vec<Airport>,
    macs: Vec<Airport>,
    countries: Vec<Country>,
    country_index: HashMap<String, usize>,
    names: HashMap<String, Vec<Entry>>,
    iata: HashMap<[u8; 3], usize>,
    mac: HashMap<[u8; 3], usize>,
    by_geonameid: HashMap<u32, u32>,
    primary_keys: Vec<(String, u32)>,
    exonym_misses: Vec<String>,
}

static CITIES: &str = include_str!("../data/geo/cities.tsv");
static AIRPORTS: &str = include_str!("../data/geo/airports.tsv");
static MACS: &str = include_str!("../data/geo/macs.tsv");
static COUNTRIES: &str = include_str!("../data/geo/countries.tsv");
static EXONYMS: &str = include_str!("../data/geo/exonyms.tsv");
static COUNTRY_ALIASES: &str = include_str!("../data/geo/country_aliases.tsv");
static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();

fn cc2(s: &str) -> [u8; 2] {
    let b = s.as_bytes();
    if b.len() == 2 {
        [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()]
    } else {
        [b'?', b'?']
    }
}

fn cc_str(c: [u8; 2]) -> String {
    String::from_utf8_lossy(&c).into_owned()
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

impl Gazetteer {
    /// The embedded gazetteer, built on first use (a few hundred milliseconds).
    pub fn bundled() -> &'static Gazetteer {
        BUNDLED.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut cities = Vec::with_capacity(34_100);
        let mut names: HashMap<String, Vec<Entry>> = HashMap::with_capacity(200_000);
        let mut primary_keys = Vec::with_capacity(34_100);
        let mut by_geonameid = HashMap::with_capacity(34_100);
        for f in data_lines(CITIES) {
            if f.len() < 6 {
                continue;
            }
            let (Ok(id), Ok(lat), Ok(lon)) = (
                f[0].parse::<u32>(),
                f[2].parse::<f64>(),
                f[3].parse::<f64>(),
            ) else {
                continue;
            };
            let idx = cities.len() as u32;
            let key = fold(f[1]);
            names.entry(key.clone()).or_default().push(Entry {
                city: idx,
                tier: TIER_NAME,
            });
            primary_keys.push((key.clone(), idx));
            if let Some(alts) = f.get(6).filter(|a| !a.is_empty()) {
                let mut seen: Vec<String> = vec![key];
                for alt in alts.split('|') {
                    let k = fold(alt);
                    if k.is_empty() || seen.contains(&k) {
                        continue;
                    }
                    names.entry(k.clone()).or_default().push(Entry {
                        city: idx,
                        tier: TIER_ALT,
                    });
                    seen.push(k);
                }
            }
            by_geonameid.insert(id, idx);
            cities.push(City {
                geonameid: id,
                name: f[1].into(),
                lat,
                lon,
                cc: cc2(f[4]),
                population: f[5].parse().unwrap_or(0),
            });
        }
        // curated exonyms
        let mut exonym_misses = Vec::new();
        for f in data_lines(EXONYMS) {
            if f.len() < 3 {
                continue;
            }
            let target = fold(f[1]);
            let cc = cc2(f[2]);
            let best = names
                .get(&target)
                .into_iter()
                .flatten()
                .filter(|e| e.tier == TIER_NAME && cities[e.city as usize].cc == cc)
                .max_by_key(|e| cities[e.city as usize].population)
                .copied();
            match best {
                Some(e) => {
                    let key = fold(f[0]);
                    let list = names.entry(key.clone()).or_default();
                    if !list
                        .iter()
                        .any(|x| x.city == e.city && x.tier == TIER_EXONYM)
                    {
                        list.push(Entry {
                            city: e.city,
                            tier: TIER_EXONYM,
                        });
                    }
                    primary_keys.push((key, e.city));
                }
                None => exonym_misses.push(format!("{} -> {} ({})", f[0], f[1], f[2])),
            }
        }
        let mut airports = Vec::with_capacity(7_900);
        let mut iata = HashMap::with_capacity(7_900);
        for f in data_lines(AIRPORTS) {
            if f.len() < 6 || f[0].len() != 3 {
                continue;
            }
            let (Ok(lat), Ok(lon)) = (f[4].parse::<f64>(), f[5].parse::<f64>()) else {
                continue;
            };
            let b = f[0].as_bytes();
            let code = [b[0], b[1], b[2]];
            iata.insert(code, airports.len());
            airports.push(Airport {
                iata: code,
                name: f[1].into(),
                cc: cc2(f[3]),
                lat,
                lon,
            });
        }
        let mut g = Gazetteer {
            cities,
            airports,
            macs: Vec::new(),
            countries: Vec::new(),
            country_index: HashMap::new(),
            names,
            iata,
            mac: HashMap::new(),
            by_geonameid,
            primary_keys,
            exonym_misses,
        };
        // metro-area codes: the city itself when GeoNames knows it, else the airports' centroid
        for f in data_lines(MACS) {
            if f.len() < 4 || f[0].len() != 3 {
                continue;
            }
            let cc = cc2(f[2]);
            let (lat, lon) = match g.best_city(&fold(f[1]), Some(cc)) {
                Some(i) => (g.cities[i].lat, g.cities[i].lon),
                None => {
                    let pts: Vec<&Airport> = f[3].split('|').filter_map(|c| g.airport(c)).collect();
                    if pts.is_empty() {
                        continue;
                    }
                    let n = pts.len() as f64;
                    (
                        pts.iter().map(|a| a.lat).sum::<f64>() / n,
                        pts.iter().map(|a| a.lon).sum::<f64>() / n,
                    )
                }
            };
            let b = f[0].as_bytes();
            let code = [b[0], b[1], b[2]];
            g.mac.insert(code, g.macs.len());
            g.macs.push(Airport {
                iata: code,
                name: f[1].into(),
                cc,
                lat,
                lon,
            });
        }
        // countries
        for f in data_lines(COUNTRIES) {
            if f.len() < 5 {
                continue;
            }
            let idx = g.countries.len();
            g.countries.push(Country {
                code: f[0].to_string(),
                iso3: f[1].to_string(),
                name_en: f[2].to_string(),
                name_fr: f[3].to_string(),
                continent: f[4].to_string(),
            });
            for key in [f[0], f[1]] {
                g.country_index.insert(fold(key), idx);
            }
        }
        for idx in 0..g.countries.len() {
            let c = g.countries[idx].clone();
            let mut keys = vec![fold(&c.name_en), fold(&c.name_fr)];
            for n in [&c.name_en, &c.name_fr] {
                if let Some((head, _)) = n.split_once(',') {
                    keys.push(fold(head));
                }
            }
            if let Some(rest) = keys[0].strip_prefix("the ") {
                keys.push(rest.to_string());
            }
            for k in keys {
                g.country_index.entry(k).or_insert(idx);
            }
        }
        for f in data_lines(COUNTRY_ALIASES) {
            if f.len() < 2 {
                continue;
            }
            if let Some(i) = g.countries.iter().position(|c| c.code == f[1]) {
                g.country_index.insert(fold(f[0]), i);
            }
        }
        g
    }

    fn airport(&self, code: &str) -> Option<&Airport> {
        let b = code.as_bytes();
        if b.len() != 3 {
            return None;
        }
        self.iata
            .get(&[b[0], b[1], b[2]])
            .map(|&i| &self.airports[i])
    }

    fn best_city(&self, key: &str, cc: Option<[u8; 2]>) -> Option<usize> {
        self.names
            .get(key)?
            .iter()
            .filter(|e| cc.is_none_or(|c| self.cities[e.city as usize].cc == c))
            .min_by_key(|e| {
                (
                    e.tier,
                    std::cmp::Reverse(self.cities[e.city as usize].population),
                )
            })
            .map(|e| e.city as usize)
    }

    /// Curated exonyms whose target was not found (should be empty; checked by tests).
    pub fn exonym_misses(&self) -> &[String] {
        &self.exonym_misses
    }

    /// Number of cities.
    pub fn city_count(&self) -> usize {
        self.cities.len()
    }

    /// Number of airports with an IATA code.
    pub fn airport_count(&self) -> usize {
        self.airports.len()
    }

    /// Country from an ISO2/ISO3 code or an English or French name.
    pub fn country(&self, text: &str) -> Option<&Country> {
        self.country_index
            .get(&fold(text))
            .map(|&i| &self.countries[i])
    }

    /// All countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    fn country_suggestions(&self, text: &str) -> Vec<String> {
        let k = fold(text);
        let mut scored: Vec<(f64, &str)> = self
            .countries
            .iter()
            .flat_map(|c| {
                [
                    (strsim::jaro_winkler(&k, &fold(&c.name_fr)), c),
                    (strsim::jaro_winkler(&k, &fold(&c.name_en)), c),
                ]
            })
            .map(|(s, c)| (s, c.name_fr.as_str()))
            .filter(|(s, _)| *s >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<String> = Vec::new();
        for (_, n) in scored {
            if !out.iter().any(|x| x == n) {
                out.push(n.to_string());
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }

    fn city_place(&self, i: usize) -> Place {
        let c = &self.cities[i];
        Place {
            kind: PlaceKind::City,
            name: c.name.to_string(),
            country: cc_str(c.cc),
            lat: c.lat,
            lon: c.lon,
            population: c.population,
            geonameid: Some(c.geonameid),
            iata: None,
        }
    }

    fn airport_place(a: &Airport, kind: PlaceKind) -> Place {
        Place {
            kind,
            name: a.name.to_string(),
            country: cc_str(a.cc),
            lat: a.lat,
            lon: a.lon,
            population: 0,
            geonameid: None,
            iata: Some(String::from_utf8_lossy(&a.iata).into_owned()),
        }
    }

    /// City by GeoNames id.
    pub fn city_by_geonameid(&self, id: u32) -> Option<Place> {
        self.by_geonameid
            .get(&id)
            .map(|&i| self.city_place(i as usize))
    }

    /// Airport or metro-area code (`CDG`, `PAR`), metro areas first.
    pub fn iata_place(&self, code: &str) -> Option<(Place, MatchKind)> {
        let b = code.as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let key = [
            b[0].to_ascii_uppercase(),
            b[1].to_ascii_uppercase(),
            b[2].to_ascii_uppercase(),
        ];
        if let Some(&i) = self.mac.get(&key) {
            return Some((
                Self::airport_place(&self.macs[i], PlaceKind::MetroArea),
                MatchKind::MetroAreaCode,
            ));
        }
        self.iata.get(&key).map(|&i| {
            (
                Self::airport_place(&self.airports[i], PlaceKind::Airport),
                MatchKind::Iata,
            )
        })
    }

    fn by_name(&self, key: &str, cc: Option<[u8; 2]>) -> Option<Resolution> {
        let list = self.names.get(key)?;
        let mut cands: Vec<Entry> = list
            .iter()
            .filter(|e| cc.is_none_or(|c| self.cities[e.city as usize].cc == c))
            .copied()
            .collect();
        if cands.is_empty() {
            return None;
        }
        cands.sort_by_key(|e| {
            (
                e.tier,
                std::cmp::Reverse(self.cities[e.city as usize].population),
            )
        });
        cands.dedup_by_key(|e| e.city);
        let best = cands[0];
        let bc = &self.cities[best.city as usize];
        let mut alternatives = Vec::new();
        let mut ambiguous = false;
        for e in &cands[1..] {
            if e.city == best.city
                || alternatives
                    .iter()
                    .any(|p: &Place| p.geonameid == Some(self.cities[e.city as usize].geonameid))
            {
                continue;
            }
            let c = &self.cities[e.city as usize];
            // a distant place matching as strongly (exonym or primary name), or a weaker match
            // that is bigger than the chosen one, makes the text ambiguous
            let strong = e.tier <= TIER_NAME || c.population >= bc.population;
            if strong && great_circle_km(bc.lat, bc.lon, c.lat, c.lon) > 30.0 {
                ambiguous = true;
            }
            if alternatives.len() < 3 {
                alternatives.push(self.city_place(e.city as usize));
            }
        }
        let how = match best.tier {
            TIER_EXONYM => MatchKind::Exonym,
            TIER_NAME => MatchKind::Name,
            _ => MatchKind::AlternateName,
        };
        Some(Resolution {
            place: self.city_place(best.city as usize),
            how,
            ambiguous,
            alternatives,
        })
    }

    /// Names closest to `text` (Jaro-Winkler on folded names), in `country` when given.
    pub fn suggestions(&self, text: &str, country: Option<&str>, max: usize) -> Vec<Suggestion> {
        let k = fold(text);
        let cc = country.map(cc2);
        let mut scored: Vec<(f64, u32)> = self
            .primary_keys
            .iter()
            .filter(|(_, i)| cc.is_none_or(|c| self.cities[*i as usize].cc == c))
            .map(|(key, i)| (strsim::jaro_winkler(&k, key), *i))
            .filter(|(s, _)| *s >= 0.75)
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then(
                self.cities[b.1 as usize]
                    .population
                    .cmp(&self.cities[a.1 as usize].population),
            )
        });
        let mut out: Vec<Suggestion> = Vec::new();
        for (score, i) in scored {
            let c = &self.cities[i as usize];
            if out.iter().any(|s| s.geonameid == c.geonameid) {
                continue;
            }
            out.push(Suggestion {
                name: c.name.to_string(),
                country: cc_str(c.cc),
                geonameid: c.geonameid,
                population: c.population,
                score,
            });
            if out.len() == max {
                break;
            }
        }
        out
    }
}

/// Where a user fix points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PlaceFix {
    /// A GeoNames city id.
    Geoname(u32),
    /// An IATA airport or metro-area code.
    Iata(String),
    /// Explicit coordinates.
    Coordinates {
        /// Display name.
        name: String,
        /// ISO2 country.
        country: String,
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
}

/// The caller's corrections: raw text (+ optional country) → place. Applied before anything
/// else; a fix without country applies whatever the country column says.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UserFixes {
    fixes: HashMap<String, PlaceFix>,
}

impl UserFixes {
    /// Empty table.
    pub fn new() -> Self {
        Self::default()
    }

    fn key(text: &str, country: &str) -> String {
        format!("{}\u{1f}{}", fold(text), fold(country))
    }

    /// Adds a fix for `text` in `country` (ISO2, or `None` for any country).
    pub fn add(&mut self, text: &str, country: Option<&str>, fix: PlaceFix) {
        self.fixes
            .insert(Self::key(text, country.unwrap_or("")), fix);
    }

    /// Number of fixes.
    pub fn len(&self) -> usize {
        self.fixes.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.fixes.is_empty()
    }

    fn get(&self, text: &str, countries: &[&str]) -> Option<&PlaceFix> {
        if self.fixes.is_empty() {
            return None;
        }
        countries
            .iter()
            .chain(std::iter::once(&""))
            .find_map(|c| self.fixes.get(&Self::key(text, c)))
    }
}

/// Resolves place names against a gazetteer and a user-fix table.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    gazetteer: &'a Gazetteer,
    fixes: Option<&'a UserFixes>,
}

impl<'a> Resolver<'a> {
    /// Resolver over a gazetteer, with optional user fixes.
    pub fn new(gazetteer: &'a Gazetteer, fixes: Option<&'a UserFixes>) -> Self {
        Resolver { gazetteer, fixes }
    }

    /// Resolver over the embedded gazetteer.
    pub fn bundled(fixes: Option<&'a UserFixes>) -> Resolver<'a> {
        Resolver::new(Gazetteer::bundled(), fixes)
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &'a Gazetteer {
        self.gazetteer
    }

    /// Resolves `text` (a city name or IATA code), optionally within `country` (ISO code or
    /// English/French name).
    pub fn resolve(&self, text: &str, country: Option<&str>) -> Result<Resolution, ResolveError> {
        let g = self.gazetteer;
        let t = text.trim();
        if t.is_empty() {
            return Err(ResolveError::Empty);
        }
        let country = country.map(str::trim).filter(|c| !c.is_empty());
        let cc = match country {
            None => None,
            Some(c) => match g.country(c) {
                Some(found) => Some(cc2(&found.code)),
                None => {
                    return Err(ResolveError::UnknownCountry {
                        country: c.to_string(),
                        suggestions: g.country_suggestions(c),
                    });
                }
            },
        };
        if let Some(fixes) = self.fixes {
            let code = cc.map(cc_str).unwrap_or_default();
            let keys: Vec<&str> = [country.unwrap_or(""), code.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if let Some(fix) = fixes.get(t, &keys) {
                return self.apply_fix(t, fix);
            }
        }
        let country_ok = |p: &Place| cc.is_none_or(|c| p.country.as_bytes() == c);
        let is_code = t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
        if is_code
            && let Some((place, how)) = g.iata_place(t)
            && country_ok(&place)
        {
            return Ok(Resolution {
                place,
                how,
                ambiguous: false,
                alternatives: Vec::new(),
            });
        }
        if let Some(r) = g.by_name(&fold(t), cc) {
            return Ok(r);
        }
        // "Paris, France", "Paris (France)", "Toulouse (TLS)", "Paris CDG"
        let mut head = t;
        let mut tail: Option<&str> = None;
        if let Some((h, rest)) = t.split_once('(') {
            head = h.trim();
            tail = Some(rest.trim_end_matches(')').trim());
        } else if let Some((h, rest)) = t.split_once(',') {
            head = h.trim();
            tail = Some(rest.trim());
        }
        if let Some(tail) = tail.filter(|s| !s.is_empty()) {
            if tail.len() == 3
                && let Some((place, how)) = g.iata_place(tail)
                && country_ok(&place)
            {
                return Ok(Resolution {
                    place,
                    how,
                    ambiguous: false,
                    alternatives: Vec::new(),
                });
            }
            let tail_cc = g.country(tail).map(|c| cc2(&c.code));
            if let Some(tc) = tail_cc
                && cc.is_none_or(|c| c == tc)
                && let Some(r) = g.by_name(&fold(head), Some(tc))
            {
                return Ok(r);
            }
            if !head.is_empty()
                && let Some(r) = g.by_name(&fold(head), cc)
            {
                return Ok(r);
            }
        }
        for tok in t.split(|c: char| !c.is_ascii_alphabetic()) {
            if tok.len() == 3
                && (tok.bytes().all(|b| b.is_ascii_uppercase()) || t.len() == 3)
                && let Some((place, how)) = g.iata_place(tok)
                && country_ok(&place)
            {
                return Ok(Resolution {
                    place,
                    how,
                    ambiguous: false,
                    alternatives: Vec::new(),
                });
            }
        }
        let cc_s = cc.map(cc_str);
        Err(ResolveError::NotFound {
            text: t.to_string(),
            suggestions: {
                let local = g.suggestions(t, cc_s.as_deref(), 5);
                if local.is_empty() && cc_s.is_some() {
                    g.suggestions(t, None, 5)
                } else {
                    local
                }
            },
            country: cc_s,
        })
    }

    fn apply_fix(&self, text: &str, fix: &PlaceFix) -> Result<Resolution, ResolveError> {
        let place = match fix {
            PlaceFix::Geoname(id) => {
                self.gazetteer
                    .city_by_geonameid(*id)
                    .ok_or_else(|| ResolveError::BadFix {
                        text: text.to_string(),
                        target: format!("GeoNames id {id}"),
                    })?
            }
            PlaceFix::Iata(code) => {
                self.gazetteer
                    .iata_place(code)
                    .map(|(p, _)| p)
                    .ok_or_else(|| ResolveError::BadFix {
                        text: text.to_string(),
                        target: format!("IATA code {code}"),
                    })?
            }
            PlaceFix::Coordinates {
                name,
                country,
                lat,
                lon,
            } => Place {
                kind: PlaceKind::Custom,
                name: name.clone(),
                country: country.clone(),
                lat: *lat,
                lon: *lon,
                population: 0,
                geonameid: None,
                iata: None,
            },
        };
        Ok(Resolution {
            place,
            how: MatchKind::UserFix,
            ambiguous: false,
            alternatives: Vec::new(),
        })
    }
}
