-- exrbac store on PostgreSQL, schema version 1: the SQLite schema
-- (migrations/0001_init.sql) with PostgreSQL types.
--
-- Bodies are TEXT holding serde_json's output rather than JSONB: JSONB
-- rejects the `\u0000` escape a recipient attribute may legitimately carry,
-- and TEXT hands back exactly what was written.
CREATE TABLE exrbac_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
CREATE TABLE organizations (
    id        BIGSERIAL PRIMARY KEY,
    name      TEXT NOT NULL,
    revision  BIGINT NOT NULL,
    settings  TEXT NOT NULL
);
-- Organization names compare case-insensitively, as SQLite's COLLATE NOCASE does.
CREATE UNIQUE INDEX organizations_by_name ON organizations (lower(name));
CREATE TABLE objects (
    org   BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind  TEXT NOT NULL,
    id    BIGINT NOT NULL,
    body  TEXT NOT NULL,
    PRIMARY KEY (org, kind, id)
);
CREATE TABLE audit (
    seq         BIGSERIAL PRIMARY KEY,
    org         BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    revision    BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    principal   TEXT NOT NULL,
    cmdlet      TEXT NOT NULL,
    parameters  TEXT NOT NULL,
    succeeded   BOOLEAN NOT NULL,
    error       TEXT,
    objects     TEXT NOT NULL
);
CREATE INDEX audit_by_org_time ON audit (org, at);
