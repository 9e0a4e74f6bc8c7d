using System.Net;

namespace Router.Gateway.Tests.Infrastructure;

/// <summary>Polls a health endpoint until it answers the wanted status, within a bound that only guards against hangs.</summary>
internal static class Readiness
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns the last status seen: <paramref name="wanted"/>, or whatever answered when the bound ran out.</summary>
    public static async Task<HttpStatusCode?> WaitForStatusAsync(HttpClient client, Uri address, HttpStatusCode wanted, TimeSpan? bound = null, Func<bool>? giveUp = null)
    {
        using var deadline = new CancellationTokenSource(bound ?? DefaultBound);
        HttpStatusCode? last = null;
        while (!deadline.IsCancellationRequested && giveUp?.Invoke() != true)
        {
            try
            {
                using var response = await client.GetAsync(address, deadline.Token);
                last = response.StatusCode;
                if (last == wanted)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                last = null;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return last;
    }
}
