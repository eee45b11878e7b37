using System.Globalization;
using DuckDB.NET.Data;

namespace JourneyAssistant.Store.Schema;

/// <summary>
/// The store's own journey, derived from its events after every ingest: which touchpoints and events it has, the
/// touchpoints people typically pass through on the way to a conversion (the funnel's steps, in order) and that
/// conversion. Skills read it through the <c>journey_profile</c> view instead of naming sample touchpoints.
/// </summary>
/// <remarks>
/// Rows: <c>kind</c> is <c>step</c> (a funnel step, <c>position</c> 1..n), <c>event_step</c> (the same path told in
/// events, for step timing), <c>conversion</c> (the funnel's end event, position n+1), <c>touchpoint</c> or <c>event</c> (everything present; touchpoints positioned by where they typically
/// fall in a person's journey). A step is a touchpoint that at least <see cref="StepShare"/> of the converters visited
/// before converting, ordered by how long before the conversion they typically first visited it. Of several
/// conversion events, the one with the most such steps ends the funnel (ties: more converters), so an online
/// checkout beats a store purchase that nobody walks a path to. Touchpoints given a <c>funnel_step</c> in the dictionary
/// overlay pin the steps instead (their share and lead are then null).
/// </remarks>
public static class JourneyProfile
{
    /// <summary>Share of converters that must have visited a touchpoint before converting for it to be a funnel step.</summary>
    public const double StepShare = 0.8;

    /// <summary>Most steps a funnel keeps before its conversion (the generic funnel handles 2–12 rows).</summary>
    public const int MaxSteps = 11;

    /// <summary>The profile table (the view <c>journey_profile</c> reads it).</summary>
    public const string TableSql = """
        CREATE TABLE IF NOT EXISTS journey_profile_rows(kind VARCHAR, id VARCHAR, position INTEGER, people BIGINT, share DOUBLE, lead_seconds DOUBLE);
        """;

    /// <summary>Changes with the derivation, so a store profiled by an older rule is profiled again on its next writable open.</summary>
    public static string Fingerprint => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RefreshSql)))[..16];

    /// <summary>The stored profile with labels, in kind then position order.</summary>
    public static async Task<IReadOnlyList<JourneyProfileRow>> ReadAsync(DuckDBConnection connection, CancellationToken ct = default) =>
        (await connection.QueryAsync("""
            SELECT p.kind, p.id, p.position, p.people, p.share, p.lead_seconds,
                   coalesce(t.label_zh, e.label_zh, p.id), coalesce(t.label_en, e.label_en, p.id)
            FROM journey_profile p
            LEFT JOIN dim_touchpoints t ON p.kind IN ('step', 'touchpoint') AND t.id = p.id
            LEFT JOIN dim_events e ON p.kind IN ('event_step', 'conversion', 'event') AND e.id = p.id
            ORDER BY CASE p.kind WHEN 'step' THEN 1 WHEN 'conversion' THEN 2 WHEN 'event_step' THEN 3 WHEN 'touchpoint' THEN 4 ELSE 5 END, p.position
            """, ct))
        .Select(r => new JourneyProfileRow((string)r[0]!, (string)r[1]!, Convert.ToInt32(r[2], CultureInfo.InvariantCulture),
            r[3] is null ? null : Convert.ToInt64(r[3], CultureInfo.InvariantCulture), r[4] is null ? null : Convert.ToDouble(r[4], CultureInfo.InvariantCulture),
            r[5] is null ? null : Convert.ToDouble(r[5], CultureInfo.InvariantCulture), (string)r[6]!, (string)r[7]!))
        .ToList();

    /// <summary>Recomputes the profile from <c>touchpoint_events</c>, set-based; runs inside the caller's transaction.</summary>
    public static Task RefreshAsync(DuckDBConnection connection, CancellationToken ct = default) => connection.ExecuteAsync(RefreshSql, ct);

    private static readonly string RefreshSql = $"""
        DELETE FROM journey_profile_rows;
        CREATE OR REPLACE TEMP TABLE jp_conv AS
            SELECT event, person_id, min(occurred_at) AS t FROM touchpoint_events
            WHERE is_conversion AND person_id IS NOT NULL GROUP BY ALL;
        CREATE OR REPLACE TEMP TABLE jp_chain AS
            SELECT conversion, level, id, count(*) AS people, median(lead_s) AS lead_s, avg(lead_s) AS avg_lead, min(dict_order) AS dict_order
            FROM (SELECT e.person_id, 'touchpoint' AS level, e.touchpoint AS id, c.event AS conversion, min(e.touchpoint_order) AS dict_order,
                         epoch(any_value(c.t)) - epoch(min(e.occurred_at)) AS lead_s
                  FROM touchpoint_events e JOIN jp_conv c ON c.person_id = e.person_id AND e.occurred_at <= c.t AND e.event <> c.event
                  WHERE e.touchpoint IS NOT NULL GROUP BY e.person_id, e.touchpoint, c.event
                  UNION ALL
                  SELECT e.person_id, 'event', e.event, c.event, min(e.stage_order),
                         epoch(any_value(c.t)) - epoch(min(e.occurred_at))
                  FROM touchpoint_events e JOIN jp_conv c ON c.person_id = e.person_id AND e.occurred_at <= c.t AND e.event <> c.event
                  WHERE NOT e.is_conversion GROUP BY e.person_id, e.event, c.event)
            GROUP BY conversion, level, id;
        CREATE OR REPLACE TEMP TABLE jp_steps AS
            WITH convs AS (SELECT event, count(*) AS converters FROM jp_conv GROUP BY event),
            qualified AS (
                SELECT ch.*, cs.converters FROM jp_chain ch JOIN convs cs ON cs.event = ch.conversion
                WHERE ch.people >= {StepShare.ToString(CultureInfo.InvariantCulture)} * cs.converters),
            pick AS (
                SELECT cs.event, cs.converters FROM convs cs LEFT JOIN qualified q ON q.conversion = cs.event AND q.level = 'touchpoint'
                GROUP BY cs.event, cs.converters ORDER BY count(q.id) DESC, cs.converters DESC, cs.event LIMIT 1)
            SELECT q.level, q.id, q.people, q.people / q.converters::DOUBLE AS share, q.lead_s,
                   row_number() OVER (PARTITION BY q.level ORDER BY q.lead_s DESC, q.avg_lead DESC, q.dict_order NULLS LAST, q.id) AS position,
                   p.event AS conversion, p.converters
            FROM pick p LEFT JOIN qualified q ON q.conversion = p.event;
        -- Touchpoints an overlay pinned (funnel_step) replace the derived steps, in the pinned order, where the data has them.
        CREATE OR REPLACE TEMP TABLE jp_pinned AS
            SELECT d.id, row_number() OVER (ORDER BY d.funnel_step, d.id) AS position FROM dict_touchpoints d
            WHERE d.funnel_step IS NOT NULL AND EXISTS (SELECT 1 FROM touchpoint_events e WHERE e.touchpoint = d.id);
        INSERT INTO journey_profile_rows
            SELECT CASE level WHEN 'touchpoint' THEN 'step' ELSE 'event_step' END, id, position, people, share, lead_s FROM jp_steps
            WHERE id IS NOT NULL AND position <= {MaxSteps} AND (level = 'event' OR NOT EXISTS (SELECT 1 FROM jp_pinned))
            UNION ALL
            SELECT 'step', id, position, NULL, NULL, NULL FROM jp_pinned WHERE position <= {MaxSteps};
        INSERT INTO journey_profile_rows
            SELECT 'conversion', any_value(conversion), (SELECT coalesce(max(position), 0) + 1 FROM journey_profile_rows WHERE kind = 'step'),
                   any_value(converters), 1.0, 0.0
            FROM jp_steps HAVING count(*) > 0;
        INSERT INTO journey_profile_rows
            SELECT 'touchpoint', touchpoint, row_number() OVER (ORDER BY median(r), min(touchpoint_order) NULLS LAST, touchpoint), count(*), NULL, NULL
            FROM (SELECT person_id, touchpoint, min(touchpoint_order) AS touchpoint_order,
                         row_number() OVER (PARTITION BY person_id ORDER BY min(occurred_at), touchpoint) AS r
                  FROM touchpoint_events WHERE touchpoint IS NOT NULL AND person_id IS NOT NULL GROUP BY person_id, touchpoint)
            GROUP BY touchpoint;
        INSERT INTO journey_profile_rows
            SELECT 'event', event, row_number() OVER (ORDER BY count(DISTINCT person_id) DESC, event), count(DISTINCT person_id), NULL, NULL
            FROM touchpoint_events GROUP BY event;
        DROP TABLE jp_conv;
        DROP TABLE jp_chain;
        DROP TABLE jp_steps;
        DROP TABLE jp_pinned;
        """;
}

/// <summary>One row of the journey profile: what it is (step, conversion, event_step, touchpoint, event), where it falls, how many people.</summary>
public sealed record JourneyProfileRow(string Kind, string Id, int Position, long? People, double? Share, double? LeadSeconds, string LabelZh, string LabelEn);
