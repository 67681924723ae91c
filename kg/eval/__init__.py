"""Measure extraction quality on public gold data: entities (CoNLL-2003, CrossNER) and relations (CrossRE)."""
