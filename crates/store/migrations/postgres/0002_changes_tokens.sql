-- exrbac store on PostgreSQL, schema version 2 (see migrations/0002_changes_tokens.sql).
CREATE TABLE changes (
    org       BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    revision  BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    id        BIGINT NOT NULL,
    PRIMARY KEY (org, revision, kind, id)
);
CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    org        BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    principal  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created    BIGINT NOT NULL,
    revoked    BIGINT
);
CREATE INDEX tokens_by_principal ON tokens (org, lower(principal));
