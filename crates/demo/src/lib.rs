//! Demo data: realistic, clearly fictional organisations and offers for a province, the same on every run.
//!
//! Names are made up, websites and e-mail addresses use the reserved `.example` domain, and every description
//! says it is a demo. The generator is a pure function of the province, so two runs give identical data.

use doeners_domain::{
    Address, CategoryGroup, CategoryRef, Email, EnterpriseNumber, ExecutionMode, InvalidValue,
    Municipality, OfferDraft, OrganisationDraft, OrganisationKind, Phone, ServiceArea, Slug,
    Website,
};

pub const MIN_ORGANISATIONS: usize = 40;
pub const MAX_ORGANISATIONS: usize = 80;

#[derive(Debug, Clone, PartialEq)]
pub struct DemoOrganisation {
    /// A stable key within the province, like an import file's `ref`.
    pub reference: String,
    pub draft: OrganisationDraft,
    pub offers: Vec<OfferDraft>,
}

/// A small deterministic generator (SplitMix64): demo data must not change between runs or platforms. Also
/// the demo activity's (`doeners_app::evaluation::activity`).
#[derive(Debug, Clone)]
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn roll(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.roll() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let i = self.below(items.len());
        items.get(i)
    }
}

fn seed_of(text: &str) -> u64 {
    // FNV-1a: stable across Rust versions, unlike the standard hasher.
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const NAME_WORDS: &[&str] = &[
    "De Bolster",
    "Het Anker",
    "De Brug",
    "De Vlinder",
    "Den Azalee",
    "De Sprong",
    "Het Werkhuys",
    "De Kollebloem",
    "Okido",
    "De Winning",
    "Het Veer",
    "De Lijsterbes",
    "Bonte Hoeve",
    "De Vonk",
    "Atelier Noord",
    "De Meander",
    "Het Spoor",
    "De Zonnebloem",
    "De Kiem",
    "De Hulster",
    "Het Perron",
    "De Linde",
    "Tandem",
    "De Wissel",
    "Het Klavertje",
    "De Ploeg",
    "De Schakel",
    "Den Heuvel",
    "Het Kompas",
    "De Molenwiek",
    "De Kaai",
    "Ravel",
];

const KIND_WEIGHTS: &[OrganisationKind] = &[
    OrganisationKind::Maatwerkbedrijf,
    OrganisationKind::Maatwerkbedrijf,
    OrganisationKind::Maatwerkbedrijf,
    OrganisationKind::Maatwerkafdeling,
    OrganisationKind::LokaleDiensteneconomie,
    OrganisationKind::LokaleDiensteneconomie,
    OrganisationKind::ArbeidsmatigeActiviteiten,
    OrganisationKind::SocialeOnderneming,
    OrganisationKind::SocialeOnderneming,
];

/// For each subcategory: a title, a description and how the work is usually done.
const OFFER_TEXTS: &[(&str, &str, &str, ExecutionMode)] = &[
    (
        "handverpakking",
        "Handmatig verpakken en inpakken",
        "Wij pakken producten met de hand in: kleine en grote reeksen, blisters, dozen en geschenkverpakkingen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "machinaal-verpakken",
        "Machinaal verpakken en sealen",
        "Flowpacken, krimpfolie, vacuüm en sealen van grote volumes op onze eigen verpakkingslijnen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "etiketteren",
        "Etiketteren en stickeren",
        "Etiketten kleven, prijzen aanpassen, barcodes en lotnummers aanbrengen, ook voor terugroepacties.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "sorteren-herverpakken",
        "Sorteren, tellen en herverpakken",
        "Retouren nakijken, sorteren op kwaliteit en herverpakken voor de verkoop.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "displays-promopakketten",
        "Displays en promopakketten samenstellen",
        "Winkeldisplays opbouwen en promotiepakketten, mailingdozen en proefpakketten samenstellen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "assemblage-montage",
        "Assemblage en montage in onderaanneming",
        "Montage van onderdelen en halffabricaten, van eenvoudige handelingen tot complete modules.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "kwaliteitscontrole",
        "Kwaliteitscontrole en nazicht",
        "Visuele en meettechnische controle van onderdelen, uitsorteren en rapporteren per lot.",
        ExecutionMode::OpLocatie,
    ),
    (
        "metaalbewerking",
        "Metaalbewerking: plooien, lassen en boren",
        "Plaatbewerking, lassen, boren en tappen, ontbramen en kleine metaalconstructies.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "houtbewerking",
        "Houtbewerking en schrijnwerk",
        "Zagen, frezen en monteren van houten onderdelen, paletten en maatwerk in hout.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "kunststofverwerking",
        "Kunststofverwerking en afwerking",
        "Ontbramen, lijmen, lassen en afwerken van kunststof onderdelen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "kabelconfectie",
        "Kabelconfectie en bekabeling",
        "Kabels op maat knippen, strippen, krimpen en kabelbomen samenstellen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "opslag",
        "Opslag en voorraadbeheer",
        "Beveiligde opslag van pallets en stukgoederen met voorraadbeheer op maat.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "orderpicking",
        "Orderpicking en e-commerce fulfilment",
        "Bestellingen verzamelen, verpakken en verzendklaar maken voor webshops.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "koerier",
        "Koerierdienst met fiets en bestelwagen",
        "Snelle levering van pakjes en documenten in de regio, ook met de bakfiets.",
        ExecutionMode::OpLocatie,
    ),
    (
        "goederenvervoer",
        "Goederenvervoer en leveringen",
        "Transport van goederen met bestelwagens en vrachtwagens, vaste ritten of op afroep.",
        ExecutionMode::OpLocatie,
    ),
    (
        "personenvervoer",
        "Aangepast personenvervoer",
        "Vervoer van personen met beperkte mobiliteit en groepsvervoer naar werk of activiteit.",
        ExecutionMode::OpLocatie,
    ),
    (
        "verhuis",
        "Verhuisdienst voor bedrijven en particulieren",
        "Verhuizen van kantoren en woningen, inpakken, transport en ontruiming.",
        ExecutionMode::OpLocatie,
    ),
    (
        "groenonderhoud",
        "Groenonderhoud van bedrijfsterreinen",
        "Gras maaien, hagen snoeien, onkruid verwijderen en bladruimen rond bedrijven en gebouwen.",
        ExecutionMode::OpLocatie,
    ),
    (
        "tuinaanleg",
        "Tuinaanleg en verharding",
        "Aanleg van tuinen, beplanting, paden en terrassen, ook natuurvriendelijke inrichting.",
        ExecutionMode::OpLocatie,
    ),
    (
        "natuurbeheer",
        "Natuurbeheer en landschapsonderhoud",
        "Beheer van natuurgebieden, hooilandbeheer, knotwilgen snoeien en exoten bestrijden.",
        ExecutionMode::OpLocatie,
    ),
    (
        "openbare-netheid",
        "Openbare netheid en zwerfvuil",
        "Zwerfvuil ruimen, sluikstort opruimen en straatmeubilair reinigen.",
        ExecutionMode::OpLocatie,
    ),
    (
        "schoonmaak-gebouwen",
        "Schoonmaak van kantoren en gebouwen",
        "Dagelijkse of periodieke schoonmaak van kantoren, sanitair, ramen en gemeenschappelijke ruimtes.",
        ExecutionMode::OpLocatie,
    ),
    (
        "industriele-reiniging",
        "Industriële reiniging",
        "Reiniging van productiehallen, machines en magazijnen, ook met hogedruk.",
        ExecutionMode::OpLocatie,
    ),
    (
        "voertuigreiniging",
        "Voertuigreiniging en car wash",
        "Binnen- en buitenreiniging van bedrijfswagens en vloten, op onze site of bij u.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "was-strijk",
        "Wasserij en strijkdienst",
        "Wassen, drogen en strijken van werkkledij, linnen en strijkgoed, met ophaling en levering.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "onthaal-postkamer",
        "Onthaal en postkamer",
        "Bemanning van onthaal en postkamer: post sorteren, bezoekers ontvangen, telefoon opnemen.",
        ExecutionMode::Detachering,
    ),
    (
        "renovatie",
        "Renovatie en afwerking van gebouwen",
        "Binnenrenovatie, gyproc, vloeren en afwerking van woningen en kantoren.",
        ExecutionMode::OpLocatie,
    ),
    (
        "schilderwerken",
        "Schilderwerken binnen en buiten",
        "Schilderen van muren, plafonds, ramen en gevels, ook voor bedrijfspanden.",
        ExecutionMode::OpLocatie,
    ),
    (
        "klusjesdienst",
        "Klusjesdienst voor bedrijven",
        "Kleine herstellingen, montage van meubilair en onderhoud van gebouwen.",
        ExecutionMode::OpLocatie,
    ),
    (
        "energiebesparing",
        "Energiebesparende ingrepen",
        "Dak- en spouwisolatie, tochtstrips, ledverlichting en energiescans.",
        ExecutionMode::OpLocatie,
    ),
    (
        "sloop-ontmanteling",
        "Selectieve sloop en ontmanteling",
        "Ontmantelen van interieurs en installaties met oog voor hergebruik van materialen.",
        ExecutionMode::OpLocatie,
    ),
    (
        "erfgoedzorg",
        "Onderhoud van erfgoed",
        "Onderhoud en kleine herstellingen aan beschermd erfgoed, kerkhoven en monumenten.",
        ExecutionMode::OpLocatie,
    ),
    (
        "catering",
        "Catering voor vergaderingen en events",
        "Broodjeslunches, buffetten en recepties voor bedrijven, bereid in onze eigen keuken.",
        ExecutionMode::Producten,
    ),
    (
        "bedrijfsrestaurant",
        "Uitbating van bedrijfsrestaurants",
        "Wij baten uw personeelsrestaurant of cafetaria uit met dagverse maaltijden.",
        ExecutionMode::OpLocatie,
    ),
    (
        "sociaal-restaurant",
        "Sociaal restaurant en dagschotel",
        "Betaalbare, gezonde maaltijden in ons restaurant, ook voor groepen en afhaal.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "voedingsproductie",
        "Voedingsproductie in onderaanneming",
        "Bereiden, portioneren en verpakken van voeding in een erkende keuken.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "groente-fruitpakketten",
        "Groente- en fruitpakketten",
        "Wekelijkse pakketten met seizoensgroenten en fruit voor uw personeel.",
        ExecutionMode::Producten,
    ),
    (
        "kringwinkel",
        "Kringwinkel met tweedehandsgoederen",
        "Verkoop van herbruikbare meubels, kleding en huisraad; ophaling van goederen bij bedrijven.",
        ExecutionMode::Producten,
    ),
    (
        "inzameling",
        "Inzameling van herbruikbare goederen",
        "Ophalen van kantoormeubilair, IT-materiaal en textiel voor hergebruik.",
        ExecutionMode::OpLocatie,
    ),
    (
        "demontage-recyclage",
        "Demontage en recyclage van toestellen",
        "Ontmantelen van elektrische toestellen en sorteren van materialen voor recyclage.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "herstel-refurbishing",
        "Herstel en refurbishing van laptops",
        "Laptops en toestellen nakijken, herstellen, gegevens wissen en opnieuw inzetbaar maken.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "upcycling",
        "Upcycling van restmaterialen",
        "Van bannermateriaal, werkkledij en reststromen maken we nieuwe producten.",
        ExecutionMode::Producten,
    ),
    (
        "confectie",
        "Confectie van textiel op maat",
        "Naaien van werkkledij, tassen, kussens en textiele producten in kleine en middelgrote reeksen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "retouches",
        "Retouches en herstel van kledij",
        "Herstellen en aanpassen van kledij en werkkledij, zomen, ritsen en knopen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "bedrukken-borduren",
        "Bedrukken en borduren van textiel",
        "Logo's borduren en bedrukken op polo's, jassen en tassen.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "fietsherstel",
        "Fietsherstel en onderhoud van bedrijfsfietsen",
        "Onderhoud en herstel van fietsen en elektrische fietsen, ook op uw bedrijfssite.",
        ExecutionMode::OpLocatie,
    ),
    (
        "fietspunt",
        "Fietspunt aan het station",
        "Fietsenstalling, verhuur en snelle herstellingen aan het station.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "fietsvloot",
        "Beheer van uw fietsvloot",
        "Wij beheren, onderhouden en verdelen de deelfietsen en leasefietsen van uw bedrijf.",
        ExecutionMode::OpLocatie,
    ),
    (
        "drukwerk",
        "Drukwerk en afwerking",
        "Drukken van folders, brochures en affiches, met snijden, plooien en inbinden.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "mailing",
        "Mailing en verzendingen",
        "Enveloppen vullen, adresseren, frankeren en verzenden van grote mailings.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "digitaliseren",
        "Digitaliseren van archieven",
        "Scannen en indexeren van dossiers, facturen en archiefstukken.",
        ExecutionMode::EigenAtelier,
    ),
    (
        "data-invoer",
        "Data-invoer en administratieve ondersteuning",
        "Invoeren en controleren van gegevens, encoderen van formulieren en klassement.",
        ExecutionMode::Detachering,
    ),
    (
        "ict-diensten",
        "ICT-diensten en helpdesk",
        "Installatie van werkposten, eenvoudige helpdesk en testen van software.",
        ExecutionMode::Detachering,
    ),
    (
        "relatiegeschenken",
        "Duurzame relatiegeschenken",
        "Geschenkpakketten en relatiegeschenken uit eigen atelier, gepersonaliseerd met uw logo.",
        ExecutionMode::Producten,
    ),
    (
        "streekproducten",
        "Streekproducten uit eigen productie",
        "Confituur, sappen, honing en koekjes uit eigen productie, ook als geschenkpakket.",
        ExecutionMode::Producten,
    ),
    (
        "houten-producten",
        "Houten producten en meubilair",
        "Picknicktafels, plantenbakken, nestkasten en meubels uit gerecupereerd hout.",
        ExecutionMode::Producten,
    ),
    (
        "buurtdiensten",
        "Buurtdiensten en boodschappendienst",
        "Boodschappen, klein onderhoud en gezelschap voor buurtbewoners en senioren.",
        ExecutionMode::OpLocatie,
    ),
    (
        "klusjes-aan-huis",
        "Klusjes aan huis",
        "Kleine herstellingen, tuinonderhoud en schilderwerk bij mensen thuis.",
        ExecutionMode::OpLocatie,
    ),
];

/// The demo organisations of the province with NIS code `province_nis`; none when it has no municipalities.
pub fn organisations(province_nis: &str) -> Result<Vec<DemoOrganisation>, InvalidValue> {
    let municipalities: Vec<&Municipality> = Municipality::all()
        .iter()
        .filter(|m| m.province_nis == province_nis)
        .collect();
    if municipalities.is_empty() {
        return Ok(Vec::new());
    }
    let mut dice = Dice(seed_of(province_nis));
    let count = MIN_ORGANISATIONS + dice.below(MAX_ORGANISATIONS - MIN_ORGANISATIONS + 1);
    let province_digit: u32 = province_nis
        .get(0..1)
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    (0..count)
        .map(|i| organisation(&mut dice, &municipalities, province_digit, i))
        .collect()
}

fn organisation(
    dice: &mut Dice,
    municipalities: &[&Municipality],
    province_digit: u32,
    index: usize,
) -> Result<DemoOrganisation, InvalidValue> {
    let municipality = dice
        .pick(municipalities)
        .copied()
        .ok_or_else(|| InvalidValue::new("geen gemeente"))?;
    let postal = municipality
        .postal_areas()
        .next()
        .ok_or_else(|| InvalidValue::new("geen postcode"))?;
    let kind = *dice
        .pick(KIND_WEIGHTS)
        .unwrap_or(&OrganisationKind::Maatwerkbedrijf);
    let word = dice.pick(NAME_WORDS).copied().unwrap_or("De Brug");
    let name = format!("{word} {}", municipality.name);
    let slug = Slug::from_name(&name);
    let groups = CategoryGroup::all();
    let main_group = dice
        .pick(groups)
        .ok_or_else(|| InvalidValue::new("geen categorie"))?;
    let offer_count = 1 + dice.below(4);
    let mut offers = Vec::with_capacity(offer_count);
    for n in 0..offer_count {
        // Mostly the organisation's own trade, sometimes something from another group.
        let group = if n > 0 && dice.below(4) == 0 {
            dice.pick(groups).unwrap_or(main_group)
        } else {
            main_group
        };
        let category = dice
            .pick(group.categories)
            .ok_or_else(|| InvalidValue::new("lege categoriegroep"))?;
        if offers
            .iter()
            .any(|o: &OfferDraft| o.category.slug() == category.slug)
        {
            continue;
        }
        let (_, title, description, mode) = OFFER_TEXTS
            .iter()
            .find(|(slug, ..)| *slug == category.slug)
            .copied()
            .unwrap_or((
                category.slug,
                category.label,
                "",
                ExecutionMode::EigenAtelier,
            ));
        let service_area = match dice.below(6) {
            0 => ServiceArea::Flanders,
            1 => ServiceArea::Provinces(vec![
                municipality
                    .province()
                    .ok_or_else(|| InvalidValue::new("geen provincie"))?,
            ]),
            2 => ServiceArea::Municipalities(vec![postal_code(postal.code)?]),
            _ => ServiceArea::Radius([15, 25, 30, 40, 50][dice.below(5)]),
        };
        offers.push(OfferDraft {
            title: title.to_string(),
            description: format!("{description} (Fictief demo-aanbod.)"),
            category: CategoryRef::parse(category.slug)?,
            execution_mode: mode,
            service_area,
        });
    }
    let employees = match kind {
        OrganisationKind::Maatwerkbedrijf => 40 + dice.below(400),
        OrganisationKind::Maatwerkafdeling => 8 + dice.below(40),
        _ => 3 + dice.below(30),
    };
    let base = province_digit * 1_000_000 + 900_000 + u32::try_from(index).unwrap_or(0) * 37 + 1;
    let street_no = 1 + dice.below(180);
    let street = dice.pick(&[
        "Industrieweg",
        "Kerkstraat",
        "Stationsstraat",
        "Ambachtsweg",
        "Nijverheidslaan",
        "Molenstraat",
    ]);
    Ok(DemoOrganisation {
        reference: format!("demo-{index:03}"),
        draft: OrganisationDraft {
            name,
            kind,
            enterprise_number: Some(EnterpriseNumber::from_base(base)?),
            address: Address::parse(
                &format!("{} {street_no}", street.unwrap_or(&"Kerkstraat")),
                &format!("{:04}", postal.code),
                municipality.name,
            )?,
            website: Some(Website::parse(&format!("https://{slug}.example"))?),
            email: Some(Email::parse(&format!("info@{slug}.example"))?),
            phone: Some(Phone::parse(&belgian_landline(
                municipality.province().map_or("", |p| p.slug),
                [dice.below(80), dice.below(100), dice.below(100)],
            ))?),
            employees: Some(u32::try_from(employees).unwrap_or(10)),
            description: format!(
                "{word} {town} {what} in {town} en geeft werk aan mensen met een afstand tot de arbeidsmarkt. \
                 Fictieve demo-organisatie.",
                town = municipality.name,
                what = match kind {
                    OrganisationKind::Maatwerkbedrijf => "is een maatwerkbedrijf",
                    OrganisationKind::Maatwerkafdeling =>
                        "is een maatwerkafdeling van een regulier bedrijf",
                    OrganisationKind::LokaleDiensteneconomie =>
                        "is een initiatief van lokale diensteneconomie",
                    OrganisationKind::ArbeidsmatigeActiviteiten =>
                        "biedt arbeidsmatige activiteiten aan",
                    OrganisationKind::SocialeOnderneming => "is een sociale onderneming",
                }
            ),
        },
        offers,
    })
}

fn postal_code(code: u16) -> Result<doeners_domain::PostalCode, InvalidValue> {
    doeners_domain::PostalCode::parse(&format!("{code:04}"))
}

/// A fictional landline in the province's own zone, written the Belgian way: "011 45 31 29", "03 245 31 29".
fn belgian_landline(province: &str, [a, b, c]: [usize; 3]) -> String {
    let zone = match province {
        "antwerpen" => "03",
        "oost-vlaanderen" => "09",
        "limburg" => "011",
        "vlaams-brabant" => "016",
        "west-vlaanderen" => "050",
        _ => "02",
    };
    if zone.len() == 2 {
        format!("{zone} {} {b:02} {c:02}", 200 + a)
    } else {
        format!("{zone} {} {b:02} {c:02}", 20 + a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flemish_province_gets_40_to_80_organisations() {
        for nis in ["10000", "20001", "30000", "40000", "70000"] {
            let orgs = organisations(nis).unwrap_or_default();
            assert!(
                (MIN_ORGANISATIONS..=MAX_ORGANISATIONS).contains(&orgs.len()),
                "{nis}: {}",
                orgs.len()
            );
            assert!(orgs.iter().all(|o| !o.offers.is_empty()));
            assert!(
                orgs.iter()
                    .all(|o| o.draft.address.municipality.province_nis == nis)
            );
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(organisations("70000"), organisations("70000"));
        assert_ne!(organisations("70000"), organisations("10000"));
    }

    #[test]
    fn every_subcategory_has_demo_text() {
        for group in CategoryGroup::all() {
            for c in group.categories {
                assert!(
                    OFFER_TEXTS.iter().any(|(slug, ..)| *slug == c.slug),
                    "{}",
                    c.slug
                );
            }
        }
    }

    #[test]
    fn demo_data_covers_most_of_the_taxonomy() {
        let mut seen = std::collections::HashSet::new();
        for nis in ["10000", "20001", "30000", "40000", "70000"] {
            for o in organisations(nis).unwrap_or_default() {
                seen.extend(o.offers.iter().map(|offer| offer.category.slug()));
            }
        }
        assert!(seen.len() >= 50, "{}", seen.len());
    }

    #[test]
    fn enterprise_numbers_are_unique_within_a_province() {
        let orgs = organisations("40000").unwrap_or_default();
        let numbers: std::collections::HashSet<_> = orgs
            .iter()
            .filter_map(|o| o.draft.enterprise_number.clone())
            .collect();
        assert_eq!(numbers.len(), orgs.len());
    }
}
