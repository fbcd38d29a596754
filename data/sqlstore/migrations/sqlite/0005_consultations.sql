-- Consultations and the addenda that correct signed notes. A signed note is
-- locked here, in the database, so that no program - not even a raw SQL
-- client - can change or remove it: corrections are addenda, and addenda
-- themselves can never change.
CREATE TABLE consultations (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    consulted_on    TEXT    NOT NULL,
    practitioner_id INTEGER NOT NULL REFERENCES staff (id),
    concerns        TEXT    NOT NULL DEFAULT '',
    goals           TEXT    NOT NULL DEFAULT '',
    skin_type       INTEGER NOT NULL DEFAULT 0 CHECK (skin_type BETWEEN 0 AND 6),
    skin_condition  TEXT    NOT NULL DEFAULT '',
    areas           TEXT    NOT NULL DEFAULT '',
    planned_sessions INTEGER NOT NULL DEFAULT 0 CHECK (planned_sessions BETWEEN 0 AND 20),
    interval_weeks  INTEGER NOT NULL DEFAULT 0 CHECK (interval_weeks BETWEEN 0 AND 26),
    depth_min       INTEGER NOT NULL DEFAULT 0,
    depth_max       INTEGER NOT NULL DEFAULT 0,
    notes           TEXT    NOT NULL DEFAULT '',
    signed_at       TEXT,
    signed_by       INTEGER REFERENCES staff (id),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK ((signed_at IS NULL) = (signed_by IS NULL))
);

CREATE INDEX consultations_by_patient ON consultations (patient_id, consulted_on);

CREATE TRIGGER consultations_signed_locked BEFORE UPDATE ON consultations
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed consultation is locked; add an addendum instead');
END;

CREATE TRIGGER consultations_signed_kept BEFORE DELETE ON consultations
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed consultation cannot be deleted');
END;

CREATE TABLE consultation_addenda (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    author_id       INTEGER NOT NULL REFERENCES staff (id),
    written_at      TEXT    NOT NULL,
    reason          TEXT    NOT NULL CHECK (reason <> ''),
    text            TEXT    NOT NULL CHECK (text <> '')
);

CREATE INDEX consultation_addenda_by_consultation ON consultation_addenda (consultation_id, id);

CREATE TRIGGER consultation_addenda_only_when_signed BEFORE INSERT ON consultation_addenda
WHEN (SELECT signed_at FROM consultations WHERE id = NEW.consultation_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'addenda are for signed consultations; edit the draft instead');
END;

CREATE TRIGGER consultation_addenda_locked BEFORE UPDATE ON consultation_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum cannot be changed');
END;

CREATE TRIGGER consultation_addenda_kept BEFORE DELETE ON consultation_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum cannot be deleted');
END;
