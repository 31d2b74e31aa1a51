// name: papers-with-code
// description: Papers whose abstract links to code, with what they propose.
MATCH (p:Paper)-[:HAS_CODE]->(r:Repository)
OPTIONAL MATCH (p)-[:PROPOSES]->(m:Method)
RETURN p.id AS paper, p.title AS title, r.url AS url, r.host AS host, collect(DISTINCT m.name) AS proposes
ORDER BY paper, url
