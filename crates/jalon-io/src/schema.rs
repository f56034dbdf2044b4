//! The layout of the spreadsheet formats: which sheets, which columns, which words.
//!
//! One definition serves the XLSX workbook (one sheet per record type), the single-file CSV
//! (one `Type` column plus the union of all columns), the downloadable template and the
//! format documentation, so they cannot drift apart. Headers and enumerated values are
//! written in French and read in French or English, with or without accents.

use jalon_core::action::ActionStatus;
use jalon_core::plan::{FormulaKind, MeasurementState, OrgUnitKind, ValueKind};
use jalon_core::progress::Direction;

/// A record type: one sheet of the workbook, one `Type` value of the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Record {
    Strategy,
    Unit,
    Person,
    Axis,
    Objective,
    Target,
    Indicator,
    Action,
    Milestone,
    Evidence,
    Comment,
    Measurement,
}

/// A column of a record type.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Stable English key, also accepted as header.
    pub key: &'static str,
    /// French header written in exports.
    pub fr: &'static str,
    /// English header, accepted on import and used in the English documentation.
    pub en: &'static str,
    /// Header must be present and every row must fill it.
    pub required: bool,
    /// What goes in it, for the documentation and the template's read-me sheet.
    pub help_fr: &'static str,
    pub help_en: &'static str,
}

const fn col(
    key: &'static str,
    fr: &'static str,
    en: &'static str,
    required: bool,
    help_fr: &'static str,
    help_en: &'static str,
) -> Column {
    Column {
        key,
        fr,
        en,
        required,
        help_fr,
        help_en,
    }
}

/// A record type's sheet.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    pub record: Record,
    /// Sheet name in exports and the CSV `Type` value (French).
    pub fr: &'static str,
    /// English sheet name and `Type` value, accepted on import.
    pub en: &'static str,
    /// The workbook must contain this sheet.
    pub required: bool,
    pub columns: &'static [Column],
}

const CODE: Column = col(
    "code",
    "Code",
    "Code",
    true,
    "Code unique dans la stratégie",
    "Code unique in the strategy",
);
const ILLUSTRATIVE: Column = col(
    "illustrative",
    "Illustratif",
    "Illustrative",
    false,
    "oui si la donnée est fictive (démonstration)",
    "yes when the data is made up (demo)",
);
const NOTE: Column = col(
    "note",
    "Note",
    "Note",
    false,
    "Remarque de saisie ou de transcription",
    "Transcription or entry remark",
);

/// Every sheet, in workbook order.
pub const SHEETS: &[Sheet] = &[
    Sheet {
        record: Record::Strategy,
        fr: "Stratégie",
        en: "Strategy",
        required: true,
        columns: &[
            col(
                "institution",
                "Établissement",
                "Institution",
                true,
                "Nom de l'établissement",
                "Name of the institution",
            ),
            col(
                "institution_short",
                "Sigle",
                "Short name",
                false,
                "Nom court",
                "Short name",
            ),
            col(
                "title",
                "Titre",
                "Title",
                true,
                "Titre de la stratégie",
                "Title of the strategy",
            ),
            col(
                "title_en",
                "Titre (anglais)",
                "Title (English)",
                false,
                "",
                "",
            ),
            col(
                "start_year",
                "Année de début",
                "Start year",
                true,
                "Première année de la période, ex. 2023",
                "First year of the period, e.g. 2023",
            ),
            col(
                "end_year",
                "Année de fin",
                "End year",
                true,
                "Dernière année de la période, ex. 2027",
                "Last year of the period, e.g. 2027",
            ),
            col("description", "Description", "Description", false, "", ""),
            col(
                "source",
                "Source",
                "Source",
                false,
                "Document d'origine, instance d'adoption",
                "Source document, adopting body",
            ),
            col(
                "stated_objective_count",
                "Objectifs annoncés",
                "Stated objectives",
                false,
                "Nombre d'objectifs annoncé par le texte (vérifié)",
                "Number of objectives the text announces (checked)",
            ),
            col(
                "stated_action_count",
                "Actions annoncées",
                "Stated actions",
                false,
                "Nombre d'actions annoncé par le texte (vérifié)",
                "Number of actions the text announces (checked)",
            ),
            col(
                "campaign_year",
                "Année de collecte",
                "Campaign year",
                false,
                "Année dont on collecte les valeurs",
                "Year whose values are being collected",
            ),
            col(
                "notes",
                "Notes",
                "Notes",
                false,
                "Notes sur le jeu de données",
                "Notes about the dataset",
            ),
        ],
    },
    Sheet {
        record: Record::Unit,
        fr: "Unités",
        en: "Units",
        required: false,
        columns: &[
            CODE,
            col("name", "Nom", "Name", true, "", ""),
            col(
                "unit_kind",
                "Type d'unité",
                "Unit kind",
                false,
                "service, laboratoire, composante, département, instance",
                "service, lab, component, department, committee",
            ),
            col(
                "parent",
                "Parent",
                "Parent",
                false,
                "Code de l'unité parente",
                "Code of the parent unit",
            ),
            col(
                "share",
                "Part détenue",
                "Ownership share",
                false,
                "Part de l'unité détenue par l'établissement, entre 0 et 1 (0,5 pour une UMR partagée à parts égales) ; vide = 1. Le bilan carbone consolidé compte l'unité pour cette part.",
                "Share of the unit the institution owns, between 0 and 1 (0.5 for a joint lab shared equally); empty = 1. The consolidated carbon footprint counts the unit for this share.",
            ),
        ],
    },
    Sheet {
        record: Record::Person,
        fr: "Personnes",
        en: "People",
        required: false,
        columns: &[
            col(
                "name",
                "Nom",
                "Name",
                true,
                "Nom (ou fonction) tel qu'il apparaît comme pilote ou responsable",
                "Name (or function) as used for pilots and owners",
            ),
            col("email", "Courriel", "Email", false, "", ""),
            col(
                "org_unit",
                "Unité (service)",
                "Unit",
                false,
                "Code de l'unité",
                "Unit code",
            ),
            col("job_title", "Fonction", "Job title", false, "", ""),
        ],
    },
    Sheet {
        record: Record::Axis,
        fr: "Axes",
        en: "Axes",
        required: true,
        columns: &[
            CODE,
            col("title", "Titre", "Title", true, "", ""),
            col(
                "title_en",
                "Titre (anglais)",
                "Title (English)",
                false,
                "",
                "",
            ),
            col("description", "Description", "Description", false, "", ""),
        ],
    },
    Sheet {
        record: Record::Objective,
        fr: "Objectifs",
        en: "Objectives",
        required: true,
        columns: &[
            CODE,
            col(
                "axis",
                "Axe",
                "Axis",
                true,
                "Code de l'axe (chantier)",
                "Code of the axis",
            ),
            col("title", "Titre", "Title", true, "", ""),
            col(
                "title_en",
                "Titre (anglais)",
                "Title (English)",
                false,
                "",
                "",
            ),
            col("description", "Description", "Description", false, "", ""),
            col(
                "sdgs",
                "ODD",
                "SDGs",
                false,
                "ODD ou cibles ODD séparés par ; (ex. 7; 13.2)",
                "SDGs or SDG targets separated by ; (e.g. 7; 13.2)",
            ),
        ],
    },
    Sheet {
        record: Record::Target,
        fr: "Cibles",
        en: "Targets",
        required: false,
        columns: &[
            CODE,
            col(
                "objective",
                "Objectif",
                "Objective",
                true,
                "Code de l'objectif",
                "Code of the objective",
            ),
            col(
                "text",
                "Texte",
                "Text",
                false,
                "La cible telle qu'écrite dans le texte",
                "The target as written in the text",
            ),
            col(
                "text_en",
                "Texte (anglais)",
                "Text (English)",
                false,
                "",
                "",
            ),
            col(
                "plan_table_text",
                "Texte du tableau du plan",
                "Plan table text",
                false,
                "La cible telle qu'écrite dans le tableau du plan d'actions",
                "The target as written in the action-plan table",
            ),
            col(
                "value_kind",
                "Nature de la valeur",
                "Value kind",
                false,
                "numérique, nombre, oui/non, jalon, rang, qualitatif",
                "numeric, count, yes_no, milestone, rank, qualitative",
            ),
            col(
                "direction",
                "Sens",
                "Direction",
                false,
                "hausse, baisse, maintien",
                "increase, decrease, maintain",
            ),
            col(
                "unit",
                "Unité de mesure",
                "Unit of measure",
                false,
                "ex. % du personnel, MWh, m³",
                "e.g. % of staff, MWh, m³",
            ),
            col(
                "baseline_year",
                "Année de référence",
                "Baseline year",
                false,
                "",
                "",
            ),
            col(
                "baseline_value",
                "Valeur de référence",
                "Baseline value",
                false,
                "",
                "",
            ),
            col(
                "target_year",
                "Échéance",
                "Target year",
                false,
                "Année de l'échéance",
                "Deadline year",
            ),
            col(
                "target_value",
                "Valeur cible",
                "Target value",
                false,
                "Valeur à atteindre",
                "Value to reach",
            ),
            col(
                "change_percent",
                "Évolution (%)",
                "Change (%)",
                false,
                "Évolution visée en % de la référence, ex. -20",
                "Aimed change in % of the baseline, e.g. -20",
            ),
            col(
                "trajectory",
                "Trajectoire",
                "Trajectory",
                false,
                "linéaire ou taux annuel",
                "linear or annual_rate",
            ),
            col(
                "annual_rate_percent",
                "Taux annuel (%)",
                "Annual rate (%)",
                false,
                "Pour une trajectoire à taux annuel constant, ex. -5",
                "For a constant annual rate, e.g. -5",
            ),
            col(
                "indicators",
                "Indicateurs",
                "Indicators",
                false,
                "Codes des indicateurs séparés par ;",
                "Indicator codes separated by ;",
            ),
            ILLUSTRATIVE,
            NOTE,
        ],
    },
    Sheet {
        record: Record::Indicator,
        fr: "Indicateurs",
        en: "Indicators",
        required: false,
        columns: &[
            CODE,
            col(
                "objective",
                "Objectif",
                "Objective",
                true,
                "Code de l'objectif",
                "Code of the objective",
            ),
            col("name", "Nom", "Name", true, "", ""),
            col("name_en", "Nom (anglais)", "Name (English)", false, "", ""),
            col("unit", "Unité de mesure", "Unit of measure", false, "", ""),
            col(
                "value_kind",
                "Nature de la valeur",
                "Value kind",
                false,
                "numérique, nombre, oui/non, jalon, rang, qualitatif",
                "numeric, count, yes_no, milestone, rank, qualitative",
            ),
            col("definition", "Définition", "Definition", false, "", ""),
            col(
                "formula",
                "Formule",
                "Formula",
                false,
                "directe, ratio, évolution",
                "direct, ratio, change_vs_reference",
            ),
            col(
                "formula_detail",
                "Détail de la formule",
                "Formula detail",
                false,
                "",
                "",
            ),
            col(
                "frequency",
                "Fréquence",
                "Frequency",
                false,
                "ex. annuelle",
                "e.g. annual",
            ),
            col(
                "owner",
                "Responsable",
                "Owner",
                false,
                "Nom d'une personne ou code d'une unité",
                "A person's name or a unit code",
            ),
            col(
                "source_system",
                "Système source",
                "Source system",
                false,
                "",
                "",
            ),
            col(
                "baseline_year",
                "Année de référence",
                "Baseline year",
                false,
                "",
                "",
            ),
            col(
                "baseline_value",
                "Valeur de référence",
                "Baseline value",
                false,
                "",
                "",
            ),
        ],
    },
    Sheet {
        record: Record::Action,
        fr: "Actions",
        en: "Actions",
        required: false,
        columns: &[
            CODE,
            col(
                "objective",
                "Objectif",
                "Objective",
                true,
                "Code de l'objectif",
                "Code of the objective",
            ),
            col("title", "Titre", "Title", true, "", ""),
            col(
                "title_en",
                "Titre (anglais)",
                "Title (English)",
                false,
                "",
                "",
            ),
            col(
                "description",
                "Description",
                "Description",
                false,
                "Nature de l'action",
                "Nature of the action",
            ),
            col(
                "pilot",
                "Pilote",
                "Pilot",
                false,
                "Nom d'une personne de l'onglet Personnes",
                "Name of a person of the People sheet",
            ),
            col(
                "contributors",
                "Contributeurs",
                "Contributors",
                false,
                "Noms séparés par ;",
                "Names separated by ;",
            ),
            col(
                "contributor_units",
                "Services associés",
                "Contributing units",
                false,
                "Codes d'unités séparés par ;",
                "Unit codes separated by ;",
            ),
            col(
                "start",
                "Début",
                "Start",
                false,
                "Date AAAA-MM-JJ ou JJ/MM/AAAA",
                "Date YYYY-MM-DD or DD/MM/YYYY",
            ),
            col(
                "end",
                "Fin",
                "End",
                false,
                "Date AAAA-MM-JJ ou JJ/MM/AAAA",
                "Date YYYY-MM-DD or DD/MM/YYYY",
            ),
            col(
                "status",
                "Statut",
                "Status",
                false,
                "à lancer, en cours, terminée, permanente, suspendue, abandonnée",
                "planned, in_progress, done, recurring, suspended, abandoned",
            ),
            col(
                "progress",
                "Avancement (%)",
                "Progress (%)",
                false,
                "0 à 100",
                "0 to 100",
            ),
            col(
                "budget_planned",
                "Budget prévu (€)",
                "Planned budget (€)",
                false,
                "",
                "",
            ),
            col(
                "budget_committed",
                "Budget engagé (€)",
                "Committed budget (€)",
                false,
                "",
                "",
            ),
            col(
                "budget_spent",
                "Budget dépensé (€)",
                "Spent budget (€)",
                false,
                "",
                "",
            ),
            col(
                "indicators",
                "Indicateurs",
                "Indicators",
                false,
                "Codes des indicateurs séparés par ;",
                "Indicator codes separated by ;",
            ),
            col(
                "sdgs",
                "ODD",
                "SDGs",
                false,
                "ODD ou cibles ODD séparés par ;",
                "SDGs or SDG targets separated by ;",
            ),
            ILLUSTRATIVE,
            NOTE,
        ],
    },
    Sheet {
        record: Record::Milestone,
        fr: "Jalons",
        en: "Milestones",
        required: false,
        columns: &[
            col(
                "action",
                "Action",
                "Action",
                true,
                "Code de l'action",
                "Code of the action",
            ),
            col("title", "Titre", "Title", true, "", ""),
            col("due", "Date prévue", "Due", false, "", ""),
            col("done_on", "Réalisé le", "Done on", false, "", ""),
        ],
    },
    Sheet {
        record: Record::Evidence,
        fr: "Preuves",
        en: "Evidence",
        required: false,
        columns: &[
            col(
                "action",
                "Action",
                "Action",
                true,
                "Code de l'action",
                "Code of the action",
            ),
            col("title", "Titre", "Title", true, "", ""),
            col("url", "URL", "URL", false, "", ""),
        ],
    },
    Sheet {
        record: Record::Comment,
        fr: "Commentaires",
        en: "Comments",
        required: false,
        columns: &[
            col(
                "action",
                "Action",
                "Action",
                true,
                "Code de l'action",
                "Code of the action",
            ),
            col("author", "Auteur", "Author", true, "", ""),
            col("date", "Date", "Date", true, "", ""),
            col("text", "Texte", "Text", true, "", ""),
        ],
    },
    Sheet {
        record: Record::Measurement,
        fr: "Mesures",
        en: "Measurements",
        required: false,
        columns: &[
            col(
                "indicator",
                "Indicateur",
                "Indicator",
                true,
                "Code de l'indicateur",
                "Code of the indicator",
            ),
            col(
                "period",
                "Période",
                "Period",
                true,
                "2024, 2023-2024 (année universitaire) ou 2024-01-01..2024-06-30",
                "2024, 2023-2024 (academic year) or 2024-01-01..2024-06-30",
            ),
            col(
                "value",
                "Valeur",
                "Value",
                true,
                "12,5 ; > 80 ; 10-12 ; oui",
                "12.5; > 80; 10-12; yes",
            ),
            col(
                "state",
                "État",
                "State",
                false,
                "brouillon, soumise, validée",
                "draft, submitted, validated",
            ),
            col("source", "Source", "Source", false, "", ""),
            col("comment", "Commentaire", "Comment", false, "", ""),
            col(
                "evidence_url",
                "Preuve (URL)",
                "Evidence (URL)",
                false,
                "",
                "",
            ),
            ILLUSTRATIVE,
        ],
    },
];

/// Sheet names that are read as documentation and skipped on import.
pub const README_SHEETS: &[&str] = &["Lisez-moi", "README", "Read me"];

/// The sheet of a record type.
pub fn sheet(record: Record) -> &'static Sheet {
    SHEETS
        .iter()
        .find(|s| s.record == record)
        .unwrap_or(&SHEETS[0])
}

/// Folds a header, sheet name or enumerated value for comparison: lower case, no accents,
/// letters and digits only.
pub fn fold_key(s: &str) -> String {
    jalon_core::units::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Finds a sheet by French name, English name, or without accents.
pub fn find_sheet(name: &str) -> Option<&'static Sheet> {
    let k = fold_key(name);
    SHEETS
        .iter()
        .find(|s| fold_key(s.fr) == k || fold_key(s.en) == k)
}

/// Finds a column of `sheet` by header.
pub fn find_column(sheet: &Sheet, header: &str) -> Option<&'static Column> {
    let k = fold_key(header);
    sheet
        .columns
        .iter()
        .find(|c| fold_key(c.fr) == k || fold_key(c.en) == k || fold_key(c.key) == k)
}

/// Every column of every sheet, once per key, in first-seen order (the CSV header).
pub fn union_columns() -> Vec<&'static Column> {
    let mut out: Vec<&'static Column> = Vec::new();
    for s in SHEETS {
        for c in s.columns {
            if !out.iter().any(|o| o.key == c.key) {
                out.push(c);
            }
        }
    }
    out
}

/// French labels and extra accepted words of an enumerated type.
pub trait Labelled: Sized + Copy + 'static {
    /// (value, stable id, French label, other accepted words).
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])];

    /// French label.
    fn label_fr(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::LABELS
            .iter()
            .find(|(v, ..)| *v == self)
            .map_or("", |(_, _, fr, _)| fr)
    }

    /// Parses an id, French label or accepted word, ignoring case and accents.
    fn parse_label(s: &str) -> Option<Self> {
        let k = fold_key(s);
        Self::LABELS.iter().find_map(|(v, id, fr, others)| {
            (fold_key(id) == k || fold_key(fr) == k || others.iter().any(|o| fold_key(o) == k))
                .then_some(*v)
        })
    }

    /// Accepted French labels, for messages.
    fn expected() -> String {
        Self::LABELS
            .iter()
            .map(|(_, _, fr, _)| *fr)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Labelled for ValueKind {
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])] = &[
        (
            ValueKind::Numeric,
            "numeric",
            "numérique",
            &["nombre décimal", "quantité"],
        ),
        (
            ValueKind::Count,
            "count",
            "nombre",
            &["comptage", "effectif"],
        ),
        (
            ValueKind::YesNo,
            "yes_no",
            "oui/non",
            &["oui-non", "booléen", "yes/no", "boolean"],
        ),
        (ValueKind::Milestone, "milestone", "jalon", &["étape"]),
        (ValueKind::Rank, "rank", "rang", &["classement", "position"]),
        (ValueKind::Qualitative, "qualitative", "qualitatif", &[]),
    ];
}

impl Labelled for Direction {
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])] = &[
        (
            Direction::Increase,
            "increase",
            "hausse",
            &["augmentation", "augmenter", "up"],
        ),
        (
            Direction::Decrease,
            "decrease",
            "baisse",
            &["diminution", "réduction", "diminuer", "down"],
        ),
        (
            Direction::Maintain,
            "maintain",
            "maintien",
            &["maintenir", "stable"],
        ),
    ];
}

impl Labelled for ActionStatus {
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])] = &[
        (
            ActionStatus::Planned,
            "planned",
            "à lancer",
            &["prévue", "non démarrée", "à faire", "not started"],
        ),
        (
            ActionStatus::InProgress,
            "in_progress",
            "en cours",
            &["in progress", "démarrée"],
        ),
        (
            ActionStatus::Done,
            "done",
            "terminée",
            &["réalisée", "terminé", "finished", "completed"],
        ),
        (
            ActionStatus::Recurring,
            "recurring",
            "permanente",
            &["récurrente", "continue", "ongoing"],
        ),
        (
            ActionStatus::Suspended,
            "suspended",
            "suspendue",
            &["en pause", "on hold"],
        ),
        (
            ActionStatus::Abandoned,
            "abandoned",
            "abandonnée",
            &["annulée", "cancelled"],
        ),
    ];
}

impl Labelled for MeasurementState {
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])] = &[
        (MeasurementState::Draft, "draft", "brouillon", &[]),
        (
            MeasurementState::Submitted,
            "submitted",
            "soumise",
            &["soumis", "à valider"],
        ),
        (
            MeasurementState::Validated,
            "validated",
            "validée",
            &["validé", "valide"],
        ),
    ];
}

impl Labelled for FormulaKind {
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])] = &[
        (
            FormulaKind::Direct,
            "direct",
            "directe",
            &["valeur directe"],
        ),
        (FormulaKind::Ratio, "ratio", "ratio", &["rapport"]),
        (
            FormulaKind::ChangeVsReference,
            "change_vs_reference",
            "évolution",
            &["évolution par rapport à la référence", "change"],
        ),
    ];
}

impl Labelled for OrgUnitKind {
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])] = &[
        (OrgUnitKind::Service, "service", "service", &["direction"]),
        (
            OrgUnitKind::Lab,
            "lab",
            "laboratoire",
            &["labo", "laboratory", "unité de recherche"],
        ),
        (
            OrgUnitKind::Component,
            "component",
            "composante",
            &["école", "faculté"],
        ),
        (OrgUnitKind::Department, "department", "département", &[]),
        (
            OrgUnitKind::Committee,
            "committee",
            "instance",
            &["comité", "conseil"],
        ),
    ];
}

/// Trajectory kinds as written in cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrajectoryKind {
    #[default]
    Linear,
    AnnualRate,
}

impl Labelled for TrajectoryKind {
    const LABELS: &'static [(Self, &'static str, &'static str, &'static [&'static str])] = &[
        (TrajectoryKind::Linear, "linear", "linéaire", &[]),
        (
            TrajectoryKind::AnnualRate,
            "annual_rate",
            "taux annuel",
            &["taux annuel constant", "annual rate"],
        ),
    ];
}

/// The reference of every sheet and column, as Markdown tables (for `docs/FORMATS.md`).
pub fn markdown_reference() -> String {
    let mut out = String::new();
    for s in SHEETS {
        out.push_str(&format!(
            "### {} / {}{}\n\n| Colonne (fr) | Column (en) | Key | Required | Contents |\n|---|---|---|---|---|\n",
            s.fr,
            s.en,
            if s.required { " (required sheet)" } else { "" }
        ));
        for c in s.columns {
            let help = if c.help_en.is_empty() { "" } else { c.help_en };
            out.push_str(&format!(
                "| {} | {} | `{}` | {} | {} |\n",
                c.fr,
                c.en,
                c.key,
                if c.required { "yes" } else { "" },
                help.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_documentation_matches_the_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/FORMATS.md");
        let doc = std::fs::read_to_string(path).expect("docs/FORMATS.md");
        let start = doc.find("<!-- schema:start -->").expect("start marker");
        let end = doc.find("<!-- schema:end -->").expect("end marker");
        let section = doc[start + "<!-- schema:start -->".len()..end].trim();
        if section != markdown_reference().trim() && std::env::var_os("JALON_BLESS").is_some() {
            let updated = format!(
                "{}<!-- schema:start -->\n\n{}\n{}",
                &doc[..start],
                markdown_reference(),
                &doc[end..]
            );
            std::fs::write(path, updated).expect("write docs/FORMATS.md");
            return;
        }
        assert_eq!(
            section,
            markdown_reference().trim(),
            "docs/FORMATS.md is out of date: run the test with JALON_BLESS=1"
        );
    }

    #[test]
    fn labels_parse_in_both_languages() {
        assert_eq!(
            ActionStatus::parse_label("En cours"),
            Some(ActionStatus::InProgress)
        );
        assert_eq!(
            ActionStatus::parse_label("in_progress"),
            Some(ActionStatus::InProgress)
        );
        assert_eq!(
            ActionStatus::parse_label("terminee"),
            Some(ActionStatus::Done)
        );
        assert_eq!(ValueKind::parse_label("Oui/Non"), Some(ValueKind::YesNo));
        assert_eq!(Direction::parse_label("BAISSE"), Some(Direction::Decrease));
        assert_eq!(Direction::parse_label("sideways"), None);
        for (v, id, fr, _) in ActionStatus::LABELS {
            assert_eq!(ActionStatus::parse_label(id), Some(*v));
            assert_eq!(ActionStatus::parse_label(fr), Some(*v));
        }
    }

    #[test]
    fn sheets_and_columns_are_found_by_either_name() {
        assert_eq!(
            find_sheet("objectives").map(|s| s.record),
            Some(Record::Objective)
        );
        assert_eq!(find_sheet("Unites").map(|s| s.record), Some(Record::Unit));
        let actions = sheet(Record::Action);
        assert_eq!(
            find_column(actions, "Budget prévu (€)").map(|c| c.key),
            Some("budget_planned")
        );
        assert_eq!(
            find_column(actions, "budget_planned").map(|c| c.key),
            Some("budget_planned")
        );
        assert_eq!(
            find_column(actions, "Planned budget (€)").map(|c| c.key),
            Some("budget_planned")
        );
    }

    #[test]
    fn a_key_means_the_same_in_every_sheet() {
        let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for s in SHEETS {
            for c in s.columns {
                if let Some(fr) = seen.insert(c.key, c.fr) {
                    assert_eq!(fr, c.fr, "key {} has two French headers", c.key);
                }
            }
        }
    }
}
