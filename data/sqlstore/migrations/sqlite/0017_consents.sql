-- Consent forms and the consents patients sign with them. Each wording of
-- a form is a version of its own, kept for ever, so a signed consent shows
-- the words its patient read. A signed consent keeps both signatures, as
-- drawn strokes (JSON) and as a PNG; it is never changed or deleted, only
-- withdrawn once, with who, when and why. confirmed is a JSON array of the
-- patient's ticks, one per statement of the form.
CREATE TABLE consent_templates (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('microneedling', 'photos')),
    version       INTEGER NOT NULL CHECK (version > 0),
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    confirmations TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    UNIQUE (kind, version)
);

CREATE TRIGGER consent_templates_locked BEFORE UPDATE ON consent_templates
BEGIN
    SELECT RAISE(ABORT, 'a consent form once saved cannot be changed; save a new version');
END;

CREATE TRIGGER consent_templates_kept BEFORE DELETE ON consent_templates
BEGIN
    SELECT RAISE(ABORT, 'a consent form once saved cannot be deleted');
END;

CREATE TABLE consents (
    id                INTEGER PRIMARY KEY,
    patient_id        INTEGER NOT NULL REFERENCES patients (id),
    template_id       INTEGER NOT NULL REFERENCES consent_templates (id),
    confirmed         TEXT    NOT NULL,
    photo_scope       TEXT    NOT NULL DEFAULT '' CHECK (photo_scope IN ('', 'record', 'training', 'marketing')),
    patient_strokes   TEXT    NOT NULL,
    patient_signature BLOB    NOT NULL,
    patient_signed_at TEXT    NOT NULL,
    witness_id        INTEGER NOT NULL REFERENCES staff (id),
    witness_strokes   TEXT    NOT NULL,
    witness_signature BLOB    NOT NULL,
    witness_signed_at TEXT    NOT NULL,
    withdrawn_at      TEXT,
    withdrawn_by      TEXT    NOT NULL DEFAULT '',
    withdrawn_reason  TEXT    NOT NULL DEFAULT '',
    CHECK ((withdrawn_at IS NULL) = (withdrawn_reason = ''))
);

CREATE INDEX consents_by_patient ON consents (patient_id, id);

CREATE TRIGGER consents_kept BEFORE DELETE ON consents
BEGIN
    SELECT RAISE(ABORT, 'a signed consent is never deleted; withdraw it with a reason instead');
END;

CREATE TRIGGER consents_locked BEFORE UPDATE ON consents
WHEN OLD.withdrawn_at IS NOT NULL
  OR (NEW.id, NEW.patient_id, NEW.template_id, NEW.confirmed, NEW.photo_scope, NEW.patient_strokes,
      NEW.patient_signature, NEW.patient_signed_at, NEW.witness_id, NEW.witness_strokes,
      NEW.witness_signature, NEW.witness_signed_at)
     IS NOT (OLD.id, OLD.patient_id, OLD.template_id, OLD.confirmed, OLD.photo_scope, OLD.patient_strokes,
      OLD.patient_signature, OLD.patient_signed_at, OLD.witness_id, OLD.witness_strokes,
      OLD.witness_signature, OLD.witness_signed_at)
BEGIN
    SELECT RAISE(ABORT, 'a signed consent cannot be changed, only withdrawn once with a reason');
END;
