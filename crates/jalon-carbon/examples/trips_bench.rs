//! Generates a realistic GES 1point5 missions file deterministically, for the speed benchmark.
//!
//! Usage: `cargo run --release -p jalon-carbon --example trips_bench -- OUT.tsv [LINES]`
//! (default 1,000,000 lines). Then compute it with the `trips_compute` example.

use std::io::Write;

const FRANCE: &[&str] = &[
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Bordeaux",
    "Lille",
    "Nantes",
    "Strasbourg",
    "Montpellier",
    "Nice",
    "Rennes",
    "Grenoble",
    "Clermont-Ferrand",
    "Saint-Étienne",
    "St Etienne",
    "Dijon",
    "Brest",
    "Orléans",
    "Tours",
    "Limoges",
    "Nîmes",
    "Alès",
    "Perpignan",
    "Pau",
    "Metz",
    "Nancy",
    "Caen",
    "Rouen",
    "Le Havre",
    "Amiens",
    "Besançon",
    "Poitiers",
    "La Rochelle",
    "Avignon",
    "Aix-en-Provence",
    "Toulon",
    "Angers",
    "Le Mans",
    "Reims",
    "Villeurbanne",
    "Versailles",
    "Orsay",
    "Palaiseau",
    "Gif-sur-Yvette",
];
const EUROPE: &[(&str, &str)] = &[
    ("Londres", "Royaume-Uni"),
    ("London", "GB"),
    ("Bruxelles", "Belgique"),
    ("Genève", "Suisse"),
    ("Barcelone", "Espagne"),
    ("Madrid", "ES"),
    ("Berlin", "Allemagne"),
    ("Munich", "DE"),
    ("Rome", "Italie"),
    ("Milan", "IT"),
    ("Amsterdam", "Pays-Bas"),
    ("Lisbonne", "Portugal"),
    ("Vienne", "Autriche"),
    ("Prague", "CZ"),
    ("Varsovie", "Pologne"),
    ("Copenhague", "Danemark"),
    ("Stockholm", "Suède"),
    ("Dublin", "Irlande"),
    ("Athènes", "Grèce"),
    ("Zurich", "Suisse"),
    ("Francfort", "Allemagne"),
    ("Edinburgh", "United Kingdom"),
    ("Bologne", "Italie"),
    ("Séville", "Espagne"),
    ("Cracovie", "PL"),
];
const WORLD: &[(&str, &str)] = &[
    ("New York", "États-Unis"),
    ("Montréal", "Canada"),
    ("Pékin", "Chine"),
    ("Tokyo", "Japon"),
    ("San Francisco", "US"),
    ("Boston", "USA"),
    ("Singapour", "Singapour"),
    ("Dakar", "Sénégal"),
    ("São Paulo", "Brésil"),
    ("Sydney", "Australie"),
    ("Le Caire", "Égypte"),
    ("Séoul", "Corée du Sud"),
    ("Bombay", "Inde"),
    ("Mexico", "Mexique"),
    ("Québec", "Canada"),
    ("Shanghai", "CN"),
    ("Buenos Aires", "Argentine"),
    ("Nairobi", "Kenya"),
    ("Hanoï", "Viêt Nam"),
    ("Abidjan", "Côte d'Ivoire"),
];
const PURPOSES: &[&str] = &[
    "Colloque",
    "Réunion",
    "Terrain",
    "Formation",
    "Séminaire",
    "",
];
const STATUSES: &[&str] = &[
    "Chercheur",
    "Doctorant",
    "ITA",
    "Enseignant-chercheur",
    "Post-doctorant",
    "",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: trips_bench OUT.tsv [LINES]")?;
    let lines: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    writeln!(
        out,
        "# mission\tDate de départ\tVille de départ\tPays de départ\tVille de destination\tPays de destination\tMode de déplacement\tNb de personnes dans la voiture\tAller Retour (OUI si identiques, NON si différents)\tMotif du déplacement (optionnel)\tStatut de l'agent (optionnel)"
    )?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut mission = 0u64;
    let mut written = 0usize;
    while written < lines {
        mission += 1;
        let legs = if rng.below(10) == 0 { 2 } else { 1 };
        let home = FRANCE[rng.below(FRANCE.len())];
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let purpose = PURPOSES[rng.below(PURPOSES.len())];
        let status = STATUSES[rng.below(STATUSES.len())];
        let mut from = (home, "France");
        for _ in 0..legs {
            let kind = rng.below(100);
            let (to, mode, occupants) = if kind < 45 {
                let to = FRANCE[rng.below(FRANCE.len())];
                let mode = match rng.below(10) {
                    0..=5 => "train",
                    6..=7 => "voiture",
                    8 => "avion",
                    _ => "bus",
                };
                (
                    (to, "FR"),
                    mode,
                    if mode == "voiture" {
                        (1 + rng.below(3)).to_string()
                    } else {
                        String::new()
                    },
                )
            } else if kind < 55 {
                let to = [
                    "Paris",
                    "Versailles",
                    "Orsay",
                    "Palaiseau",
                    "Gif-sur-Yvette",
                ][rng.below(5)];
                let mode = ["RER", "métro", "tramway", "taxi"][rng.below(4)];
                (
                    (to, "France"),
                    mode,
                    if mode == "taxi" {
                        "1".to_string()
                    } else {
                        String::new()
                    },
                )
            } else if kind < 85 {
                let to = EUROPE[rng.below(EUROPE.len())];
                let mode = if rng.below(3) == 0 { "train" } else { "avion" };
                (to, mode, String::new())
            } else {
                (WORLD[rng.below(WORLD.len())], "avion", String::new())
            };
            let rt = if legs == 1 && rng.below(4) != 0 {
                "OUI"
            } else {
                "NON"
            };
            writeln!(
                out,
                "{mission}\t{day:02}/{month:02}/2024\t{}\t{}\t{}\t{}\t{mode}\t{occupants}\t{rt}\t{purpose}\t{status}",
                from.0, from.1, to.0, to.1
            )?;
            written += 1;
            from = to;
            if written == lines {
                break;
            }
        }
    }
    out.flush()?;
    eprintln!("wrote {written} lines ({mission} missions) to {path}");
    Ok(())
}
