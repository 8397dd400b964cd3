"""Merge one file's observations into the warehouse, inside the caller's transaction.

A file speaks for its scope: the metrics it derives x the months it covers. Within that scope the file's
values replace the warehouse's; a value the file changes, withdraws, or adds to a month already loaded is
recorded in ``revisions``. Values it leaves unchanged keep the load that first wrote them, so loading the
same numbers again writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from oversight.warehouse.layouts.extract import Extract

_KEY = "d.org_code = o.org_code AND d.metric = o.metric AND d.period = o.period"


@dataclass(frozen=True)
class Diff:
    new: int
    changed: int
    removed: int
    unchanged: int

    @property
    def changes(self) -> int:
        return self.new + self.changed + self.removed

    def as_dict(self) -> dict[str, int]:
        return {
            "new": self.new,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


def stage(con: duckdb.DuckDBPyConnection, extract: Extract) -> Diff:
    """Compare the file with the warehouse (temp table ``diff``), changing nothing yet."""
    scope = pl.DataFrame({"metric": list(extract.metrics)}, schema={"metric": pl.String}).join(
        pl.DataFrame({"period": list(extract.periods)}, schema={"period": pl.Date}), how="cross"
    )
    con.register("incoming_frame", extract.observations)
    con.register("scope_frame", scope)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE diff AS
        WITH current AS (
            SELECT o.* FROM observations o JOIN scope_frame s ON o.metric = s.metric AND o.period = s.period
        ),
        loaded_months AS (SELECT DISTINCT metric, period FROM current)
        SELECT
            coalesce(i.org_code, c.org_code) AS org_code,
            coalesce(i.metric, c.metric) AS metric,
            coalesce(i.period, c.period) AS period,
            CASE
                WHEN c.org_code IS NULL AND m.metric IS NOT NULL THEN 'added'   -- new in a month already loaded
                WHEN c.org_code IS NULL THEN 'new'
                WHEN i.org_code IS NULL THEN 'removed'
                WHEN i.numerator IS DISTINCT FROM c.numerator OR i.denominator IS DISTINCT FROM c.denominator
                     OR i.value IS DISTINCT FROM c.value THEN 'changed'
                ELSE 'unchanged'
            END AS change,
            c.numerator AS old_numerator, c.denominator AS old_denominator, c.value AS old_value,
            c.load_id AS old_load_id,
            i.numerator AS new_numerator, i.denominator AS new_denominator, i.value AS new_value
        FROM incoming_frame i
        FULL OUTER JOIN current c ON i.org_code = c.org_code AND i.metric = c.metric AND i.period = c.period
        LEFT JOIN loaded_months m ON m.metric = i.metric AND m.period = i.period
    """)
    con.unregister("incoming_frame")
    con.unregister("scope_frame")
    counts = dict(con.execute("SELECT change, count(*) FROM diff GROUP BY change").fetchall())
    return Diff(
        new=counts.get("new", 0) + counts.get("added", 0),
        changed=counts.get("changed", 0),
        removed=counts.get("removed", 0),
        unchanged=counts.get("unchanged", 0),
    )


def apply(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """Write the staged ``diff``: revisions first (they need the old values), then the observations."""
    con.execute(
        """
        INSERT INTO revisions
        SELECT ?, org_code, metric, period, change, old_numerator, old_denominator, old_value, old_load_id,
               new_numerator, new_denominator, new_value
        FROM diff WHERE change IN ('changed', 'removed', 'added')
    """,
        [load_id],
    )
    con.execute(
        f"DELETE FROM observations o USING diff d WHERE {_KEY} AND d.change IN ('changed', 'removed')"
    )
    con.execute(
        """
        INSERT INTO observations
        SELECT org_code, metric, period, new_numerator, new_denominator, new_value, ?
        FROM diff WHERE change IN ('new', 'added', 'changed')
    """,
        [load_id],
    )


def upsert_organisations(con: duckdb.DuckDBPyConnection, extract: Extract, source: str, load_id: int) -> None:
    """Keep each code's name and parent from the latest month seen, and the span of months seen."""
    orgs = (
        extract.organisations.sort("period", descending=True)
        .group_by("org_code")
        .agg(
            pl.col("org_name").drop_nulls().first(),
            pl.col("parent_name").drop_nulls().first(),
            pl.col("period").min().alias("first_period"),
            pl.col("period").max().alias("last_period"),
        )
    )
    con.register("org_frame", orgs)
    con.execute(
        """
        INSERT INTO organisations
        SELECT org_code, ?, org_name, parent_name, first_period, last_period, ? FROM org_frame
        ON CONFLICT (org_code, source) DO UPDATE SET
            org_name = CASE WHEN excluded.last_period >= organisations.last_period
                            THEN coalesce(excluded.org_name, organisations.org_name)
                            ELSE coalesce(organisations.org_name, excluded.org_name) END,
            parent_name = CASE WHEN excluded.last_period >= organisations.last_period
                               THEN coalesce(excluded.parent_name, organisations.parent_name)
                               ELSE coalesce(organisations.parent_name, excluded.parent_name) END,
            first_period = least(organisations.first_period, excluded.first_period),
            last_period = greatest(organisations.last_period, excluded.last_period),
            load_id = excluded.load_id
    """,
        [source, load_id],
    )
    con.unregister("org_frame")
