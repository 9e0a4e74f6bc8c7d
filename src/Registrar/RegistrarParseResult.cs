namespace Router.Registrar;

/// <summary>The outcome of parsing the command line: arguments to run with, a request for help, or an error.</summary>
internal sealed record RegistrarParseResult
{
    private RegistrarParseResult(RegistrarArguments? arguments, bool helpRequested, string? error)
    {
        Arguments = arguments;
        HelpRequested = helpRequested;
        Error = error;
    }

    /// <summary>The arguments, when parsing succeeded.</summary>
    public RegistrarArguments? Arguments { get; }

    /// <summary>True when <c>--help</c> was given.</summary>
    public bool HelpRequested { get; }

    /// <summary>What is wrong, naming the argument, when parsing failed.</summary>
    public string? Error { get; }

    public static RegistrarParseResult Success(RegistrarArguments arguments) => new(arguments, helpRequested: false, error: null);

    public static RegistrarParseResult Help() => new(arguments: null, helpRequested: true, error: null);

    public static RegistrarParseResult Failure(string error) => new(arguments: null, helpRequested: false, error);
}
