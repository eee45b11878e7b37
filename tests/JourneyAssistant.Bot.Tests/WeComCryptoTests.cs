using System.Security.Cryptography;
using JourneyAssistant.Bot.WeCom;

namespace JourneyAssistant.Bot.Tests;

/// <summary>WeCom callback crypto: the official documentation vectors and round trips with the vendor's @wecom/crypto package.</summary>
public sealed class WeComCryptoTests
{
    // The vectors of WeCom's official WXBizMsgCrypt samples ("加解密方案说明"), reproduced by the vendor SDKs' tests.
    private const string DocToken = "QDG6eK";
    private const string DocAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private const string DocCorpId = "wx5823bf96d3bd56c7";
    private const string DocEncrypt = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    private const string DocEchoStr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

    private static readonly WeComMessageCrypto Doc = new(DocToken, DocAesKey, DocCorpId);

    [Fact]
    public void Official_message_vector_signature_matches_and_decrypts_to_documented_message()
    {
        Assert.Equal("477715d11cdb4164915debcba66cb864d751f3e6", Doc.Sign("1409659813", "1372623149", DocEncrypt));
        Assert.True(Doc.Verify("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", DocEncrypt));

        var message = WeComInboundMessage.Parse(Doc.Decrypt(DocEncrypt));

        Assert.Equal(new WeComInboundMessage(DocCorpId, "mycreate", 1409659813, "text", "hello", "4561255354251345929", null, "218"), message);
    }

    [Fact]
    public void Official_url_verification_vector_decrypts_echostr()
    {
        Assert.True(Doc.Verify("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", DocEchoStr));
        Assert.Equal("1616140317555161061", Doc.Decrypt(DocEchoStr));
    }

    [Fact]
    public async Task Official_package_signs_the_documented_vector_like_we_do()
    {
        var node = await WeComNodeInterop.RunAsync(new { op = "sign", token = DocToken, timestamp = "1409659813", nonce = "1372623149", encrypt = DocEncrypt });

        Assert.Equal("477715d11cdb4164915debcba66cb864d751f3e6", node["signature"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("<xml><Content><![CDATA[上周各渠道的转化率是多少？]]></Content></xml>")]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("exactly-thirty-two-bytes-padding!!")]
    public async Task Our_ciphertext_decrypts_with_the_official_wecom_crypto_package(string message)
    {
        var key = NewKey();
        var ours = new WeComMessageCrypto("t", key, "ww1234567890abcdef");

        var node = await WeComNodeInterop.RunAsync(new { op = "decrypt", key, encrypt = ours.Encrypt(message) });

        Assert.Equal(message, node["message"]!.GetValue<string>());
        Assert.Equal("ww1234567890abcdef", node["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[哪个触点流失的用户最多？]]></Content></xml>")]
    [InlineData("a")]
    public async Task Official_package_ciphertext_decrypts_with_ours(string message)
    {
        var key = NewKey();
        var long_ = message + new string('旅', 700);

        foreach (var text in new[] { message, long_ })
        {
            var node = await WeComNodeInterop.RunAsync(new { op = "encrypt", key, message = text, id = "ww1234567890abcdef" });
            var ours = new WeComMessageCrypto("t", key, "ww1234567890abcdef");

            Assert.Equal(text, ours.Decrypt(node["encrypt"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Official_package_ciphertext_for_another_corp_is_rejected()
    {
        var key = NewKey();
        var node = await WeComNodeInterop.RunAsync(new { op = "encrypt", key, message = "hi", id = "ww-other-corp" });

        var error = Assert.Throws<WeComCryptoException>(() => new WeComMessageCrypto("t", key, "ww1234567890abcdef").Decrypt(node["encrypt"]!.GetValue<string>()));
        Assert.Contains("corp id", error.Message);
    }

    [Fact]
    public void Tampered_ciphertext_is_rejected()
    {
        var bytes = Convert.FromBase64String(DocEncrypt);
        bytes[^1] ^= 0x5A; // corrupts the last block, i.e. the padding
        var tampered = Convert.ToBase64String(bytes);

        Assert.Throws<WeComCryptoException>(() => Doc.Decrypt(tampered));
        Assert.Throws<WeComCryptoException>(() => Doc.Decrypt("not base64 at all!"));
        Assert.Throws<WeComCryptoException>(() => Doc.Decrypt(Convert.ToBase64String(new byte[48])));
    }

    [Fact]
    public void Signature_check_rejects_any_changed_input()
    {
        var good = Doc.Sign("1409659813", "1372623149", DocEncrypt);

        Assert.False(Doc.Verify(good, "1409659814", "1372623149", DocEncrypt));
        Assert.False(Doc.Verify(good, "1409659813", "1372623148", DocEncrypt));
        Assert.False(Doc.Verify(good, "1409659813", "1372623149", DocEncrypt + "A"));
        Assert.False(Doc.Verify(null, "1409659813", "1372623149", DocEncrypt));
        Assert.False(Doc.Verify("477715d11cdb4164915debcba66cb864d751f3e", "1409659813", "1372623149", DocEncrypt));
    }

    [Fact]
    public void Invalid_encoding_aes_key_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new WeComMessageCrypto("t", "short", "ww1"));
        Assert.Throws<ArgumentException>(() => new WeComMessageCrypto("t", new string('!', 43), "ww1"));
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=');
}
