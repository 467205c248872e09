#!/usr/bin/env python3
"""Writes a large, valid import: N organisations (default 10,000) with five offers each, as the CSV files that
`doeners import` reads. Deterministic: the same arguments give the same files.

Usage:
    python3 scripts/import-benchmark/generate.py OUT_DIR [ORGANISATIONS]
    time doeners import --tenant limburg --organisations OUT_DIR/organisations.csv --offers OUT_DIR/offers.csv
"""

import csv
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "crates/domain/src/geography/reference_data.rs"
CATEGORIES = [
    "handverpakking", "etiketteren", "assemblage-montage", "kwaliteitscontrole", "orderpicking", "opslag",
    "groenonderhoud", "tuinaanleg", "schoonmaak-gebouwen", "was-strijk", "renovatie", "schilderwerken",
    "catering", "kringwinkel", "herstel-refurbishing", "confectie", "fietsherstel", "drukwerk", "digitaliseren",
    "relatiegeschenken", "buurtdiensten", "verpakken", "groen",
]
KINDS = ["maatwerkbedrijf", "maatwerkafdeling", "lokale-diensteneconomie", "arbeidsmatige-activiteiten", "sociale-onderneming"]
MODES = ["eigen-atelier", "op-locatie", "detachering", "producten"]
AREAS = ["flanders", "radius:25", "radius:50", "provinces:limburg+antwerpen", "municipalities:3500+3600"]


def flemish_postal_codes():
    codes = set()
    for code, nis in re.findall(r'PostalArea \{ code: (\d+), municipality_nis: "(\d+)"', REFERENCE.read_text()):
        if nis[0] in "1347" or nis[:2] in ("23", "24"):
            codes.add(f"{int(code):04}")
    return sorted(codes)


def main():
    out = pathlib.Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    postal = flemish_postal_codes()
    with open(out / "organisations.csv", "w", newline="", encoding="utf-8") as f, \
         open(out / "offers.csv", "w", newline="", encoding="utf-8") as g:
        orgs = csv.writer(f)
        offers = csv.writer(g)
        orgs.writerow(["ref", "name", "kind", "enterprise_number", "street", "postal_code", "municipality",
                       "website", "email", "phone", "employees", "description"])
        offers.writerow(["organisation_ref", "title", "category", "execution_mode", "service_area", "description"])
        for i in range(count):
            base = 8_000_000 + i
            number = f"{base:08}{97 - base % 97:02}"
            ref = f"org-{i:05}"
            orgs.writerow([ref, f"Werkplaats {i:05}", rng.choice(KINDS), number, f"Nijverheidslaan {i % 200 + 1}",
                           rng.choice(postal), "", f"https://werkplaats-{i}.example", f"info@werkplaats-{i}.example",
                           "011 22 33 44", rng.randint(5, 400), "Benchmarkorganisatie, fictief."])
            for n, category in enumerate(rng.sample(CATEGORIES, 5)):
                offers.writerow([ref, f"Aanbod {n + 1}: {category}", category, rng.choice(MODES), rng.choice(AREAS),
                                 "Fictief aanbod voor de importbenchmark."])


if __name__ == "__main__":
    main()
