using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("JourneyAssistant.Store.Tests")]
