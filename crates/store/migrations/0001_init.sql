-- exrbac store, schema version 1.
-- Every row is keyed by organization; objects are stored one per row with
-- their JSON body, so a change writes only the objects it touched.
CREATE TABLE organizations (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    revision  INTEGER NOT NULL,
    settings  TEXT NOT NULL
);
CREATE TABLE objects (
    org   INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind  TEXT NOT NULL,
    id    INTEGER NOT NULL,
    body  TEXT NOT NULL,
    PRIMARY KEY (org, kind, id)
) WITHOUT ROWID;
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    org         INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    principal   TEXT NOT NULL,
    cmdlet      TEXT NOT NULL,
    parameters  TEXT NOT NULL,
    succeeded   INTEGER NOT NULL,
    error       TEXT,
    objects     TEXT NOT NULL
);
CREATE INDEX audit_by_org_time ON audit (org, at);
