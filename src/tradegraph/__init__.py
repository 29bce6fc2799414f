"""tradegraph: an open knowledge graph of cybersecurity and digital-trade provisions in trade
agreements and WTO negotiations.

Data flows one way: files (load) -> graph -> validation and stored queries -> rendered output.
The CLI in cli.py is a thin layer over these modules.
"""

__version__ = "0.1.0"
