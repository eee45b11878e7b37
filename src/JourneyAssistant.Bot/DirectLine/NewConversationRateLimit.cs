using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.DirectLine;

/// <summary>
/// How many conversations and tokens one client may ask for per minute (DirectLine:NewConversationsPerMinute), keyed
/// by remote address: an anonymous flood is turned away with 429 before it can fill the conversation store.
/// Behind a reverse proxy, enable forwarded headers so the address is the client's, not the proxy's.
/// </summary>
public static class NewConversationRateLimit
{
    public const string Policy = "directline-new-conversation";

    public static IServiceCollection AddNewConversationRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.NewConversationsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                    title: $"Too many new conversations from this client: try again in {seconds} s. / 新建会话过于频繁，请稍后（{seconds} 秒）再试。")
                    .ExecuteAsync(context.HttpContext);
            };
        });
}
