// name: method-claims
// description: Every result claim about a method: the results it achieves and the ones where it is the baseline.
// param: method STRING the method's name or one of its aliases
// variant: ladybug
WITH toLower($method) AS wanted
MATCH (m:Method)
WHERE toLower(m.name) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
MATCH (c:Claim)-[r:`OF`|AGAINST]->(m)
OPTIONAL MATCH (c)-[:`ON`]->(d:Dataset)
OPTIONAL MATCH (c)-[:`IN`]->(x:Metric)
RETURN m.name AS method, CASE label(r) WHEN 'OF' THEN 'achieves' ELSE 'baseline' END AS role,
       c.value AS value, c.kind AS kind, d.name AS dataset, x.name AS metric, c.paper_id AS paper,
       c.sentence AS evidence
ORDER BY role, paper, value
// variant: neo4j
WITH toLower($method) AS wanted
MATCH (m:Method)
WHERE toLower(m.name) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
MATCH (c:Claim)-[r:`OF`|AGAINST]->(m)
OPTIONAL MATCH (c)-[:`ON`]->(d:Dataset)
OPTIONAL MATCH (c)-[:`IN`]->(x:Metric)
RETURN m.name AS method, CASE type(r) WHEN 'OF' THEN 'achieves' ELSE 'baseline' END AS role,
       c.value AS value, c.kind AS kind, d.name AS dataset, x.name AS metric, c.paper_id AS paper,
       c.sentence AS evidence
ORDER BY role, paper, value
