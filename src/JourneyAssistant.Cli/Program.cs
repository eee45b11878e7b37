using System.CommandLine;
using System.Reflection;
using System.Text;
using JourneyAssistant.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("journey — ask questions about customer journeys / 用中文或英文提问客户旅程");
var host = new CliHost();
foreach (var module in Assembly.GetExecutingAssembly().GetTypes()
             .Where(t => typeof(ICommandModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
             .OrderBy(t => t.Name, StringComparer.Ordinal)
             .Select(t => (ICommandModule)Activator.CreateInstance(t)!))
{
    module.AddTo(root, host);
}

return await root.Parse(args).InvokeAsync();
