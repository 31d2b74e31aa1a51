// name: cites-like
// description: Papers that name a method, best first: the direct rows of `paperkg cites-like` in the same order (tier: proposes > compares > uses > mentions, then strength = claims about it + mentions, upvotes, date, id; docs/analytics.md). The method is the one `paperkg cites-like` resolves the name to (id, name, alias, then letters and digits; most papers). Related papers (personalised PageRank) are left to the command.
// param: method STRING the method's id, name or one of its aliases (case and punctuation ignored), e.g. LoRA
// param: limit INT64 (optional, default 20) most papers to list (as paperkg cites-like --limit)
// One method, as resolve_entity picks it: the first step that matches (id, name, alias, letters-and-digits
// key), then most papers, then smallest id. The tiers and the order are rank_direct's
// (paperkg/graph/analytics/cites_like.py); tests/cypher/test_cites_like_agree.py keeps them equal.
// variant: ladybug
WITH trim($method) AS asked
WITH asked, toLower(asked) AS wanted, regexp_replace(lower(asked), '[^a-z0-9]', '', 'g') AS wanted_key
MATCH (m:Method)
WITH m, CASE WHEN m.id = asked THEN 0
             WHEN toLower(m.name) = wanted THEN 1
             WHEN any(a IN m.aliases WHERE toLower(a) = wanted) THEN 2
             WHEN wanted_key <> '' AND (regexp_replace(lower(m.name), '[^a-z0-9]', '', 'g') = wanted_key
                  OR any(a IN m.aliases WHERE regexp_replace(lower(a), '[^a-z0-9]', '', 'g') = wanted_key)) THEN 3
        END AS step
WHERE step IS NOT NULL
WITH m ORDER BY step, coalesce(m.papers, 0) DESC, m.id LIMIT 1
MATCH (p:Paper)-[:PROPOSES|USES]->(m)
WITH DISTINCT m, p
OPTIONAL MATCH (p)-[pr:PROPOSES]->(m)
WITH m, p, count(pr) AS proposes, min(CASE WHEN pr.sentence <> '' THEN pr.sentence END) AS proposes_evidence
OPTIONAL MATCH (p)-[r:USES]->(m)
WITH m, p, proposes, proposes_evidence,
     max(CASE WHEN r IS NULL THEN 0 WHEN r.relation = 'compares' THEN 3 WHEN r.relation = 'uses' THEN 2 ELSE 1 END)
       AS edge_tier,
     max(CASE WHEN r IS NULL THEN 0 WHEN r.mentions IS NULL OR r.mentions < 1 THEN 1 ELSE r.mentions END) AS mentions,
     min(CASE WHEN r.sentence <> '' THEN r.sentence END) AS edge_evidence
OPTIONAL MATCH (p)-[:REPORTS]->(c:Claim)-[:`OF`|AGAINST]->(m)
WITH m, p, proposes, proposes_evidence, edge_tier, mentions, edge_evidence, count(DISTINCT c) AS claims
OPTIONAL MATCH (p)-[:REPORTS]->(a:Claim)-[:AGAINST]->(m)
WITH m, p, proposes, proposes_evidence, edge_tier, mentions, edge_evidence, claims, count(a) AS against,
     min(CASE WHEN a.sentence <> '' THEN a.id END) AS against_claim
OPTIONAL MATCH (p)-[:REPORTS]->(o:Claim)-[:`OF`]->(m)
WITH m, p, proposes, proposes_evidence, edge_tier, mentions, edge_evidence, claims, against, against_claim,
     count(o) AS results, min(CASE WHEN o.sentence <> '' THEN o.id END) AS result_claim
WITH m, p, proposes_evidence, edge_tier, edge_evidence, against_claim, result_claim, claims + mentions AS strength,
     CASE WHEN proposes > 0 THEN 4
          WHEN edge_tier = 3 OR against > 0 THEN 3
          WHEN edge_tier = 2 OR results > 0 THEN 2
          ELSE 1 END AS tier
WITH m, p, tier, strength, proposes_evidence,
     CASE WHEN tier = edge_tier THEN edge_evidence END AS edge_evidence,
     CASE tier WHEN 3 THEN against_claim WHEN 2 THEN result_claim END AS evidence_claim
OPTIONAL MATCH (ec:Claim {id: evidence_claim})
RETURN p.id AS paper, p.title AS title, p.year AS year, m.name AS method,
       CASE tier WHEN 4 THEN 'proposes' WHEN 3 THEN 'compares' WHEN 2 THEN 'uses' ELSE 'mentions' END AS relation,
       tier, strength, round(tier + 0.99 * strength / (strength + 1.0), 6) AS score,
       coalesce(CASE WHEN tier = 4 THEN proposes_evidence END, edge_evidence, ec.sentence, '') AS evidence
ORDER BY tier DESC, strength DESC, coalesce(p.upvotes, 0) DESC, coalesce(p.date, '') DESC, paper
LIMIT $limit
// variant: neo4j
WITH trim($method) AS asked
WITH asked, toLower(asked) AS wanted,
     reduce(k = '', ch IN split(toLower(asked), '') | k + CASE WHEN ch =~ '[a-z0-9]' THEN ch ELSE '' END) AS wanted_key
MATCH (m:Method)
WITH m, CASE WHEN m.id = asked THEN 0
             WHEN toLower(m.name) = wanted THEN 1
             WHEN any(a IN m.aliases WHERE toLower(a) = wanted) THEN 2
             WHEN wanted_key <> '' AND any(f IN [m.name] + coalesce(m.aliases, []) WHERE
                  reduce(k = '', ch IN split(toLower(coalesce(f, '')), '') | k + CASE WHEN ch =~ '[a-z0-9]' THEN ch ELSE '' END)
                  = wanted_key) THEN 3
        END AS step
WHERE step IS NOT NULL
WITH m ORDER BY step, coalesce(m.papers, 0) DESC, m.id LIMIT 1
MATCH (p:Paper)-[:PROPOSES|USES]->(m)
WITH DISTINCT m, p
OPTIONAL MATCH (p)-[pr:PROPOSES]->(m)
WITH m, p, count(pr) AS proposes, min(CASE WHEN pr.sentence <> '' THEN pr.sentence END) AS proposes_evidence
OPTIONAL MATCH (p)-[r:USES]->(m)
WITH m, p, proposes, proposes_evidence,
     max(CASE WHEN r IS NULL THEN 0 WHEN r.relation = 'compares' THEN 3 WHEN r.relation = 'uses' THEN 2 ELSE 1 END)
       AS edge_tier,
     max(CASE WHEN r IS NULL THEN 0 WHEN r.mentions IS NULL OR r.mentions < 1 THEN 1 ELSE r.mentions END) AS mentions,
     min(CASE WHEN r.sentence <> '' THEN r.sentence END) AS edge_evidence
OPTIONAL MATCH (p)-[:REPORTS]->(c:Claim)-[:`OF`|AGAINST]->(m)
WITH m, p, proposes, proposes_evidence, edge_tier, mentions, edge_evidence, count(DISTINCT c) AS claims
OPTIONAL MATCH (p)-[:REPORTS]->(a:Claim)-[:AGAINST]->(m)
WITH m, p, proposes, proposes_evidence, edge_tier, mentions, edge_evidence, claims, count(a) AS against,
     min(CASE WHEN a.sentence <> '' THEN a.id END) AS against_claim
OPTIONAL MATCH (p)-[:REPORTS]->(o:Claim)-[:`OF`]->(m)
WITH m, p, proposes, proposes_evidence, edge_tier, mentions, edge_evidence, claims, against, against_claim,
     count(o) AS results, min(CASE WHEN o.sentence <> '' THEN o.id END) AS result_claim
WITH m, p, proposes_evidence, edge_tier, edge_evidence, against_claim, result_claim, claims + mentions AS strength,
     CASE WHEN proposes > 0 THEN 4
          WHEN edge_tier = 3 OR against > 0 THEN 3
          WHEN edge_tier = 2 OR results > 0 THEN 2
          ELSE 1 END AS tier
WITH m, p, tier, strength, proposes_evidence,
     CASE WHEN tier = edge_tier THEN edge_evidence END AS edge_evidence,
     CASE tier WHEN 3 THEN against_claim WHEN 2 THEN result_claim END AS evidence_claim
OPTIONAL MATCH (ec:Claim {id: evidence_claim})
RETURN p.id AS paper, p.title AS title, p.year AS year, m.name AS method,
       CASE tier WHEN 4 THEN 'proposes' WHEN 3 THEN 'compares' WHEN 2 THEN 'uses' ELSE 'mentions' END AS relation,
       tier, strength, round(tier + 0.99 * strength / (strength + 1.0), 6) AS score,
       coalesce(CASE WHEN tier = 4 THEN proposes_evidence END, edge_evidence, ec.sentence, '') AS evidence
ORDER BY tier DESC, strength DESC, coalesce(p.upvotes, 0) DESC, coalesce(p.date, '') DESC, paper
LIMIT $limit
