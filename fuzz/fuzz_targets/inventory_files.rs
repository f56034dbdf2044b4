//! Research and teaching inventories (projects and courses tables, HAL CSV/JSON, BibTeX):
//! reading never panics, and every left-out record is counted and located.
#![no_main]

use jalon_core::Lang;
use jalon_io::inventories::{PublicationFormat, read_courses, read_projects, read_publications};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let (rejected, problems) = match selector % 5 {
        0 => match read_projects(bytes, "projets.csv", Lang::Fr) {
            Ok(p) => (p.rejected, p.problems),
            Err(_) => return,
        },
        1 => match read_courses(bytes, "cours.csv", Lang::En) {
            Ok(p) => (p.rejected, p.problems),
            Err(_) => return,
        },
        n => {
            let format = [
                PublicationFormat::HalCsv,
                PublicationFormat::HalJson,
                PublicationFormat::Bibtex,
            ][usize::from(n - 2)];
            match read_publications(bytes, "publications", format, Lang::Fr) {
                Ok(p) => (p.rejected, p.problems),
                Err(_) => return,
            }
        }
    };
    assert!(problems.len() >= rejected, "{rejected} rejected, {problems:?}");
    assert!(problems.iter().all(|p| !p.message.is_empty()));
});
