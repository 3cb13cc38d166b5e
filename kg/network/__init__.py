"""Network analysis of the graph with NetworkX: projection, paths, rankings, profiles.

One module a job: :mod:`~kg.network.project` turns the store into a
``networkx.MultiDiGraph``; the other modules analyse that graph.
"""

__all__: list[str] = []
