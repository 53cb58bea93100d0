"""Build the gazetteer files in mrejesho/data/places/ from the mtaa package.

mtaa (PyPI, MIT, (c) 2021 Jordan Kalebu) holds mainland Tanzania's 26 regions,
158 postcode districts, their wards and streets as one nested JSON document.
This script cleans it (artefact keys, stray quotes, line breaks in names,
casing), gives every place an ASCII key, adds Zanzibar's regions and
districts (which mtaa lacks) and writes compact CSV files.

Install mtaa somewhere throwaway, never into the app's requirements:

    python3 -m venv /tmp/mtaa-venv && /tmp/mtaa-venv/bin/pip install mtaa==1.5
    /tmp/mtaa-venv/bin/python tools/build_places.py

or pass the data file explicitly: ``--mtaa /path/to/mtaa/tanzania_json.py``.
spellings.csv is edited by hand and is not written here; ambiguous.csv is
written from EVERYDAY_WORDS below, which is the place to add a word.
"""

import argparse
import csv
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "mrejesho" / "data" / "places"

# mtaa's region names that do not upper-case into the project's keys.
REGION_KEYS = {"Dar-es-salaam": "DSM"}
REGION_NAMES = {"Dar-es-salaam": "Dar es Salaam"}

# A typo in mtaa: Malinyi's tenth ward, between 67809 and nothing else.
POST_CODE_FIXES = {"678010": "67810"}

# Names that a plain clean-up would get wrong (a line break inside a word).
NAME_FIXES = {"Wanging'o\nmbe": "Wanging'ombe", "Mpanda -cbd": "Mpanda cbd"}

# Zanzibar is not in mtaa. Regions and districts as published by the Office
# of the Chief Government Statistician Zanzibar and NBS, 2022 Population and
# Housing Census, Administrative Units report (volume 1A).
ZANZIBAR = [
    ("KASKAZINIUNGUJA", "Kaskazini Unguja", ["Kaskazini A", "Kaskazini B"]),
    ("KUSINIUNGUJA", "Kusini Unguja", ["Kati", "Kusini"]),
    ("MJINIMAGHARIBI", "Mjini Magharibi", ["Mjini", "Magharibi A", "Magharibi B"]),
    ("KASKAZINIPEMBA", "Kaskazini Pemba", ["Wete", "Micheweni"]),
    ("KUSINIPEMBA", "Kusini Pemba", ["Chake Chake", "Mkoani"]),
]

# Everyday words (and institution names) that are also place names. A router
# must not decide on one of these alone. word -> (reason, meaning).
EVERYDAY_WORDS = {
    # Swahili everyday words
    "moshi": ("everyday_word", "smoke"),
    "mara": ("everyday_word", "times, once (mara moja), often (mara nyingi)"),
    "pwani": ("everyday_word", "coast, beach"),
    "maji": ("everyday_word", "water"),
    "majimoto": ("everyday_word", "hot water"),
    "hai": ("everyday_word", "alive; is not"),
    "mwanga": ("everyday_word", "light"),
    "mtama": ("everyday_word", "sorghum"),
    "kati": ("everyday_word", "middle, between"),
    "mjini": ("everyday_word", "in town"),
    "mji mpya": ("everyday_word", "new town"),
    "mji mkuu": ("everyday_word", "capital city"),
    "mjimwema": ("everyday_word", "good town"),
    "mji mwema": ("everyday_word", "good town"),
    "kaskazini": ("everyday_word", "north"),
    "kusini": ("everyday_word", "south"),
    "mashariki": ("everyday_word", "east"),
    "magharibi": ("everyday_word", "west"),
    "mkoani": ("everyday_word", "in the region"),
    "kisiwani": ("everyday_word", "on the island"),
    "soko": ("everyday_word", "market"),
    "sokoni": ("everyday_word", "at the market"),
    "masoko": ("everyday_word", "markets"),
    "madukani": ("everyday_word", "at the shops"),
    "majengo": ("everyday_word", "buildings"),
    "majengo mapya": ("everyday_word", "new buildings"),
    "mbuyuni": ("everyday_word", "at the baobab"),
    "mwembeni": ("everyday_word", "at the mango tree"),
    "miembeni": ("everyday_word", "at the mango trees"),
    "mnazi mmoja": ("everyday_word", "one coconut palm"),
    "mnazi": ("everyday_word", "coconut palm"),
    "mlimani": ("everyday_word", "on the hill"),
    "kilimani": ("everyday_word", "on the hill"),
    "bondeni": ("everyday_word", "in the valley"),
    "mtoni": ("everyday_word", "at the river"),
    "darajani": ("everyday_word", "at the bridge"),
    "barabarani": ("everyday_word", "on the road"),
    "relini": ("everyday_word", "at the railway"),
    "reli": ("everyday_word", "railway"),
    "stesheni": ("everyday_word", "station"),
    "stendi": ("everyday_word", "bus stand"),
    "stendi kuu": ("everyday_word", "main bus stand"),
    "uwanja wa ndege": ("everyday_word", "airport"),
    "kiwanja cha ndege": ("everyday_word", "airport"),
    "viwandani": ("everyday_word", "at the factories"),
    "bandarini": ("everyday_word", "at the port"),
    "shuleni": ("everyday_word", "at school"),
    "kanisani": ("everyday_word", "at church"),
    "msikitini": ("everyday_word", "at the mosque"),
    "bomani": ("everyday_word", "at the government office"),
    "boma": ("everyday_word", "government office; enclosure"),
    "mnadani": ("everyday_word", "at the auction market"),
    "machinjioni": ("everyday_word", "at the slaughterhouse"),
    "bwawani": ("everyday_word", "at the dam"),
    "ziwani": ("everyday_word", "at the lake"),
    "mbugani": ("everyday_word", "in the plains"),
    "mjini kati": ("everyday_word", "town centre"),
    "uhuru": ("everyday_word", "freedom"),
    "mapinduzi": ("everyday_word", "revolution"),
    "maendeleo": ("everyday_word", "development"),
    "amani": ("everyday_word", "peace"),
    "umoja": ("everyday_word", "unity"),
    "muungano": ("everyday_word", "union"),
    "azimio": ("everyday_word", "declaration"),
    "jamhuri": ("everyday_word", "republic"),
    "tumaini": ("everyday_word", "hope"),
    "upendo": ("everyday_word", "love"),
    "furaha": ("everyday_word", "joy"),
    "neema": ("everyday_word", "grace"),
    "salama": ("everyday_word", "safe"),
    "subira": ("everyday_word", "patience"),
    "mshikamano": ("everyday_word", "solidarity"),
    "ushirika": ("everyday_word", "cooperative"),
    "mwenge": ("everyday_word", "torch"),
    "msaada": ("everyday_word", "help"),
    "mtakuja": ("everyday_word", "you will come"),
    "songambele": ("everyday_word", "move forward"),
    "sabasaba": ("everyday_word", "7 July holiday"),
    "nane nane": ("everyday_word", "8 August holiday"),
    "mabatini": ("everyday_word", "at the iron sheets"),
    "mbuga": ("everyday_word", "plain, grassland"),
    "mwaya": ("everyday_word", "(also a name)"),
    "kambi": ("everyday_word", "camp"),
    "kituo": ("everyday_word", "station, centre"),
    "kisima": ("everyday_word", "well, borehole"),
    "shamba": ("everyday_word", "farm"),
    "kanga": ("everyday_word", "wrap cloth; guinea fowl"),
    "mamba": ("everyday_word", "crocodile"),
    "simba": ("everyday_word", "lion"),
    "tembo": ("everyday_word", "elephant"),
    "nyati": ("everyday_word", "buffalo"),
    "ngoma": ("everyday_word", "drum, dance"),
    "manda": ("everyday_word", "(also a name)"),
    "mwaniko": ("everyday_word", "(also a name)"),
    "mbaya": ("everyday_word", "bad"),
    "rudi": ("everyday_word", "go back"),
    "chanika": ("everyday_word", "(also a name)"),
    "kichangani": ("everyday_word", "on the sand"),
    "mchangani": ("everyday_word", "on the sand"),
    "jangwani": ("everyday_word", "in the desert"),
    "kisutu": ("everyday_word", "(also a name)"),
    "mabanda": ("everyday_word", "sheds"),
    "matopeni": ("everyday_word", "in the mud"),
    "mawasiliano": ("everyday_word", "communications"),
    "miti mirefu": ("everyday_word", "tall trees"),
    "minazi mirefu": ("everyday_word", "tall coconut palms"),
    "njia panda": ("everyday_word", "crossroads"),
    "kona nne": ("everyday_word", "four corners"),
    "picha ya ndege": ("everyday_word", "picture of a bird"),
    "mailimoja": ("everyday_word", "one mile"),
    "ulaya": ("everyday_word", "Europe"),
    "kenya": ("everyday_word", "Kenya (the country)"),
    "ghana": ("everyday_word", "Ghana (the country)"),
    "ruanda": ("everyday_word", "Rwanda (the country)"),
    # Words that citizens write about the service itself
    "jana": ("everyday_word", "yesterday"),
    "kule": ("everyday_word", "over there"),
    "kabisa": ("everyday_word", "completely"),
    "haraka": ("everyday_word", "quickly"),
    "mambo": ("everyday_word", "things; hi (greeting)"),
    "mbili": ("everyday_word", "two"),
    "maili": ("everyday_word", "mile"),
    "mita": ("everyday_word", "metre; meter (water, power)"),
    "kazi": ("everyday_word", "work, job"),
    "shule": ("everyday_word", "school"),
    "simu": ("everyday_word", "phone"),
    "dawa": ("everyday_word", "medicine"),
    "bima": ("everyday_word", "insurance"),
    "benki": ("everyday_word", "bank"),
    "barabara": ("everyday_word", "road"),
    "bandari": ("everyday_word", "port"),
    "uwanja": ("everyday_word", "ground, field"),
    "kiwanja": ("everyday_word", "plot"),
    "ujenzi": ("everyday_word", "construction, building permit"),
    "elimu": ("everyday_word", "education"),
    "huduma": ("everyday_word", "service"),
    "halmashauri": ("everyday_word", "council"),
    "mahakama": ("everyday_word", "court"),
    "askari": ("everyday_word", "guard, police officer"),
    "usalama": ("everyday_word", "security, safety"),
    "rushwa": ("everyday_word", "corruption"),
    "zahanati": ("everyday_word", "dispensary"),
    "kanisa": ("everyday_word", "church"),
    "msikiti": ("everyday_word", "mosque"),
    "sala": ("everyday_word", "prayer"),
    "mkuu": ("everyday_word", "head, chief"),
    "kiongozi": ("everyday_word", "leader"),
    "vijana": ("everyday_word", "youth"),
    "yatima": ("everyday_word", "orphan"),
    "mkulima": ("everyday_word", "farmer"),
    "wakulima": ("everyday_word", "farmers"),
    "mifugo": ("everyday_word", "livestock"),
    "mbolea": ("everyday_word", "fertilizer"),
    "kahawa": ("everyday_word", "coffee"),
    "pamba": ("everyday_word", "cotton"),
    "tumbaku": ("everyday_word", "tobacco"),
    "karafuu": ("everyday_word", "cloves"),
    "nguzo": ("everyday_word", "pole (power pole)"),
    "moto": ("everyday_word", "fire"),
    "mafuriko": ("everyday_word", "floods"),
    "ziwa": ("everyday_word", "lake"),
    "bonde": ("everyday_word", "valley"),
    "jiwe": ("everyday_word", "stone"),
    "udongo": ("everyday_word", "soil"),
    "kitanda": ("everyday_word", "bed"),
    "meza": ("everyday_word", "table"),
    "kitenge": ("everyday_word", "printed cloth"),
    "nyani": ("everyday_word", "baboon"),
    "twiga": ("everyday_word", "giraffe"),
    "mgambo": ("everyday_word", "militia"),
    "taifa": ("everyday_word", "nation"),
    "bahati": ("everyday_word", "luck"),
    "baraka": ("everyday_word", "blessing"),
    "imani": ("everyday_word", "faith"),
    "ofisini": ("everyday_word", "at the office"),
    # Another place, park or mountain of the same name, or a region's name on wards elsewhere
    "tanganyika": ("other_place", "Tanganyika (the old country, the lake)"),
    "pemba": ("other_place", "Pemba island (also wards on the mainland)"),
    "kagera": ("other_place", "Kagera region (also wards elsewhere)"),
    "serengeti": ("other_place", "the national park (TANAPA)"),
    "ngorongoro": ("other_place", "the conservation area (NCAA)"),
    "mikumi": ("other_place", "the national park (TANAPA)"),
    "ruaha": ("other_place", "the river and the national park"),
    "kilimanjaro": ("other_place", "the mountain, the airport"),
    # English words
    "same": ("english_word", "same"),
    "mafia": ("english_word", "mafia"),
    "central": ("english_word", "central"),
    "forest": ("english_word", "forest"),
    "signal": ("english_word", "signal"),
    "mission": ("english_word", "mission"),
    "community": ("english_word", "community"),
    "station": ("english_word", "station"),
    # Institutions whose name is also a street's name
    "tanesco": ("institution_name", "TANESCO"),
    "posta": ("institution_name", "Tanzania Posts (TPC)"),
    "polisi": ("institution_name", "Police"),
    "sido": ("institution_name", "SIDO"),
    "tazara": ("institution_name", "TAZARA railway"),
    "magereza": ("institution_name", "Prisons Service"),
    "hospitali": ("institution_name", "hospital"),
    "national housing": ("institution_name", "NHC"),
    "nhc": ("institution_name", "NHC"),
    "jkt": ("institution_name", "National Service (JKT)"),
    "tpdc": ("institution_name", "TPDC"),
    "veta": ("institution_name", "VETA"),
    "hazina": ("institution_name", "Treasury (hazina)"),
    "ikulu": ("institution_name", "State House"),
}

PARTICLES = {"la", "cha", "ya", "wa", "za", "na", "kwa", "mwa", "vya", "lya"}
ROMAN = {"i", "ii", "iii", "iv", "v", "vi"}


def tidy(raw):
    """Return a place name without mtaa's typing artefacts, in title case."""
    text = NAME_FIXES.get(raw, raw)
    text = re.sub(r"[\u2018\u2019\u00b4`]", "'", text)
    text = re.sub(r"[\u201c\u201d]", '"', text)
    text = re.sub(r"[\u2010\u2013]", "-", text)
    # an accent typed for an apostrophe: "Elangátadapash" is Elang'atadapash
    text = re.sub(r"[áéíóú]", lambda m: "'" + unicodedata.normalize("NFD", m.group())[0], text)
    text = text.replace("\n", " ")
    # "Sinza "a"", "Maramba 'b'", "Dule" b"" -> "Sinza A"
    text = re.sub(r"""\s*["']\s*([A-Za-z])\s*["']""", r" \1", text)
    text = text.replace('"', "")
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s+-\s*|\s*-\s+", "-", text)
    text = re.sub(r"(\S)\(", r"\1 (", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.*'-")
    return " ".join(_word_case(w, i) for i, w in enumerate(text.split(" ")))


def _word_case(word, position):
    low = word.lower()
    if low == "cbd" or low.strip("()") in ROMAN or len(low) == 1:
        return word.upper()
    if re.fullmatch(r"([a-z]\.)+[a-z]?\.?", low):
        return word.upper()
    if position and low in PARTICLES:
        return low
    # capitalise each part after ( / - but not after an apostrophe (Nyang'hwale)
    return re.sub(r"(^|[(/-])([a-z])", lambda m: m.group(1) + m.group(2).upper(), low)


def ascii_key(name):
    """Return NAME as an uppercase ASCII key without spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]", "", plain.upper())


def find_mtaa():
    spec = importlib.util.find_spec("mtaa")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("mtaa is not installed here; pass --mtaa PATH (see the module doc-string)")
    return Path(list(spec.submodule_search_locations)[0]) / "tanzania_json.py"


def build(source):
    """Return the region, district, ward and street rows built from mtaa's data."""
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    regions, districts, wards, streets = [], [], [], []
    for raw_region, region in data.items():
        rkey = REGION_KEYS.get(raw_region, ascii_key(raw_region))
        regions.append({"key": rkey, "name": REGION_NAMES.get(raw_region, tidy(raw_region)),
                        "zone": "mainland", "post_code": region.get("post_code", "")})
        for raw_district, district in region["districts"].items():
            name = tidy(raw_district)
            dkey = ascii_key(name)
            districts.append({"key": dkey, "region_key": rkey, "name": name,
                              "kind": "postal_area" if name.endswith(" CBD") else "district",
                              "post_code": district.get("district_post_code", "")})
            _add_wards(dkey, district["wards"], wards, streets)
    for rkey, rname, dnames in ZANZIBAR:
        regions.append({"key": rkey, "name": rname, "zone": "zanzibar", "post_code": ""})
        for dname in dnames:
            districts.append({"key": ascii_key(dname), "region_key": rkey, "name": dname,
                              "kind": "district", "post_code": ""})
    return regions, districts, wards, streets


def _add_wards(dkey, raw_wards, wards, streets):
    # mtaa hoisted the first ward's post code to the wards mapping itself.
    hoisted = raw_wards.get("ward_post_code", "")
    seen = {}
    for raw_ward, ward in raw_wards.items():
        if raw_ward == "ward_post_code" or not isinstance(ward, dict):
            continue
        name = tidy(raw_ward)
        wkey = f"{dkey}.{ascii_key(name)}"
        code = ward.get("ward_post_code") or hoisted
        code = POST_CODE_FIXES.get(code, code)
        hoisted = ""
        if wkey not in seen:
            seen[wkey] = {"key": wkey, "district_key": dkey, "name": name, "post_code": code}
            wards.append(seen[wkey])
        names = {tidy(s) for s in ward.get("streets", {}) if s.strip()}
        streets.extend({"ward_key": wkey, "name": s} for s in sorted(names) if s)


def merge_numbered_wards(wards, streets):
    """Fold mtaa's numbered villages that were typed as wards into their ward.

    "Kitama 1" ... "Kitama 23" share one post code in Tandahimba: they are the
    villages of Kitama ward. Such a group becomes one ward, named by the
    common stem, and its members become that ward's streets.
    """
    groups = defaultdict(list)
    for ward in wards:
        match = re.fullmatch(r"(.+?) (?:Namba |No\.? ?|Na\.? ?)?\d+", ward["name"])
        if match and ward["post_code"]:
            groups[(ward["district_key"], ward["post_code"], match.group(1))].append(ward)
    renamed = {}
    for (dkey, code, stem), members in groups.items():
        if len(members) < 2:
            continue
        target = {"key": f"{dkey}.{ascii_key(stem)}", "district_key": dkey, "name": stem,
                  "post_code": code}
        for member in members:
            renamed[member["key"]] = target
    merged, placed = [], set()
    for ward in wards:
        target = renamed.get(ward["key"], ward)
        if target["key"] not in placed:
            placed.add(target["key"])
            merged.append(target)
    moved = [{"ward_key": renamed[ward["key"]]["key"], "name": ward["name"]}
             for ward in wards if ward["key"] in renamed]
    streets = [dict(row, ward_key=renamed[row["ward_key"]]["key"]) if row["ward_key"] in renamed
               else row for row in streets]
    return merged, moved + streets


def dedupe_streets(streets):
    seen, unique = set(), []
    for row in streets:
        marker = (row["ward_key"], row["name"].lower())
        if marker not in seen:
            seen.add(marker)
            unique.append(row)
    return unique


def ambiguous_rows(regions, districts, wards, streets):
    """Return the everyday words that are also a place name, with where they occur."""
    where = defaultdict(Counter)
    for level, rows in (("region", regions), ("district", districts),
                        ("ward", wards), ("street", streets)):
        for row in rows:
            name = row["name"].lower()
            where[name][level] += 1
            base = re.sub(r"\s+[a-z]$", "", name)  # "Majengo A" is a Majengo
            if base != name:
                where[base][level] += 1
    rows = []
    for word, (reason, meaning) in sorted(EVERYDAY_WORDS.items()):
        if word in where:
            levels = where[word]
            rows.append({"name": word, "reason": reason, "meaning": meaning,
                         "levels": ";".join(lv for lv in ("region", "district", "ward", "street")
                                            if levels[lv]),
                         "places": sum(levels.values())})
    return rows


def write(name, rows, fields):
    with open(OUT / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mtaa", help="path to mtaa's tanzania_json.py")
    args = parser.parse_args()
    regions, districts, wards, streets = build(args.mtaa or find_mtaa())
    wards, streets = merge_numbered_wards(wards, streets)
    streets = dedupe_streets(streets)
    OUT.mkdir(parents=True, exist_ok=True)
    write("regions.csv", regions, ["key", "name", "zone", "post_code"])
    write("districts.csv", districts, ["key", "region_key", "name", "kind", "post_code"])
    write("wards.csv", wards, ["key", "district_key", "name", "post_code"])
    write("streets.csv", streets, ["ward_key", "name"])
    ambiguous = ambiguous_rows(regions, districts, wards, streets)
    write("ambiguous.csv", ambiguous, ["name", "reason", "meaning", "levels", "places"])
    for label, rows in (("regions", regions), ("districts", districts), ("wards", wards),
                        ("streets", streets), ("ambiguous", ambiguous)):
        print(f"{label}: {len(rows)}")


if __name__ == "__main__":
    main()
