// name: conflicting-claims
// description: Claims of different papers about the same method, dataset and metric (same kind and unit) that report different numbers.
MATCH (c1:Claim)-[:`OF`]->(m:Method), (c1)-[:`ON`]->(d:Dataset), (c1)-[:`IN`]->(x:Metric)
MATCH (c2:Claim)-[:`OF`]->(m), (c2)-[:`ON`]->(d), (c2)-[:`IN`]->(x)
WHERE c1.paper_id < c2.paper_id AND c1.number <> c2.number AND c1.kind = c2.kind AND c1.unit = c2.unit
RETURN m.name AS method, d.name AS dataset, x.name AS metric, c1.value AS value_1, c1.paper_id AS paper_1,
       c2.value AS value_2, c2.paper_id AS paper_2
ORDER BY method, dataset, metric, paper_1, paper_2
