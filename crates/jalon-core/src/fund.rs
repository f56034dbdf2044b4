//! The compensation fund's movements: money in (a levy on the emissions of business travel)
//! and money out (a reinvestment in a reduction project). One type for the store, the use
//! cases, the pages and the reports.

use serde::{Deserialize, Serialize};

/// Which way a movement of the fund goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "store",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
)]
#[cfg_attr(
    feature = "store",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// In: the carbon price applied to a mission import's trips.
    Levy,
    /// Out: money spent on a project that reduces emissions.
    Reinvestment,
}

names!(MovementKind {
    Levy = "levy",
    Reinvestment = "reinvestment",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_match_serde() {
        for k in MovementKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
    }
}
