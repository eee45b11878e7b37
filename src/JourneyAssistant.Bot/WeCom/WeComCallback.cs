using System.Globalization;
using System.Text;
using JourneyAssistant.Bot.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>
/// The /api/wecom callback: GET verifies the URL (returns the decrypted echostr); POST verifies, decrypts and queues a
/// message for the turn pipeline, answering WeCom at once with an empty 200 (the answer goes out through the active send API).
/// </summary>
public sealed class WeComCallback(IOptions<WeComOptions> options, WeComTurns turns, TimeProvider time, ILogger<WeComCallback> logger)
{
    private WeComMessageCrypto? _crypto;

    /// <summary>GET: URL verification.</summary>
    public IResult Verify(string? msgSignature, string? timestamp, string? nonce, string? echostr)
    {
        if (Crypto() is not { } crypto)
        {
            return Results.Problem("WeCom callback is not configured (WECOM_TOKEN, WECOM_ENCODING_AES_KEY, WECOM_CORP_ID).", statusCode: 503);
        }

        if (string.IsNullOrEmpty(echostr) || string.IsNullOrEmpty(nonce))
        {
            return Results.BadRequest();
        }

        if (Authenticate(crypto, msgSignature, timestamp, nonce, echostr) is { } rejected)
        {
            return rejected;
        }

        try
        {
            return Results.Text(crypto.Decrypt(echostr), "text/plain", Encoding.UTF8);
        }
        catch (WeComCryptoException ex)
        {
            logger.LogWarning("WeCom URL verification rejected: {Reason}", ex.Message);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
    }

    /// <summary>POST: an encrypted message or event.</summary>
    public async Task<IResult> ReceiveAsync(HttpRequest request, string? msgSignature, string? timestamp, string? nonce)
    {
        if (Crypto() is not { } crypto)
        {
            return Results.Problem("WeCom callback is not configured.", statusCode: 503);
        }

        var body = await ReadBodyAsync(request, options.Value.MaxBodyBytes);
        if (body is null)
        {
            logger.LogWarning("WeCom callback body over {Limit} bytes refused", options.Value.MaxBodyBytes);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var envelope = WeComInboundMessage.ParseFields(body);
        if (envelope is null || !envelope.TryGetValue("Encrypt", out var encrypt) || string.IsNullOrEmpty(encrypt) || string.IsNullOrEmpty(nonce))
        {
            logger.LogWarning("WeCom callback with malformed XML or no Encrypt element refused");
            return Results.BadRequest();
        }

        if (Authenticate(crypto, msgSignature, timestamp, nonce, encrypt) is { } rejected)
        {
            return rejected;
        }

        string plaintext;
        try
        {
            plaintext = crypto.Decrypt(encrypt);
        }
        catch (WeComCryptoException ex)
        {
            logger.LogWarning("WeCom callback rejected after a valid signature: {Reason}", ex.Message);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (WeComInboundMessage.Parse(plaintext) is not { } message)
        {
            logger.LogWarning("WeCom callback decrypted to malformed XML; ignored");
            return Results.BadRequest();
        }

        if (turns.Accept(message) == TurnOutcome.Duplicate)
        {
            logger.LogInformation("WeCom callback {Key} already received; dropped as a retry", message.DeduplicationKey);
        }

        // Empty 200: WeCom stops retrying; the reply goes out through message/send.
        return Results.Text("", "text/plain");
    }

    private IResult? Authenticate(WeComMessageCrypto crypto, string? msgSignature, string? timestamp, string nonce, string encrypt)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            logger.LogWarning("WeCom callback without a valid timestamp refused");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age.Duration() > options.Value.ReplayWindow)
        {
            logger.LogWarning("WeCom callback with timestamp {Timestamp} outside the replay window refused", timestamp);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!crypto.Verify(msgSignature, timestamp!, nonce, encrypt))
        {
            logger.LogWarning("WeCom callback with a bad msg_signature refused");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        return null;
    }

    private WeComMessageCrypto? Crypto()
    {
        if (_crypto is not null)
        {
            return _crypto;
        }

        var o = options.Value;
        if (!o.CallbackConfigured)
        {
            return null;
        }

        try
        {
            return _crypto = new WeComMessageCrypto(o.Token, o.EncodingAesKey, o.CorpId);
        }
        catch (ArgumentException ex)
        {
            logger.LogError("WeCom EncodingAESKey is invalid: {Reason}", ex.Message);
            return null;
        }
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new byte[limit + 1];
        var total = 0;
        int read;
        while (total <= limit && (read = await request.Body.ReadAsync(buffer.AsMemory(total, buffer.Length - total), request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
        }

        return total > limit ? null : Encoding.UTF8.GetString(buffer, 0, total);
    }
}
