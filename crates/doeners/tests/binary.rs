//! The real `doeners` executable: started on a free port, spoken to over HTTP, stopped with SIGTERM; and its
//! migrate, seed and import commands.

// Helpers of a test file may fail loudly: a failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use std::{path::Path, time::Duration};

mod server;

use server::{Server, command, cookie_of, repo_tenants, run};

#[tokio::test]
async fn first_run_serves_five_portals_with_demo_data_and_stops_on_sigterm() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));

    let (status, body) = server.get("/api/v1/tenants").await;
    assert_eq!(status, 200);
    let tenants: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(tenants.as_array().map(Vec::len), Some(5));
    for slug in [
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    ] {
        let (status, html) = server.get(&format!("/{slug}/")).await;
        assert_eq!(status, 200, "{slug}");
        assert!(html.contains("Recent toegevoegd"));
        assert!(
            html.contains(&format!("action=\"/{slug}/zoeken\"")),
            "{slug}: a search box on the home"
        );
        // The pages a Flemish public portal must have, linked from every page's footer.
        for (path, heading) in [
            ("privacy", "Privacyverklaring"),
            ("cookies", "Cookieverklaring"),
            ("toegankelijkheid", "Toegankelijkheidsverklaring"),
            ("contactgegevens", "Contact"),
        ] {
            assert!(
                html.contains(&format!("href=\"/{slug}/{path}\"")),
                "{slug}: footer links {path}"
            );
            let (status, page) = server.get(&format!("/{slug}/{path}")).await;
            assert_eq!(status, 200, "{slug}/{path}");
            assert!(
                page.contains(&format!("<h1>{heading}</h1>")),
                "{slug}/{path}"
            );
        }
        let (_, body) = server
            .get(&format!("/api/v1/tenants/{slug}/organisations"))
            .await;
        let total =
            serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["total"].as_u64();
        assert!(
            total.is_some_and(|n| (40..=80).contains(&n)),
            "{slug}: demo data seeded, {total:?}"
        );
    }
    // The accessibility statement says its status and when it was last evaluated.
    let (_, statement) = server.get("/toegankelijkheid").await;
    assert!(
        statement.contains("gedeeltelijk in overeenstemming")
            && statement.contains("december 2026")
    );

    // A search lists organisations, each once; sorted by distance, nearest first.
    let (status, page) = server
        .get("/limburg/zoeken?q=verpakken&near=3500&sort=afstand")
        .await;
    assert_eq!(status, 200);
    let names: Vec<&str> = page
        .split("<article class=\"organisation\"><h3><a href=\"")
        .skip(1)
        .filter_map(|card| card.split('"').next())
        .collect();
    assert!(names.len() >= 3, "organisations found: {names:?}");
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        names.len(),
        "each organisation once: {names:?}"
    );
    let distances: Vec<f64> = page
        .split("<strong>")
        .skip(1)
        .filter_map(|s| s.split(" km</strong>").next().filter(|d| d.len() < 5))
        .filter_map(|d| d.parse().ok())
        .collect();
    assert!(distances.len() >= 3, "distances shown: {distances:?}");
    assert!(
        distances.windows(2).all(|w| w[0] <= w[1]),
        "nearest first: {distances:?}"
    );

    assert!(
        data.path().join("limburg.db").exists(),
        "SQLite under the data directory"
    );
    let (status, body) = server.get("/readyz").await;
    assert_eq!(status, 200);
    assert!(body.contains("\"status\":\"ok\""), "{body}");
    assert!(
        server.terminate().success(),
        "graceful shutdown exits cleanly"
    );
}

#[tokio::test]
async fn an_unreachable_tenant_database_is_named_in_readyz_while_the_others_answer() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut cmd = command(data.path(), &repo_tenants());
    cmd.env(
        "DOENERS__TENANTS__LIMBURG__DATABASE_URL",
        "postgres://postgres@127.0.0.1:1/doeners",
    );
    let server = Server::start(cmd);
    let (status, body) = server.get("/readyz").await;
    assert_eq!(status, 200, "the node serves the other provinces: {body}");
    assert!(body.contains("\"status\":\"degraded\""), "{body}");
    assert!(body.contains("niet bereikbaar: limburg"), "{body}");
    let (status, _) = server.get("/api/v1/tenants/limburg/offers").await;
    assert_eq!(status, 503);
    let (status, _) = server.get("/api/v1/tenants/antwerpen/offers").await;
    assert_eq!(status, 200);
}

#[test]
fn a_sixth_tenant_is_a_file_and_a_migrate() {
    let data = tempfile::tempdir().expect("temp dir");
    let tenants = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(repo_tenants()).expect("tenants") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, tenants.path().join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(
        tenants.path().join("brussel.toml"),
        "slug = \"brussel\"\ndisplay_name = \"Brussel\"\nnis_code = \"04000\"\ncontact_email = \"brussel@doeners.example\"\n\
         database_url = \"sqlite://brussel.db\"\n[branding]\ncolour = \"#0a3d62\"\nintro = \"Sociale economie in Brussel.\"\n",
    )
    .expect("write tenant file");
    let out = run(command(data.path(), tenants.path()).arg("migrate"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("brussel: gemigreerd"));
    assert!(data.path().join("brussel.db").exists());

    let out =
        run(command(data.path(), tenants.path()).args(["seed", "--demo", "--tenant", "brussel"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("brussel: "));
}

#[test]
fn a_bad_tenant_file_is_named_with_its_field() {
    let data = tempfile::tempdir().expect("temp dir");
    let tenants = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tenants.path().join("gent.toml"),
        "slug = \"gent\"\ndisplay_name = \"Gent\"\nnis_code = \"40000\"\ncontact_email = \"gent@doeners.example\"\n\
         database_url = \"sqlite://gent.db\"\n[branding]\ncolour = \"groen\"\nintro = \"\"\n",
    )
    .expect("write");
    let out = run(command(data.path(), tenants.path()).arg("migrate"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tenants/gent.toml, veld branding.colour")
            && stderr.contains("ongeldige kleur"),
        "{stderr}"
    );
}

#[test]
fn import_reports_every_bad_row_and_then_imports_a_good_file_once() {
    let data = tempfile::tempdir().expect("temp dir");
    let files = tempfile::tempdir().expect("temp dir");
    let orgs = files.path().join("organisaties.csv");
    let offers = files.path().join("aanbod.csv");
    std::fs::write(
        &orgs,
        "ref;name;kind;enterprise_number;street;postal_code;municipality;website;email;phone;employees;description\n\
         a;De Vlinder;maatwerkbedrijf;0203.201.341;Kerkstraat 1;3500;;;;;;\n\
         b;Het Anker;vzw;;Dorp 2;3600;;;;;;\n",
    )
    .expect("write");
    std::fs::write(&offers, "organisation_ref;title;category;execution_mode;service_area;description\na;Poetsen;schoonmaak-gebouwen;op-locatie;flanders;\n").expect("write");
    let import = |orgs: &Path| {
        run(command(data.path(), &repo_tenants())
            .args(["import", "--tenant", "limburg", "--organisations"])
            .arg(orgs)
            .arg("--offers")
            .arg(&offers))
    };
    let out = import(&orgs);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("organisaties.csv regel 2, kolom enterprise_number"),
        "{stderr}"
    );
    assert!(
        stderr.contains("organisaties.csv regel 3, kolom kind"),
        "{stderr}"
    );
    assert!(
        stderr.contains("niets geïmporteerd: 2 fout(en)"),
        "{stderr}"
    );

    std::fs::write(
        &orgs,
        std::fs::read_to_string(&orgs)
            .expect("read")
            .replace("0203.201.341", "0203.201.340")
            .replace(";vzw;", ";sociale-onderneming;"),
    )
    .expect("write");
    let out = import(&orgs);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("limburg: 2 organisaties nieuw"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = import(&orgs);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("0 organisaties nieuw, 0 bijgewerkt, 2 ongewijzigd")
    );
}

#[test]
fn import_into_an_unknown_tenant_says_which_exist() {
    let data = tempfile::tempdir().expect("temp dir");
    let out = run(command(data.path(), &repo_tenants()).args([
        "import",
        "--tenant",
        "gelderland",
        "--organisations",
        "x.csv",
    ]));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("onbekende tenant 'gelderland'") && stderr.contains("limburg"),
        "{stderr}"
    );
}

fn total(body: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(body).expect("JSON")["total"]
        .as_u64()
        .expect("total")
}

async fn published_offers(server: &Server) -> u64 {
    let mut sum = 0;
    for slug in [
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    ] {
        sum += total(
            &server
                .get(&format!("/api/v1/tenants/{slug}/offers?per_page=1"))
                .await
                .1,
        );
    }
    sum
}

#[tokio::test]
async fn killing_the_server_while_it_indexes_loses_no_update_and_repeats_none() {
    let data = tempfile::tempdir().expect("temp dir");
    let files = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));
    assert_eq!(
        total(&server.get("/api/v1/search?per_page=1").await.1),
        published_offers(&server).await
    );

    // A large import while the server runs: the projector is busy with it when the server is killed.
    let mut orgs = String::from(
        "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description\n",
    );
    let mut offers =
        String::from("organisation_ref,title,category,execution_mode,service_area,description\n");
    for i in 0..3000 {
        orgs.push_str(&format!(
            "k{i},Kraakpand {i},maatwerkbedrijf,,Straat {i},3500,,,,,,\n"
        ));
        for (n, category) in ["handverpakking", "groenonderhoud", "catering"]
            .iter()
            .enumerate()
        {
            offers.push_str(&format!(
                "k{i},Aanbod {n} van {i},{category},op-locatie,radius:20,Zoekwoord kraakvers\n"
            ));
        }
    }
    std::fs::write(files.path().join("o.csv"), orgs).expect("write");
    std::fs::write(files.path().join("a.csv"), offers).expect("write");
    let out = run(command(data.path(), &repo_tenants())
        .args(["import", "--tenant", "limburg", "--organisations"])
        .arg(files.path().join("o.csv"))
        .arg("--offers")
        .arg(files.path().join("a.csv")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The import is committed; the projector takes it up in one pass of thousands of reads and commits the index
    // only at the end of it, so right now the change is in the database but not yet in the index.
    let pending = total(&server.get("/api/v1/search?q=kraakvers&per_page=1").await.1);
    assert!(
        pending < 9000,
        "killed before the projector committed the import"
    );
    let mut server = server;
    server.child.kill().expect("kill -9");
    let _ = server.child.wait();
    drop(server);

    let server = Server::start(command(data.path(), &repo_tenants()));
    let expected = published_offers(&server).await;
    assert_eq!(
        total(&server.get("/api/v1/search?per_page=1").await.1),
        expected,
        "every offer, once"
    );
    assert_eq!(
        total(&server.get("/api/v1/search?q=kraakvers&per_page=1").await.1),
        9000,
        "no imported offer lost or doubled"
    );
    let (_, body) = server
        .get("/api/v1/search?q=%22Aanbod%202%20van%202999%22&per_page=5")
        .await;
    let hits = serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["hits"].clone();
    let ids: Vec<&str> = hits
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["offer_id"].as_str())
        .collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "no offer appears twice");
}

#[tokio::test]
async fn a_company_registers_verifies_logs_in_and_stays_signed_in_across_a_restart() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let form = [
        ("email", "inkoop@vlakbij.be"),
        ("password", "correct paard batterij nietje"),
        ("name", "Vlakbij Logistiek"),
        ("enterprise_number", ""),
        ("sector", "h"),
        ("size", "klein"),
        ("postal_code", "3500"),
    ];
    let url = |path: &str| format!("{}{path}", server.base);

    // A weak password and a bad postal code are named, and nothing is created.
    let mut weak = form;
    weak[1].1 = "wachtwoord2024";
    weak[6].1 = "99999";
    let answer = client
        .post(url("/limburg/registreren"))
        .form(&weak)
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 422);
    let page = answer.text().await.expect("body");
    assert!(
        page.contains("makkelijk te raden") && page.contains("postcode"),
        "{page}"
    );
    assert!(
        !data.path().join("mail").exists(),
        "no message for a refused form"
    );

    // A cross-site POST is refused before the handler.
    let forged = client
        .post(url("/limburg/registreren"))
        .header("origin", "https://elders.example")
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status().as_u16(), 403);
    let forged = client
        .post(url("/limburg/aanmelden"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", "x@y.be"), ("password", "whatever-long-enough")])
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status().as_u16(), 403);

    let answer = client
        .post(url("/limburg/registreren"))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(answer.status().as_u16(), 200);
    assert!(
        answer
            .text()
            .await
            .expect("body")
            .contains("Kijk in uw mailbox")
    );

    // Not verified yet: no session.
    let login = [
        ("email", "inkoop@vlakbij.be"),
        ("password", "correct paard batterij nietje"),
    ];
    let early = client
        .post(url("/limburg/aanmelden"))
        .form(&login)
        .send()
        .await
        .expect("post");
    assert_eq!(early.status().as_u16(), 401);
    assert!(early.headers().get("set-cookie").is_none());

    let mail = doeners_tests::mail::newest_of_at_least(&data.path().join("mail"), 1).await;
    assert!(mail.contains("To: inkoop@vlakbij.be"), "{mail}");
    let link = mail
        .lines()
        .find(|l| l.contains("/limburg/bevestigen?token="))
        .expect("a verification link")
        .trim()
        .to_string();
    let verified = client.get(&link).send().await.expect("get");
    assert_eq!(verified.status().as_u16(), 200);
    assert_eq!(
        client
            .get(&link)
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        400,
        "a link works once"
    );

    let wrong = client
        .post(url("/limburg/aanmelden"))
        .form(&[
            ("email", "inkoop@vlakbij.be"),
            ("password", "fout paard batterij nietje"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(wrong.status().as_u16(), 401);

    let signed_in = client
        .post(url("/limburg/aanmelden"))
        .form(&login)
        .send()
        .await
        .expect("post");
    assert_eq!(signed_in.status().as_u16(), 303);
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a session cookie")
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().expect("name=value").to_string();

    let account = |base: String| {
        let client = client.clone();
        let pair = pair.clone();
        async move {
            let response = client
                .get(format!("{base}/limburg/account"))
                .header("cookie", pair)
                .send()
                .await
                .expect("get");
            let status = response.status().as_u16();
            let no_store = response
                .headers()
                .get("cache-control")
                .is_some_and(|v| v == "no-store");
            (status, no_store, response.text().await.expect("body"))
        }
    };
    let (status, no_store, page) = account(server.base.clone()).await;
    assert_eq!(status, 200);
    assert!(no_store, "personal pages are not cached");
    assert!(page.contains("inkoop@vlakbij.be") && page.contains("Vlakbij Logistiek"));
    let anonymous = client
        .get(url("/limburg/account"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        anonymous.status().as_u16(),
        303,
        "without a session: to the login page"
    );

    // The session lives in the province's database: it survives a restart.
    assert!(server.terminate().success());
    let server = Server::start(command(data.path(), &repo_tenants()));
    let (status, _, page) = account(server.base.clone()).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("inkoop@vlakbij.be"));
    // And means nothing on another province's portal.
    let elsewhere = client
        .get(format!("{}/antwerpen/account", server.base))
        .header("cookie", pair.replace("sessie-limburg", "sessie-antwerpen"))
        .send()
        .await
        .expect("get");
    assert_eq!(elsewhere.status().as_u16(), 303);
}

/// The value between `before` and the next `until` in `text`.
fn between<'t>(text: &'t str, before: &str, until: char) -> &'t str {
    let start = text
        .find(before)
        .unwrap_or_else(|| panic!("'{before}' in {text}"))
        + before.len();
    text[start..].split(until).next().expect("a value")
}

/// Polls the real server's search until the words of `q` find an offer titled `title` (not one that only fills
/// up a short answer); the time it took from `since`.
async fn searchable(
    client: &reqwest::Client,
    base: &str,
    q: &str,
    since: std::time::Instant,
    title: &str,
) -> Duration {
    let found = |body: &str| {
        serde_json::from_str::<serde_json::Value>(body).expect("JSON")["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .any(|h| h["title"] == title && h["explanation"]["same_kind"] == false)
    };
    loop {
        let body = client
            .get(format!("{base}/api/v1/search?q={q}"))
            .send()
            .await
            .expect("search")
            .text()
            .await
            .expect("body");
        if found(&body) {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "'{q}' never reached search"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn administrators_come_from_the_command_line_and_a_members_edit_is_searchable_within_a_second()
 {
    let data = tempfile::tempdir().expect("temp dir");
    let password = "beheer van het groen 2026";
    let weak = run(command(data.path(), &repo_tenants())
        .args([
            "admin",
            "create",
            "--province",
            "limburg",
            "--email",
            "beheer@limburg.example",
        ])
        .env("DOENERS_ADMIN_PASSWORD", "wachtwoord123"));
    assert!(!weak.status.success());
    assert!(
        String::from_utf8_lossy(&weak.stderr).contains("wachtwoord"),
        "the password is named"
    );
    for args in [
        vec![
            "admin",
            "create",
            "--province",
            "limburg",
            "--email",
            "beheer@limburg.example",
        ],
        vec!["admin", "create", "--email", "vlaanderen@doeners.example"],
    ] {
        let out = run(command(data.path(), &repo_tenants())
            .args(&args)
            .env("DOENERS_ADMIN_PASSWORD", password));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let server = Server::start(command(data.path(), &repo_tenants()));
    let base = server.base.clone();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let post = |path: &str, cookie: &str, form: &[(&str, &str)]| {
        client
            .post(format!("{base}{path}"))
            .header("cookie", cookie)
            .form(form)
            .send()
    };
    let get = |path: &str, cookie: &str| {
        client
            .get(format!("{base}{path}"))
            .header("cookie", cookie)
            .send()
    };

    // The console knows its administrator and the province's.
    let login = post(
        "/admin/aanmelden",
        "",
        &[
            ("email", "vlaanderen@doeners.example"),
            ("password", password),
        ],
    )
    .await
    .expect("post");
    assert_eq!(login.status().as_u16(), 303);
    let console = get("/admin", &cookie_of(&login))
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(
        console.contains("Provincie Limburg") && console.contains("beheer@limburg.example"),
        "{console}"
    );

    // An organisation applies; the province approves.
    let member_password = "snoeien en maaien in bree";
    let applied = post(
        "/limburg/registreren/organisatie",
        "",
        &[
            ("account_email", "ploeg@groenbree.example"),
            ("password", member_password),
            ("name", "Groenploeg Bree"),
            ("kind", "lokale-diensteneconomie"),
            ("street", "Kanaalweg 4"),
            ("postal_code", "3960"),
        ],
    )
    .await
    .expect("post");
    assert_eq!(applied.status().as_u16(), 200);
    let mail = doeners_tests::mail::newest_of_at_least(&data.path().join("mail"), 1).await;
    let link = format!("http://{}", between(&mail, "http://", '\n').trim());
    assert_eq!(
        client
            .get(&link)
            .send()
            .await
            .expect("get")
            .status()
            .as_u16(),
        200
    );
    let admin = post(
        "/limburg/aanmelden",
        "",
        &[("email", "beheer@limburg.example"), ("password", password)],
    )
    .await
    .expect("post");
    assert_eq!(
        admin.status().as_u16(),
        303,
        "the command line's administrator signs in"
    );
    let admin = cookie_of(&admin);
    let queue = get("/limburg/beheer/aanvragen", &admin)
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    let action = between(&queue, "action=\"/limburg/beheer/aanvragen/", '"').to_string();
    let csrf = between(&queue, "name=\"csrf\" value=\"", '"').to_string();
    let approved = post(
        &format!("/limburg/beheer/aanvragen/{action}"),
        &admin,
        &[("csrf", &csrf), ("decision", "approve")],
    )
    .await
    .expect("post");
    assert_eq!(approved.status().as_u16(), 303);
    let mail = doeners_tests::mail::newest_of_at_least(&data.path().join("mail"), 2).await;
    let manage = between(&mail, "/limburg/organisaties/", '\n')
        .trim()
        .to_string();
    let manage = format!("/limburg/organisaties/{manage}");

    // The member adds an offer, then renames it: each change is searchable within a second.
    let member = post(
        "/limburg/aanmelden",
        "",
        &[
            ("email", "ploeg@groenbree.example"),
            ("password", member_password),
        ],
    )
    .await
    .expect("post");
    let member = cookie_of(&member);
    let page = get(&manage, &member)
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    let csrf = between(&page, "name=\"csrf\" value=\"", '"').to_string();
    let offers = manage.replace("/beheren", "/aanbod");
    let mut offer = vec![
        ("csrf", csrf.as_str()),
        ("title", "Zonnepaneelreiniging"),
        ("category", "industriele-reiniging"),
        ("execution_mode", "op-locatie"),
        ("service_area", "provinces:limburg"),
        (
            "description",
            "Zonnepanelen op daken van bedrijven, met een hoogtewerker.",
        ),
    ];
    let added = post(&offers, &member, &offer).await.expect("post");
    let since = std::time::Instant::now();
    assert_eq!(added.status().as_u16(), 303);
    let took = searchable(
        &client,
        &base,
        "zonnepaneelreiniging",
        since,
        "Zonnepaneelreiniging",
    )
    .await;
    eprintln!("new offer searchable after {} ms", took.as_millis());
    assert!(took < Duration::from_secs(1), "{took:?}");

    let page = get(&manage, &member)
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    let id = between(&page, "/aanbod/", '"').to_string();
    offer[1].1 = "Dakgootreiniging";
    offer.push(("status", "published"));
    let edited = post(&format!("{offers}/{id}"), &member, &offer)
        .await
        .expect("post");
    let since = std::time::Instant::now();
    assert_eq!(edited.status().as_u16(), 303);
    let took = searchable(
        &client,
        &base,
        "dakgootreiniging",
        since,
        "Dakgootreiniging",
    )
    .await;
    eprintln!("edited offer searchable after {} ms", took.as_millis());
    assert!(took < Duration::from_secs(1), "{took:?}");
    let old = client
        .get(format!("{base}/api/v1/search?q=zonnepaneelreiniging"))
        .send()
        .await
        .expect("search")
        .text()
        .await
        .expect("body");
    // The word may still find the offer through its parts ("zonnepanelen" in the description, "reiniging" in
    // its category): what must be gone is the old title.
    assert!(
        !old.contains("\"title\":\"Zonnepaneelreiniging\""),
        "the old title is gone: {old}"
    );

    // The service area chosen with the controls instead of typed: stored as the same area, and shown back.
    let edit = format!("{offers}/{id}");
    let form = text_of(get(&edit, &member)).await;
    let csrf = between(&form, "name=\"csrf\" value=\"", '"').to_string();
    let with_controls = [
        ("csrf", csrf.as_str()),
        ("title", "Dakgootreiniging"),
        ("category", "industriele-reiniging"),
        ("execution_mode", "op-locatie"),
        ("area", "provincies"),
        ("area_province_limburg", "1"),
        ("area_province_vlaams-brabant", "1"),
        (
            "description",
            "Dakgoten van bedrijfsgebouwen, met een hoogtewerker.",
        ),
        ("status", "published"),
    ];
    let saved = post(&edit, &member, &with_controls).await.expect("post");
    assert_eq!(saved.status().as_u16(), 303);
    let back = saved
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(back.ends_with("/beheren?bewaard=aanbod"), "{back}");
    let confirmed = text_of(get(&back, &member)).await;
    assert!(confirmed.contains("Het aanbod is bewaard."));
    let form = text_of(get(&edit, &member)).await;
    for checked in [
        "area-provincies",
        "area_province_limburg",
        "area_province_vlaams-brabant",
    ] {
        assert!(
            form.split(&format!("id=\"{checked}\""))
                .nth(1)
                .and_then(|rest| rest.split('>').next())
                .is_some_and(|attrs| attrs.contains("checked")),
            "{checked} is checked again"
        );
    }
    let profile = manage.trim_end_matches("/beheren").to_string();
    let public = text_of(get(&profile, "")).await;
    assert!(
        public.contains("Werkgebied: provincie Vlaams-Brabant, Limburg"),
        "the profile shows the chosen provinces"
    );
    // A radius left without kilometres is named, and the saved area stays.
    let mut no_km = with_controls.to_vec();
    no_km.retain(|(k, _)| !k.starts_with("area"));
    no_km.push(("area", "straal"));
    let refused = post(&edit, &member, &no_km).await.expect("post");
    assert_eq!(refused.status().as_u16(), 422);
    let page = refused.text().await.expect("body");
    assert!(
        page.contains("Vul in hoeveel kilometer"),
        "the missing radius is named"
    );
    assert!(
        page.contains("aria-describedby=\"area-hint area-problem\""),
        "tied to the controls"
    );

    // The member leaves: its address is in no file of the data directory afterwards (databases, write-ahead
    // logs, the search index), only in the mail it was sent.
    let page = get("/limburg/account", &member)
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    let csrf = between(&page, "name=\"csrf\" value=\"", '"').to_string();
    let deleted = post(
        "/limburg/account/verwijderen",
        &member,
        &[("csrf", &csrf), ("current_password", member_password)],
    )
    .await
    .expect("post");
    assert_eq!(deleted.status().as_u16(), 200);
    assert_eq!(server.terminate().code(), Some(0));
    let mut files = vec![data.path().to_path_buf()];
    let mut read = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            if path.ends_with("mail") {
                continue;
            }
            files.extend(
                std::fs::read_dir(&path)
                    .expect("dir")
                    .map(|e| e.expect("entry").path()),
            );
        } else {
            let bytes = std::fs::read(&path).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("ploeg@groenbree.example"),
                "the deleted address is still in {}",
                path.display()
            );
            read += 1;
        }
    }
    assert!(
        read > 10,
        "the databases and the index were read: {read} files"
    );
}

/// The body of a page asked for.
async fn text_of(
    response: impl std::future::Future<Output = reqwest::Result<reqwest::Response>>,
) -> String {
    response.await.expect("get").text().await.expect("body")
}
