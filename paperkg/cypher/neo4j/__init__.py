"""Neo4j, the optional server path (docs/neo4j.md), one module per concern.

* config.py: where the server is and how to log in (file + environment), never leaking the password;
* client.py: the driver, and a server as a :class:`~paperkg.cypher.backend.Backend` (``--neo4j``);
* errors.py: the driver's exceptions as one line a user can act on;
* indexes.py: constraints and indexes derived from the graph schema;
* loader.py: batched, idempotent MERGE of a graph (``paperkg load-neo4j``);
* import_csv.py: neo4j-admin import files (``paperkg export --format neo4j-csv``).
"""
