// name: schema
// description: How many nodes of each label and relationships of each type the graph holds.
// variant: ladybug
MATCH (n)
WHERE NOT label(n) STARTS WITH 'Paperkg'  // store-internal tables (schema version, rankings index)
RETURN 'node' AS kind, label(n) AS type, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, label(r) AS type, count(*) AS count
// variant: neo4j
MATCH (n)
WHERE NOT labels(n)[0] STARTS WITH 'Paperkg'
RETURN 'node' AS kind, labels(n)[0] AS type, count(*) AS count
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS kind, type(r) AS type, count(*) AS count
