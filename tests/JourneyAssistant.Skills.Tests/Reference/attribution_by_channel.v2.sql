-- attribution_by_channel version 2's SQL, kept as the reference its faster rewrite must equal (SkillSqlRewriteTests).
-- Rule-based attribution (times as epoch seconds: plain numbers compare far faster than zone-aware timestamps). Each conversion in the period shares one unit of credit (and its amount) among the
-- pre-purchase touches (awareness/interest/consideration events) of the same person in the $lookback_days before it,
-- after that person's previous conversion. A conversion with no such touch credits its own channel/touchpoint.
WITH conv AS (
  SELECT event_key AS conv_key, person_id, epoch(occurred_at) AS conv_at, local_date, channel, touchpoint, coalesce(amount, 0)::DOUBLE AS amount,
         lag(epoch(occurred_at)) OVER (PARTITION BY person_id ORDER BY occurred_at, event_key) AS prev_conv_at
  FROM journey_events
  WHERE is_conversion
),
cp AS (
  SELECT * FROM conv WHERE local_date BETWEEN $period_start::DATE AND $period_end::DATE
),
touch AS (
  SELECT c.conv_key, e.event_key,
         CASE WHEN $dimension = 'touchpoint' THEN e.touchpoint ELSE e.channel END AS item,
         (c.conv_at - epoch(e.occurred_at)) / 86400.0 AS days_before
  FROM cp c
  JOIN journey_events e ON e.person_id = c.person_id
   AND epoch(e.occurred_at) <= c.conv_at
   AND epoch(e.occurred_at) >= c.conv_at - 86400 * CAST($lookback_days AS INTEGER)
   AND (c.prev_conv_at IS NULL OR epoch(e.occurred_at) > c.prev_conv_at)
   AND e.stage_order <= 3 AND NOT e.is_conversion
),
touch_all AS (
  SELECT conv_key, event_key, item, days_before FROM touch WHERE item IS NOT NULL
  UNION ALL
  SELECT conv_key, conv_key, CASE WHEN $dimension = 'touchpoint' THEN touchpoint ELSE channel END, 0.0
  FROM cp WHERE conv_key NOT IN (SELECT conv_key FROM touch WHERE item IS NOT NULL)
),
ranked AS (
  SELECT conv_key, item,
         row_number() OVER (PARTITION BY conv_key ORDER BY days_before DESC, event_key) AS pos,
         count(*) OVER (PARTITION BY conv_key) AS n,
         pow(0.5, days_before / CAST($half_life_days AS DOUBLE)) AS decay
  FROM touch_all
),
weights AS (
  SELECT r.conv_key, r.item,
         CASE WHEN r.pos = 1 THEN 1.0 ELSE 0.0 END AS first_touch,
         CASE WHEN r.pos = r.n THEN 1.0 ELSE 0.0 END AS last_touch,
         1.0 / r.n AS linear,
         r.decay / sum(r.decay) OVER (PARTITION BY r.conv_key) AS time_decay,
         CASE WHEN r.n = 1 THEN 1.0 WHEN r.n = 2 THEN 0.5
              WHEN r.pos = 1 OR r.pos = r.n THEN 0.4 ELSE 0.2 / (r.n - 2) END AS position_based
  FROM ranked r
),
models AS (
  SELECT * FROM (VALUES (1, 'first_touch', '首次触点', 'First touch'), (2, 'last_touch', '末次触点', 'Last touch'),
                        (3, 'linear', '线性', 'Linear'), (4, 'time_decay', '时间衰减', 'Time decay'),
                        (5, 'position_based', '位置（40/20/40）', 'Position-based (40/20/40)')) AS m(model_order, model, model_zh, model_en)
  WHERE $model = 'all' OR m.model = $model
),
credit AS (
  SELECT m.model_order, m.model, m.model_zh, m.model_en, w.item,
         CASE m.model WHEN 'first_touch' THEN w.first_touch WHEN 'last_touch' THEN w.last_touch WHEN 'linear' THEN w.linear
                      WHEN 'time_decay' THEN w.time_decay ELSE w.position_based END AS credit,
         c.amount
  FROM weights w JOIN cp c USING (conv_key) CROSS JOIN models m
),
totals AS (
  SELECT model_order, model, model_zh, model_en, item, sum(credit) AS conversions, sum(credit * amount) AS revenue
  FROM credit GROUP BY model_order, model, model_zh, model_en, item
)
SELECT t.model, t.model_zh, t.model_en, t.item,
       coalesce(ch.label_zh, tp.label_zh, t.item) AS item_zh,
       coalesce(ch.label_en, tp.label_en, t.item) AS item_en,
       t.conversions, t.revenue,
       t.conversions / sum(t.conversions) OVER (PARTITION BY t.model) AS share
FROM totals t
LEFT JOIN dim_channels ch ON $dimension = 'channel' AND ch.id = t.item
LEFT JOIN dim_touchpoints tp ON $dimension = 'touchpoint' AND tp.id = t.item
WHERE t.conversions > 0
ORDER BY t.model_order, t.conversions DESC, t.item
