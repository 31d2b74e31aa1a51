"""paperkg: research-paper abstracts in, a knowledge graph of methods, datasets, metrics and results out.

The package follows the data flow: ``sources`` (readers) -> ``extract`` (spaCy pipeline) ->
``graph`` (typed NetworkX graph and analytics) -> ``cypher`` (embedded store, Neo4j, named
queries) -> ``viz`` (static HTML). ``cli`` is a thin Typer layer over all of them. Imports only
point down that list, never back.
"""

__version__ = "0.1.0"
