//! Where a business trip stands after its mission line was read: computed (a footprint, a
//! levy) or unresolved (a place Jalon could not find, waiting for a fix). One type for the
//! store, the use cases, the filters of the missions page and the API.

use serde::{Deserialize, Serialize};

/// The state of one trip of a mission file.
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
pub enum TripStatus {
    /// Places found, distance and footprint computed.
    Computed,
    /// A place could not be found; the trip waits for a fix and counts for nothing yet.
    Unresolved,
}

names!(TripStatus {
    Computed = "computed",
    Unresolved = "unresolved",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_round_trip_and_match_serde() {
        for s in TripStatus::ALL {
            assert_eq!(TripStatus::parse(s.as_str()), Some(*s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert_eq!(TripStatus::parse("flagged"), None);
    }
}
