namespace JourneyAssistant.Bot.WeCom;

/// <summary>A WeCom API call that returned a non-zero errcode (or a non-success HTTP status, errcode = -HTTP status).</summary>
public sealed class WeComApiException(int errorCode, string message) : Exception($"WeCom API error {errorCode}: {message}")
{
    /// <summary>-1 system busy.</summary>
    public const int SystemBusy = -1;

    /// <summary>40014 invalid access_token.</summary>
    public const int InvalidAccessToken = 40014;

    /// <summary>42001 access_token expired.</summary>
    public const int AccessTokenExpired = 42001;

    /// <summary>45009 API call frequency exceeded.</summary>
    public const int RateLimited = 45009;

    public int ErrorCode { get; } = errorCode;

    /// <summary>Worth retrying: busy, rate limited, token to refresh, or HTTP 5xx / 429.</summary>
    public bool IsTransient => ErrorCode is SystemBusy or RateLimited or InvalidAccessToken or AccessTokenExpired
        || ErrorCode <= -500 || ErrorCode == -429;

    public bool IsTokenError => ErrorCode is InvalidAccessToken or AccessTokenExpired;
}
