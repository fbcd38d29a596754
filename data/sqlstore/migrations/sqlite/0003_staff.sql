-- The staff directory: who works at the clinic and in which role.
-- Consultations, sessions and signatures name a staff member; staff are
-- never deleted, only marked inactive, so old signatures keep their name.
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('reception', 'practitioner', 'admin')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

CREATE TRIGGER staff_never_deleted BEFORE DELETE ON staff
BEGIN
    SELECT RAISE(ABORT, 'staff members are never deleted; mark them inactive');
END;
