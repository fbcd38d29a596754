-- A session with a depth outside the manufacturer's guide for an area is
-- saved only with the practitioner's written reason, kept here.
--
-- PostgreSQL: the same column.
ALTER TABLE sessions ADD COLUMN depth_reason TEXT COLLATE "C" NOT NULL DEFAULT '';
