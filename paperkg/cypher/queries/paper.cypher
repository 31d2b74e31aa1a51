// name: paper
// description: One paper (by id or exact title, any case): its methods, datasets, metrics, claims and code links; `how` says how it names a method it does not propose (compares, uses or mentions).
// param: paper STRING the paper's id or title
// variant: ladybug
MATCH (p:Paper)
WHERE p.id = $paper OR toLower(p.title) = toLower($paper)
MATCH (p)-[r]->(n)
RETURN p.id AS paper, label(r) AS relation, label(n) AS type, n.id AS id,
       coalesce(n.name, n.value, n.url) AS name, r.relation AS how, r.sentence AS evidence
ORDER BY relation, id
// variant: neo4j
MATCH (p:Paper)
WHERE p.id = $paper OR toLower(p.title) = toLower($paper)
MATCH (p)-[r]->(n)
RETURN p.id AS paper, type(r) AS relation, labels(n)[0] AS type, n.id AS id,
       coalesce(n.name, n.value, n.url) AS name, r.relation AS how, r.sentence AS evidence
ORDER BY relation, id
