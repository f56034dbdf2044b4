//! Database tables as sea-orm entities, one module per table.
//!
//! Relations are joined explicitly in the repositories (by id), so the entities carry no
//! relation definitions; the schema itself (keys, indexes, foreign keys) lives in the
//! migration set, which is the single source of truth for both SQLite and PostgreSQL.

/// An institution: every other row belongs to one.
pub mod institution {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "institution")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        pub short_name: Option<String>,
        /// Bumped by every write, so caches of the plan know when to reload.
        pub revision: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A service, lab, component or committee.
pub mod org_unit {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "org_unit")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub code: String,
        pub name: String,
        pub kind: jalon_core::plan::OrgUnitKind,
        pub parent_id: Option<i64>,
        pub position: i32,
        /// Share of the unit the institution owns (a lab with several parent bodies).
        pub ownership_share: Option<f64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A person or named function; may or may not have an account.
pub mod person {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "person")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub name: String,
        pub email: Option<String>,
        pub org_unit_id: Option<i64>,
        pub title: Option<String>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A local account.
pub mod user_account {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_account")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub person_id: Option<i64>,
        pub username: String,
        pub display_name: String,
        /// Argon2id PHC string.
        pub password_hash: String,
        pub role: jalon_core::access::Role,
        pub active: bool,
        pub created_at: DateTimeUtc,
        pub last_login_at: Option<DateTimeUtc>,
        /// The code of the workstream (chantier) the account leads as its référent, whose
        /// actions and indicators it may update; `None`: none.
        pub domain: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A browser session; the cookie holds the token, the table its SHA-256.
pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "session")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: i64,
        pub csrf_token: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A bearer token for scripts; only its SHA-256 is stored.
pub mod api_token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_token")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub name: String,
        pub token_hash: String,
        /// First characters of the token, to recognise it in lists.
        pub prefix: String,
        pub created_at: DateTimeUtc,
        pub last_used_at: Option<DateTimeUtc>,
        pub revoked_at: Option<DateTimeUtc>,
        /// After this moment the token is refused; `None`: until revoked.
        pub expires_at: Option<DateTimeUtc>,
        /// The token may only read, whatever its owner's role.
        pub read_only: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A strategy (plan) of an institution.
pub mod strategy {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "strategy")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub title: String,
        pub title_en: Option<String>,
        pub start_year: i32,
        pub end_year: i32,
        pub description: Option<String>,
        pub source: Option<String>,
        pub stated_objective_count: Option<i32>,
        pub stated_action_count: Option<i32>,
        pub campaign_year: Option<i32>,
        pub notes: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A workstream (chantier) of a strategy.
pub mod axis {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "axis")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub strategy_id: i64,
        pub code: String,
        pub title: String,
        pub title_en: Option<String>,
        pub description: Option<String>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An objective of a workstream.
pub mod objective {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "objective")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub strategy_id: i64,
        pub axis_id: i64,
        pub code: String,
        pub title: String,
        pub title_en: Option<String>,
        pub description: Option<String>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A quantified target of an objective.
pub mod target {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "target")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub strategy_id: i64,
        pub objective_id: i64,
        pub code: String,
        pub text: Option<String>,
        pub text_en: Option<String>,
        pub plan_table_text: Option<String>,
        pub kind: jalon_core::plan::ValueKind,
        pub direction: jalon_core::progress::Direction,
        pub unit: Option<String>,
        pub baseline_year: Option<i32>,
        pub baseline_value: Option<f64>,
        pub target_year: Option<i32>,
        pub target_value: Option<f64>,
        pub change_percent: Option<f64>,
        /// `linear` or `annual_rate`.
        pub trajectory: String,
        pub annual_rate_percent: Option<f64>,
        pub illustrative: bool,
        pub note: Option<String>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An indicator of an objective.
pub mod indicator {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "indicator")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub strategy_id: i64,
        pub objective_id: i64,
        pub code: String,
        pub name: String,
        pub name_en: Option<String>,
        pub unit: Option<String>,
        pub kind: jalon_core::plan::ValueKind,
        pub definition: Option<String>,
        pub formula: jalon_core::plan::FormulaKind,
        pub formula_detail: Option<String>,
        pub frequency: Option<String>,
        pub owner_person_id: Option<i64>,
        pub owner_unit_id: Option<i64>,
        pub source_system: Option<String>,
        pub baseline_year: Option<i32>,
        pub baseline_value: Option<f64>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Which indicators measure a target.
pub mod target_indicator {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "target_indicator")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub target_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub indicator_id: i64,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One value of an indicator for one period.
pub mod measurement {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "measurement")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub indicator_id: i64,
        /// Canonical period label.
        pub period: String,
        /// Year used on trajectories.
        pub period_year: i32,
        /// As entered.
        pub value_text: String,
        pub value: Option<f64>,
        pub value_low: Option<f64>,
        pub value_high: Option<f64>,
        pub qualifier: Option<String>,
        pub state: jalon_core::plan::MeasurementState,
        pub source: Option<String>,
        pub comment: Option<String>,
        pub evidence_url: Option<String>,
        pub illustrative: bool,
        pub entered_by: Option<i64>,
        pub entered_at: DateTimeUtc,
        pub validated_by: Option<i64>,
        pub validated_at: Option<DateTimeUtc>,
        pub position: i32,
        /// Bumped by every save (see `crate::versions`).
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An action sheet (fiche action).
pub mod action {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "action")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub strategy_id: i64,
        pub objective_id: i64,
        pub code: String,
        pub title: String,
        pub title_en: Option<String>,
        pub description: Option<String>,
        pub pilot_person_id: Option<i64>,
        pub start_date: Option<Date>,
        pub end_date: Option<Date>,
        pub status: jalon_core::action::ActionStatus,
        pub progress: Option<i32>,
        pub budget_planned_cents: Option<i64>,
        pub budget_committed_cents: Option<i64>,
        pub budget_spent_cents: Option<i64>,
        pub illustrative: bool,
        pub note: Option<String>,
        pub position: i32,
        pub updated_at: DateTimeUtc,
        /// Bumped by every save (see `crate::versions`).
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A person or unit contributing to an action.
pub mod action_contributor {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "action_contributor")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub action_id: i64,
        pub person_id: Option<i64>,
        pub org_unit_id: Option<i64>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A dated step of an action.
pub mod action_milestone {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "action_milestone")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub action_id: i64,
        pub title: String,
        pub due_date: Option<Date>,
        pub done_on: Option<Date>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Which indicators follow an action.
pub mod action_indicator {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "action_indicator")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub action_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub indicator_id: i64,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An SDG goal or target tag on any entity.
pub mod sdg_tag {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "sdg_tag")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub entity_kind: jalon_core::tag::TaggedKind,
        pub entity_id: i64,
        pub goal: i32,
        /// SDG target code such as `13.2`.
        pub target: Option<String>,
        /// `manual` or `suggested`.
        pub origin: jalon_core::tag::TagOrigin,
        /// `confirmed`, `proposed` or `rejected`.
        pub state: jalon_core::tag::TagState,
        pub score: Option<f64>,
        pub evidence: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A document, policy or page that shows what was done.
pub mod evidence {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "evidence")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub title: String,
        pub kind: String,
        pub issuer: Option<String>,
        pub adopted_on: Option<Date>,
        pub adopted_by: Option<String>,
        pub valid_until: Option<Date>,
        pub next_review: Option<Date>,
        pub url: Option<String>,
        pub public: bool,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Links an evidence item to an entity.
pub mod evidence_link {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "evidence_link")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub evidence_id: i64,
        pub entity_kind: String,
        pub entity_id: i64,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A dated remark on an entity.
pub mod comment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "comment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub entity_kind: String,
        pub entity_id: i64,
        pub author_name: String,
        pub author_user_id: Option<i64>,
        pub written_on: Date,
        pub created_at: DateTimeUtc,
        pub body: String,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Who changed what, when, with the values before and after (JSON).
pub mod audit_log {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub user_id: Option<i64>,
        pub at: DateTimeUtc,
        pub entity_kind: String,
        pub entity_id: Option<i64>,
        pub operation: String,
        /// The sentence of an entry written before messages were stored (else the key).
        pub summary: String,
        pub before: Option<String>,
        pub after: Option<String>,
        /// What happened, as a catalogue key and its arguments (JSON of a
        /// `jalon_core::message::StoredMessage`); `None` for entries older than messages.
        pub message: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A version of the plan as adopted: the strategy (JSON of a `PlanDocument` without its
/// values and follow-up), when and by which body, who recorded it.
pub mod plan_version {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "plan_version")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub label: String,
        pub adopted_on: Date,
        pub adopted_by: String,
        pub note: Option<String>,
        pub document: String,
        pub recorded_by: Option<i64>,
        pub recorded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A yearly data-collection campaign: a year, an opening date, a deadline and a scope.
pub mod campaign {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        /// The year whose values are collected (one campaign per year).
        pub year: i32,
        pub label: String,
        pub opens_on: Date,
        pub deadline: Date,
        /// What it collects: stable scope names separated by commas.
        pub scope: String,
        pub state: jalon_core::campaign::CampaignState,
        pub opened_by: Option<i64>,
        pub opened_at: DateTimeUtc,
        pub closed_by: Option<i64>,
        pub closed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One thing an owner owes in a campaign: an indicator's value or an action's status.
pub mod campaign_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "campaign_item")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub campaign_id: i64,
        pub kind: jalon_core::campaign::CampaignItemKind,
        /// The indicator or the action.
        pub entity_id: i64,
        /// The owner or pilot named by the plan when the campaign opened (a person's name
        /// or a unit's code); `None` when the plan names nobody.
        pub owner: Option<String>,
        /// For an action: where the item stands. For a value, whose own review state is the
        /// truth: `returned` while an editor's return is not answered, else `pending`.
        pub state: jalon_core::campaign::ItemState,
        /// The editor's reason when the item was last returned.
        pub reason: Option<String>,
        pub returned_by: Option<i64>,
        pub returned_at: Option<DateTimeUtc>,
        /// For an action: the pilot's note on the year.
        pub note: Option<String>,
        pub submitted_by: Option<i64>,
        pub submitted_at: Option<DateTimeUtc>,
        pub validated_by: Option<i64>,
        pub validated_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A notification to one account.
pub mod notification {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub account_id: i64,
        pub kind: jalon_core::notification::NotificationKind,
        pub campaign_id: Option<i64>,
        pub item_id: Option<i64>,
        /// What makes it once only for its account (a campaign's reminder is sent once).
        pub once_key: String,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
        /// When a digest carried it (or found it could not: no address, no mail wanted).
        pub mailed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How a person wants their mail.
pub mod notification_setting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "notification_setting")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i64,
        pub language: jalon_core::Lang,
        pub frequency: jalon_core::notification::DigestFrequency,
        pub last_digest_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A mail in the queue.
pub mod mail_outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "mail_outbox")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub account_id: Option<i64>,
        pub recipient: String,
        pub subject: String,
        pub body: String,
        pub state: jalon_core::notification::MailState,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        pub last_error: Option<String>,
        pub created_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An imported set of emission factors (the bundled set is not stored).
pub mod factor_set {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "factor_set")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        /// Version label, e.g. `base-empreinte-2025-11`.
        pub version: String,
        pub source: String,
        pub file_name: Option<String>,
        pub factor_count: i32,
        pub imported_at: DateTimeUtc,
        pub imported_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One factor of an imported set, kept whole as JSON.
pub mod emission_factor {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "emission_factor")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub factor_set_id: i64,
        pub factor_id: String,
        /// The factor as JSON (`jalon_carbon::EmissionFactor`).
        pub data: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A GHG inventory of one year, for the institution or one of its units (labs).
pub mod inventory {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        /// `None`: the institution's own activities.
        pub org_unit_id: Option<i64>,
        pub year: i32,
        /// Factor set frozen for this inventory.
        pub factor_version: String,
        pub notes: Option<String>,
        pub illustrative: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A line of activity data of an inventory.
pub mod activity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "activity")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub inventory_id: i64,
        /// BEGES v5 post code, e.g. `2.1`.
        pub post: String,
        pub label: String,
        pub quantity: f64,
        pub unit: String,
        pub factor_id: String,
        /// `measured`, `calculated`, `estimated`, `extrapolated` or a fraction.
        pub quality: String,
        pub source: Option<String>,
        pub comment: Option<String>,
        pub position: i32,
        /// Trips a travel line adds up (its label is then the factor's name).
        pub trips: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An import of missions (one file).
pub mod trip_batch {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "trip_batch")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub file_name: String,
        pub format: String,
        /// Unit the missions are charged to by default.
        pub org_unit: Option<String>,
        pub rows: i32,
        pub duplicates: i32,
        pub contrails: bool,
        pub illustrative: bool,
        pub imported_at: DateTimeUtc,
        pub imported_by: Option<i64>,
        /// SHA-256 of the file's bytes (none for imports made before fingerprints).
        pub content_hash: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A leg of a mission with its computed footprint (or why it has none yet).
pub mod trip {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "trip")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub batch_id: i64,
        /// Line or row in the imported file.
        pub line: i32,
        pub mission: String,
        pub date: Date,
        pub year: i32,
        pub traveller: Option<String>,
        pub org_unit: Option<String>,
        pub budget_line: Option<String>,
        pub origin: String,
        pub origin_country: String,
        pub destination: String,
        pub destination_country: String,
        pub mode: String,
        pub occupants: Option<i32>,
        pub round_trip: bool,
        /// Ticket price paid.
        pub amount_cents: Option<i64>,
        pub purpose: Option<String>,
        pub agent_status: Option<String>,
        /// Computed, or unresolved (a place is not known yet).
        pub status: jalon_core::trip::TripStatus,
        pub from_name: Option<String>,
        pub from_country_code: Option<String>,
        pub to_name: Option<String>,
        pub to_country_code: Option<String>,
        pub great_circle_km: Option<f64>,
        pub corrected_km: Option<f64>,
        pub kg: Option<f64>,
        pub kg_low: Option<f64>,
        pub kg_high: Option<f64>,
        pub factor_id: Option<String>,
        pub factor_version: Option<String>,
        pub factor_value: Option<f64>,
        pub formula: Option<String>,
        pub levy_cents: Option<i64>,
        /// Policy flags as JSON.
        pub flags: Option<String>,
        /// Why the trip has no footprint.
        pub problem: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A user's answer to an unresolved place, applied to every later import.
pub mod place_fix {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "place_fix")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        /// The place as written.
        pub text: String,
        pub country: String,
        /// `jalon_carbon::PlaceFix` as JSON.
        pub fix: String,
        /// What it resolves to, for lists.
        pub label: String,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A saved column mapping for an expense or mission export.
pub mod mapping_profile {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "mapping_profile")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub name: String,
        /// `jalon_carbon::ColumnProfile` as JSON.
        pub profile: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The internal carbon price (or ticket share) of a year.
pub mod levy_rule {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "levy_rule")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub year: i32,
        /// `jalon_carbon::LevyRule` as JSON.
        pub rule: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A movement of the compensation fund: a levy (in) or a reinvestment (out).
pub mod ledger_entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "ledger_entry")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub year: i32,
        pub date: Option<Date>,
        /// Levy (in) or reinvestment (out).
        pub kind: jalon_core::fund::MovementKind,
        pub unit: String,
        pub budget_line: Option<String>,
        /// Always positive.
        pub amount_cents: i64,
        pub description: String,
        /// Emissions levied on.
        pub kg: Option<f64>,
        /// Expected reduction per year of a reinvestment.
        pub expected_reduction_kg: Option<f64>,
        pub batch_id: Option<i64>,
        /// Trips a levy of a mission import is made of (its description is then the file).
        pub trips: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A per-institution setting (JSON value).
pub mod setting {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "setting")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub key: String,
        pub value: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An import of inventory records (research projects, publications or courses).
pub mod inventory_import {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_import")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        /// `projects`, `publications` or `courses`.
        pub kind: String,
        pub file_name: String,
        pub format: String,
        pub records: i32,
        pub rejected: i32,
        pub illustrative: bool,
        pub imported_at: DateTimeUtc,
        pub imported_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A research project of the institution.
pub mod research_project {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "research_project")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub import_id: Option<i64>,
        pub reference: Option<String>,
        pub acronym: Option<String>,
        pub title: String,
        pub summary: Option<String>,
        pub lab: Option<String>,
        pub start_year: Option<i32>,
        pub end_year: Option<i32>,
        pub partners: Option<String>,
        pub funding: Option<String>,
        pub illustrative: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A publication (from HAL or BibTeX).
pub mod publication {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "publication")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub import_id: Option<i64>,
        pub hal_id: Option<String>,
        pub doi: Option<String>,
        pub title: String,
        pub abstract_text: Option<String>,
        /// `;`-separated.
        pub keywords: Option<String>,
        /// `;`-separated.
        pub authors: Option<String>,
        pub year: Option<i32>,
        pub lab: Option<String>,
        pub doc_type: Option<String>,
        pub venue: Option<String>,
        pub illustrative: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A programme (diploma, curriculum) of the institution.
pub mod programme {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "programme")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub name: String,
        pub illustrative: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A course of a programme, with how much it addresses sustainability.
pub mod course {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "course")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub import_id: Option<i64>,
        pub programme_id: i64,
        pub code: Option<String>,
        pub title: String,
        pub description: Option<String>,
        pub ects: Option<f64>,
        pub hours: Option<f64>,
        pub mandatory: Option<bool>,
        /// `focused`, `inclusive` or `none`.
        pub focus: String,
        /// `proposed` (by the classifier) or `confirmed`.
        pub focus_state: jalon_core::tag::TagState,
        pub illustrative: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An institution's own edition of the THE Impact catalogue (its Markdown text).
pub mod the_edition {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "the_edition")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub name: String,
        pub source: String,
        pub imported_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The institution's answer to one THE indicator for one year.
pub mod the_answer {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "the_answer")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub year: i32,
        pub indicator_code: String,
        pub exists_answer: Option<bool>,
        pub value: Option<f64>,
        pub plan_indicator: Option<String>,
        pub note: Option<String>,
        pub updated_at: DateTimeUtc,
        pub updated_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An item of the DD&RS référentiel as the institution entered it.
pub mod ddrs_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "ddrs_item")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub axis: String,
        pub code: String,
        pub title: String,
        pub title_en: Option<String>,
        pub description: Option<String>,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The level of a DD&RS item in one year, with its justification and links.
pub mod ddrs_assessment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "ddrs_assessment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub item_id: i64,
        pub year: i32,
        pub level: i32,
        pub justification: String,
        pub actions: String,
        pub indicators: String,
        pub updated_at: DateTimeUtc,
        pub updated_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A piece of report content (text, policy, programme, event, partnership), FR/EN.
pub mod report_block {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_block")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub kind: String,
        pub year: Option<i32>,
        pub title: String,
        pub title_en: Option<String>,
        pub body: String,
        pub body_en: Option<String>,
        pub url: Option<String>,
        pub sdgs: String,
        pub metrics: String,
        pub illustrative: bool,
        pub position: i32,
        pub updated_at: DateTimeUtc,
        /// Bumped by every save (see `crate::versions`).
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An indicator flagged as a key figure of an SDG chapter.
pub mod report_highlight {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_highlight")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub institution_id: i64,
        pub goal: i32,
        pub indicator_code: String,
        pub compare_year: Option<i32>,
        pub comparison: String,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
