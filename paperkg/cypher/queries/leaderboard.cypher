// name: leaderboard
// description: Reported scores on a dataset, best first per metric (metric direction from the gazetteer; higher when unknown).
// param: dataset STRING the dataset's name or one of its aliases, e.g. ImageNet
// param: metric STRING (optional) only this metric (name or alias)
WITH toLower($dataset) AS wanted_dataset, toLower($metric) AS wanted_metric
MATCH (c:Claim)-[:`ON`]->(d:Dataset)
WHERE toLower(d.name) = wanted_dataset OR any(a IN d.aliases WHERE toLower(a) = wanted_dataset)
MATCH (c)-[:`IN`]->(x:Metric)
WHERE wanted_metric = '' OR toLower(x.name) = wanted_metric
   OR any(a IN x.aliases WHERE toLower(a) = wanted_metric)
MATCH (p:Paper)-[:REPORTS]->(c)
OPTIONAL MATCH (c)-[:`OF`]->(m:Method)
RETURN d.name AS dataset, x.name AS metric, coalesce(m.name, c.method) AS method, c.value AS value,
       c.number AS number, c.unit AS unit, c.kind AS kind, p.id AS paper, c.sentence AS evidence
ORDER BY metric, CASE WHEN c.kind = 'absolute' THEN 0 ELSE 1 END,
         CASE WHEN x.direction = 'lower' THEN c.number ELSE -c.number END, method
