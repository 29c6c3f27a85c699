-- exrbac store, schema version 2.
-- `changes` lists, per revision, which objects a commit wrote or removed, so
-- a node that holds revision N catches up by reading only the objects
-- changed after N instead of reloading the organization.
CREATE TABLE changes (
    org       INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    revision  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    id        INTEGER NOT NULL,
    PRIMARY KEY (org, revision, kind, id)
) WITHOUT ROWID;
-- API tokens of `exrbac serve`: only a SHA-256 hash of each secret is kept.
CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    org        INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    principal  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created    INTEGER NOT NULL,
    revoked    INTEGER
);
CREATE INDEX tokens_by_principal ON tokens (org, principal);
