-- Phone numbers in international form (E.164, "+447700900123"), beside
-- the numbers as typed: read with the clinic's country by the store when
-- a patient is saved, and filled in for the patients already on file when
-- this migration runs. Duplicate checks and search compare these, so
-- "07700 900123" and "+44 7700 900123" are one number. Empty when there
-- is no number or it cannot be read.
ALTER TABLE patients ADD COLUMN phone_e164 TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN emergency_contact_phone_e164 TEXT NOT NULL DEFAULT '';

CREATE INDEX patients_by_phone_e164 ON patients (phone_e164);
