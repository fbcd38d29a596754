-- Appointments in the diary. starts_at is UTC, sortable as text; zone is the
-- IANA name of the zone the appointment was booked in, so the desk sees the
-- wall-clock time it agreed with the patient, across daylight-saving
-- changes. A treatment appointment belongs to a series.
CREATE TABLE appointments (
    id               INTEGER PRIMARY KEY,
    patient_id       INTEGER NOT NULL REFERENCES patients (id),
    practitioner_id  INTEGER NOT NULL REFERENCES staff (id),
    series_id        INTEGER REFERENCES treatment_series (id),
    kind             TEXT    NOT NULL
                             CHECK (kind IN ('consultation', 'treatment', 'review', 'other')),
    room             TEXT    NOT NULL DEFAULT '',
    starts_at        TEXT    NOT NULL,
    zone             TEXT    NOT NULL DEFAULT 'UTC',
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    notes            TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'booked'
                             CHECK (status IN ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
    status_reason    TEXT    NOT NULL DEFAULT '',
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (kind <> 'treatment' OR series_id IS NOT NULL),
    CHECK (status <> 'cancelled' OR status_reason <> '')
);

CREATE INDEX appointments_by_start ON appointments (starts_at);
CREATE INDEX appointments_by_practitioner ON appointments (practitioner_id, starts_at);
CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at);
CREATE INDEX appointments_by_series ON appointments (series_id);

-- Calls made from the recall list: who rang whom, when, and what was said.
-- The log is append-only.
CREATE TABLE recall_calls (
    id         INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    series_id  INTEGER REFERENCES treatment_series (id),
    called_at  TEXT    NOT NULL,
    called_by  INTEGER NOT NULL REFERENCES staff (id),
    note       TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX recall_calls_by_patient ON recall_calls (patient_id, called_at);

CREATE TRIGGER recall_calls_locked BEFORE UPDATE ON recall_calls
BEGIN
    SELECT RAISE(ABORT, 'the call log cannot be changed');
END;

CREATE TRIGGER recall_calls_kept BEFORE DELETE ON recall_calls
BEGIN
    SELECT RAISE(ABORT, 'the call log cannot be changed');
END;
