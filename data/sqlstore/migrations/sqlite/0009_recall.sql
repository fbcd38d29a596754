-- The recall list looks for missed appointments on every load; they are a
-- small share of the diary, so a partial index finds them without reading
-- the rest.
CREATE INDEX appointments_no_shows ON appointments (starts_at) WHERE status = 'no_show';
