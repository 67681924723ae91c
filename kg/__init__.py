"""News knowledge-graph builder: articles in, an RDF graph of people, organisations, places and events out."""

__version__ = "0.1.0"
