"""Network analysis of the graph with NetworkX: projection, paths, rankings, profiles.

One module a job:

* :mod:`~kg.network.project`: the store (or a CONSTRUCT result) as a
  ``networkx.MultiDiGraph``, in a semantic view (entities only) or a full one;
* :mod:`~kg.network.paths`: the k shortest paths between two entities, told in words;
* :mod:`~kg.network.neighbours`: ego networks;
* :mod:`~kg.network.centrality`: degree, betweenness, PageRank (NetworkX or rustworkx);
* :mod:`~kg.network.communities`: Louvain communities with their sectors and zones;
* :mod:`~kg.network.profiles`: what the graph knows of a sector, zone or enterprise;
* :mod:`~kg.network.gaps`: the 4311 sectors without anchor enterprise or statistics;
* :mod:`~kg.network.similarity`: enterprises like a given one, with reasons;
* :mod:`~kg.network.exports`: GraphML, GEXF and CSV for Gephi and other tools.

Results are pandas DataFrames with the Chinese columns first, English beside.
"""

__all__: list[str] = []
