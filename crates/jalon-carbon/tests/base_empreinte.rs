//! Base Empreinte CSV import.

use jalon_carbon::{BaseEmpreinteError, FactorCatalog, ImportOptions, parse_base_empreinte};

const HEADER: &str = "Type Ligne;Identifiant de l'élément;Structure;Type de l'élément;Statut de l'élément;Nom base français;Nom base anglais;Nom attribut français;Nom frontière français;Unité français;Incertitude;Type poste;Total poste non décomposé";

fn cp1252(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

fn sample() -> String {
    [
        HEADER,
        "Elément;15591;Elément;Elément;Valide générique;Electricité - 2022;Electricity - 2022;mix moyen;consommation;kgCO2e/kWh;10;;0,0520",
        "Poste;15591;Poste;;Valide générique;Electricité - 2022;;;;kgCO2e/kWh;;Amont;0,0080",
        "Poste;15591;Poste;;Valide générique;Electricité - 2022;;;;kgCO2e/kWh;;Combustion;0,0440",
        "Elément;20000;Elément;Elément;Archivé;Fioul domestique;Heating oil;;;kgCO2e/litre;5;;3,25",
        "Elément;20001;Elément;Elément;Valide générique;\"Gaz naturel; réseau\";Natural gas;;;kgCO2e/kWh PCI;;;0,227",
        "Elément;20002;Elément;Elément;Valide générique;Transport;;;;tonne.km.pondéré;;;1",
    ]
    .join("\r\n")
}

#[test]
fn imports_elements_with_breakdown() {
    let imp =
        parse_base_empreinte(&cp1252(&sample()), &ImportOptions::new("23.6")).expect("imports");
    assert_eq!(imp.encoding, "windows-1252");
    assert_eq!(imp.archived_skipped, 1);
    assert_eq!(imp.unit_skipped.len(), 1);
    let elec = imp.set.get("be:15591").expect("electricity");
    assert_eq!(
        elec.name_fr,
        "Electricité - 2022 - mix moyen - consommation"
    );
    assert!((elec.value - 0.052).abs() < 1e-12);
    assert_eq!(elec.uncertainty, Some(0.10));
    assert_eq!(elec.parts.len(), 2);
    assert_eq!(elec.source_id.as_deref(), Some("15591"));
    let gas = imp.set.get("be:20001").expect("gas");
    assert_eq!(gas.name_fr, "Gaz naturel; réseau");
    assert!(imp.set.get("be:20000").is_none());

    // versions live side by side; lookups name the version
    let mut cat = FactorCatalog::new();
    cat.insert(imp.set);
    assert!(cat.get("be:15591", "23.6").is_ok());
    assert!(cat.get("be:15591", "22.0").is_err());
}

#[test]
fn utf8_export_is_accepted() {
    let imp =
        parse_base_empreinte(sample().as_bytes(), &ImportOptions::new("23.6")).expect("imports");
    assert_eq!(imp.encoding, "UTF-8");
    assert_eq!(
        imp.set.get("be:15591").map(|f| f.name_fr.as_str()),
        Some("Electricité - 2022 - mix moyen - consommation")
    );
}

#[test]
fn wrong_files_are_explained() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in sample().encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert!(matches!(
        parse_base_empreinte(&utf16, &ImportOptions::new("x")),
        Err(BaseEmpreinteError::Utf16(_))
    ));
    let commas = sample().replace(';', ",");
    assert!(matches!(
        parse_base_empreinte(commas.as_bytes(), &ImportOptions::new("x")),
        Err(BaseEmpreinteError::WrongSeparator { found: ',' })
    ));
    let bad = format!("{HEADER}\nElément;1;;;Valide;X;;;;kgCO2e/kWh;;;abc\n");
    match parse_base_empreinte(bad.as_bytes(), &ImportOptions::new("x")) {
        Err(BaseEmpreinteError::Field { line, column, .. }) => assert_eq!((line, column), (2, 13)),
        other => panic!("{other:?}"),
    }
    let missing = "Type Ligne;Nom base français\nElément;X\n";
    assert!(matches!(
        parse_base_empreinte(missing.as_bytes(), &ImportOptions::new("x")),
        Err(BaseEmpreinteError::MissingColumn(_))
    ));
}
