// name: methods-by-papers
// description: Methods ranked by how many papers propose, use or mention them.
// param: limit INT64 (optional, default 25) how many methods to list
MATCH (m:Method)
OPTIONAL MATCH (p:Paper)-[:PROPOSES]->(m)
WITH m, count(DISTINCT p) AS proposed_by
RETURN m.name AS method, m.papers AS papers, proposed_by, m.aliases AS aliases
ORDER BY papers DESC, method
LIMIT $limit
