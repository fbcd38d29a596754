-- PostgreSQL-only: the tables of the patient search box, in place of
-- SQLite's 0002 (FTS5 tables that the store fills with folded words and
-- trigrams; the file keeps SQLite's name so that each number names one step
-- on both tracks). The store folds names in Go (data.Fold), as it does for
-- SQLite, so both engines match the same words; pg_trgm's GIN index serves
-- a match inside words ('%abc%').
--
-- The extension is shared by the whole database, so it goes to public,
-- where every schema finds it (a test schema dropped with CASCADE then
-- takes nothing with it); the advisory lock lets two databases' schemas be
-- made at once without both creating the extension.
SELECT pg_advisory_xact_lock(hashtext('needlepoint extensions'));
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

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
