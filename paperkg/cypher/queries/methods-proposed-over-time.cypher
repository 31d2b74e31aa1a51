// name: methods-proposed-over-time
// description: New methods proposed per year (papers without a known year are counted under an empty year).
MATCH (p:Paper)-[:PROPOSES]->(m:Method)
RETURN p.year AS year, count(DISTINCT m) AS methods, count(DISTINCT p) AS papers
ORDER BY year
