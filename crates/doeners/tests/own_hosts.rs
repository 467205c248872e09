//! A province on a host name of its own (`hosts` in its tenant file), through the real executable: its portal
//! at `/` with links, redirects, cookies and e-mail links in that host's terms, while the shared address keeps
//! serving every portal under `/<province>/`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod server;

use std::{net::SocketAddr, time::Duration};

use server::{Server, command, cookie_of, repo_tenants, run};

const HOST: &str = "limburg.doeners.test";

fn client(addr: SocketAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .resolve(HOST, addr)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("text")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_province_on_its_own_host_name_serves_its_portal_at_the_root() {
    let data = tempfile::tempdir().expect("temp dir");
    let password = "beheer van het groen 2026";
    let out = run(command(data.path(), &repo_tenants())
        .args([
            "admin",
            "create",
            "--province",
            "limburg",
            "--email",
            "beheer@limburg.example",
        ])
        .env("DOENERS_ADMIN_PASSWORD", password));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut cmd = command(data.path(), &repo_tenants());
    cmd.env("DOENERS__TENANTS__LIMBURG__HOSTS", HOST);
    let server = Server::start(cmd);
    let addr: SocketAddr = server
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    let own = format!("http://{HOST}:{}", addr.port());
    let shared = server.base.clone();
    let client = client(addr);
    let get = |url: String| client.get(url).send();

    // The root is Limburg's home, its links in this host's terms; Flanders-wide pages are full addresses.
    let home = get(format!("{own}/")).await.expect("home");
    assert_eq!(home.status().as_u16(), 200);
    let page = home.text().await.expect("body");
    assert!(page.contains("In Limburg werken ruim"), "{page}");
    assert!(
        !page.contains("href=\"/limburg/") && !page.contains("action=\"/limburg/"),
        "{page}"
    );
    assert!(
        page.contains("action=\"/zoeken\""),
        "the search box stays on this host: {page}"
    );
    assert!(
        page.contains(&format!("href=\"{shared}/\"")),
        "Flanders is on the shared address: {page}"
    );
    assert!(page.contains("href=\"/static/site.css"), "{page}");

    // A search and the profile it links to.
    let found = get(format!("{own}/zoeken?q=verpakken"))
        .await
        .expect("search");
    assert_eq!(found.status().as_u16(), 200);
    let results = found.text().await.expect("body");
    let at = results
        .find("href=\"/organisaties/")
        .expect("a profile link on this host");
    let profile = &results[at + "href=\"".len()..];
    let profile = &profile[..profile.find('"').expect("end")];
    let shown = get(format!("{own}{}", profile.replace("&amp;", "&")))
        .await
        .expect("profile");
    assert_eq!(shown.status().as_u16(), 200, "{profile}");

    // An address with the province's name still works; another province's is sent to where it lives.
    assert_eq!(
        get(format!("{own}/limburg/aanbod"))
            .await
            .expect("old")
            .status()
            .as_u16(),
        200
    );
    let elsewhere = get(format!("{own}/vlaams-brabant/aanbod?pagina=2"))
        .await
        .expect("elsewhere");
    assert_eq!(elsewhere.status().as_u16(), 308);
    assert!(elsewhere.headers().contains_key("content-security-policy"));
    assert_eq!(
        location(&elsewhere),
        format!("{shared}/vlaams-brabant/aanbod?pagina=2")
    );

    // The shared address serves every portal as before, its links unchanged.
    let old = get(format!("{shared}/limburg/")).await.expect("shared");
    assert_eq!(old.status().as_u16(), 200);
    assert!(
        old.text()
            .await
            .expect("body")
            .contains("action=\"/limburg/zoeken\"")
    );

    // Signing in on this host: the redirect and the cookie follow it.
    let login = client
        .post(format!("{own}/aanmelden"))
        .form(&[("email", "beheer@limburg.example"), ("password", password)])
        .send()
        .await
        .expect("login");
    assert_eq!(login.status().as_u16(), 303);
    assert!(
        location(&login).starts_with('/') && !location(&login).starts_with("/limburg"),
        "{}",
        location(&login)
    );
    let set = login.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_string();
    assert!(set.contains("Path=/;") || set.ends_with("Path=/"), "{set}");
    let tools = client
        .get(format!("{own}/beheer"))
        .header("cookie", cookie_of(&login))
        .send()
        .await
        .expect("tools");
    assert_eq!(tools.status().as_u16(), 200);
    assert!(
        tools
            .text()
            .await
            .expect("body")
            .contains("href=\"/beheer/aanvragen\"")
    );

    // Compressed like every other answer, once.
    let zipped = client
        .get(format!("{own}/aanbod"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("gzip");
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let zipped_shared = client
        .get(format!("{shared}/limburg/aanbod"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("gzip");
    assert_eq!(zipped_shared.headers()["content-encoding"], "gzip");

    // E-mail links name the province's own host.
    let forgot = client
        .post(format!("{own}/wachtwoord-vergeten"))
        .form(&[("email", "beheer@limburg.example")])
        .send()
        .await
        .expect("forgot");
    assert_eq!(forgot.status().as_u16(), 200);
    let started = std::time::Instant::now();
    let mail = loop {
        let mail: String = std::fs::read_dir(data.path().join("mail"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        if !mail.is_empty() {
            break mail.replace("=\r\n", "").replace("=3D", "=");
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no mail within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(
        mail.contains(&format!("{own}/wachtwoord-herstellen?token=")),
        "{mail}"
    );
    server.terminate();
}

#[test]
fn a_host_name_that_is_not_one_or_is_used_twice_is_named() {
    let data = tempfile::tempdir().expect("temp dir");
    let bad = run(command(data.path(), &repo_tenants()).arg("migrate").env(
        "DOENERS__TENANTS__LIMBURG__HOSTS",
        "https://limburg.doeners.be",
    ));
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.contains(
            "tenants/limburg.toml, veld hosts: ongeldige hostnaam 'https://limburg.doeners.be'"
        ),
        "{said}"
    );
    let twice = run(command(data.path(), &repo_tenants())
        .arg("migrate")
        .env("DOENERS__TENANTS__LIMBURG__HOSTS", "provincie.doeners.be")
        .env("DOENERS__TENANTS__ANTWERPEN__HOSTS", "provincie.doeners.be"));
    assert!(!twice.status.success());
    let said = String::from_utf8_lossy(&twice.stderr);
    assert!(
        said.contains("'provincie.doeners.be' staat ook in tenants/antwerpen.toml"),
        "{said}"
    );
}
