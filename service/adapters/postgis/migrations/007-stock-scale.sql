-- 007: two probability scales. scores.probability stays the survey scale (the chance a survey finds D/E);
-- probability_stock is the stock scale (the chance the foundation is D/E), null when the model has no
-- stock calibration. buurt_stats gets the stock-scale expected count and its variance (for the interval),
-- both null without a stock scale.

ALTER TABLE scores ADD COLUMN IF NOT EXISTS probability_stock double precision;
ALTER TABLE buurt_stats ADD COLUMN IF NOT EXISTS stock_sum double precision;
ALTER TABLE buurt_stats ADD COLUMN IF NOT EXISTS stock_variance double precision;
