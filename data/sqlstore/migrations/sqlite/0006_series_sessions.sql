-- Treatment series and the sessions logged in them. A signed session, its
-- treated areas and every addendum are locked here, in the database, as
-- consultations are (0005): corrections are addenda. Extensions of a series
-- are a record of who added a session and why, so they never change either.
CREATE TABLE treatment_series (
    id               INTEGER PRIMARY KEY,
    patient_id       INTEGER NOT NULL REFERENCES patients (id),
    consultation_id  INTEGER REFERENCES consultations (id),
    areas            TEXT    NOT NULL DEFAULT '',
    planned_sessions INTEGER NOT NULL CHECK (planned_sessions BETWEEN 1 AND 20),
    interval_weeks   INTEGER NOT NULL CHECK (interval_weeks BETWEEN 1 AND 26),
    status           TEXT    NOT NULL DEFAULT 'active'
                             CHECK (status IN ('active', 'completed', 'discontinued')),
    status_reason    TEXT    NOT NULL DEFAULT '',
    started_on       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (status <> 'discontinued' OR status_reason <> '')
);

CREATE INDEX treatment_series_by_patient ON treatment_series (patient_id, started_on);

CREATE TABLE series_extensions (
    id             INTEGER PRIMARY KEY,
    series_id      INTEGER NOT NULL REFERENCES treatment_series (id),
    added_sessions INTEGER NOT NULL CHECK (added_sessions BETWEEN 1 AND 20),
    reason         TEXT    NOT NULL CHECK (reason <> ''),
    staff_id       INTEGER NOT NULL REFERENCES staff (id),
    extended_at    TEXT    NOT NULL
);

CREATE INDEX series_extensions_by_series ON series_extensions (series_id, id);

CREATE TRIGGER series_extensions_locked BEFORE UPDATE ON series_extensions
BEGIN
    SELECT RAISE(ABORT, 'an extension of a series cannot be changed');
END;

CREATE TRIGGER series_extensions_kept BEFORE DELETE ON series_extensions
BEGIN
    SELECT RAISE(ABORT, 'an extension of a series cannot be deleted');
END;

-- check_status and check_reasons are the contraindication check as the
-- store ran it for the session date; a contraindicated session exists only
-- with a practitioner's written override.
CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    series_id        INTEGER NOT NULL REFERENCES treatment_series (id),
    performed_at     TEXT    NOT NULL,
    practitioner_id  INTEGER NOT NULL REFERENCES staff (id),
    check_status     TEXT    NOT NULL
                             CHECK (check_status IN ('clear', 'caution', 'contraindicated')),
    check_reasons    TEXT    NOT NULL DEFAULT '',
    override_reason  TEXT    NOT NULL DEFAULT '',
    override_by      INTEGER REFERENCES staff (id),
    numbing_product  TEXT    NOT NULL DEFAULT '',
    numbing_applied  TEXT,
    numbing_removed  TEXT,
    device           TEXT    NOT NULL DEFAULT '',
    cartridge_lot    TEXT    NOT NULL DEFAULT '',
    cartridge_expiry TEXT,
    product          TEXT    NOT NULL DEFAULT '',
    product_lot      TEXT    NOT NULL DEFAULT '',
    endpoint         TEXT    NOT NULL DEFAULT '',
    reaction         TEXT    NOT NULL DEFAULT '',
    comfort          INTEGER NOT NULL DEFAULT 0 CHECK (comfort BETWEEN 0 AND 10),
    duration_minutes INTEGER NOT NULL DEFAULT 0 CHECK (duration_minutes BETWEEN 0 AND 600),
    notes            TEXT    NOT NULL DEFAULT '',
    signed_at        TEXT,
    signed_by        INTEGER REFERENCES staff (id),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
    CHECK ((override_reason = '') = (override_by IS NULL)),
    CHECK (check_status <> 'contraindicated' OR override_reason <> '')
);

CREATE INDEX sessions_by_series ON sessions (series_id, performed_at);
CREATE INDEX sessions_by_cartridge_lot ON sessions (cartridge_lot);
CREATE INDEX sessions_by_product_lot ON sessions (product_lot);

CREATE TRIGGER sessions_signed_locked BEFORE UPDATE ON sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed session is locked; add an addendum instead');
END;

CREATE TRIGGER sessions_signed_kept BEFORE DELETE ON sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed session cannot be deleted');
END;

-- depth is in hundredths of a millimetre, as data.Depth.
CREATE TABLE session_areas (
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    position   INTEGER NOT NULL,
    area       TEXT    NOT NULL,
    depth      INTEGER NOT NULL CHECK (depth BETWEEN 10 AND 300),
    passes     INTEGER NOT NULL CHECK (passes BETWEEN 1 AND 10),
    PRIMARY KEY (session_id, position)
);

CREATE TRIGGER session_areas_signed_insert BEFORE INSERT ON session_areas
WHEN (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed session is locked; add an addendum instead');
END;

CREATE TRIGGER session_areas_signed_locked BEFORE UPDATE ON session_areas
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
  OR (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed session is locked; add an addendum instead');
END;

CREATE TRIGGER session_areas_signed_kept BEFORE DELETE ON session_areas
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed session cannot be changed');
END;

CREATE TABLE session_addenda (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    author_id  INTEGER NOT NULL REFERENCES staff (id),
    written_at TEXT    NOT NULL,
    reason     TEXT    NOT NULL CHECK (reason <> ''),
    text       TEXT    NOT NULL CHECK (text <> '')
);

CREATE INDEX session_addenda_by_session ON session_addenda (session_id, id);

CREATE TRIGGER session_addenda_only_when_signed BEFORE INSERT ON session_addenda
WHEN (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'addenda are for signed sessions; edit the draft instead');
END;

CREATE TRIGGER session_addenda_locked BEFORE UPDATE ON session_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum cannot be changed');
END;

CREATE TRIGGER session_addenda_kept BEFORE DELETE ON session_addenda
BEGIN
    SELECT RAISE(ABORT, 'an addendum cannot be deleted');
END;
