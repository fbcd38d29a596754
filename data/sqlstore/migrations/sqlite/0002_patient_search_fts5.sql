-- SQLite-only: full-text indexes for the patient search box. The store
-- writes folded words (names and email parts) into patient_words for exact
-- and prefix matches, and the folded names and email into patient_trigrams
-- for matches inside a word. rowid is the patient id.
CREATE VIRTUAL TABLE patient_words USING fts5 (
    words,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3',
    detail = none
);

CREATE VIRTUAL TABLE patient_trigrams USING fts5 (
    text,
    tokenize = 'trigram'
);
