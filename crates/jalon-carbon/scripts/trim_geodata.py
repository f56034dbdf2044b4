#!/usr/bin/env python3
"""Trim the shared geographic reference data into the compact files embedded by jalon-carbon.

Run from the crate directory:  python3 scripts/trim_geodata.py /path/to/shared/data

Inputs (read-only, see data/geo/*NOTICE*/LICENSE for attribution):
  geo/geonames/cities15000.json   GeoNames cities >= 15,000 inhabitants (CC-BY 4.0)
  geo/geonames/countries.json     GeoNames countries (CC-BY 4.0)
  geo/airportsdata/airports.csv   airportsdata 20260905 (MIT)
  geo/airportsdata/iata_macs.csv  multi-airport city codes (MIT)
and, for French country names, the Debian `iso-codes` translations (LGPL-2.1-or-later) via gettext.

Outputs (UTF-8, tab-separated, one record a line, no header):
  data/geo/cities.tsv     geonameid, name, lat, lon, country, population, alternate names joined by '|'
                          (only Latin-script alternate names without digits; airport-like codes dropped)
  data/geo/airports.tsv   iata, name, city, country, lat, lon  (airports that have an IATA code)
  data/geo/macs.tsv       city code, city name, country, member airport codes joined by '|'
  data/geo/countries.tsv  iso2, iso3, English name, French name, continent code, population
"""
import csv
import gettext
import json
import sys
import unicodedata

src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"


def latin(s):
    for ch in s:
        if ch.isdigit():
            return False
        if ch.isalpha():
            if ord(ch) < 0x80:
                continue
            name = unicodedata.name(ch, "")
            if "LATIN" not in name:
                return False
        elif ch not in " -'’.()/,":
            return False
    return True


def keep_alt(a, name):
    a = a.strip()
    if len(a) < 2 or a == name or "|" in a or "\t" in a:
        return False
    if a.isupper() and len(a) <= 4:  # IATA/ICAO-like codes
        return False
    return latin(a)


cities = json.load(open(f"{src}/geo/geonames/cities15000.json", encoding="utf-8"))
rows = sorted(cities.values(), key=lambda c: c["geonameid"])
with open("data/geo/cities.tsv", "w", encoding="utf-8", newline="\n") as out:
    for c in rows:
        alts = []
        seen = set()
        for a in c.get("alternatenames", []):
            if keep_alt(a, c["name"]) and a not in seen:
                seen.add(a)
                alts.append(a.strip())
        out.write("\t".join([str(c["geonameid"]), c["name"], f'{c["latitude"]:.5f}',
                             f'{c["longitude"]:.5f}', c["countrycode"], str(c["population"]),
                             "|".join(alts)]) + "\n")

with open(f"{src}/geo/airportsdata/airports.csv", encoding="utf-8") as f, \
        open("data/geo/airports.tsv", "w", encoding="utf-8", newline="\n") as out:
    for r in csv.DictReader(f):
        if r["iata"]:
            fields = [r["iata"], r["name"], r["city"], r["country"], r["lat"], r["lon"]]
            out.write("\t".join(x.replace("\t", " ") for x in fields) + "\n")

macs = {}
with open(f"{src}/geo/airportsdata/iata_macs.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        key = (r["City Code"], r["City Name"], r["Country"])
        macs.setdefault(key, []).append(r["Airport Code"])
with open("data/geo/macs.tsv", "w", encoding="utf-8", newline="\n") as out:
    for (code, name, cc), airports in sorted(macs.items()):
        out.write("\t".join([code, name, cc, "|".join(airports)]) + "\n")

fr = gettext.translation("iso_3166-1", "/usr/share/locale", ["fr"])
iso = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
iso_by_a2 = {e["alpha_2"]: e for e in iso}
countries = json.load(open(f"{src}/geo/geonames/countries.json", encoding="utf-8"))
with open("data/geo/countries.tsv", "w", encoding="utf-8", newline="\n") as out:
    for code, c in sorted(countries.items()):
        e = iso_by_a2.get(code)
        name_fr = fr.gettext(e["name"]) if e else c["name"]
        out.write("\t".join([code, c.get("iso3", ""), c["name"], name_fr,
                             c.get("continentcode", ""), str(c.get("population", 0))]) + "\n")
