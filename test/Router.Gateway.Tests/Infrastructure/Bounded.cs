namespace Router.Gateway.Tests.Infrastructure;

/// <summary>Bounds for waiting on events and polling: they only guard against hangs, they never time what is tested.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> when the bound runs out.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null)
    {
        using var deadline = new CancellationTokenSource(bound ?? Wait);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Still waiting for {what} after {bound ?? Wait}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? bound = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, bound);
}
