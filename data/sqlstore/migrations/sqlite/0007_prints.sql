-- Every handout printed or saved from a session: what, when and by whom.
-- The log is append-only.
CREATE TABLE session_prints (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    document   TEXT    NOT NULL CHECK (document <> ''),
    printed_by TEXT    NOT NULL CHECK (printed_by <> ''),
    printed_at TEXT    NOT NULL
);

CREATE INDEX session_prints_by_session ON session_prints (session_id, id);

CREATE TRIGGER session_prints_locked BEFORE UPDATE ON session_prints
BEGIN
    SELECT RAISE(ABORT, 'the print log cannot be changed');
END;

CREATE TRIGGER session_prints_kept BEFORE DELETE ON session_prints
BEGIN
    SELECT RAISE(ABORT, 'the print log cannot be changed');
END;
