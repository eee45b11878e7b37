using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace JourneyAssistant.Bot.WeCom;

/// <summary>Why a callback failed verification or decryption.</summary>
public sealed class WeComCryptoException(string reason) : Exception(reason);

/// <summary>
/// WeCom's callback crypto (WXBizMsgCrypt): SHA1 signature over the sorted [token, timestamp, nonce, encrypt];
/// AES-256-CBC with key = Base64(EncodingAESKey + "="), IV = first 16 key bytes, PKCS#7 padded to 32-byte blocks;
/// plaintext = random(16) + length(4, big-endian) + message + receive id (corp id).
/// </summary>
public sealed class WeComMessageCrypto
{
    // WeCom pads to 32-byte blocks, not AES's 16, so .NET's PKCS7 mode would reject valid messages: pad by hand.
    private const int PadBlock = 32;

    private readonly string _token;
    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly string _receiveId;

    public WeComMessageCrypto(string token, string encodingAesKey, string receiveId)
    {
        if (encodingAesKey is not { Length: 43 })
        {
            throw new ArgumentException("EncodingAESKey must be 43 characters.", nameof(encodingAesKey));
        }

        try
        {
            _key = Convert.FromBase64String(encodingAesKey + "=");
        }
        catch (FormatException)
        {
            throw new ArgumentException("EncodingAESKey is not valid Base64.", nameof(encodingAesKey));
        }

        if (_key.Length != 32)
        {
            throw new ArgumentException("EncodingAESKey must decode to 32 bytes.", nameof(encodingAesKey));
        }

        _iv = _key[..16];
        _token = token;
        _receiveId = receiveId;
    }

    /// <summary>The msg_signature WeCom computes for these values.</summary>
    public string Sign(string timestamp, string nonce, string encrypt)
    {
        string[] parts = [_token, timestamp, nonce, encrypt];
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    /// <summary>True when <paramref name="signature"/> matches, compared in constant time.</summary>
    public bool Verify(string? signature, string timestamp, string nonce, string encrypt)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(timestamp, nonce, encrypt));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Encrypts <paramref name="message"/> for this corp; <paramref name="random"/> (16 bytes) is for reproducible tests.</summary>
    public string Encrypt(string message, byte[]? random = null)
    {
        random ??= RandomNumberGenerator.GetBytes(16);
        if (random.Length != 16)
        {
            throw new ArgumentException("The random prefix must be 16 bytes.", nameof(random));
        }

        var body = Encoding.UTF8.GetBytes(message);
        var id = Encoding.UTF8.GetBytes(_receiveId);
        var length = 16 + 4 + body.Length + id.Length;
        var pad = PadBlock - (length % PadBlock);
        var plain = new byte[length + pad];
        random.CopyTo(plain, 0);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), body.Length);
        body.CopyTo(plain, 20);
        id.CopyTo(plain, 20 + body.Length);
        plain.AsSpan(length).Fill((byte)pad);

        using var aes = CreateAes();
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    /// <summary>Decrypts a callback's Encrypt value; throws <see cref="WeComCryptoException"/> on tampering or a foreign corp id.</summary>
    public string Decrypt(string encrypt)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypt);
        }
        catch (FormatException)
        {
            throw new WeComCryptoException("ciphertext is not Base64");
        }

        if (cipher.Length == 0 || cipher.Length % PadBlock != 0)
        {
            throw new WeComCryptoException("ciphertext length is not a multiple of 32 bytes");
        }

        using var aes = CreateAes();
        var plain = aes.DecryptCbc(cipher, _iv, PaddingMode.None);

        var pad = plain[^1];
        if (pad is < 1 or > PadBlock || plain.AsSpan(plain.Length - pad).ContainsAnyExcept(pad))
        {
            throw new WeComCryptoException("invalid padding");
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20)
        {
            throw new WeComCryptoException("plaintext too short");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(content.Slice(16, 4));
        if (length < 0 || length > content.Length - 20)
        {
            throw new WeComCryptoException("invalid message length");
        }

        string message;
        string receiveId;
        try
        {
            var strict = new UTF8Encoding(false, true);
            message = strict.GetString(content.Slice(20, length));
            receiveId = strict.GetString(content[(20 + length)..]);
        }
        catch (DecoderFallbackException)
        {
            throw new WeComCryptoException("plaintext is not UTF-8");
        }

        if (!string.Equals(receiveId, _receiveId, StringComparison.Ordinal))
        {
            throw new WeComCryptoException("receive id does not match the configured corp id");
        }

        return message;
    }

    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}
