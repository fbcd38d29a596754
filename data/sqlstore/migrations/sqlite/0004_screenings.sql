-- Screenings: the medical questionnaire, one row per time it was taken.
-- A screening is never changed or deleted; a new one supersedes it. Dates
-- are YYYY-MM-DD, NULL when the event never happened. indications is a
-- comma-separated list of the store's indication codes. recorded_by is the
-- name of the person who took the screening.
CREATE TABLE screenings (
    id                     INTEGER PRIMARY KEY,
    patient_id             INTEGER NOT NULL REFERENCES patients (id),
    screened_on            TEXT    NOT NULL,
    recorded_by            TEXT    NOT NULL,
    indications            TEXT    NOT NULL DEFAULT '',
    pregnant               INTEGER NOT NULL DEFAULT 0 CHECK (pregnant IN (0, 1)),
    pregnancy_due_date     TEXT,
    autoimmune_condition   INTEGER NOT NULL DEFAULT 0 CHECK (autoimmune_condition IN (0, 1)),
    psoriasis_or_eczema    INTEGER NOT NULL DEFAULT 0 CHECK (psoriasis_or_eczema IN (0, 1)),
    open_wounds            INTEGER NOT NULL DEFAULT 0 CHECK (open_wounds IN (0, 1)),
    active_infection       INTEGER NOT NULL DEFAULT 0 CHECK (active_infection IN (0, 1)),
    active_acne            INTEGER NOT NULL DEFAULT 0 CHECK (active_acne IN (0, 1)),
    keloid_history         INTEGER NOT NULL DEFAULT 0 CHECK (keloid_history IN (0, 1)),
    anticoagulants         INTEGER NOT NULL DEFAULT 0 CHECK (anticoagulants IN (0, 1)),
    bleeding_disorder      INTEGER NOT NULL DEFAULT 0 CHECK (bleeding_disorder IN (0, 1)),
    uncontrolled_diabetes  INTEGER NOT NULL DEFAULT 0 CHECK (uncontrolled_diabetes IN (0, 1)),
    immunosuppressed       INTEGER NOT NULL DEFAULT 0 CHECK (immunosuppressed IN (0, 1)),
    cold_sores             INTEGER NOT NULL DEFAULT 0 CHECK (cold_sores IN (0, 1)),
    metal_allergy          INTEGER NOT NULL DEFAULT 0 CHECK (metal_allergy IN (0, 1)),
    numbing_agent_allergy  INTEGER NOT NULL DEFAULT 0 CHECK (numbing_agent_allergy IN (0, 1)),
    taking_isotretinoin    INTEGER NOT NULL DEFAULT 0 CHECK (taking_isotretinoin IN (0, 1)),
    last_isotretinoin_dose TEXT,
    last_radiation_therapy TEXT,
    uses_topical_retinoid  INTEGER NOT NULL DEFAULT 0 CHECK (uses_topical_retinoid IN (0, 1)),
    last_topical_retinoid  TEXT,
    last_botulinum_toxin   TEXT,
    last_filler_or_surgery TEXT,
    notes                  TEXT    NOT NULL DEFAULT '',
    created_at             TEXT    NOT NULL
);

CREATE INDEX screenings_by_patient ON screenings (patient_id, screened_on);

-- SQLite trigger syntax: screenings are part of the medical record and
-- stay exactly as recorded, whatever program opens the file.
CREATE TRIGGER screenings_never_updated BEFORE UPDATE ON screenings
BEGIN
    SELECT RAISE(ABORT, 'a screening is never changed; record a new screening instead');
END;

CREATE TRIGGER screenings_never_deleted BEFORE DELETE ON screenings
BEGIN
    SELECT RAISE(ABORT, 'a screening is never deleted; record a new screening instead');
END;

-- Clinic settings, one value per key, such as the waits of the
-- contraindication check.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
