"""Output format names, in a module free of heavy imports so the CLI can declare its options
without loading rdflib."""

TABLE_FORMATS = ("table", "csv", "tsv", "json", "markdown")
EXPORT_FORMATS = ("turtle", "nt", "json-ld", "trig")
