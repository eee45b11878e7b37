using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("JourneyAssistant.Analyst.Tests")]
