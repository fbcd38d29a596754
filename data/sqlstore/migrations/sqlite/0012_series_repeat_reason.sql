-- A consultation's plan starts one treatment series. Another series from
-- the same plan is started only with a written reason, kept here.
ALTER TABLE treatment_series ADD COLUMN repeat_reason TEXT NOT NULL DEFAULT '';
