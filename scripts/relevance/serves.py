#!/usr/bin/env python3
"""Which offers of the judged dataset serve a place, and how far away their organisation is.

A judge's aid: `serves.py <offers.tsv> <postal code or municipality> [category ...]` lists every offer whose
service area covers the place (the engine returns no other offer for a located search), nearest first, with the
distance from the place to the organisation. Coordinates come from the platform's own reference data.
"""
import csv
import math
import re
import sys
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "crates/domain/src/geography/reference_data.rs"


def load_reference():
    text = REFERENCE.read_text(encoding="utf-8")
    municipalities = {}
    for m in re.finditer(r'Municipality \{ nis: "(\d+)", name: "([^"]+)", name_fr: "[^"]*", province_nis: "(\d+)", point: GeoPoint::raw\(([-\d.]+), ([-\d.]+)\)', text):
        municipalities[m.group(1)] = (m.group(2), m.group(3), float(m.group(4)), float(m.group(5)))
    postal = {}
    for m in re.finditer(r'PostalArea \{ code: (\d+), municipality_nis: "(\d+)", locality: "[^"]*", point: GeoPoint::raw\(([-\d.]+), ([-\d.]+)\)', text):
        postal.setdefault(m.group(1), []).append((m.group(2), float(m.group(3)), float(m.group(4))))
    provinces = {}
    for m in re.finditer(r'ProvinceRef \{ nis: "(\d+)", slug: "([^"]+)"', text):
        provinces[m.group(1)] = m.group(2)
    return municipalities, postal, provinces


MUNICIPALITIES, POSTAL, PROVINCES = load_reference()


def place(raw):
    """(lat, lon, municipality nis, province slug, postal code or None) of a postal code or municipality name."""
    raw = raw.strip()
    if raw.isdigit():
        nis, lat, lon = POSTAL[raw][0]
        return lat, lon, nis, PROVINCES[MUNICIPALITIES[nis][1]], raw
    for nis, (name, prov, lat, lon) in MUNICIPALITIES.items():
        if name.lower() == raw.lower():
            return lat, lon, nis, PROVINCES[prov], None
    raise SystemExit(f"unknown place {raw}")


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    d = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(d))


def covers(area, home, target):
    lat, lon, nis, province, code = target
    area = area.strip().lower()
    if area in ("flanders", "vlaanderen"):
        return province in ("antwerpen", "limburg", "oost-vlaanderen", "vlaams-brabant", "west-vlaanderen", "brussel")
    kind, _, rest = area.partition(":")
    items = [i.strip() for i in rest.split("+") if i.strip()]
    if kind == "radius":
        return km(home, (lat, lon)) <= float(rest.replace("km", ""))
    if kind == "provinces":
        return province in items
    if kind == "municipalities":
        return any(c == code or any(n == nis for n, _, _ in POSTAL.get(c, [])) for c in items)
    raise SystemExit(f"bad service area {area}")


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    target = place(sys.argv[2])
    wanted = set(sys.argv[3:])
    rows = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for offer in csv.DictReader(f, delimiter="\t"):
            if wanted and offer["category"] not in wanted:
                continue
            home_place = place(offer["postal_code"])
            home = (home_place[0], home_place[1])
            if covers(offer["service_area"], home, target):
                rows.append((km(home, target[:2]), offer))
    for distance, offer in sorted(rows, key=lambda r: r[0]):
        print(f'{distance:6.1f} km  {offer["key"]:<8} {offer["category"]:<24} {offer["organisation"]} ({offer["postal_code"]}): {offer["title"]}')


if __name__ == "__main__":
    main()
