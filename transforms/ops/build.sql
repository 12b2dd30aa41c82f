-- The work copy's own statements (warehouse/build.py).

-- name: feed_watermark
-- The stored watermark of the feed $source: where its next pull starts.
SELECT watermark FROM ops.feed_watermarks WHERE source = $source

-- name: save_feed_watermark
INSERT OR REPLACE INTO ops.feed_watermarks VALUES ($source, $watermark, $saved_at)

-- name: checkpoint
CHECKPOINT
