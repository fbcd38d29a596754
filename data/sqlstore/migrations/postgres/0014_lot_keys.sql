-- A manufacturer's recall notice and the desk type a lot as they please:
-- "dp4-2612c", "DP4 2612C" and "DP4–2612C" are the lot recorded as
-- DP4-2612C. A lot's key is the lot in capitals without spaces and dashes
-- (data.LotKey spells the same rule).
--
-- PostgreSQL: the key columns are STORED, as PostgreSQL 15 has no virtual
-- generated columns; adding them rewrites the table without running its
-- triggers, so signed sessions stay as they are. upper() of a COLLATE "C"
-- column capitalises a to z only, as SQLite's upper() and data.LotKey do.
-- A generated column takes no value on INSERT: a copy of a clinic leaves
-- these two out. The two lot-key triggers share one function, and
-- ON CONFLICT DO NOTHING stands for SQLite's INSERT OR IGNORE.
ALTER TABLE sessions ADD COLUMN cartridge_lot_key TEXT COLLATE "C" GENERATED ALWAYS AS (
    upper(replace(replace(replace(replace(replace(cartridge_lot,
        ' ', ''), chr(160), ''), '-', ''), chr(8211), ''), chr(8212), ''))
) STORED;

ALTER TABLE sessions ADD COLUMN product_lot_key TEXT COLLATE "C" GENERATED ALWAYS AS (
    upper(replace(replace(replace(replace(replace(product_lot,
        ' ', ''), chr(160), ''), '-', ''), chr(8211), ''), chr(8212), ''))
) STORED;

CREATE INDEX sessions_by_cartridge_lot_key ON sessions (cartridge_lot_key);
CREATE INDEX sessions_by_product_lot_key ON sessions (product_lot_key);

-- Every lot key ever recorded, once. A part of a lot is looked for among
-- the clinic's few hundred lots, not along its hundreds of thousands of
-- sessions; the sessions of the lots found come from the indexes above.
CREATE TABLE lot_keys (
    lot_key TEXT COLLATE "C" PRIMARY KEY CHECK (lot_key <> '')
);

INSERT INTO lot_keys (lot_key)
    SELECT cartridge_lot_key FROM sessions WHERE cartridge_lot_key <> ''
    UNION
    SELECT product_lot_key FROM sessions WHERE product_lot_key <> '';

CREATE FUNCTION sessions_lot_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lot_keys (lot_key)
        SELECT NEW.cartridge_lot_key WHERE NEW.cartridge_lot_key <> ''
        UNION
        SELECT NEW.product_lot_key WHERE NEW.product_lot_key <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER sessions_lot_keys_insert AFTER INSERT ON sessions
FOR EACH ROW EXECUTE FUNCTION sessions_lot_keys();

CREATE TRIGGER sessions_lot_keys_update AFTER UPDATE OF cartridge_lot, product_lot ON sessions
FOR EACH ROW EXECUTE FUNCTION sessions_lot_keys();
