-- Sign-in accounts. A staff member may have one account: a username unique
-- without regard to case, and an argon2id password hash. Five failed
-- sign-ins in a row lock the account until locked_until (UTC).
--
-- PostgreSQL has no NOCASE collation: a unique index on lower(username)
-- keeps usernames unique without regard to case. On a COLLATE "C" column
-- lower() folds A to Z only, as SQLite's NOCASE does. The lock trigger
-- runs needlepoint_refuse (0003).
CREATE TABLE accounts (
    staff_id        BIGINT PRIMARY KEY REFERENCES staff (id),
    username        TEXT   COLLATE "C" NOT NULL,
    password_hash   TEXT   COLLATE "C" NOT NULL,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until    TEXT   COLLATE "C" NOT NULL DEFAULT '',
    created_at      TEXT   COLLATE "C" NOT NULL,
    updated_at      TEXT   COLLATE "C" NOT NULL
);

CREATE UNIQUE INDEX accounts_by_username ON accounts (lower(username));

CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts
FOR EACH ROW EXECUTE FUNCTION needlepoint_refuse('accounts are never deleted; mark the staff member inactive');
