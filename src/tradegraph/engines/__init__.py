"""The engines that answer SPARQL SELECT queries, all giving a result.ResultTable of pyoxigraph
terms: oxigraph (a pyoxigraph store), rdflib_graph (an rdflib graph: federation and the tests'
reference), remote (a SPARQL endpoint over HTTP) and cache (the on-disk store queries run on)."""
