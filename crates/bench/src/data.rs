//! A seeded generator of organisations and offers over the five provinces, and a query log to run on them.

use doeners_domain::{
    CategoryGroup, CategoryRef, ExecutionMode, Municipality, OrganisationKind, ProvinceRef,
    ServiceArea, service_area::Place,
};
use doeners_search::{OfferDocument, SearchRequest};

/// SplitMix64: the same data on every run and machine.
pub struct Dice(pub u64);

impl Dice {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TENANTS: &[(&str, &str)] = &[
    ("antwerpen", "10000"),
    ("limburg", "70000"),
    ("oost-vlaanderen", "40000"),
    ("vlaams-brabant", "20001"),
    ("west-vlaanderen", "30000"),
];

const WORDS: &[&str] = &[
    "kwaliteit",
    "snel",
    "flexibel",
    "bedrijven",
    "particulieren",
    "grote",
    "kleine",
    "reeksen",
    "onderhoud",
    "ervaren",
    "begeleiding",
    "duurzaam",
    "lokaal",
    "ophaling",
    "levering",
    "op maat",
    "vaste",
    "ploegen",
    "seizoen",
    "projecten",
    "overheden",
    "scholen",
    "kantoren",
    "magazijnen",
    "terreinen",
    "gebouwen",
    "machines",
    "producten",
    "hergebruik",
    "afwerking",
    "controle",
    "planning",
    "dringend",
    "wekelijks",
    "maandelijks",
];

fn flemish_municipalities(nis: &str) -> Vec<&'static Municipality> {
    Municipality::all()
        .iter()
        .filter(|m| m.province_nis == nis)
        .collect()
}

/// `organisations` organisations with `offers_each` offers each, spread over the five provinces.
pub fn documents(organisations: usize, offers_each: usize, seed: u64) -> Vec<OfferDocument> {
    let mut dice = Dice(seed);
    let kinds = OrganisationKind::ALL;
    let modes = ExecutionMode::ALL;
    let groups = CategoryGroup::all();
    let per_tenant: Vec<Vec<&Municipality>> = TENANTS
        .iter()
        .map(|(_, nis)| flemish_municipalities(nis))
        .collect();
    let mut docs = Vec::with_capacity(organisations * offers_each);
    for o in 0..organisations {
        let t = o % TENANTS.len();
        let (tenant, _) = TENANTS[t];
        let municipality = *dice.pick(&per_tenant[t]);
        let postal = municipality.postal_areas().next().map_or(1000, |a| a.code);
        let kind = *dice.pick(kinds);
        let main = dice.pick(groups);
        let organisation_id = uuid_of(&mut dice);
        let name = format!("Werkplaats {} {}", municipality.name, o);
        // An organisation's offer titles are unique, as the import requires.
        let mut titles = std::collections::HashSet::new();
        for n in 0..offers_each {
            let group = if n % 3 == 2 { dice.pick(groups) } else { main };
            let category = dice.pick(group.categories);
            let area = match dice.below(6) {
                0 => ServiceArea::Flanders,
                1 => ServiceArea::Provinces(municipality.province().into_iter().collect()),
                _ => ServiceArea::Radius([10, 20, 30, 50][dice.below(4)]),
            };
            let words: Vec<&str> = (0..12).map(|_| *dice.pick(WORDS)).collect();
            let mut title = format!("{} {}", category.label, dice.pick(WORDS));
            if !titles.insert(title.clone()) {
                title = format!("{title} {}", n + 1);
                titles.insert(title.clone());
            }
            docs.push(OfferDocument {
                tenant: tenant.to_string(),
                offer_id: uuid_of(&mut dice),
                organisation_id,
                organisation_slug: format!("werkplaats-{o}"),
                organisation_name: name.clone(),
                kind: kind.slug().to_string(),
                title,
                description: format!(
                    "{} voor {}. {}",
                    category.label,
                    group.label,
                    words.join(" ")
                ),
                category: category.slug.to_string(),
                group: group.slug.to_string(),
                mode: dice.pick(modes).slug().to_string(),
                service_area: area.to_string(),
                postal_code: format!("{postal:04}"),
                municipality: municipality.name.to_string(),
                municipality_nis: municipality.nis.to_string(),
                province: municipality
                    .province()
                    .map(|p| p.slug.to_string())
                    .unwrap_or_default(),
                lat: municipality.point.lat,
                lon: municipality.point.lon,
            });
        }
    }
    docs
}

/// The documents of one province as the import files `doeners import` reads: (organisations.csv, offers.csv).
pub fn import_files(docs: &[OfferDocument], tenant: &str) -> (String, String) {
    let quote = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    let mut organisations = String::from(
        "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description\n",
    );
    let mut offers =
        String::from("organisation_ref,title,category,execution_mode,service_area,description\n");
    let mut seen = std::collections::HashSet::new();
    for d in docs.iter().filter(|d| d.tenant == tenant) {
        if seen.insert(d.organisation_id) {
            organisations.push_str(&format!(
                "{},{},{},,,{},{},,,,,\n",
                quote(&d.organisation_slug),
                quote(&d.organisation_name),
                d.kind,
                d.postal_code,
                quote(&d.municipality)
            ));
        }
        offers.push_str(&format!(
            "{},{},{},{},{},{}\n",
            quote(&d.organisation_slug),
            quote(&d.title),
            d.category,
            d.mode,
            quote(&d.service_area),
            quote(&d.description)
        ));
    }
    (organisations, offers)
}

pub fn tenants() -> impl Iterator<Item = &'static str> {
    TENANTS.iter().map(|(slug, _)| *slug)
}

fn uuid_of(dice: &mut Dice) -> uuid::Uuid {
    uuid::Uuid::from_u64_pair(dice.next(), dice.next())
}

/// The kinds of query in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    Plain,
    MultiWord,
    Located,
    Facetted,
}

impl QueryKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::MultiWord => "multi-word",
            Self::Located => "located",
            Self::Facetted => "facetted",
        }
    }
}

const PLAIN: &[&str] = &[
    "groenonderhoud",
    "verpakken",
    "catering",
    "schoonmaak",
    "fietsherstel",
    "drukwerk",
    "assemblage",
    "opslag",
    "kringwinkel",
    "confectie",
    "renovatie",
    "koerier",
    "etiketteren",
    "digitaliseren",
    "relatiegeschenken",
    "kuisen",
    "traiteur",
    "velo",
    "strijkdienst",
    "verhuis",
];
const MULTI: &[&str] = &[
    "groenonderhoud kantoren",
    "schoonmaak gebouwen wekelijks",
    "verpakken grote reeksen",
    "catering bedrijven",
    "kuisen van bureaus",
    "fietsherstel op locatie",
    "assemblage kwaliteit controle",
    "drukwerk snel levering",
    "opslag magazijnen flexibel",
    "renovatie gebouwen duurzaam",
];
const PLACES: &[&str] = &[
    "3500", "2000", "9000", "8000", "3000", "2800", "3600", "8500", "9300", "1800", "2300", "3290",
];

pub fn place(postal: &str) -> Option<Place> {
    Place::parse(postal).ok()
}

/// A mixed query log: a quarter of each kind.
pub fn query_log(count: usize, seed: u64) -> Vec<(QueryKind, SearchRequest)> {
    let mut dice = Dice(seed);
    (0..count)
        .map(|i| {
            let kind = [
                QueryKind::Plain,
                QueryKind::MultiWord,
                QueryKind::Located,
                QueryKind::Facetted,
            ][i % 4];
            let mut r = SearchRequest {
                limit: 20,
                ..Default::default()
            };
            match kind {
                QueryKind::Plain => r.q = dice.pick(PLAIN).to_string(),
                QueryKind::MultiWord => r.q = dice.pick(MULTI).to_string(),
                QueryKind::Located => {
                    r.q = dice.pick(PLAIN).to_string();
                    r.near = place(dice.pick::<&str>(PLACES));
                }
                QueryKind::Facetted => {
                    r.q = dice.pick(PLAIN).to_string();
                    let group = dice.pick(CategoryGroup::all());
                    r.categories = CategoryRef::parse(group.slug).into_iter().collect();
                    r.provinces = ProvinceRef::by_slug(TENANTS[dice.below(TENANTS.len())].0)
                        .into_iter()
                        .collect();
                }
            }
            (kind, r)
        })
        .collect()
}
