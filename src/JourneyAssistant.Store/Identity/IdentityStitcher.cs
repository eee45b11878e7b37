using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using JourneyAssistant.Store.Ingestion;
using JourneyAssistant.Store.Schema;
using static JourneyAssistant.Store.DuckDbConnectionExtensions;

namespace JourneyAssistant.Store.Identity;

/// <summary>
/// Links identifiers that co-occur on an event into persons (connected components), set-based in SQL:
/// shared identifiers are excluded, labels propagate as the minimum node id until nothing changes.
/// Person id = smallest node id of the component, so ids survive re-runs and only change when two persons merge.
/// </summary>
public sealed class IdentityStitcher
{
    private const int MaxIterations = 200;

    /// <summary>Re-derives shared flags, persons and every event's person id from event_identifiers; the store changes in one transaction.</summary>
    public static async Task<StitchResult> RunAsync(DuckDBConnection connection, int sharedThreshold, IProgress<IngestProgress>? progress = null, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var personLevel = string.Join(", ", StoreSchema.PersonLevelTypes.Select(QuoteLiteral));
        int iterations;
        try
        {
            // Components are worked out in committed temp tables first; the transaction below only writes the results.
            // (A table created inside an open transaction lives in transaction-local storage and reads back 2-3x slower.)
            Report(progress, "stitch: shared identifiers");
            // Only events carrying 2+ identifiers can link anything; ingest flags their rows (may_link), which saves grouping
            // every event's identifiers here (2.05 s -> 0.32 s over 15 M rows). Rows of a one-identifier event that are still
            // flagged (a placeholder beside a real value, or a store from before the flag) form no edge below.
            await connection.ExecuteAsync("""
                CREATE TEMP TABLE st_multi AS
                SELECT event_key, node_id, id_type FROM event_identifiers WHERE may_link IS NOT false
                """, ct);
            await connection.ExecuteAsync($"""
                CREATE TEMP TABLE st_linked AS
                SELECT node, max(n) AS linked_values, max(n) > $t AS is_shared FROM (
                    SELECT a.node_id AS node, b.id_type, count(DISTINCT b.node_id) AS n
                    FROM st_multi a JOIN st_multi b ON a.event_key = b.event_key AND a.id_type <> b.id_type
                    WHERE b.id_type IN ({personLevel})
                    GROUP BY a.node_id, b.id_type)
                GROUP BY node
                """, ct, ("t", sharedThreshold));

            Report(progress, "stitch: components");
            // Star edges: every identifier of an event links to the event's smallest identifier (same components, fewer edges).
            await connection.ExecuteAsync("""
                CREATE TEMP TABLE st_usable AS
                SELECT m.event_key, m.node_id FROM st_multi m
                WHERE m.node_id NOT IN (SELECT node FROM st_linked WHERE is_shared)
                """, ct);
            // Each edge points from a node to its event's hub, the smaller id, so the forward and reverse directions never
            // repeat each other: de-duplicating one direction and mirroring it is enough (1.57 s -> 1.12 s, 3.2 M edges).
            await connection.ExecuteAsync("""
                CREATE TEMP TABLE st_edges AS
                WITH hub AS (SELECT event_key, min(node_id) AS hub FROM st_usable GROUP BY event_key),
                     up AS (SELECT DISTINCT u.node_id AS a, h.hub AS b FROM st_usable u JOIN hub h USING (event_key) WHERE u.node_id <> h.hub)
                SELECT a, b FROM up
                UNION ALL
                SELECT b, a FROM up
                """, ct);
            await connection.ExecuteAsync("""
                CREATE TEMP TABLE st_label AS
                SELECT node, node AS label FROM (SELECT DISTINCT a AS node FROM st_edges)
                """, ct);

            iterations = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                iterations++;
                // One round: take the smallest neighbour label, then jump once (label of my label) to halve long chains.
                // Every labelled node has an edge, so the round keeps the same nodes; each row carries its previous label
                // (was), and counting the changes is a scan rather than a join with the previous round.
                await connection.ExecuteAsync("""
                    CREATE OR REPLACE TEMP TABLE st_next AS
                    WITH hop AS (
                        SELECT l.node, l.label AS was, least(l.label, min(n.label)) AS label
                        FROM st_label l JOIN st_edges e ON e.a = l.node JOIN st_label n ON n.node = e.b
                        GROUP BY l.node, l.label)
                    SELECT h.node, least(h.label, coalesce(j.label, h.label)) AS label, h.was
                    FROM hop h LEFT JOIN hop j ON j.node = h.label
                    """, ct);
                var changed = await connection.ScalarAsync<long>("SELECT count(*) FROM st_next WHERE label <> was", ct);
                await connection.ExecuteAsync("DROP TABLE st_label; ALTER TABLE st_next RENAME TO st_label", ct);
                if (changed == 0)
                {
                    break;
                }

                if (iterations >= MaxIterations)
                {
                    throw new InvalidOperationException($"Identity stitching did not converge in {MaxIterations} rounds.");
                }
            }

            Report(progress, "stitch: persons");
            // Every identifier's new state; identifiers without any link are persons of their own, shared ones belong to nobody.
            await connection.ExecuteAsync("""
                CREATE TEMP TABLE st_node_person AS
                SELECT i.node_id, coalesce(s.linked_values, 0) AS linked_values, coalesce(s.is_shared, false) AS is_shared,
                       CASE WHEN coalesce(s.is_shared, false) THEN NULL ELSE coalesce(l.label, i.node_id) END AS person_id
                FROM identities i LEFT JOIN st_linked s ON s.node = i.node_id LEFT JOIN st_label l ON l.node = i.node_id
                """, ct);
            await connection.ExecuteAsync("BEGIN TRANSACTION", ct);
            try
            {
                await connection.ExecuteAsync("""
                    UPDATE identities SET linked_values = n.linked_values, is_shared = n.is_shared, person_id = n.person_id
                    FROM st_node_person n
                    WHERE identities.node_id = n.node_id
                      AND (identities.linked_values IS DISTINCT FROM n.linked_values OR identities.is_shared IS DISTINCT FROM n.is_shared
                           OR identities.person_id IS DISTINCT FROM n.person_id)
                    """, ct);
                // An event's person is its identifiers' person (all its usable identifiers are in one component), computed in the
                // UPDATE itself (a staged copy of 10 M (event, person) rows plus a second join measured slower). An event with one
                // identifier (may_link false: exactly one row) takes its person without grouping; only the others take the
                // smallest of their identifiers' persons (one grouped UPDATE 3.9 s -> 1.3 + 1.35 s for 10 M events, 7 M single).
                await connection.ExecuteAsync("""
                    UPDATE touchpoint_events SET person_id = p.person_id
                    FROM (SELECT e.event_key, n.person_id
                          FROM event_identifiers e JOIN st_node_person n ON n.node_id = e.node_id
                          WHERE n.person_id IS NOT NULL AND e.may_link = false) p
                    WHERE touchpoint_events.event_key = p.event_key AND touchpoint_events.person_id IS DISTINCT FROM p.person_id
                    """, ct);
                await connection.ExecuteAsync("""
                    UPDATE touchpoint_events SET person_id = p.person_id
                    FROM (SELECT e.event_key, min(n.person_id) AS person_id
                          FROM event_identifiers e JOIN st_node_person n ON n.node_id = e.node_id
                          WHERE n.person_id IS NOT NULL AND e.may_link IS NOT false
                          GROUP BY e.event_key) p
                    WHERE touchpoint_events.event_key = p.event_key AND touchpoint_events.person_id IS DISTINCT FROM p.person_id
                    """, ct);
                // The rest lose their person: events whose identifiers are all shared (only shared identifiers have no
                // person, and they are few, so this looks only at their events).
                await connection.ExecuteAsync("""
                    UPDATE touchpoint_events SET person_id = NULL
                    WHERE person_id IS NOT NULL AND event_key IN (
                        SELECT e.event_key FROM event_identifiers e JOIN st_node_person n ON n.node_id = e.node_id
                        WHERE e.event_key IN (SELECT event_key FROM event_identifiers
                                              WHERE node_id IN (SELECT node_id FROM st_node_person WHERE person_id IS NULL))
                        GROUP BY e.event_key HAVING count(n.person_id) = 0)
                    """, ct);
                // Not sorted by person: nothing reads persons in stored order, and sorting 2.2 M rows was a fifth of this
                // statement (2.9 s -> 2.3 s).
                await connection.ExecuteAsync("""
                    DELETE FROM persons;
                    INSERT INTO persons
                    WITH ev AS (
                        SELECT person_id, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen, count(*) AS event_count,
                               arg_min(channel, occurred_at) AS first_channel, arg_max(region, occurred_at) FILTER (WHERE region IS NOT NULL) AS region,
                               arg_min(local_date, occurred_at) AS first_local_date, arg_max(local_date, occurred_at) AS last_local_date
                        FROM touchpoint_events WHERE person_id IS NOT NULL GROUP BY person_id),
                    ids AS (
                        SELECT person_id, count(*) AS identifier_count,
                               bool_or(id_type = 'member_id') AS has_member_id, bool_or(id_type = 'phone') AS has_phone,
                               bool_or(id_type IN ('wechat_openid', 'wechat_unionid')) AS has_wechat, bool_or(id_type = 'cookie_id') AS has_cookie
                        FROM identities WHERE person_id IS NOT NULL GROUP BY person_id)
                    SELECT ev.person_id, ev.first_seen, ev.last_seen, coalesce(ids.identifier_count, 0), ev.event_count, ev.first_channel, ev.region,
                           coalesce(ids.has_member_id, false), coalesce(ids.has_phone, false), coalesce(ids.has_wechat, false), coalesce(ids.has_cookie, false),
                           ev.first_local_date, ev.last_local_date
                    FROM ev LEFT JOIN ids USING (person_id)
                    """, ct);
                Report(progress, "stitch: journey profile");
                await JourneyProfile.RefreshAsync(connection, ct);
                // Done with every batch so far: an ingest killed before this commit left the mark for the next open to repair.
                await connection.ExecuteAsync(StitchRepair.ClearSql, ct);
                Report(progress, "stitch: commit");
                await connection.ExecuteAsync("COMMIT", ct);
            }
            catch
            {
                await connection.ExecuteAsync("ROLLBACK", CancellationToken.None);
                throw;
            }
        }
        finally
        {
            foreach (var table in new[] { "st_multi", "st_linked", "st_usable", "st_edges", "st_label", "st_next", "st_node_person" })
            {
                await connection.ExecuteAsync($"DROP TABLE IF EXISTS {table}", CancellationToken.None);
            }
        }

        var persons = await connection.ScalarAsync<long>("SELECT count(*) FROM persons", ct);
        var identities = await connection.ScalarAsync<long>("SELECT count(*) FROM identities", ct);
        var shared = (await connection.QueryAsync("""
            SELECT i.id_type, i.masked, i.linked_values, (SELECT count(*) FROM event_identifiers e WHERE e.node_id = i.node_id)
            FROM identities i WHERE i.is_shared ORDER BY i.linked_values DESC, i.id_type, i.masked
            """, ct))
            .Select(r => new SharedIdentifier((string)r[0]!, (string)r[1]!, Convert.ToInt32(r[2], CultureInfo.InvariantCulture), Convert.ToInt64(r[3], CultureInfo.InvariantCulture)))
            .ToList();
        return new StitchResult(persons, identities, iterations, shared, stopwatch.Elapsed);
    }

    private static void Report(IProgress<IngestProgress>? progress, string step)
    {
        CrashPoint.Reach(step);
        progress?.Report(new IngestProgress("", step));
    }
}
