// name: methods-used-together
// description: Pairs of methods named by the same papers, most shared papers first.
// param: limit INT64 (optional, default 25) how many pairs to list
MATCH (a:Method)<-[:PROPOSES|USES]-(p:Paper)-[:PROPOSES|USES]->(b:Method)
WHERE a.id < b.id
RETURN a.name AS method_a, b.name AS method_b, count(DISTINCT p) AS papers
ORDER BY papers DESC, method_a, method_b
LIMIT $limit
