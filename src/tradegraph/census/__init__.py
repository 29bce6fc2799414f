"""The census of WTO-notified trade agreements: readers for its two sources (the ToTA corpus and
an export of the WTO RTA-IS), the full-text screen for cybersecurity terms, and the builder that
turns both, with the curators' readings of the screen's hits, into one Turtle file per agreement
under data/census/."""
