-- Photos of the clinical record and the patient's consent to them. A
-- photo is kept in the database, so backups, restores and copies to a
-- server carry it with the rest of the record. It is never deleted and its
-- image never changes: a photo taken by mistake is hidden, with who hid it,
-- when and why. Each consent a patient gives or withdraws is a new row;
-- the newest is in force.
CREATE TABLE photo_consents (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    scope       TEXT    NOT NULL CHECK (scope IN ('none', 'record', 'training', 'marketing')),
    recorded_by TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);

CREATE INDEX photo_consents_by_patient ON photo_consents (patient_id, id);

CREATE TRIGGER photo_consents_locked BEFORE UPDATE ON photo_consents
BEGIN
    SELECT RAISE(ABORT, 'a recorded photo consent cannot be changed; record a new one');
END;

CREATE TRIGGER photo_consents_kept BEFORE DELETE ON photo_consents
BEGIN
    SELECT RAISE(ABORT, 'a recorded photo consent cannot be deleted; record a new one');
END;

-- A photo belongs to a session or, for the baseline, to a consultation.
-- angle is data.PhotoAngle; area names the area when angle is 'area'.
-- taken_at is the camera's own time, when the file had one. The image
-- itself is in photo_images, so lists of thumbnails never read it.
CREATE TABLE photos (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    series_id       INTEGER REFERENCES treatment_series (id),
    session_id      INTEGER REFERENCES sessions (id),
    consultation_id INTEGER REFERENCES consultations (id),
    angle           TEXT    NOT NULL
                            CHECK (angle IN ('front', 'left45', 'left90', 'right45', 'right90', 'area')),
    area            TEXT    NOT NULL DEFAULT '',
    taken_at        TEXT,
    width           INTEGER NOT NULL CHECK (width > 0),
    height          INTEGER NOT NULL CHECK (height > 0),
    imported_by     TEXT    NOT NULL,
    imported_at     TEXT    NOT NULL,
    hidden_at       TEXT,
    hidden_by       TEXT    NOT NULL DEFAULT '',
    hidden_reason   TEXT    NOT NULL DEFAULT '',
    thumbnail       BLOB    NOT NULL,
    CHECK ((session_id IS NULL) <> (consultation_id IS NULL)),
    CHECK ((angle = 'area') = (area <> '')),
    CHECK (hidden_at IS NULL OR hidden_reason <> '')
);

CREATE INDEX photos_by_patient ON photos (patient_id, id);

CREATE TRIGGER photos_kept BEFORE DELETE ON photos
BEGIN
    SELECT RAISE(ABORT, 'a photo is never deleted; hide it with a reason instead');
END;

CREATE TRIGGER photos_locked BEFORE UPDATE ON photos
WHEN OLD.hidden_at IS NOT NULL
  OR (NEW.id, NEW.patient_id, NEW.series_id, NEW.session_id, NEW.consultation_id, NEW.angle, NEW.area,
      NEW.taken_at, NEW.width, NEW.height, NEW.imported_by, NEW.imported_at, NEW.thumbnail)
     IS NOT (OLD.id, OLD.patient_id, OLD.series_id, OLD.session_id, OLD.consultation_id, OLD.angle, OLD.area,
      OLD.taken_at, OLD.width, OLD.height, OLD.imported_by, OLD.imported_at, OLD.thumbnail)
BEGIN
    SELECT RAISE(ABORT, 'a photo cannot be changed, only hidden with a reason');
END;

CREATE TABLE photo_images (
    photo_id INTEGER PRIMARY KEY REFERENCES photos (id),
    image    BLOB    NOT NULL
);

CREATE TRIGGER photo_images_locked BEFORE UPDATE ON photo_images
BEGIN
    SELECT RAISE(ABORT, 'a photo cannot be changed, only hidden with a reason');
END;

CREATE TRIGGER photo_images_kept BEFORE DELETE ON photo_images
BEGIN
    SELECT RAISE(ABORT, 'a photo is never deleted; hide it with a reason instead');
END;
