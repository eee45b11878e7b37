using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("JourneyAssistant.Charts.Tests")]
