//! A company of the regular economy (or a public buyer) as it registers on its province's portal: what the
//! evaluation figures count companies by (sector, size, municipality).

use crate::{EnterpriseNumber, InvalidValue, PostalCode, organisation::slug_enum, text};

slug_enum! {
    /// The NACE-BEL 2008 section of the company's main activity.
    NaceSection, "sector" {
        A = "a" / "Landbouw, bosbouw en visserij",
        B = "b" / "Winning van delfstoffen",
        C = "c" / "Industrie",
        D = "d" / "Energie: elektriciteit, gas, stoom en gekoelde lucht",
        E = "e" / "Water, afval en sanering",
        F = "f" / "Bouwnijverheid",
        G = "g" / "Groot- en detailhandel; reparatie van auto's",
        H = "h" / "Vervoer en opslag",
        I = "i" / "Logies en horeca",
        J = "j" / "Informatie en communicatie",
        K = "k" / "Financiële activiteiten en verzekeringen",
        L = "l" / "Vastgoed",
        M = "m" / "Vrije beroepen, wetenschappelijke en technische activiteiten",
        N = "n" / "Administratieve en ondersteunende diensten",
        O = "o" / "Openbaar bestuur en defensie",
        P = "p" / "Onderwijs",
        Q = "q" / "Gezondheidszorg en maatschappelijke dienstverlening",
        R = "r" / "Kunst, amusement en recreatie",
        S = "s" / "Overige diensten",
        T = "t" / "Huishoudens als werkgever",
        U = "u" / "Extraterritoriale organisaties",
    }
}

slug_enum! {
    /// The company's size by headcount, in the classes the provinces report.
    SizeClass, "grootte" {
        Micro = "micro" / "Micro (minder dan 10 werknemers)",
        Klein = "klein" / "Klein (10 tot 49)",
        Middelgroot = "middelgroot" / "Middelgroot (50 tot 249)",
        Groot = "groot" / "Groot (250 of meer)",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyProfile {
    pub name: String,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub sector: NaceSection,
    pub size: SizeClass,
    pub postal_code: PostalCode,
}

/// A company profile as typed in a form, field by field.
#[derive(Debug, Clone, Default)]
pub struct CompanyForm<'a> {
    pub name: &'a str,
    pub enterprise_number: &'a str,
    pub sector: &'a str,
    pub size: &'a str,
    pub postal_code: &'a str,
}

impl CompanyProfile {
    /// Every field's problem, named by field, or the profile.
    pub fn parse(form: &CompanyForm<'_>) -> Result<Self, Vec<(&'static str, InvalidValue)>> {
        let mut problems = Vec::new();
        let name = text::required(form.name, "bedrijfsnaam", 200)
            .map_err(|e| problems.push(("name", e)))
            .ok();
        let enterprise_number = if form.enterprise_number.trim().is_empty() {
            None
        } else {
            EnterpriseNumber::parse(form.enterprise_number)
                .map_err(|e| problems.push(("enterprise_number", e)))
                .ok()
        };
        let sector = NaceSection::parse(form.sector)
            .map_err(|e| problems.push(("sector", e)))
            .ok();
        let size = SizeClass::parse(form.size)
            .map_err(|e| problems.push(("size", e)))
            .ok();
        let postal_code = PostalCode::parse(form.postal_code)
            .map_err(|e| problems.push(("postal_code", e)))
            .ok();
        match (name, sector, size, postal_code) {
            (Some(name), Some(sector), Some(size), Some(postal_code)) if problems.is_empty() => {
                Ok(Self {
                    name,
                    enterprise_number,
                    sector,
                    size,
                    postal_code,
                })
            }
            _ => Err(problems),
        }
    }
}
