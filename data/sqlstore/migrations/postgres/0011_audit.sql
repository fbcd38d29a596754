-- The audit trail: who did what, when (UTC), to which patient's record.
-- Rows are only ever added. Each row's hash covers its own fields and the
-- hash of the row before it, so a row changed, removed or slipped in by
-- another program breaks the chain at that row.
--
-- PostgreSQL: id is no identity column, because the store numbers each row
-- as it appends it to the chain. The lock triggers run needlepoint_refuse
-- (0003).
CREATE TABLE audit_log (
    id         BIGINT PRIMARY KEY,
    at         TEXT   COLLATE "C" NOT NULL,
    staff_id   BIGINT REFERENCES staff (id),
    actor      TEXT   COLLATE "C" NOT NULL,
    action     TEXT   COLLATE "C" NOT NULL,
    patient_id BIGINT REFERENCES patients (id),
    subject    TEXT   COLLATE "C" NOT NULL DEFAULT '',
    detail     TEXT   COLLATE "C" NOT NULL DEFAULT '',
    prev_hash  TEXT   COLLATE "C" NOT NULL,
    hash       TEXT   COLLATE "C" NOT NULL
);

CREATE INDEX audit_by_patient ON audit_log (patient_id, id);
CREATE INDEX audit_by_staff ON audit_log (staff_id, id);
CREATE INDEX audit_by_time ON audit_log (at);

CREATE TRIGGER audit_log_locked BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION needlepoint_refuse('the audit trail cannot be changed');

CREATE TRIGGER audit_log_kept BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION needlepoint_refuse('the audit trail cannot be changed');
