-- Sign-in accounts. A staff member may have one account: a username unique
-- without regard to case, and an argon2id password hash. Five failed
-- sign-ins in a row lock the account until locked_until (UTC).
CREATE TABLE accounts (
    staff_id        INTEGER PRIMARY KEY REFERENCES staff (id),
    username        TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    password_hash   TEXT    NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts
BEGIN
    SELECT RAISE(ABORT, 'accounts are never deleted; mark the staff member inactive');
END;
