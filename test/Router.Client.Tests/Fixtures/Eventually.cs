namespace Router.Client.Tests.Fixtures;

/// <summary>
/// Bounded polling for a condition that another thread makes true (a timer being scheduled on the fake clock).
/// It never asserts how long something took: the bound only turns a hang into a clear failure.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            if (bound.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting for: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None);
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing clearly if it has not completed within the bound.</summary>
    public static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up waiting for: {what}.");
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing clearly if it has not completed within the bound.</summary>
    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up waiting for: {what}.");
        }
    }
}
