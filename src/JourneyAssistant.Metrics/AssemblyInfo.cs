using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("JourneyAssistant.Metrics.Tests")]
