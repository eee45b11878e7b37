using System.Globalization;
using System.Text;
using JourneyAssistant.Store;
using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Ingestion;

namespace JourneyAssistant.Testing;

/// <summary>
/// A small store whose export uses names our dictionary does not know (channel Facebook, touchpoint 售后热线), over
/// ISO week 2026-W47: what every answer's data-quality caveat has to own up to, in whichever channel shows it.
/// </summary>
public static class ForeignNamesStore
{
    /// <summary>Events per person: a landing-page visit, and for even persons a payment of ¥100.</summary>
    public const int People = 12;

    /// <summary>Writes the export into <paramref name="folder"/> and ingests it into <c>journey.duckdb</c> there; returns the store path.</summary>
    public static async Task<string> BuildAsync(string folder)
    {
        var path = Path.Combine(folder, "journey.duckdb");
        var options = new StoreOptions { Path = path, PiiKey = "test-pii-key-0123456789", Threads = 2, MemoryLimit = "1GB" };
        var store = new JourneyStore(options, folder, JourneyDictionary.LoadEmbedded());
        var csv = new StringBuilder("event_id,occurred_at,source,channel,touchpoint,event,stage,user_id,member_id,phone,wechat_openid,wechat_unionid,device_id,cookie_id,amount,properties\n");
        for (var p = 0; p < People; p++)
        {
            // Half the people come from Facebook (unmapped), half from the website; every third asks the hotline.
            var channel = p % 2 == 0 ? "Facebook" : "website";
            var day = new DateTime(2026, 11, 16 + p % 7, 10, 0, 0, DateTimeKind.Utc);
            string At(int minutes) => day.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"v{p},{At(0)},web,{channel},landing_page,page_view,,u{p},,,,,,,,\n");
            if (p % 2 == 0)
            {
                csv.Append(CultureInfo.InvariantCulture, $"pay{p},{At(30)},web,{channel},payment_success,payment_success,,u{p},,,,,,,100,\n");
            }

            if (p % 3 == 0)
            {
                csv.Append(CultureInfo.InvariantCulture, $"call{p},{At(90)},service,{channel},售后热线,ticket_open,,u{p},,,,,,,,\n");
            }
        }

        var file = Path.Combine(folder, "foreign.csv");
        await File.WriteAllTextAsync(file, csv.ToString(), new UTF8Encoding(false));
        var report = await new IngestionService(store).IngestAsync([file]);
        if (report.Rejected != 0)
        {
            throw new InvalidOperationException($"the foreign-names export lost {report.Rejected} rows on ingest");
        }

        return path;
    }
}
