namespace JourneyAssistant.Bot.DirectLine;

/// <summary>
/// The hosting page's sign-in, bound from "DirectLine:SignIn": a chat token is bound to a user only when the page
/// presents a JWT (HS256) signed with <see cref="SigningKey"/> by <see cref="Issuer"/> for <see cref="Audience"/>.
/// Without it, every web-chat user is anonymous and gets Access:Default.
/// </summary>
public sealed class WebChatSignInOptions
{
    public const string SectionName = "DirectLine:SignIn";

    /// <summary>Expected "iss" of the assertion.</summary>
    public string? Issuer { get; set; }

    /// <summary>Expected "aud" of the assertion.</summary>
    public string? Audience { get; set; }

    /// <summary>Shared HMAC key (at least 32 bytes). Set it from the environment: JOURNEY__DirectLine__SignIn__SigningKey.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim that names the user (matched against Access:Users).</summary>
    public string UserClaim { get; set; } = "sub";

    public bool Enabled => !string.IsNullOrEmpty(SigningKey) && !string.IsNullOrEmpty(Issuer) && !string.IsNullOrEmpty(Audience);
}
