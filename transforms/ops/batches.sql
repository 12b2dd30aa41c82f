-- Bookkeeping of ingested files (warehouse/batches.py): ops.batches rows, quarantine rows.

-- name: count_sha256
-- Ingested files with this content hash (0 or 1).
SELECT count(*) FROM ops.batches WHERE sha256 = ?

-- name: count_size
-- Ingested files of this many bytes.
SELECT count(*) FROM ops.batches WHERE bytes = ?

-- name: next_batch_id
SELECT nextval('ops.batch_ids')

-- name: set_batch_id
-- The ingesting file's batch id, for the statements that stamp `_batch_id`.
SET VARIABLE batch_id = ?

-- name: quarantine
-- Rows of the loaded file {{ raw }} listed in {{ rejects }} (`_row, reasons`), each with the
-- whole row as delivered: JSON with the original column names ($names) and text of the
-- upper-case columns ($columns), in file order.
INSERT INTO ops.quarantine
SELECT $batch_id, $file_name, _row, r.reasons,
       to_json(map($names::VARCHAR[], list_value(*COLUMNS($columns))))
FROM {{ raw }} AS f JOIN {{ rejects }} AS r USING (_row)
ORDER BY _row

-- name: quarantine_records
-- As `quarantine`, for a file of JSON records (column RECORD holds each record as is).
INSERT INTO ops.quarantine
SELECT $batch_id, $file_name, _row, r.reasons, "RECORD"::JSON
FROM {{ raw }} AS f JOIN {{ rejects }} AS r USING (_row)
ORDER BY _row

-- name: stage_rejects
-- {{ frame }}: the registered DataFrame of rejected rows (`_row, reasons`).
CREATE OR REPLACE TEMP TABLE rejected_rows AS SELECT * FROM {{ frame }}

-- name: rejected_reasons
SELECT reasons FROM rejected_rows

-- name: record_batch
-- One ops.batches row (rows read = loaded + quarantined is a CHECK of the table).
INSERT INTO ops.batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: as_delivered_record_macro
-- raw_row_as_delivered(r) for a file of JSON records (column RECORD holds each as is); other
-- files' macro names their columns (warehouse/batches.py install_as_delivered).
CREATE OR REPLACE TEMP MACRO raw_row_as_delivered(r) AS r."RECORD"::JSON
