-- KPIs for the period (normally last week) against the preceding period of the same length, and for each KPI the
-- channel that moved it most. Additive KPIs: the channel's own change. Ratio KPIs: the channel's change in rate
-- weighted by its share of this period's denominator (the "rate effect" of a rate/mix split). Rates are in percent.
WITH b AS (
  SELECT $period_start::DATE AS d0, $period_end::DATE AS d1,
         $period_start::DATE - CAST(date_diff('day', $period_start::DATE, $period_end::DATE) + 1 AS INTEGER) AS p0
),
-- The payment success rate is this store's last path step -> its conversion event (journey_profile), not sample names.
pay AS (
  SELECT (SELECT min(id) FROM journey_profile WHERE kind = 'conversion') AS done,
         (SELECT arg_max(id, position) FROM journey_profile WHERE kind = 'event_step') AS start
),
ev AS (
  SELECT e.person_id, e.channel, e.event, e.is_conversion, e.amount, CASE WHEN e.local_date >= b.d0 THEN 'cur' ELSE 'prev' END AS wk,
         e.event = pay.done AS is_done, e.event = pay.start AS is_start
  FROM journey_events e CROSS JOIN b CROSS JOIN pay
  WHERE e.local_date BETWEEN b.p0 AND b.d1 AND e.person_id IS NOT NULL
),
od AS (
  SELECT o.person_id, o.channel, o.amount, o.order_seq, CASE WHEN o.local_date >= b.d0 THEN 'cur' ELSE 'prev' END AS wk
  FROM orders o CROSS JOIN b
  WHERE o.local_date BETWEEN b.p0 AND b.d1
),
sv AS (
  SELECT s.channel, s.nps, CASE WHEN s.local_date >= b.d0 THEN 'cur' ELSE 'prev' END AS wk
  FROM survey_responses s CROSS JOIN b
  WHERE s.local_date BETWEEN b.p0 AND b.d1 AND s.nps IS NOT NULL
),
tk AS (
  SELECT t.service_channel AS channel, t.resolution_hours, CASE WHEN t.open_local_date >= b.d0 THEN 'cur' ELSE 'prev' END AS wk
  FROM tickets t CROSS JOIN b
  WHERE t.open_local_date BETWEEN b.p0 AND b.d1
),
-- Whole-business values per period.
totals AS (
  SELECT 'people' AS kpi, wk, count(DISTINCT person_id)::DOUBLE AS value FROM ev GROUP BY wk
  UNION ALL SELECT 'conversions', wk, count(DISTINCT person_id) FILTER (WHERE is_conversion) FROM ev GROUP BY wk
  UNION ALL SELECT 'conversion_rate', wk, 100.0 * count(DISTINCT person_id) FILTER (WHERE is_conversion) / count(DISTINCT person_id) FROM ev GROUP BY wk
  UNION ALL SELECT 'payment_success_rate', wk, 100.0 * count(DISTINCT person_id) FILTER (WHERE is_done)
                   / nullif(count(DISTINCT person_id) FILTER (WHERE is_start), 0) FROM ev GROUP BY wk
  UNION ALL SELECT 'revenue', wk, sum(amount)::DOUBLE FROM od GROUP BY wk
  UNION ALL SELECT 'aov', wk, sum(amount)::DOUBLE / count(*) FROM od GROUP BY wk
  UNION ALL SELECT 'repurchase_rate', wk, 100.0 * count(DISTINCT person_id) FILTER (WHERE order_seq >= 2) / count(DISTINCT person_id) FROM od GROUP BY wk
  UNION ALL SELECT 'nps', wk, 100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / count(*) FROM sv GROUP BY wk
  UNION ALL SELECT 'median_resolution_hours', wk, median(resolution_hours) FROM tk GROUP BY wk
),
-- Per-channel numerator and denominator (NULL denominator = additive KPI).
parts AS (
  SELECT 'people' AS kpi, channel, wk, count(DISTINCT person_id)::DOUBLE AS num, NULL::DOUBLE AS den FROM ev GROUP BY channel, wk
  UNION ALL SELECT 'conversions', channel, wk, count(DISTINCT person_id) FILTER (WHERE is_conversion), NULL FROM ev GROUP BY channel, wk
  UNION ALL SELECT 'conversion_rate', channel, wk, 100.0 * count(DISTINCT person_id) FILTER (WHERE is_conversion), count(DISTINCT person_id) FROM ev GROUP BY channel, wk
  UNION ALL SELECT 'payment_success_rate', channel, wk, 100.0 * count(DISTINCT person_id) FILTER (WHERE is_done),
                   count(DISTINCT person_id) FILTER (WHERE is_start) FROM ev GROUP BY channel, wk
  UNION ALL SELECT 'revenue', channel, wk, sum(amount), NULL FROM od GROUP BY channel, wk
  UNION ALL SELECT 'aov', channel, wk, sum(amount), count(*) FROM od GROUP BY channel, wk
  UNION ALL SELECT 'repurchase_rate', channel, wk, 100.0 * count(DISTINCT person_id) FILTER (WHERE order_seq >= 2), count(DISTINCT person_id) FROM od GROUP BY channel, wk
  UNION ALL SELECT 'nps', channel, wk, 100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)), count(*) FROM sv GROUP BY channel, wk
  UNION ALL SELECT 'median_resolution_hours', channel, wk, median(resolution_hours) * count(resolution_hours), count(resolution_hours) FROM tk GROUP BY channel, wk
),
by_channel AS (
  SELECT kpi, channel,
         sum(num) FILTER (WHERE wk = 'cur') AS num_cur, sum(num) FILTER (WHERE wk = 'prev') AS num_prev,
         sum(den) FILTER (WHERE wk = 'cur') AS den_cur, sum(den) FILTER (WHERE wk = 'prev') AS den_prev,
         bool_or(den IS NOT NULL) AS is_ratio
  FROM parts WHERE channel IS NOT NULL GROUP BY kpi, channel
),
contrib AS (
  SELECT kpi, channel,
         CASE WHEN NOT is_ratio THEN coalesce(num_cur, 0) - coalesce(num_prev, 0)
              ELSE (coalesce(num_cur / nullif(den_cur, 0), 0) - coalesce(num_prev / nullif(den_prev, 0), 0))
                   * coalesce(den_cur, 0) / nullif(sum(den_cur) OVER (PARTITION BY kpi), 0) END AS change
  FROM by_channel
),
top AS (
  SELECT kpi, arg_max(channel, abs(change)) AS top_channel, arg_max(change, abs(change)) AS top_channel_change
  FROM contrib WHERE change IS NOT NULL GROUP BY kpi
),
kpis AS (
  SELECT * FROM (VALUES
    (1, 'people', '触达人数', 'People reached'), (2, 'conversions', '转化人数', 'Converted people'),
    (3, 'conversion_rate', '转化率（%）', 'Conversion rate (%)'), (4, 'payment_success_rate', '支付成功率（%）', 'Payment success rate (%)'),
    -- No currency in the names: amounts are in the store's configured currency (Store:Currency), not always yuan.
    (5, 'revenue', '收入', 'Revenue'), (6, 'aov', '客单价', 'AOV'),
    (7, 'repurchase_rate', '复购买家占比（%）', 'Repeat-buyer share (%)'), (8, 'nps', 'NPS', 'NPS'),
    (9, 'median_resolution_hours', '工单解决时长中位数（小时）', 'Median ticket resolution (hours)')
  ) AS k(kpi_order, kpi, kpi_zh, kpi_en)
)
SELECT k.kpi, k.kpi_zh, k.kpi_en,
       round(c.value, 2) AS this_period,
       round(p.value, 2) AS previous_period,
       round(c.value - p.value, 2) AS change,
       (c.value - p.value) / nullif(abs(p.value), 0) AS change_pct,
       t.top_channel,
       round(t.top_channel_change, 2) AS top_channel_change
FROM kpis k
LEFT JOIN totals c ON c.kpi = k.kpi AND c.wk = 'cur'
LEFT JOIN totals p ON p.kpi = k.kpi AND p.wk = 'prev'
LEFT JOIN top t ON t.kpi = k.kpi
-- auto (no KPI named): the KPI that moved most leads — relative change, except NPS, whose -100..100 scale makes a
-- relative change meaningless near zero, so its change in points is read against that scale.
ORDER BY k.kpi = $metric DESC,
         CASE WHEN $metric = 'auto' THEN
              CASE WHEN k.kpi = 'nps' THEN abs(c.value - p.value) / 100 ELSE abs(c.value - p.value) / nullif(abs(p.value), 0) END
         END DESC NULLS LAST,
         k.kpi_order
