using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;

namespace JourneyAssistant.Store.Tests;

public sealed class DictionaryTests
{
    private static readonly JourneyDictionary _dictionary = JourneyDictionary.LoadEmbedded();

    [Theory]
    [InlineData(DictionaryKind.Event, "order_create", "checkout_start")]
    [InlineData(DictionaryKind.Event, "SUBMIT_ORDER", "checkout_start")]
    [InlineData(DictionaryKind.Event, "  ｓｕｂｍｉｔ＿ｏｒｄｅｒ　", "checkout_start")]
    [InlineData(DictionaryKind.Channel, "微信小程序", "mini_program")]
    [InlineData(DictionaryKind.Channel, "Mini Program", "mini_program")]
    [InlineData(DictionaryKind.Stage, "使用与反馈", "retention")]
    [InlineData(DictionaryKind.Touchpoint, "PDP", "product_page")]
    public void Aliases_resolve_case_and_width_insensitively(string kind, string text, string id) =>
        Assert.Equal(id, _dictionary.Resolve(kind, text)?.Id);

    [Fact]
    public void An_alias_two_ids_claim_is_refused_as_ambiguous_instead_of_resolved_by_file_order()
    {
        var yaml = _dictionary.Yaml.Replace("aliases: [门店, 线下,", "aliases: [ＷＥＢ, 门店, 线下,", StringComparison.Ordinal);
        Assert.NotEqual(_dictionary.Yaml, yaml);

        var error = Assert.Throws<InvalidDataException>(() => JourneyDictionary.Parse(yaml));

        Assert.Contains("'ＷＥＢ' is ambiguous: it names both 'website' and 'store'", error.Message, StringComparison.Ordinal);
        Assert.Contains("有歧义", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_names_resolve_to_nothing_and_labels_fall_back_to_the_id()
    {
        Assert.Null(_dictionary.Resolve(DictionaryKind.Event, "teleport"));
        Assert.Equal("teleport", _dictionary.Label(DictionaryKind.Event, "teleport", Language.Zh));
        Assert.Equal("支付成功", _dictionary.Label(DictionaryKind.Event, "payment_success", Language.Zh));
        Assert.Equal("Payment success", _dictionary.Label(DictionaryKind.Event, "pay_success", Language.En));
    }

    [Fact]
    public void Entries_come_in_journey_order_with_categories()
    {
        Assert.Equal(["awareness", "interest", "consideration", "purchase", "retention", "advocacy"], _dictionary.Entries(DictionaryKind.Stage).Select(e => e.Id));
        Assert.Equal("paid", _dictionary.Resolve(DictionaryKind.Channel, "抖音")!.Category);
        var purchase = _dictionary.Resolve(DictionaryKind.Event, "store_purchase")!;
        Assert.True(purchase.IsConversion);
        Assert.Equal(("purchase", "store_pos"), (purchase.Category, purchase.Touchpoint));
    }
}
