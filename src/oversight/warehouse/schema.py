"""The warehouse tables (DuckDB). Created on first write; ``SCHEMA_VERSION`` guards against a file made by an
incompatible version of this module."""

from __future__ import annotations

import duckdb

SCHEMA_VERSION = 2
# Versions this code upgrades in place: each later version only added tables (2: the IUC call KPIs).
ADDITIVE_FROM = (1,)

DDL = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

-- One row per file loaded: where the numbers came from.
CREATE TABLE IF NOT EXISTS loads (
    load_id        BIGINT PRIMARY KEY,
    source         VARCHAR NOT NULL,      -- "ae", "ae-tidy", "rtt", "nhs111"
    layout         VARCHAR NOT NULL,      -- the layout recognised, e.g. "ae-nhse-monthly"
    file_name      VARCHAR NOT NULL,
    file_path      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    size_bytes     BIGINT NOT NULL,
    loaded_at      TIMESTAMP NOT NULL,    -- UTC
    rows_read      BIGINT NOT NULL,       -- data rows in the file, footer included
    rows_excluded  BIGINT NOT NULL,       -- national TOTAL rows left out
    rows_written   BIGINT NOT NULL,       -- observations inserted or changed by this load
    first_period   DATE,
    last_period    DATE,
    periods        INTEGER NOT NULL,
    observations_new       BIGINT NOT NULL,
    observations_replaced  BIGINT NOT NULL,
    observations_removed   BIGINT NOT NULL,
    observations_unchanged BIGINT NOT NULL,
    options        VARCHAR NOT NULL       -- JSON: catalogue options that shaped the derived values
);

-- The facts: one value per organisation, metric and month.
CREATE TABLE IF NOT EXISTS observations (
    org_code     VARCHAR NOT NULL,
    metric       VARCHAR NOT NULL,
    period       DATE NOT NULL,           -- first day of the month
    numerator    DOUBLE,
    denominator  DOUBLE,
    value        DOUBLE,                  -- NULL: reported as missing ('-', or no reporting day)
    load_id      BIGINT NOT NULL,         -- the load that wrote this value
    PRIMARY KEY (org_code, metric, period)
);

-- Every value a later file changed or withdrew, for the audit trail of published revisions.
CREATE TABLE IF NOT EXISTS revisions (
    load_id          BIGINT NOT NULL,     -- the load that made the change
    org_code         VARCHAR NOT NULL,
    metric           VARCHAR NOT NULL,
    period           DATE NOT NULL,
    change           VARCHAR NOT NULL,    -- "changed", "removed" (not in the revised file), "added"
    old_numerator    DOUBLE,
    old_denominator  DOUBLE,
    old_value        DOUBLE,
    old_load_id      BIGINT,
    new_numerator    DOUBLE,
    new_denominator  DOUBLE,
    new_value        DOUBLE
);

-- Organisation codes as the files name them. Many are not NHS trusts (independent providers, walk-in
-- centres, IUC contract areas), so the name and parent are kept as seen, per source.
CREATE TABLE IF NOT EXISTS organisations (
    org_code      VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,       -- "ae", "rtt", "nhs111"
    org_name      VARCHAR,
    parent_name   VARCHAR,                -- NHS England region (A&E, 111) or ICB (RTT provider parent)
    first_period  DATE NOT NULL,
    last_period   DATE NOT NULL,
    load_id       BIGINT NOT NULL,
    PRIMARY KEY (org_code, source)
);

-- IUC KPIs from call-level events (oversight.iuc.store): per contract, service and site, each month.
-- Contract rows are also written to observations (org_code = contract code) for surveillance.
CREATE TABLE IF NOT EXISTS iuc_kpis (
    period       DATE NOT NULL,           -- first day of the month the call was received
    level        VARCHAR NOT NULL,        -- "contract", "service", "site"
    key          VARCHAR NOT NULL,        -- the contract code, service or site as the events name it
    kpi          VARCHAR NOT NULL,        -- a metric code registered in indicators/metrics/urgent_care.toml
    numerator    DOUBLE,
    denominator  DOUBLE,
    value        DOUBLE,
    load_id      BIGINT NOT NULL,
    PRIMARY KEY (level, key, kpi, period)
);

-- Per-clinician IUC KPIs: personal data about a member of staff, kept apart so that nothing listing
-- surveillance series can show it; read only through oversight.iuc.store.clinician_kpis.
CREATE TABLE IF NOT EXISTS iuc_clinician_kpis (
    period          DATE NOT NULL,
    clinician_id    VARCHAR NOT NULL,     -- registration number or local staff id, as in the events
    clinician_type  VARCHAR,              -- the type most often recorded for them that month
    kpi             VARCHAR NOT NULL,
    numerator       DOUBLE,
    denominator     DOUBLE,
    value           DOUBLE,
    load_id         BIGINT NOT NULL,
    PRIMARY KEY (clinician_id, kpi, period)
);
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables if absent; refuse a file written with a different schema version."""
    con.execute(DDL)
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    if row is None or row[0] is None:
        con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
    elif row[0] in ADDITIVE_FROM:  # the DDL above has just added the newer tables
        con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION])
    elif row[0] != SCHEMA_VERSION:
        raise RuntimeError(f"warehouse schema version {row[0]}, this code expects {SCHEMA_VERSION}")
