//! What can go wrong in a use case, with a stable code.
//!
//! [`ErrorCode`] is the one list of codes: each gives its HTTP status and the key of its
//! message in the catalogue (`error-{code}`), so the API's envelope, the pages and the command
//! line say the same thing, and a new code cannot be added without its status and, as a test
//! checks, its message in both languages.

use jalon_io::Problem;
use jalon_store::StoreError;

/// Declares [`ErrorCode`]: variant, stable snake_case code, HTTP status.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal => $status:literal,)*) => {
        /// The stable code of an error: what the API's envelope carries in `error.code`, and
        /// what the pages and the command line translate.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable snake_case code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The HTTP status of the error.
            pub fn status(self) -> u16 {
                match self {
                    $(ErrorCode::$variant => $status,)*
                }
            }
        }
    };
}

error_codes! {
    /// No session or token.
    Unauthenticated = "unauthenticated" => 401,
    BadCredentials = "bad_credentials" => 401,
    TooManyAttempts = "too_many_attempts" => 429,
    Forbidden = "forbidden" => 403,
    /// A write from a page without the session's CSRF token.
    CsrfFailed = "csrf_failed" => 403,
    NotFound = "not_found" => 404,
    NoPlan = "no_plan" => 404,
    ImportRefused = "import_refused" => 422,
    Internal = "internal" => 500,
    // The request itself (refused before any use case runs).
    /// A body larger than the server accepts.
    TooLarge = "too_large" => 413,
    /// A body that is not valid JSON, or not of the expected shape.
    InvalidJson = "invalid_json" => 422,
    /// A body of another content type than the route reads.
    UnsupportedMediaType = "unsupported_media_type" => 415,
    MethodNotAllowed = "method_not_allowed" => 405,
    /// A path parameter of the wrong kind (`/actions/abc`).
    InvalidPath = "invalid_path" => 400,
    /// A query parameter of the wrong kind.
    InvalidQuery = "invalid_query" => 400,
    /// A form field of the wrong kind.
    InvalidForm = "invalid_form" => 422,
    InvalidUpload = "invalid_upload" => 422,
    BadRequest = "bad_request" => 400,
    // Conflicts with what is stored.
    /// The same file was imported before.
    AlreadyImported = "already_imported" => 409,
    /// The campaign of the value's year is closed: reopen it first.
    CampaignClosed = "campaign_closed" => 409,
    /// There is a campaign for that year already.
    CampaignExists = "campaign_exists" => 409,
    /// Someone saved the record after it was read: the save would undo their change.
    EditedMeanwhile = "edited_meanwhile" => 409,
    InventoryExists = "inventory_exists" => 409,
    LastAdmin = "last_admin" => 409,
    LevyNotDeletable = "levy_not_deletable" => 409,
    MeasurementLocked = "measurement_locked" => 409,
    /// Only a submitted (or validated) item can be validated or returned.
    NotSubmitted = "not_submitted" => 409,
    UsernameTaken = "username_taken" => 409,
    VersionTaken = "version_taken" => 409,
    // A field of the input that is not acceptable.
    Required = "required" => 422,
    TooLong = "too_long" => 422,
    ComputedByThe = "computed_by_the" => 422,
    EndBeforeStart = "end_before_start" => 422,
    EndsBeforeStart = "ends_before_start" => 422,
    ForewordHasNoMetric = "foreword_has_no_metric" => 422,
    InvalidAmount = "invalid_amount" => 422,
    InvalidBlockKind = "invalid_block_kind" => 422,
    InvalidComparison = "invalid_comparison" => 422,
    InvalidCoordinates = "invalid_coordinates" => 422,
    InvalidDate = "invalid_date" => 422,
    InvalidEvidenceKind = "invalid_evidence_kind" => 422,
    InvalidFix = "invalid_fix" => 422,
    InvalidFocus = "invalid_focus" => 422,
    InvalidFormat = "invalid_format" => 422,
    InvalidKind = "invalid_kind" => 422,
    InvalidLang = "invalid_lang" => 422,
    InvalidLevel = "invalid_level" => 422,
    InvalidMetric = "invalid_metric" => 422,
    InvalidMode = "invalid_mode" => 422,
    InvalidNumber = "invalid_number" => 422,
    InvalidOccupants = "invalid_occupants" => 422,
    InvalidExpiry = "invalid_expiry" => 422,
    InvalidOperation = "invalid_operation" => 422,
    InvalidPeriod = "invalid_period" => 422,
    InvalidPost = "invalid_post" => 422,
    InvalidPrice = "invalid_price" => 422,
    InvalidProgress = "invalid_progress" => 422,
    InvalidQuality = "invalid_quality" => 422,
    InvalidQuantity = "invalid_quantity" => 422,
    InvalidReportFormat = "invalid_report_format" => 422,
    InvalidRole = "invalid_role" => 422,
    InvalidSdg = "invalid_sdg" => 422,
    InvalidShare = "invalid_share" => 422,
    InvalidState = "invalid_state" => 422,
    InvalidStatus = "invalid_status" => 422,
    InvalidTrip = "invalid_trip" => 422,
    InvalidUnit = "invalid_unit" => 422,
    InvalidUrl = "invalid_url" => 422,
    InvalidUsername = "invalid_username" => 422,
    InvalidValue = "invalid_value" => 422,
    InvalidVersion = "invalid_version" => 422,
    InvalidYear = "invalid_year" => 422,
    JustificationRequired = "justification_required" => 422,
    NegativeAmount = "negative_amount" => 422,
    NoRows = "no_rows" => 422,
    NotAPortalIndicator = "not_a_portal_indicator" => 422,
    NotAnEvidenceIndicator = "not_an_evidence_indicator" => 422,
    PasswordsDiffer = "passwords_differ" => 422,
    PublicNeedsUrl = "public_needs_url" => 422,
    SdgRequired = "sdg_required" => 422,
    UnitMismatch = "unit_mismatch" => 422,
    UnknownAction = "unknown_action" => 422,
    /// Not the code of a workstream of the current plan.
    UnknownAxis = "unknown_axis" => 422,
    UnknownFactor = "unknown_factor" => 422,
    /// A new password that is long enough but guessed at once (a common one, the username,
    /// digits only, one or two characters repeated).
    GuessablePassword = "guessable_password" => 422,
    UnknownFactorSet = "unknown_factor_set" => 422,
    UnknownIndicator = "unknown_indicator" => 422,
    UnknownPerson = "unknown_person" => 422,
    UnknownPlace = "unknown_place" => 422,
    UnknownTheIndicator = "unknown_the_indicator" => 422,
    UnknownTheMetric = "unknown_the_metric" => 422,
    UnknownUnit = "unknown_unit" => 422,
    WeakPassword = "weak_password" => 422,
    /// The current password given to change it is not the right one.
    WrongPassword = "wrong_password" => 422,
}

impl ErrorCode {
    /// The key of the code's message in the catalogue.
    pub fn message_key(self) -> String {
        format!("error-{}", self.as_str())
    }
}

/// Compares with the stable code (`code == "forbidden"`), as clients of the API do.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong in a use case. [`AppError::code`] is stable and translated by the UI.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many failed attempts; try again in {0} seconds")]
    TooManyAttempts(u64),
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A field of the input is not acceptable; `code` names the rule, `detail` the value.
    #[error("{field}: {detail}")]
    Invalid {
        field: &'static str,
        code: ErrorCode,
        detail: String,
    },
    #[error("the file was refused ({} problem(s))", .0.len())]
    ImportRefused(Vec<Problem>),
    /// The request conflicts with what is stored (or, for [`ErrorCode::CsrfFailed`], with the
    /// session).
    #[error("{0}")]
    Conflict(ErrorCode),
    #[error("no plan has been loaded yet")]
    NoPlan,
    /// The record was saved by someone else since it was read; it is now at this version.
    #[error("saved by someone else meanwhile (now version {0})")]
    EditedMeanwhile(i64),
    #[error("storage error: {0}")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// The error in words, in the reader's language: the message of its code with the field
    /// and the detail it names.
    pub fn message_in(&self, tr: &jalon_i18n::Tr) -> String {
        match self {
            AppError::Invalid {
                field,
                code,
                detail,
            } => {
                let field_label = tr.of("field", field);
                tr.args(
                    &code.message_key(),
                    &[("field", &field_label), ("detail", detail)],
                )
            }
            AppError::TooManyAttempts(secs) => {
                tr.t1("error-too_many_attempts", "seconds", &secs.to_string())
            }
            AppError::NotFound(what) => tr.t1("error-not_found", "what", &tr.of("entity", what)),
            AppError::ImportRefused(p) => {
                tr.t1("error-import_refused", "count", &p.len().to_string())
            }
            e => tr.t(&e.code().message_key()),
        }
    }

    /// The stable code, which gives the HTTP status and the message.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated => ErrorCode::Unauthenticated,
            AppError::BadCredentials => ErrorCode::BadCredentials,
            AppError::TooManyAttempts(_) => ErrorCode::TooManyAttempts,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::Invalid { code, .. } => *code,
            AppError::ImportRefused(_) => ErrorCode::ImportRefused,
            AppError::Conflict(code) => *code,
            AppError::NoPlan => ErrorCode::NoPlan,
            AppError::EditedMeanwhile(_) => ErrorCode::EditedMeanwhile,
            AppError::Store(StoreError::NotFound { .. }) => ErrorCode::NotFound,
            AppError::Store(_) | AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// A field error.
    pub fn invalid(field: &'static str, code: ErrorCode, detail: impl Into<String>) -> Self {
        AppError::Invalid {
            field,
            code,
            detail: detail.into(),
        }
    }
}

/// Result of use cases.
pub type AppResult<T> = Result<T, AppError>;

/// Maps a store "not found" to [`AppError::NotFound`] of `entity`; other errors pass through.
pub(crate) fn not_found(entity: &'static str) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::NotFound { .. } => AppError::NotFound(entity),
        e => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_with_an_error_status() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert!(
                c.as_str()
                    .chars()
                    .all(|x| x.is_ascii_lowercase() || x == '_'),
                "{c}"
            );
            assert!((400..600).contains(&c.status()), "{c}");
        }
        assert_eq!(
            AppError::Conflict(ErrorCode::CsrfFailed).code().status(),
            403
        );
        assert_eq!(
            AppError::invalid("title", ErrorCode::TooLong, "200").code(),
            ErrorCode::TooLong
        );
    }
}
