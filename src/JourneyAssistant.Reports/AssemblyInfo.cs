using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("JourneyAssistant.Reports.Tests")]
