-- Patients. Names and notes are stored exactly as typed; the *_key columns
-- are folded copies kept by the store for duplicate checks, sorting and
-- search (phone_key_reversed finds a number by its last digits).
CREATE TABLE patients (
    id                      INTEGER PRIMARY KEY,
    first_name              TEXT    NOT NULL,
    last_name               TEXT    NOT NULL,
    preferred_name          TEXT    NOT NULL DEFAULT '',
    date_of_birth           TEXT,
    sex                     TEXT    NOT NULL DEFAULT ''
                                    CHECK (sex IN ('', 'female', 'male', 'other')),
    phone                   TEXT    NOT NULL DEFAULT '',
    email                   TEXT    NOT NULL DEFAULT '',
    address                 TEXT    NOT NULL DEFAULT '',
    skin_type               INTEGER NOT NULL DEFAULT 0 CHECK (skin_type BETWEEN 0 AND 6),
    allergies               TEXT    NOT NULL DEFAULT '',
    medications             TEXT    NOT NULL DEFAULT '',
    medical_notes           TEXT    NOT NULL DEFAULT '',
    emergency_contact_name  TEXT    NOT NULL DEFAULT '',
    emergency_contact_phone TEXT    NOT NULL DEFAULT '',
    reminder_consent        INTEGER NOT NULL DEFAULT 0 CHECK (reminder_consent IN (0, 1)),
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL,
    archived_at             TEXT,
    archive_reason          TEXT    NOT NULL DEFAULT '',
    version                 INTEGER NOT NULL DEFAULT 1,
    name_key                TEXT    NOT NULL,
    phone_key               TEXT    NOT NULL DEFAULT '',
    phone_key_reversed      TEXT    NOT NULL DEFAULT '',
    email_key               TEXT    NOT NULL DEFAULT '',
    CHECK ((archived_at IS NULL) = (archive_reason = ''))
);

CREATE INDEX patients_by_name_dob ON patients (name_key, date_of_birth);
CREATE INDEX patients_by_dob ON patients (date_of_birth);
CREATE INDEX patients_by_phone ON patients (phone_key);
CREATE INDEX patients_by_phone_ending ON patients (phone_key_reversed);
CREATE INDEX patients_by_email ON patients (email_key);
CREATE INDEX patients_active_by_update ON patients (updated_at) WHERE archived_at IS NULL;
