-- Sessions by the time they were performed: the lots used in the last
-- weeks, offered in the session form, are read by it without going
-- through every session the clinic ever logged.
CREATE INDEX sessions_by_performed_at ON sessions (performed_at);
