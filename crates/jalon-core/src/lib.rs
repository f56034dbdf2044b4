//! Jalon's domain: the strategy tree, targets and indicators, measurements, action sheets,
//! progress status, the plan check and access rules.
//!
//! This crate is pure: no database, no network, no clock. Everything it needs (today's date,
//! the current year, thresholds) is passed in as arguments, which is what lets every rule be
//! tested directly and reused by the web UI, the API and the command line alike.

/// The stable names of a domain state or kind (stored, sent by forms and the API): `ALL`,
/// `as_str`, `parse` and `Display` from one list of `Variant = "name"` pairs.
macro_rules! names {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $ty {
            /// Every value.
            pub const ALL: &[$ty] = &[$($ty::$variant),*];

            /// The stable name (stored, sent by forms and the API).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)*
                }
            }

            /// From the stable name.
            pub fn parse(s: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim())
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod access;
pub mod action;
pub mod campaign;
pub mod check;
pub mod framework;
pub mod fund;
pub mod message;
pub mod notification;
pub mod number;
pub mod period;
pub mod plan;
pub mod plan_diff;
pub mod progress;
pub mod provenance;
pub mod status;
pub mod tag;
pub mod trip;
pub mod units;

pub use plan::PlanDocument;

/// The two languages Jalon speaks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "lowercase")
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French, the default.
    #[default]
    Fr,
    En,
}

impl Lang {
    /// `fr` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Parses `fr`/`en` (also `fr-FR`, `en_GB`...).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("fr") {
            Some(Lang::Fr)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}
