//! The service area of an offer chosen with controls instead of typed: all of Flanders, a radius in kilometres,
//! provinces as checkboxes, or municipalities by name or postal code. The controls are read into the same
//! `ServiceArea` the import and the API write as text (`radius:25`), so all three store the same thing.

use doeners_domain::{ProvinceRef, ServiceArea};
use maud::{Markup, html};

use super::{Fields, field};

/// The name of the radio group; a form without it (the API, the import) still sends `service_area` as text.
const CHOICE: &str = "area";
const KM: &str = "area_km";
const MUNICIPALITIES: &str = "area_municipalities";

fn province_field(p: &ProvinceRef) -> String {
    format!("area_province_{}", p.slug)
}

/// The provinces the controls offer: the five Flemish ones and Brussels, and any other the stored area names
/// (the API and the import accept every Belgian province), so an edit keeps what it did not show.
fn provinces(values: &Fields) -> impl Iterator<Item = &'static ProvinceRef> + '_ {
    ProvinceRef::all().iter().filter(move |p| {
        p.is_flemish() || p.slug == "brussel" || !field(values, &province_field(p)).is_empty()
    })
}

/// The controls' values for a stored area (`service_area` as text), so an edit form shows what is saved.
pub fn controls_of(area: &ServiceArea) -> Fields {
    let mut fields = Fields::new();
    let choice = match area {
        ServiceArea::Flanders => "vlaanderen",
        ServiceArea::Radius(km) => {
            fields.insert(KM.into(), km.to_string());
            "straal"
        }
        ServiceArea::Provinces(list) => {
            for p in list {
                fields.insert(province_field(p), "1".into());
            }
            "provincies"
        }
        ServiceArea::Municipalities(_) => {
            fields.insert(MUNICIPALITIES.into(), area.describe());
            "gemeenten"
        }
    };
    fields.insert(CHOICE.into(), choice.into());
    fields
}

/// With the controls in the form: `service_area` written from them, or the sentence saying what is wrong.
/// `None` when the form has no controls (its `service_area` text is read as it is).
pub fn read(fields: &Fields) -> Option<Result<String, String>> {
    let choice = fields.get(CHOICE)?;
    let area = match choice.as_str() {
        "vlaanderen" => Ok(ServiceArea::Flanders),
        "straal" => {
            let km = field(fields, KM).trim();
            if km.is_empty() {
                Err("Vul in hoeveel kilometer rond de vestiging u werkt.".to_string())
            } else {
                ServiceArea::parse(&format!("radius:{km}")).map_err(|e| format!("Werkgebied: {e}."))
            }
        }
        "provincies" => {
            let chosen: Vec<&'static ProvinceRef> = provinces(fields)
                .filter(|p| !field(fields, &province_field(p)).is_empty())
                .collect();
            if chosen.is_empty() {
                Err("Kies minstens één provincie.".to_string())
            } else {
                Ok(ServiceArea::Provinces(chosen))
            }
        }
        "gemeenten" => ServiceArea::municipalities_named(field(fields, MUNICIPALITIES))
            .map_err(|e| format!("Werkgebied: {e}.")),
        _ => Err("Kies waar u het werk doet.".to_string()),
    };
    Some(area.map(|a| a.to_string()))
}

/// The fieldset: one radio per kind of area, each with its own input beside it.
pub fn fieldset(fields: &Fields, problem: Option<&str>) -> Markup {
    // A stored area comes as text; a form sent back with a problem comes with its controls.
    let owned;
    let values = if fields.contains_key(CHOICE) {
        fields
    } else {
        owned = ServiceArea::parse(field(fields, "service_area"))
            .map(|a| controls_of(&a))
            .unwrap_or_default();
        &owned
    };
    let choice = field(values, CHOICE);
    html! {
        fieldset #area aria-describedby=(if problem.is_some() { "area-hint area-problem" } else { "area-hint" }) {
            legend { "Werkgebied (verplicht)" }
            p.small #area-hint { "Waar doet u dit werk? Kies één mogelijkheid." }
            @if let Some(p) = problem { p.field-problem #area-problem { (p) } }
            div.choice {
                input #area-vlaanderen type="radio" name=(CHOICE) value="vlaanderen" checked[choice == "vlaanderen"];
                label for="area-vlaanderen" { "Heel Vlaanderen (en Brussel)" }
            }
            div.choice {
                input #area-straal type="radio" name=(CHOICE) value="straal" checked[choice == "straal"];
                label for="area-straal" { "Binnen een straal rond de vestiging" }
                div.sub {
                    label for=(KM) { "Aantal kilometer" }
                    input id=(KM) name=(KM) type="number" min="1" max="300" inputmode="numeric" value=(field(values, KM));
                }
            }
            div.choice {
                input #area-provincies type="radio" name=(CHOICE) value="provincies" checked[choice == "provincies"];
                label for="area-provincies" { "In deze provincies" }
                div.sub {
                    @for p in provinces(values) {
                        @let name = province_field(p);
                        span.check {
                            input id=(name) name=(name) type="checkbox" value="1" checked[!field(values, &name).is_empty()];
                            label for=(name) { (p.name) }
                        }
                    }
                }
            }
            div.choice {
                input #area-gemeenten type="radio" name=(CHOICE) value="gemeenten" checked[choice == "gemeenten"];
                label for="area-gemeenten" { "In deze gemeenten" }
                div.sub {
                    label for=(MUNICIPALITIES) { "Namen of postcodes, gescheiden door komma's" }
                    input id=(MUNICIPALITIES) name=(MUNICIPALITIES) type="text" value=(field(values, MUNICIPALITIES)) placeholder="bv. Hasselt, Genk, 3800";
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn controls_write_the_same_area_as_the_text() {
        let radius = form(&[("area", "straal"), ("area_km", "25")]);
        assert_eq!(read(&radius), Some(Ok("radius:25".to_string())));
        let two = form(&[
            ("area", "provincies"),
            ("area_province_limburg", "1"),
            ("area_province_vlaams-brabant", "1"),
        ]);
        assert_eq!(
            read(&two),
            Some(Ok("provinces:vlaams-brabant+limburg".to_string()))
        );
        let named = form(&[
            ("area", "gemeenten"),
            ("area_municipalities", "Hasselt, 3600"),
        ]);
        assert_eq!(
            read(&named),
            Some(Ok("municipalities:3500+3600".to_string()))
        );
        assert_eq!(read(&form(&[("service_area", "flanders")])), None);
    }

    #[test]
    fn a_control_left_empty_is_named() {
        let problem = |pairs: &[(&str, &str)]| read(&form(pairs)).and_then(Result::err);
        assert!(problem(&[("area", "straal")]).is_some_and(|p| p.contains("kilometer")));
        assert!(
            problem(&[("area", "straal"), ("area_km", "900")])
                .is_some_and(|p| p.contains("straal"))
        );
        assert!(problem(&[("area", "provincies")]).is_some_and(|p| p.contains("provincie")));
        assert!(
            problem(&[("area", "gemeenten"), ("area_municipalities", "Atlantis")])
                .is_some_and(|p| p.contains("Atlantis"))
        );
        assert!(problem(&[("area", "")]).is_some_and(|p| p.contains("Kies")));
    }

    #[test]
    fn a_stored_area_comes_back_as_its_controls() {
        for stored in [
            "flanders",
            "radius:25",
            "provinces:vlaams-brabant+limburg",
            "provinces:luik+limburg",
            "municipalities:3500+3600",
        ] {
            let area = ServiceArea::parse(stored).ok();
            let back = area.map(|a| read(&controls_of(&a)));
            assert_eq!(back.flatten(), Some(Ok(stored.to_string())), "{stored}");
        }
    }
}
