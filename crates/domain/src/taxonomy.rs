//! The category taxonomy: thirteen groups of work the social economy does, each with its subcategories. An
//! offer's category is a subcategory, or a group meaning "other work within this group".

use std::fmt;

use serde::{Serialize, Serializer};

use crate::InvalidValue;

#[derive(Debug, PartialEq, Eq)]
pub struct CategoryGroup {
    pub slug: &'static str,
    pub label: &'static str,
    pub categories: &'static [Category],
}

#[derive(Debug, PartialEq, Eq)]
pub struct Category {
    pub slug: &'static str,
    pub label: &'static str,
}

macro_rules! taxonomy {
    ($($group:literal, $group_label:literal => [$($slug:literal: $label:literal),* $(,)?]);* $(;)?) => {
        static GROUPS: &[CategoryGroup] = &[
            $(CategoryGroup { slug: $group, label: $group_label, categories: &[$(Category { slug: $slug, label: $label }),*] }),*
        ];
    };
}

taxonomy! {
    "verpakken", "Verpakken & conditioneren" => [
        "handverpakking": "Handverpakking", "machinaal-verpakken": "Machinaal verpakken", "etiketteren": "Etiketteren",
        "sorteren-herverpakken": "Sorteren & herverpakken", "displays-promopakketten": "Displays & promopakketten",
    ];
    "assemblage", "Assemblage & industriële onderaanneming" => [
        "assemblage-montage": "Assemblage & montage", "kwaliteitscontrole": "Kwaliteitscontrole",
        "metaalbewerking": "Metaalbewerking", "houtbewerking": "Houtbewerking",
        "kunststofverwerking": "Kunststofverwerking", "kabelconfectie": "Kabelconfectie",
    ];
    "logistiek", "Logistiek & transport" => [
        "opslag": "Opslag", "orderpicking": "Orderpicking", "koerier": "Koerierdienst",
        "goederenvervoer": "Goederenvervoer", "personenvervoer": "Personenvervoer", "verhuis": "Verhuis",
    ];
    "groen", "Groen & natuur" => [
        "groenonderhoud": "Groenonderhoud", "tuinaanleg": "Tuinaanleg", "natuurbeheer": "Natuurbeheer",
        "openbare-netheid": "Openbare netheid",
    ];
    "schoonmaak", "Schoonmaak & facilitaire diensten" => [
        "schoonmaak-gebouwen": "Schoonmaak van gebouwen", "industriele-reiniging": "Industriële reiniging",
        "voertuigreiniging": "Voertuigreiniging", "was-strijk": "Was & strijk", "onthaal-postkamer": "Onthaal & postkamer",
    ];
    "bouw", "Bouw, renovatie & klussen" => [
        "renovatie": "Renovatie", "schilderwerken": "Schilderwerken", "klusjesdienst": "Klusjesdienst",
        "energiebesparing": "Energiebesparing", "sloop-ontmanteling": "Sloop & ontmanteling", "erfgoedzorg": "Erfgoedzorg",
    ];
    "voeding", "Horeca, catering & voeding" => [
        "catering": "Catering", "bedrijfsrestaurant": "Bedrijfsrestaurant", "sociaal-restaurant": "Sociaal restaurant",
        "voedingsproductie": "Voedingsproductie", "groente-fruitpakketten": "Groente- & fruitpakketten",
    ];
    "hergebruik", "Hergebruik, herstel & recyclage" => [
        "kringwinkel": "Kringwinkel", "inzameling": "Inzameling", "demontage-recyclage": "Demontage & recyclage",
        "herstel-refurbishing": "Herstel & refurbishing", "upcycling": "Upcycling",
    ];
    "textiel", "Textiel & naaiatelier" => [
        "confectie": "Confectie", "retouches": "Retouches", "bedrukken-borduren": "Bedrukken & borduren",
    ];
    "fietsen", "Fietsen & mobiliteit" => [
        "fietsherstel": "Fietsherstel", "fietspunt": "Fietspunt", "fietsvloot": "Beheer van fietsvloten",
    ];
    "administratie", "Grafisch, digitaal & administratief" => [
        "drukwerk": "Drukwerk", "mailing": "Mailing", "digitaliseren": "Digitaliseren",
        "data-invoer": "Data-invoer", "ict-diensten": "ICT-diensten",
    ];
    "producten", "Eigen producten & relatiegeschenken" => [
        "relatiegeschenken": "Relatiegeschenken", "streekproducten": "Streekproducten", "houten-producten": "Houten producten",
    ];
    "buurt-zorg", "Buurt- & zorgdiensten" => [
        "buurtdiensten": "Buurtdiensten", "klusjes-aan-huis": "Klusjes aan huis",
    ];
}

impl CategoryGroup {
    pub fn all() -> &'static [CategoryGroup] {
        GROUPS
    }

    pub fn by_slug(slug: &str) -> Option<&'static CategoryGroup> {
        GROUPS.iter().find(|g| g.slug == slug)
    }
}

/// What an offer is filed under: a subcategory, or a group as "other, within this group".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryRef {
    Group(&'static CategoryGroup),
    Category(&'static CategoryGroup, &'static Category),
}

impl CategoryRef {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let slug = raw.trim().to_ascii_lowercase();
        for group in GROUPS {
            if group.slug == slug {
                return Ok(Self::Group(group));
            }
            if let Some(category) = group.categories.iter().find(|c| c.slug == slug) {
                return Ok(Self::Category(group, category));
            }
        }
        Err(InvalidValue::new(format!(
            "onbekende categorie '{}'",
            raw.trim()
        )))
    }

    pub fn slug(&self) -> &'static str {
        match self {
            Self::Group(g) => g.slug,
            Self::Category(_, c) => c.slug,
        }
    }

    pub fn group(&self) -> &'static CategoryGroup {
        match self {
            Self::Group(g) | Self::Category(g, _) => g,
        }
    }

    /// The plain name of the group or category, as a filter or heading shows it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Group(g) => g.label,
            Self::Category(_, c) => c.label,
        }
    }

    /// The label of an offer filed here: a group reads as "other, within this group".
    pub fn label(&self) -> String {
        match self {
            Self::Group(g) => format!("{} (overige)", g.label),
            Self::Category(_, c) => c.label.to_string(),
        }
    }

    /// Every slug that falls under this reference: a group covers itself and its subcategories.
    pub fn covered_slugs(&self) -> Vec<&'static str> {
        match self {
            Self::Group(g) => std::iter::once(g.slug)
                .chain(g.categories.iter().map(|c| c.slug))
                .collect(),
            Self::Category(_, c) => vec![c.slug],
        }
    }
}

impl fmt::Display for CategoryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl Serialize for CategoryRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn slugs_are_unique_across_groups_and_categories() {
        let mut seen = HashSet::new();
        for g in CategoryGroup::all() {
            assert!(seen.insert(g.slug), "{}", g.slug);
            for c in g.categories {
                assert!(seen.insert(c.slug), "{}", c.slug);
            }
        }
        assert_eq!(CategoryGroup::all().len(), 13);
        assert_eq!(seen.len(), 13 + 58);
    }

    #[test]
    fn parses_groups_and_subcategories() {
        assert_eq!(
            CategoryRef::parse("groenonderhoud").map(|c| c.group().slug),
            Ok("groen")
        );
        assert_eq!(
            CategoryRef::parse("groen").map(|c| c.label()),
            Ok("Groen & natuur (overige)".to_string())
        );
        assert_eq!(
            CategoryRef::parse("tuinieren").err().map(|e| e.to_string()),
            Some("onbekende categorie 'tuinieren'".to_string())
        );
    }

    #[test]
    fn a_group_covers_its_subcategories() {
        let covered = CategoryRef::parse("fietsen")
            .map(|c| c.covered_slugs())
            .unwrap_or_default();
        assert_eq!(
            covered,
            vec!["fietsen", "fietsherstel", "fietspunt", "fietsvloot"]
        );
    }
}
