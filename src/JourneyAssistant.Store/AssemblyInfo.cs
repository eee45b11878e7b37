using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("JourneyAssistant.Store.Tests")]
[assembly: InternalsVisibleTo("JourneyAssistant.Samples.Tests")]
