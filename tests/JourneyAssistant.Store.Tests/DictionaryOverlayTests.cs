using JourneyAssistant.Store.Dictionary;
using JourneyAssistant.Store.Localization;
using JourneyAssistant.Testing;

namespace JourneyAssistant.Store.Tests;

public sealed class DictionaryOverlayTests
{
    private static readonly JourneyDictionary _builtIn = JourneyDictionary.LoadEmbedded();

    private const string RetailOverlay = """
        channels:
          - { id: facebook, kind: paid, zh: Facebook, en: Facebook, aliases: [fb] }
        touchpoints:
          - { id: ad, aliases: [广告点击] }
          - { id: store_pickup, stage: purchase, order: 9, zh: 门店自提, en: Store pickup, aliases: [门店自提] }
        events:
          - { id: repeat_purchase, stage: retention, touchpoint: member_center, conversion: true, zh: 复购, en: Repeat purchase }
          - { id: payment_success, zh: 付款成功 }
        """;

    [Fact]
    public void Overlay_adds_aliases_entries_and_renames_labels_without_replacing_the_built_in_dictionary()
    {
        var merged = _builtIn.WithOverlay(DictionaryOverlay.FromEntries(DictionaryOverlay.Parse(RetailOverlay, "local.yaml"), RetailOverlay));

        Assert.Equal("ad", merged.Resolve(DictionaryKind.Touchpoint, " 广告点击 ")?.Id);
        Assert.Equal("ad", merged.Resolve(DictionaryKind.Touchpoint, "广告")?.Id);
        Assert.Equal(("paid", "Facebook"), (merged.Resolve(DictionaryKind.Channel, "FB")!.Category, merged.Label(DictionaryKind.Channel, "facebook", Language.En)));
        var pickup = merged.Resolve(DictionaryKind.Touchpoint, "门店自提")!;
        Assert.Equal(("store_pickup", "purchase", 9), (pickup.Id, pickup.Category, pickup.Order));
        var repeat = merged.Resolve(DictionaryKind.Event, "repeat_purchase")!;
        Assert.True(repeat.IsConversion);
        Assert.Equal("付款成功", merged.Label(DictionaryKind.Event, "payment_success", Language.Zh));
        Assert.Equal("Payment success", merged.Label(DictionaryKind.Event, "payment_success", Language.En));
        Assert.Equal(_builtIn.Entries(DictionaryKind.Channel).Count + 1, merged.Entries(DictionaryKind.Channel).Count);
        Assert.Null(_builtIn.Resolve(DictionaryKind.Touchpoint, "广告点击"));
    }

    [Theory]
    [InlineData("touchpoints:\n  - { id: ad, aliases: [广告点击]\n", 3, "not valid YAML")]
    [InlineData("touchpoints:\n  - { id: ad, aliases: [x] }\n  - { id: new_tp, zh: 新 }\n", 3, "needs stage and order")]
    [InlineData("channels:\n  - { id: facebook, kind: viral }\n", 2, "channel kind must be one of")]
    [InlineData("events:\n  - { id: x_event, stage: nirvana }\n", 2, "unknown stage 'nirvana'")]
    [InlineData("touchpoints:\n  - { id: ad, colour: red }\n", 2, "unknown field 'colour'")]
    [InlineData("touchpoints:\n  - { id: ad, aliases: [售后] }\n", 2, "alias '售后' would belong to both 'after_sales' and 'ad'")]
    [InlineData("touchpoints:\n  - { id: ad, aliases: [热线x] }\n  - { id: cart, aliases: [热线X] }\n", 3, "would belong to both 'ad' and 'cart'")]
    public void Broken_overlay_is_refused_with_file_and_line(string yaml, int line, string problem)
    {
        var error = Assert.Throws<DictionaryOverlayException>(() =>
            _builtIn.WithOverlay(DictionaryOverlay.FromEntries(DictionaryOverlay.Parse(yaml, "local.yaml"), yaml)));

        Assert.StartsWith($"local.yaml:{line}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Live_dictionary_picks_up_an_overlay_edit_and_keeps_the_previous_one_when_the_edit_is_broken()
    {
        var folder = RepoPaths.NewScratchFolder("overlay-live");
        var path = Path.Combine(folder, "dictionary.local.yaml");
        var live = new LiveDictionary(_builtIn, path);
        Assert.Null(live.Resolve(DictionaryKind.Touchpoint, "售后热线"));

        File.WriteAllText(path, "touchpoints:\n  - { id: after_sales, aliases: [售后热线] }\n");
        Assert.Equal("after_sales", live.Resolve(DictionaryKind.Touchpoint, "售后热线")?.Id);
        Assert.Null(live.Error);

        File.WriteAllText(path, "touchpoints:\n  - { id: after_sales, aliases: [售后热线, 在线客服]\n");
        Assert.Equal("after_sales", live.Resolve(DictionaryKind.Touchpoint, "售后热线")?.Id);
        Assert.StartsWith($"{path}:", live.Error);
    }

    [Fact]
    public void Custom_ids_label_themselves_with_the_users_name_in_both_languages()
    {
        var id = CustomNames.Id(" 售后热线 ");
        Assert.Equal("custom:售后热线", id);
        Assert.Equal("售后热线", _builtIn.Label(DictionaryKind.Touchpoint, id, Language.Zh));
        Assert.Equal("售后热线", _builtIn.Label(DictionaryKind.Touchpoint, id, Language.En));
        Assert.True(_builtIn.Resolve(DictionaryKind.Touchpoint, id)!.Unmapped);
        Assert.Equal("custom:Facebook", CustomNames.Id("Ｆａｃｅｂｏｏｋ"));
    }
}
