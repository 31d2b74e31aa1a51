"""The analytics of ``paperkg.graph.analytics`` run as Cypher against a store (see docs/analytics.md).

Each module gives the same answers as its in-memory twin without loading the graph: it fetches what the
answer needs with Cypher and hands it to the same pure functions in ``paperkg.graph.analytics``.

- ``lookups_on_store``: name resolution, cites-like and leaderboards, anchored at one key (LadybugDB
  and Neo4j);
- ``stats_on_store``, ``trends_on_store``, ``similar_on_store``: stats, trends and similar methods;
- ``rankings``: the rankings index, the hub lookups precomputed after each build, and
  ``rankings_file``: where it is kept (a SQLite file beside the store).
"""
