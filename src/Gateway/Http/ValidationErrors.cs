namespace Router.Gateway.Http;

/// <summary>Validation failures collected field by field, for a <c>400</c> problem details whose <c>errors</c> map names each field.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The first message, for places that report one line per item (the batch heartbeat results).</summary>
    public string? FirstMessage() => _errors.Select(pair => $"{pair.Key}: {pair.Value[0]}").FirstOrDefault();
}
