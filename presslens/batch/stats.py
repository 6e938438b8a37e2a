"""``presslens stats``: the questions researchers ask of a batch's Parquet tables, answered with DuckDB.

* techniques by source, month or genre (spans, articles, spans per 1,000 words);
* an overview per group (articles, words, technique and claim density, claims contradicted by the
  evidence when the batch ran with ``--evidence``, genre mix);
* the most-named people, organisations and places, and how often they are named inside a technique span
  (with the technique that most often surrounds them);
* the narratives articles push, by source or month (share of the articles);
* who is portrayed how: per actor (and group), the articles that name it, its mentions, the share of those
  articles that cast it as antagonist, protagonist or innocent, and the techniques most attached to it.
"""
from __future__ import annotations

from pathlib import Path

GROUPS = {
    "source": "coalesce(nullif(site, ''), 'unknown')",
    "month": "coalesce(strftime(try_cast(date AS DATE), '%Y-%m'), 'unknown')",
    "genre": "coalesce(genre, 'unknown')",
}


def _connect(results: Path):
    import duckdb

    results = Path(results)
    for table in ("articles", "spans"):
        if not list((results / table).glob("*.parquet")):
            raise FileNotFoundError(f"no {table}/*.parquet in {results}: run presslens batch first")
    db = duckdb.connect()
    db.execute(f"CREATE VIEW articles AS SELECT * FROM read_parquet('{results}/articles/*.parquet')")
    db.execute(f"CREATE VIEW spans AS SELECT * FROM read_parquet('{results}/spans/*.parquet', union_by_name = true)")
    return db


def _rows(db, sql: str) -> list[dict]:
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def technique_table(results: Path, by: str) -> list[dict]:
    db = _connect(results)
    group = GROUPS[by]
    return _rows(db, f"""
        WITH a AS (SELECT id, {group} AS grp, words FROM articles),
             totals AS (SELECT grp, sum(words) AS words FROM a GROUP BY grp)
        SELECT a.grp AS {by}, s.label AS technique, count(*) AS spans, count(DISTINCT s.id) AS articles,
               round(1000.0 * count(*) / any_value(t.words), 2) AS per_1000_words
        FROM spans s JOIN a USING (id) JOIN totals t ON t.grp = a.grp
        WHERE s.kind = 'technique'
        GROUP BY a.grp, s.label ORDER BY a.grp, spans DESC""")


def overview(results: Path, by: str) -> list[dict]:
    db = _connect(results)
    group = GROUPS[by]
    return _rows(db, f"""
        WITH c AS (SELECT id, count(*) AS claims, count(*) FILTER (WHERE label = 'contradicted') AS contradicted
                   FROM spans WHERE kind = 'claim' AND label <> 'satire' GROUP BY id),
             a AS (SELECT articles.*, coalesce(c.claims, 0) AS claims, coalesce(c.contradicted, 0) AS contradicted,
                          {group} AS grp FROM articles LEFT JOIN c USING (id))
        SELECT grp AS {by}, count(*) AS articles, sum(words) AS words,
               round(1000.0 * sum(techniques) / nullif(sum(words), 0), 2) AS techniques_per_1000_words,
               round(1000.0 * sum(claims) / nullif(sum(words), 0), 2) AS claims_per_1000_words,
               sum(contradicted) AS contradicted_claims,
               count(*) FILTER (WHERE genre = 'opinion') AS opinion,
               count(*) FILTER (WHERE genre = 'reporting') AS reporting,
               count(*) FILTER (WHERE genre = 'satire') AS satire
        FROM a GROUP BY grp ORDER BY articles DESC""")


def top_entities(results: Path, limit: int = 20) -> list[dict]:
    db = _connect(results)
    return _rows(db, f"""
        WITH e AS (SELECT id, start, "end", label, regexp_replace(text, '\\s+', ' ', 'g') AS name FROM spans
                   WHERE kind = 'entity' AND label IN ('PERSON', 'ORG', 'GPE', 'NORP')),
             inside AS (SELECT e.name, e.label, t.label AS technique FROM e JOIN spans t
                        ON t.id = e.id AND t.kind = 'technique' AND t.start <= e.start AND e."end" <= t."end")
        SELECT e.name AS entity, e.label AS type, count(*) AS mentions, count(DISTINCT e.id) AS articles,
               (SELECT count(*) FROM inside i WHERE i.name = e.name AND i.label = e.label) AS in_technique_spans,
               (SELECT mode(technique) FROM inside i WHERE i.name = e.name AND i.label = e.label) AS most_common_technique
        FROM e GROUP BY e.name, e.label ORDER BY mentions DESC LIMIT {int(limit)}""")


def portrayal(results: Path, by: str, limit: int = 20) -> list[dict]:
    """The most-mentioned actors of each group, with the roles the articles cast them in."""
    db = _connect(results)
    group = GROUPS[by]
    columns = {c[0] for c in db.execute("DESCRIBE spans").fetchall()}
    if "actor" not in columns:   # a batch of an earlier presslens, before actors
        return []
    return _rows(db, f"""
        WITH a AS (SELECT id, {group} AS grp FROM articles),
             r AS (SELECT a.grp, s.actor, s.label, s.mentions, s.id FROM spans s JOIN a USING (id) WHERE s.kind = 'actor'),
             t AS (SELECT a.grp, s.actor, s.label AS technique, count(*) AS n FROM spans s JOIN a USING (id)
                   WHERE s.kind = 'actor_technique' GROUP BY ALL),
             top AS (SELECT grp, actor, string_agg(technique || ' ' || n, ', ' ORDER BY n DESC, technique) AS techniques
                     FROM (SELECT *, row_number() OVER (PARTITION BY grp, actor ORDER BY n DESC, technique) AS k FROM t)
                     WHERE k <= 3 GROUP BY grp, actor),
             ranked AS (SELECT grp, actor, count(DISTINCT id) AS articles, sum(mentions) AS mentions,
                               round(avg(CASE WHEN label = 'antagonist' THEN 1 ELSE 0 END), 3) AS antagonist,
                               round(avg(CASE WHEN label = 'protagonist' THEN 1 ELSE 0 END), 3) AS protagonist,
                               round(avg(CASE WHEN label = 'innocent' THEN 1 ELSE 0 END), 3) AS innocent,
                               row_number() OVER (PARTITION BY grp ORDER BY sum(mentions) DESC, actor) AS k
                        FROM r GROUP BY grp, actor)
        SELECT ranked.grp AS {by}, ranked.actor, articles, mentions, antagonist, protagonist, innocent,
               coalesce(top.techniques, '') AS techniques
        FROM ranked LEFT JOIN top USING (grp, actor) WHERE k <= {int(limit)}
        ORDER BY ranked.grp, mentions DESC, ranked.actor""")


def narrative_table(results: Path, by: str) -> list[dict]:
    """Per group and narrative: the articles that push it and their share of the group's articles (with
    the narratives analysis; ``Other``: none of the known storylines)."""
    db = _connect(results)
    group = GROUPS[by]
    return _rows(db, f"""
        WITH a AS (SELECT id, {group} AS grp, narratives FROM articles WHERE narratives IS NOT NULL),
             n AS (SELECT grp, count(*) AS total FROM a GROUP BY grp)
        SELECT a.grp AS {by}, trim(x.narrative) AS narrative, count(*) AS articles,
               round(count(*) / any_value(n.total), 3) AS share
        FROM a, unnest(string_split(a.narratives, ';')) AS x(narrative) JOIN n ON n.grp = a.grp
        GROUP BY a.grp, trim(x.narrative) ORDER BY a.grp, articles DESC, narrative""")


def plot_narratives(table: list[dict], by: str, path: Path, groups: int = 8, narratives: int = 10) -> None:
    """A heat map: the share of each group's articles that push each of the most frequent narratives
    (``Other`` left out)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in table if r["narrative"] != "Other"]
    chosen_groups = sorted({r[by] for r in table}, key=lambda g: -sum(r["articles"] for r in table if r[by] == g))[:groups]
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["narrative"]] = totals.get(r["narrative"], 0) + r["articles"]
    chosen = sorted(totals, key=lambda n: -totals[n])[:narratives]
    share = {(r[by], r["narrative"]): r["share"] for r in rows}
    grid = [[share.get((g, n), 0.0) for g in chosen_groups] for n in chosen]
    fig, ax = plt.subplots(figsize=(2.5 + 1.1 * max(1, len(chosen_groups)), 1.2 + 0.4 * max(1, len(chosen))))
    image = ax.imshow(grid or [[0.0]], cmap="Blues", vmin=0, vmax=max([max(r) for r in grid] + [0.01]), aspect="auto")
    ax.set_xticks(range(len(chosen_groups)), [str(g) for g in chosen_groups], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(chosen)), chosen, fontsize=8)
    ax.set_title(f"Narratives by {by} (share of the articles)")
    fig.colorbar(image, ax=ax, fraction=0.03)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_portrayal(table: list[dict], path: Path, actors: int = 12) -> None:
    """Horizontal stacked bars: for the most-mentioned actors over all groups, the share of the articles naming
    them that cast them as antagonist, protagonist, innocent (the rest: no stance)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    totals: dict[str, list[float]] = {}
    for row in table:
        t = totals.setdefault(row["actor"], [0, 0, 0, 0, 0])
        t[0] += row["mentions"] or 0
        t[1] += row["articles"]
        for k, role in enumerate(("antagonist", "protagonist", "innocent"), 2):
            t[k] += row[role] * row["articles"]
    chosen = sorted(totals, key=lambda a: -totals[a][0])[:actors]
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.45 * max(1, len(chosen))))
    left = [0.0] * len(chosen)
    for k, (role, colour) in enumerate((("antagonist", "#c0392b"), ("protagonist", "#27ae60"), ("innocent", "#2e86c1")), 2):
        values = [totals[a][k] / totals[a][1] for a in chosen]
        ax.barh(chosen, values, left=left, label=role, color=colour)
        left = [x + y for x, y in zip(left, values)]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the articles naming the actor (the rest: no stance)")
    ax.set_title("Who is portrayed how")
    ax.invert_yaxis()
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_techniques(table: list[dict], by: str, path: Path, groups: int = 8) -> None:
    """Horizontal stacked bars: technique spans per 1,000 words, one bar per group."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    totals: dict[str, float] = {}
    for row in table:
        totals[row[by]] = totals.get(row[by], 0) + row["per_1000_words"]
    chosen = sorted(totals, key=totals.get, reverse=True)[:groups]
    techniques = sorted({row["technique"] for row in table if row[by] in chosen},
                        key=lambda t: -sum(r["spans"] for r in table if r["technique"] == t))
    fig, ax = plt.subplots(figsize=(10, 1.2 + 0.5 * len(chosen)))
    left = [0.0] * len(chosen)
    colours = plt.get_cmap("tab20").colors
    for k, technique in enumerate(techniques):
        values = [next((r["per_1000_words"] for r in table if r[by] == g and r["technique"] == technique), 0.0)
                  for g in chosen]
        ax.barh(chosen, values, left=left, label=technique, color=colours[k % len(colours)])
        left = [a + b for a, b in zip(left, values)]
    ax.set_xlabel("technique spans per 1,000 words")
    ax.set_title(f"Persuasion techniques by {by}")
    ax.invert_yaxis()
    ax.legend(fontsize=7, loc="lower right", ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
