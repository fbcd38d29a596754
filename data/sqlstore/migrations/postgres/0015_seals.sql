-- Seals: a hash of a record's full content, written when Needlepoint
-- signs, records or changes it, in the same transaction as the audit row
-- that says so. The audit row's seal column holds the hash of its seals
-- (data.sealAggregate), and the row's own hash covers that, so a record
-- changed by another program (even one that drops and puts back the lock
-- triggers) no longer matches its newest seal, and a seal changed to match
-- breaks the audit chain. Both tables only ever grow.
--
-- PostgreSQL: SQLite's WITHOUT ROWID tables are ordinary tables with the
-- same primary key. The lock triggers run needlepoint_refuse (0003).
-- Sealing the records already on file is the store's work in Go, as on
-- SQLite.
ALTER TABLE audit_log ADD COLUMN seal TEXT COLLATE "C" NOT NULL DEFAULT '';

CREATE TABLE seals (
    kind      TEXT   COLLATE "C" NOT NULL,
    record_id BIGINT NOT NULL,
    audit_id  BIGINT NOT NULL REFERENCES audit_log (id),
    hash      TEXT   COLLATE "C" NOT NULL,
    PRIMARY KEY (audit_id, kind, record_id)
);

CREATE INDEX seals_by_record ON seals (kind, record_id, audit_id);

CREATE TRIGGER seals_locked BEFORE UPDATE ON seals
FOR EACH ROW EXECUTE FUNCTION needlepoint_refuse('a seal cannot be changed');

CREATE TRIGGER seals_kept BEFORE DELETE ON seals
FOR EACH ROW EXECUTE FUNCTION needlepoint_refuse('a seal cannot be removed');

-- Every version of a patient's allergies, medications and medical notes
-- that Needlepoint saved, with the audit row that saved it.
CREATE TABLE patient_medical_history (
    patient_id    BIGINT NOT NULL REFERENCES patients (id),
    audit_id      BIGINT NOT NULL REFERENCES audit_log (id),
    allergies     TEXT   COLLATE "C" NOT NULL,
    medications   TEXT   COLLATE "C" NOT NULL,
    medical_notes TEXT   COLLATE "C" NOT NULL,
    PRIMARY KEY (patient_id, audit_id)
);

CREATE TRIGGER patient_medical_history_locked BEFORE UPDATE ON patient_medical_history
FOR EACH ROW EXECUTE FUNCTION needlepoint_refuse('the history of medical details cannot be changed');

CREATE TRIGGER patient_medical_history_kept BEFORE DELETE ON patient_medical_history
FOR EACH ROW EXECUTE FUNCTION needlepoint_refuse('the history of medical details cannot be changed');
