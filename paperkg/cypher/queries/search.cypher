// name: search
// description: Methods, datasets, metrics and papers whose name, alias or title contains a text (any case).
// param: q STRING the text to look for
// variant: ladybug
WITH toLower($q) AS wanted
MATCH (n)
WHERE label(n) IN ['Method', 'Dataset', 'Metric', 'Paper']
  AND (toLower(coalesce(n.name, n.title)) CONTAINS wanted
       OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS wanted))
RETURN label(n) AS type, n.id AS id, coalesce(n.name, n.title) AS name
ORDER BY type, name
// variant: neo4j
WITH toLower($q) AS wanted
MATCH (n)
WHERE labels(n)[0] IN ['Method', 'Dataset', 'Metric', 'Paper']
  AND (toLower(coalesce(n.name, n.title)) CONTAINS wanted
       OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS wanted))
RETURN labels(n)[0] AS type, n.id AS id, coalesce(n.name, n.title) AS name
ORDER BY type, name
