using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("JourneyAssistant.Skills.Tests")]
