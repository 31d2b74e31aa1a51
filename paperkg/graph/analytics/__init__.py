"""Graph analytics: one algorithm per function, each taking a NetworkX graph (see docs/analytics.md).

The store-backed versions (the same answers, run as Cypher against a store) live in
``paperkg.cypher.analytics``; they reuse the pure functions here.
"""

from paperkg.graph.analytics.answers import Match, Ranked, Suggestions
from paperkg.graph.analytics.cites_like import PaperMeta, all_paper_meta, cites_like
from paperkg.graph.analytics.conflicts import conflicts
from paperkg.graph.analytics.leaderboard import leaderboard
from paperkg.graph.analytics.lookup import resolve_entity
from paperkg.graph.analytics.paths import evidence_path
from paperkg.graph.analytics.similar import similar_methods
from paperkg.graph.analytics.stats import stats

__all__ = ["Match", "PaperMeta", "Ranked", "Suggestions", "all_paper_meta", "cites_like", "conflicts",
           "evidence_path", "leaderboard", "resolve_entity", "similar_methods", "stats"]
