-- A session with a depth outside the manufacturer's guide for an area is
-- saved only with the practitioner's written reason, kept here.
ALTER TABLE sessions ADD COLUMN depth_reason TEXT NOT NULL DEFAULT '';
