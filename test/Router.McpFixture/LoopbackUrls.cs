namespace Router.McpFixture;

/// <summary>The fixture listens on loopback only: a test peer must never be reachable from other machines.</summary>
internal static class LoopbackUrls
{
    /// <summary>Throws when any of the semicolon-separated <paramref name="urls"/> is not a loopback address.</summary>
    public static void EnsureLoopback(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsLoopback)
            {
                throw new ArgumentException($"--urls: '{url}' is not a loopback address; the fixture listens on 127.0.0.1 or [::1] only.", nameof(urls));
            }
        }
    }
}
