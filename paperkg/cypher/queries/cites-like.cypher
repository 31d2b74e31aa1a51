// name: cites-like
// description: Papers related to a method (name or any alias, any case), strongest relation first: proposes > compares against > uses > mentions.
// param: method STRING the method's name or one of its aliases, e.g. LoRA
WITH toLower($method) AS wanted
MATCH (m:Method)
WHERE toLower(m.name) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
MATCH (p:Paper)-[r:PROPOSES|USES]->(m)
OPTIONAL MATCH (p)-[:REPORTS]->(against:Claim)-[:AGAINST]->(m)
OPTIONAL MATCH (p)-[:REPORTS]->(of:Claim)-[:`OF`]->(m)
WITH p, m, r, count(DISTINCT against) AS compared, count(DISTINCT of) AS results
WITH p, m, r.sentence AS evidence,
     CASE WHEN r.mentions IS NULL THEN 4
          WHEN compared > 0 THEN 3
          WHEN results > 0 OR r.mentions > 1 THEN 2
          ELSE 1 END AS strength
RETURN p.id AS paper, p.title AS title, p.year AS year, m.name AS method,
       CASE strength WHEN 4 THEN 'proposes' WHEN 3 THEN 'compares' WHEN 2 THEN 'uses' ELSE 'mentions' END
         AS relation,
       strength, evidence
ORDER BY strength DESC, paper
