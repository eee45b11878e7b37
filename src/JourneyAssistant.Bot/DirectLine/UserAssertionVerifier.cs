using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JourneyAssistant.Bot.DirectLine;

/// <summary>Checks the hosting page's signed user assertion; the user it names is the only identity a chat token carries.</summary>
public sealed class UserAssertionVerifier(IOptions<WebChatSignInOptions> options)
{
    public const string AnonymousUser = "anonymous";

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The signed-in user, or null when the assertion is missing a valid signature, issuer, audience or lifetime.</summary>
    public async Task<string?> VerifyAsync(string assertion)
    {
        var signIn = options.Value;
        if (!signIn.Enabled || string.IsNullOrWhiteSpace(assertion))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = signIn.Issuer,
            ValidAudience = signIn.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signIn.SigningKey!)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        return result.IsValid && result.ClaimsIdentity.FindFirst(signIn.UserClaim)?.Value is { Length: > 0 } user ? user : null;
    }

    /// <summary>The answer to a refused assertion: one bilingual line.</summary>
    public static IResult Refused() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: "登录凭证无效或已过期，请重新登录。 The sign-in assertion is invalid or expired; please sign in again.");
}
