-- The audit trail: who did what, when (UTC), to which patient's record.
-- Rows are only ever added. Each row's hash covers its own fields and the
-- hash of the row before it, so a row changed, removed or slipped in by
-- another program breaks the chain at that row.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    staff_id   INTEGER REFERENCES staff (id),
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    patient_id INTEGER REFERENCES patients (id),
    subject    TEXT    NOT NULL DEFAULT '',
    detail     TEXT    NOT NULL DEFAULT '',
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);

CREATE INDEX audit_by_patient ON audit_log (patient_id, id);
CREATE INDEX audit_by_staff ON audit_log (staff_id, id);
CREATE INDEX audit_by_time ON audit_log (at);

CREATE TRIGGER audit_log_locked BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

CREATE TRIGGER audit_log_kept BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
