-- Seals: a hash of a record's full content, written when Needlepoint
-- signs, records or changes it, in the same transaction as the audit row
-- that says so. The audit row's seal column holds the hash of its seals
-- (data.sealAggregate), and the row's own hash covers that, so a record
-- changed by another program (even one that drops and puts back the lock
-- triggers) no longer matches its newest seal, and a seal changed to match
-- breaks the audit chain. Both tables only ever grow.
ALTER TABLE audit_log ADD COLUMN seal TEXT NOT NULL DEFAULT '';

CREATE TABLE seals (
    kind      TEXT    NOT NULL,
    record_id INTEGER NOT NULL,
    audit_id  INTEGER NOT NULL REFERENCES audit_log (id),
    hash      TEXT    NOT NULL,
    PRIMARY KEY (audit_id, kind, record_id)
) WITHOUT ROWID;

CREATE INDEX seals_by_record ON seals (kind, record_id, audit_id);

CREATE TRIGGER seals_locked BEFORE UPDATE ON seals
BEGIN
    SELECT RAISE(ABORT, 'a seal cannot be changed');
END;

CREATE TRIGGER seals_kept BEFORE DELETE ON seals
BEGIN
    SELECT RAISE(ABORT, 'a seal cannot be removed');
END;

-- Every version of a patient's allergies, medications and medical notes
-- that Needlepoint saved, with the audit row that saved it.
CREATE TABLE patient_medical_history (
    patient_id    INTEGER NOT NULL REFERENCES patients (id),
    audit_id      INTEGER NOT NULL REFERENCES audit_log (id),
    allergies     TEXT    NOT NULL,
    medications   TEXT    NOT NULL,
    medical_notes TEXT    NOT NULL,
    PRIMARY KEY (patient_id, audit_id)
) WITHOUT ROWID;

CREATE TRIGGER patient_medical_history_locked BEFORE UPDATE ON patient_medical_history
BEGIN
    SELECT RAISE(ABORT, 'the history of medical details cannot be changed');
END;

CREATE TRIGGER patient_medical_history_kept BEFORE DELETE ON patient_medical_history
BEGIN
    SELECT RAISE(ABORT, 'the history of medical details cannot be changed');
END;
