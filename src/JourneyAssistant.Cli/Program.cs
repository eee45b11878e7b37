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

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (JourneyAssistant.Store.StoreBusyException.IsLockConflict(e))
{
    // Another process is writing the store (an ingest): one line, not a stack trace. 75 = EX_TEMPFAIL, try again later.
    Console.Error.WriteLine(JourneyAssistant.Store.StoreBusyException.Text);
    return 75;
}
catch (JourneyAssistant.Store.StoreMissingException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (Exception e)
{
    // As System.CommandLine's own handler did (exit 1); only the lock conflict above is turned into a sentence here.
    Console.Error.WriteLine("Unhandled exception: " + e);
    return 1;
}
