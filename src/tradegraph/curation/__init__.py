"""The curation side: what writes into data/. format (canonical Turtle), links and wikidata
(linksets), countries (the generator of data/countries.ttl), census (the importers of the WTO
RTA-IS and ToTA)."""
