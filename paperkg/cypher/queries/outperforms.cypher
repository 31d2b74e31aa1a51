// name: outperforms
// description: Methods reported to beat a method, with the claims that say so.
// param: method STRING the beaten method's name or one of its aliases
WITH toLower($method) AS wanted
MATCH (m:Method)
WHERE toLower(m.name) = wanted OR any(a IN m.aliases WHERE toLower(a) = wanted)
MATCH (w:Method)-[o:OUTPERFORMS]->(m)
RETURN w.name AS method, m.name AS beats, count(o) AS claims, collect(o.claim_id) AS claim_ids
ORDER BY claims DESC, method
