// name: method-datasets
// description: Datasets a method is evaluated on: in papers that propose or use it, and in its result claims.
// param: method STRING the method's name or one of its aliases
WITH toLower($method) AS wanted
MATCH (m:Method)
WHERE toLower(m.name) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
MATCH (p:Paper)-[:PROPOSES|USES]->(m)
MATCH (p)-[:EVALUATES_ON|PROPOSES]->(d:Dataset)
OPTIONAL MATCH (c:Claim)-[:`OF`]->(m), (c)-[:`ON`]->(d)
RETURN m.name AS method, d.name AS dataset, count(DISTINCT p) AS papers, count(DISTINCT c) AS claims
ORDER BY claims DESC, papers DESC, dataset
