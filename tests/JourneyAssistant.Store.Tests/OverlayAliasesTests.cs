using JourneyAssistant.Store.Vocabulary;
using JourneyAssistant.Testing;
using YamlDotNet.RepresentationModel;

namespace JourneyAssistant.Store.Tests;

/// <summary>`dictionary apply` writes aliases into the overlay: joining an existing entry, adding one, never twice.</summary>
public sealed class OverlayAliasesTests
{
    private static YamlMappingNode Read(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static List<string> Aliases(YamlMappingNode root, string section, string id) =>
        ((YamlSequenceNode)root[section]).Children.Cast<YamlMappingNode>()
            .Where(e => ((YamlScalarNode)e["id"]).Value == id)
            .SelectMany(e => ((YamlSequenceNode)e["aliases"]).Children.Cast<YamlScalarNode>().Select(a => a.Value!))
            .ToList();

    [Fact]
    public void Aliases_join_existing_entries_add_missing_ones_and_keep_other_fields()
    {
        var path = Path.Combine(RepoPaths.NewScratchFolder("overlay-aliases"), "dictionary.local.yaml");
        File.WriteAllText(path, """
            touchpoints:
              - { id: ad, aliases: [投放广告] }
            events:
              - { id: repeat_purchase, stage: retention, touchpoint: member_center, conversion: true, zh: 复购, en: Repeat purchase }
            """);

        var added = OverlayAliases.Add(path, [("touchpoint", "广告点击", "ad"), ("channel", "Paid Search", "search"), ("event", "pay_page_view", "payment_start")]);
        var again = OverlayAliases.Add(path, [("touchpoint", "广告点击", "ad"), ("touchpoint", "ＡＤ点击", "ad")]);
        var root = Read(path);

        Assert.Equal(3, added);
        Assert.Equal(1, again);
        Assert.Equal(["投放广告", "广告点击", "ＡＤ点击"], Aliases(root, "touchpoints", "ad"));
        Assert.Equal(["Paid Search"], Aliases(root, "channels", "search"));
        Assert.Equal(["pay_page_view"], Aliases(root, "events", "payment_start"));
        var repeat = ((YamlSequenceNode)root["events"]).Children.Cast<YamlMappingNode>().Single(e => ((YamlScalarNode)e["id"]).Value == "repeat_purchase");
        Assert.Equal("true", ((YamlScalarNode)repeat["conversion"]).Value);
        Assert.Equal("Repeat purchase", ((YamlScalarNode)repeat["en"]).Value);
    }

    [Fact]
    public void A_missing_overlay_is_created()
    {
        var path = Path.Combine(RepoPaths.NewScratchFolder("overlay-new"), "data", "dictionary.local.yaml");

        Assert.Equal(1, OverlayAliases.Add(path, [("touchpoint", "售后热线", "after_sales")]));
        Assert.Equal(["售后热线"], Aliases(Read(path), "touchpoints", "after_sales"));
    }

    [Fact]
    public void An_overlay_that_is_not_a_mapping_is_refused_with_its_path()
    {
        var path = Path.Combine(RepoPaths.NewScratchFolder("overlay-bad"), "dictionary.local.yaml");
        File.WriteAllText(path, "- just\n- a list\n");

        var error = Assert.Throws<InvalidDataException>(() => OverlayAliases.Add(path, [("touchpoint", "x", "ad")]));

        Assert.Contains(path, error.Message);
        Assert.Equal("- just\n- a list\n", File.ReadAllText(path));
    }

    [Fact]
    public void An_alias_the_dictionary_would_refuse_is_checked_before_writing_and_the_file_stays_as_it_was()
    {
        var path = Path.Combine(RepoPaths.NewScratchFolder("overlay-check"), "dictionary.local.yaml");
        const string before = "channels:\n  - { id: app, aliases: [手机端] }\n";
        File.WriteAllText(path, before);
        var live = new JourneyAssistant.Store.Dictionary.LiveDictionary(JourneyAssistant.Store.Dictionary.JourneyDictionary.LoadEmbedded(), path);

        // "小程序" is already the mini program's alias: giving it to the app too would make it mean two channels.
        var error = Assert.Throws<OverlayRefusedException>(() => OverlayAliases.Add(path, [("channel", "小程序", "app")], text => live.Check(path, text)));

        Assert.Contains("小程序", error.Message);
        Assert.Contains("mini_program", error.Message);
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Null(live.Check(path, before));
        Assert.Equal(1, OverlayAliases.Add(path, [("channel", "安卓端", "app")], text => live.Check(path, text)));
    }
}
