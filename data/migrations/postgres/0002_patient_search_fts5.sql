-- PostgreSQL-only: indexes for the patient search box, in place of SQLite's
-- 0002 (FTS5 tables that the store fills with folded words and trigrams;
-- the file keeps SQLite's name so that each number names one step on both
-- tracks).
-- PostgreSQL has no such tables: its search matches the folded key columns
-- of patients themselves with LIKE. GIN trigram indexes serve a match
-- anywhere in a key ('%abc%', and '% abc%' for the start of a later word);
-- the btree indexes of 0001, on COLLATE "C" columns, serve a match at the
-- start ('abc%'). unaccent is there for folding text in SQL.
--
-- The extensions are shared by the whole database, so they go to public,
-- where every schema finds them (a test schema dropped with CASCADE then
-- takes nothing with it); the advisory lock lets two databases' schemas be
-- made at once without both creating the extension.
SELECT pg_advisory_xact_lock(hashtext('needlepoint extensions'));
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE INDEX patients_name_trigrams ON patients USING gin (name_key gin_trgm_ops);
CREATE INDEX patients_email_trigrams ON patients USING gin (email_key gin_trgm_ops);
CREATE INDEX patients_phone_ending_trigrams ON patients USING gin (phone_key_reversed gin_trgm_ops);

-- The words each patient is found by (data.searchTerms: every word of the
-- names and the email, folded), one row a word, whose index finds a whole
-- word and the start of one; and the folded text searched for matches
-- inside words. Together the counterpart of SQLite's FTS5 tables.
CREATE TABLE patient_search_words (
    word       TEXT   COLLATE "C" NOT NULL,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    PRIMARY KEY (word, patient_id)
);

CREATE INDEX patient_search_words_by_patient ON patient_search_words (patient_id);

CREATE TABLE patient_search (
    patient_id BIGINT PRIMARY KEY REFERENCES patients (id),
    text       TEXT   COLLATE "C" NOT NULL
);

CREATE INDEX patient_search_text ON patient_search USING gin (text gin_trgm_ops);
