-- A manufacturer's recall notice and the desk type a lot as they please:
-- "dp4-2612c", "DP4 2612C" and "DP4–2612C" are the lot recorded as
-- DP4-2612C. A lot's key is the lot in capitals without spaces and dashes
-- (data.LotKey spells the same rule). The key columns are virtual, so
-- signed sessions, which are locked, are not rewritten.
ALTER TABLE sessions ADD COLUMN cartridge_lot_key TEXT GENERATED ALWAYS AS (
    upper(replace(replace(replace(replace(replace(cartridge_lot,
        ' ', ''), char(160), ''), '-', ''), char(8211), ''), char(8212), ''))
) VIRTUAL;

ALTER TABLE sessions ADD COLUMN product_lot_key TEXT GENERATED ALWAYS AS (
    upper(replace(replace(replace(replace(replace(product_lot,
        ' ', ''), char(160), ''), '-', ''), char(8211), ''), char(8212), ''))
) VIRTUAL;

CREATE INDEX sessions_by_cartridge_lot_key ON sessions (cartridge_lot_key);
CREATE INDEX sessions_by_product_lot_key ON sessions (product_lot_key);

-- Every lot key ever recorded, once. A part of a lot is looked for among
-- the clinic's few hundred lots, not along its hundreds of thousands of
-- sessions; the sessions of the lots found come from the indexes above.
CREATE TABLE lot_keys (
    lot_key TEXT PRIMARY KEY CHECK (lot_key <> '')
) WITHOUT ROWID;

INSERT INTO lot_keys (lot_key)
    SELECT cartridge_lot_key FROM sessions WHERE cartridge_lot_key <> ''
    UNION
    SELECT product_lot_key FROM sessions WHERE product_lot_key <> '';

CREATE TRIGGER sessions_lot_keys_insert AFTER INSERT ON sessions
BEGIN
    INSERT OR IGNORE INTO lot_keys (lot_key)
        SELECT NEW.cartridge_lot_key WHERE NEW.cartridge_lot_key <> ''
        UNION
        SELECT NEW.product_lot_key WHERE NEW.product_lot_key <> '';
END;

CREATE TRIGGER sessions_lot_keys_update AFTER UPDATE OF cartridge_lot, product_lot ON sessions
BEGIN
    INSERT OR IGNORE INTO lot_keys (lot_key)
        SELECT NEW.cartridge_lot_key WHERE NEW.cartridge_lot_key <> ''
        UNION
        SELECT NEW.product_lot_key WHERE NEW.product_lot_key <> '';
END;
