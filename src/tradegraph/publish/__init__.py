"""The publishing side: the graph out of tradegraph, deterministically. export (Turtle,
N-Triples, JSON-LD, TriG), describe (the VoID/DCAT dataset description), push (to a server
through the Graph Store Protocol), serve (the Oxigraph server on the cached store)."""
