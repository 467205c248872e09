//! Importing a province's CSV lists into its database: all or nothing, and idempotent.

use doeners_persistence::{
    OrganisationFilter, Page,
    entities::{organisation, outbox},
    import::{self, ImportFile},
};
use doeners_tests::{TestApp, on_both_backends};
use sea_orm::{EntityTrait, PaginatorTrait};

const ORGANISATIONS: &str = "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description
vl,De Vlinder,maatwerkbedrijf,0203.201.340,Kempische Steenweg 1,3500,,www.vlinder.example,info@vlinder.example,011 22 33 44,120,\"Verpakking, assemblage en groen\"
an,Het Anker,sociale-onderneming,,Dorpsstraat 2,3600,Genk,,,,,
ku,Kuisploeg Kuringen,lokale-diensteneconomie,0456.789.034,Kerkstraat 5,3511,Kuringen,,,,14,Schoonmaak van kantoren
";

const OFFERS: &str = "organisation_ref,title,category,execution_mode,service_area,description
vl,Handverpakking,handverpakking,eigen-atelier,flanders,Kleine en grote reeksen
vl,Groenonderhoud,groenonderhoud,op-locatie,radius:30,Bedrijfsterreinen
an,Fietsherstel,fietsherstel,op-locatie,provinces:limburg+antwerpen,
ku,Kantoorschoonmaak,schoonmaak-gebouwen,op-locatie,municipalities:3500+3511,
";

fn files<'a>(orgs: &'a str, offers: &'a str) -> (ImportFile<'a>, Option<ImportFile<'a>>) {
    (
        ImportFile {
            name: "organisations.csv",
            bytes: orgs.as_bytes(),
        },
        Some(ImportFile {
            name: "offers.csv",
            bytes: offers.as_bytes(),
        }),
    )
}

async fn row_counts(app: &TestApp) -> (u64, u64) {
    let conn = app.db("limburg").connection_for_tests();
    (
        organisation::Entity::find()
            .count(conn)
            .await
            .expect("count"),
        outbox::Entity::find().count(conn).await.expect("count"),
    )
}

on_both_backends!(
    valid_files_import_and_reimport_changes_nothing,
    |app: TestApp| async move {
        let (orgs, offers) = files(ORGANISATIONS, OFFERS);
        let batch = import::parse(orgs, offers).expect("valid files");
        let db = app.db("limburg");
        let first = db.upsert(&batch).await.expect("import");
        assert_eq!((first.organisations_created, first.offers_created), (3, 4));

        let rows_before = organisation::Entity::find()
            .all(db.connection_for_tests())
            .await
            .expect("rows");
        let events_before = row_counts(&app).await.1;
        let again = import::parse(orgs, offers).expect("valid files");
        let second = db.upsert(&again).await.expect("import again");
        assert!(!second.changed_anything(), "{second:?}");
        assert_eq!(
            organisation::Entity::find()
                .all(db.connection_for_tests())
                .await
                .expect("rows"),
            rows_before,
            "rows untouched"
        );
        assert_eq!(
            row_counts(&app).await.1,
            events_before,
            "no new outbox events"
        );

        let page = db
            .published_organisations(
                OrganisationFilter::default(),
                Page {
                    number: 1,
                    per_page: 10,
                },
            )
            .await
            .expect("list");
        assert_eq!(page.total, 3, "imported organisations are published");
        let (vlinder, offers) = db
            .published_organisation("de-vlinder")
            .await
            .expect("get")
            .expect("published");
        assert_eq!(
            vlinder.draft.address.locality, "Hasselt",
            "municipality derived from the postal code"
        );
        assert_eq!(
            vlinder.draft.description, "Verpakking, assemblage en groen",
            "quoted comma kept"
        );
        assert_eq!(offers.len(), 2);
    }
);

on_both_backends!(
    semicolon_files_with_bom_import_the_same,
    |app: TestApp| async move {
        let orgs = format!(
            "\u{feff}{}",
            ORGANISATIONS
                .replace(",\"Verpakking, assemblage en groen\"", ",Verpakking")
                .replace(',', ";")
        );
        let offers = OFFERS.replace(',', ";");
        let (o, f) = files(&orgs, &offers);
        let batch = import::parse(o, f).expect("valid semicolon files");
        let summary = app.db("limburg").upsert(&batch).await.expect("import");
        assert_eq!(
            (summary.organisations_created, summary.offers_created),
            (3, 4)
        );
    }
);

on_both_backends!(
    a_changed_row_updates_in_place_matched_by_enterprise_number,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let (o, f) = files(ORGANISATIONS, OFFERS);
        db.upsert(&import::parse(o, f).expect("valid"))
            .await
            .expect("import");
        let (before, _) = db
            .published_organisation("de-vlinder")
            .await
            .expect("get")
            .expect("there");

        // Another file, another ref, the same enterprise number: the same organisation.
        let renamed = ORGANISATIONS
            .replace("vl,De Vlinder,", "x9,De Vlinder,")
            .replace(",120,", ",130,");
        let offers = OFFERS.replace("vl,", "x9,");
        let (o, f) = files(&renamed, &offers);
        let summary = db
            .upsert(&import::parse(o, f).expect("valid"))
            .await
            .expect("import");
        assert_eq!(
            (summary.organisations_updated, summary.organisations_created),
            (1, 0)
        );
        let (after, _) = db
            .published_organisation("de-vlinder")
            .await
            .expect("get")
            .expect("there");
        assert_eq!(after.id, before.id);
        assert_eq!(after.draft.employees, Some(130));
    }
);

/// Each kind of bad file is rejected whole, naming line, column and reason, and nothing is saved.
async fn rejected(app: &TestApp, orgs: &str, offers: &str, line: u64, column: &str, reason: &str) {
    let before = row_counts(app).await;
    let (o, f) = files(orgs, offers);
    let errors = import::parse(o, f).expect_err("must be rejected");
    assert!(
        errors.iter().any(|e| e.line == line
            && e.column.as_deref() == Some(column)
            && e.reason.contains(reason)),
        "expected line {line}, column {column}, '{reason}' in {errors:#?}"
    );
    assert_eq!(row_counts(app).await, before, "nothing saved");
}

on_both_backends!(
    bad_files_are_rejected_whole_with_line_column_and_reason,
    |app: TestApp| async move {
        // Some rows already there: a rejected import must leave them as they were.
        let (o, f) = files(ORGANISATIONS, OFFERS);
        app.db("limburg")
            .upsert(&import::parse(o, f).expect("valid"))
            .await
            .expect("import");

        let bad_number = ORGANISATIONS.replace("0203.201.340", "0203.201.341");
        rejected(
            &app,
            &bad_number,
            OFFERS,
            2,
            "enterprise_number",
            "controlegetal",
        )
        .await;
        let bad_postal = ORGANISATIONS.replace(",3600,", ",3599,");
        rejected(
            &app,
            &bad_postal,
            OFFERS,
            3,
            "postal_code",
            "onbekende postcode 3599",
        )
        .await;
        let bad_category = OFFERS.replace("fietsherstel,op-locatie", "fietsen-maken,op-locatie");
        rejected(
            &app,
            ORGANISATIONS,
            &bad_category,
            4,
            "category",
            "onbekende categorie",
        )
        .await;
        let bad_ref = OFFERS.replace("an,Fietsherstel", "zz,Fietsherstel");
        rejected(
            &app,
            ORGANISATIONS,
            &bad_ref,
            4,
            "organisation_ref",
            "onbekende organisatie 'zz'",
        )
        .await;
        let duplicate = ORGANISATIONS.replace("ku,Kuisploeg", "an,Kuisploeg");
        rejected(&app, &duplicate, OFFERS, 4, "ref", "staat al op regel 3").await;
    }
);
