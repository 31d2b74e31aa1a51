// name: leaderboard
// description: Results reported on a dataset, by metric: absolute values of one metric in one unit get a rank (best first, equal values share it) when the metric's direction is known and there are two or more; gains, reductions, ratios, differences and values without a unit or a metric are listed apart with their standing and no rank. The rules of `paperkg leaderboard` (docs/analytics.md).
// param: dataset STRING the dataset's name or one of its aliases, e.g. ImageNet
// param: metric STRING (optional) only this metric (name or alias)
// The lists below are paperkg/graph/data/leaderboard.json (tests/graph/test_leaderboard_rules.py keeps them equal).
WITH toLower($dataset) AS wanted_dataset, toLower($metric) AS wanted_metric,
       ['absolute'] AS score_kinds, ['improvement'] AS gain_kinds, ['reduction'] AS reduction_kinds,
       ['x'] AS ratio_units, ['%'] AS percent_units, ['points', 'pp'] AS difference_units,
       ['fid', 'fid score', 'frechet inception distance', 'fréchet inception distance', 'gfid', 'rfid',
        'sfid', 'fvd', 'frechet video distance', 'fréchet video distance', 'inception score', 'psnr',
        'peak signal-to-noise ratio', 'peak signal to noise ratio', 'ssim', 'structural similarity',
        'structural similarity index', 'lpips', 'perplexity', 'ppl', 'bleu', 'bleu score', 'bleu-4',
        'sacrebleu', 'pearson correlation', 'pearson correlation coefficient', 'spearman correlation',
        'spearman\'s rank correlation', 'kendall\'s tau', 'kendall tau', 'bits per dimension', 'bits/dim',
        'bpd', 'bits per byte', 'bpb', 'tokens per second', 'tokens/s'] AS plain_number_metrics
MATCH (p:Paper)-[:REPORTS]->(c:Claim)-[:`ON`]->(d:Dataset)
WHERE toLower(d.name) = wanted_dataset OR any(a IN d.aliases WHERE toLower(a) = wanted_dataset)
OPTIONAL MATCH (c)-[:`IN`]->(x:Metric)
WITH d, c, p, x, wanted_metric, score_kinds, gain_kinds, reduction_kinds, ratio_units, percent_units,
     difference_units, coalesce(c.unit, '') AS unit,
     toLower(coalesce(x.name, c.metric, '')) IN plain_number_metrics
       OR any(a IN coalesce(x.aliases, []) WHERE toLower(a) IN plain_number_metrics) AS plain
WHERE wanted_metric = '' OR toLower(x.name) = wanted_metric OR any(a IN x.aliases WHERE toLower(a) = wanted_metric)
WITH d, c, p, x, unit, score_kinds,
     CASE WHEN c.number IS NULL THEN 'other'
          WHEN c.kind IN gain_kinds THEN 'gain'
          WHEN c.kind IN reduction_kinds THEN 'reduction'
          WHEN unit IN ratio_units OR (plain AND unit IN percent_units) THEN 'ratio'
          WHEN unit IN difference_units THEN 'difference'
          WHEN NOT coalesce(c.kind IN score_kinds, false) THEN 'other'
          WHEN x IS NULL AND coalesce(c.metric, '') = '' THEN 'no metric'
          WHEN unit = '' AND NOT plain THEN 'no unit'
          ELSE 'score' END AS standing
WITH d, c, p, x, unit, standing, score_kinds,
     standing = 'score' AND coalesce(x.direction IN ['higher', 'lower'], false) AS rankable
// a score's board: the dataset's scores in the same metric and unit (same kind, unit and metric: scores too)
WITH d, c, p, x, unit, standing,
     CASE WHEN rankable THEN COUNT {
       MATCH (:Paper)-[:REPORTS]->(o:Claim)-[:`ON`]->(d), (o)-[:`IN`]->(x)
       WHERE o.kind IN score_kinds AND o.number IS NOT NULL AND coalesce(o.unit, '') = unit } END AS board,
     CASE WHEN rankable THEN COUNT {
       MATCH (:Paper)-[:REPORTS]->(o:Claim)-[:`ON`]->(d), (o)-[:`IN`]->(x)
       WHERE o.kind IN score_kinds AND o.number IS NOT NULL AND coalesce(o.unit, '') = unit
         AND CASE WHEN x.direction = 'lower' THEN o.number < c.number ELSE o.number > c.number END } END AS better
OPTIONAL MATCH (c)-[:`OF`]->(m:Method)
RETURN d.name AS dataset, coalesce(x.name, c.metric, '(metric not stated)') AS metric,
       coalesce(m.name, c.method) AS method, c.value AS value, unit, standing,
       CASE WHEN board > 1 THEN 1 + better END AS rank,
       c.number AS number, c.kind AS kind, c.metric AS stated_metric, c.dataset AS stated_dataset,
       c.baseline AS baseline, p.id AS paper, c.id AS claim, c.sentence AS evidence
ORDER BY metric,
         CASE standing WHEN 'score' THEN 0 WHEN 'gain' THEN 1 WHEN 'reduction' THEN 2 WHEN 'ratio' THEN 3
                       WHEN 'difference' THEN 4 WHEN 'other' THEN 5 WHEN 'no unit' THEN 6 ELSE 7 END,
         unit, CASE WHEN standing = 'score' AND x.direction = 'lower' THEN c.number ELSE -c.number END,
         paper, claim
