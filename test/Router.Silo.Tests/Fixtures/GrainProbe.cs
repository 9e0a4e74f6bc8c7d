using System.Collections.Concurrent;
using Router.Abstractions.Grains;

namespace Router.Silo.Tests.Fixtures;

/// <summary>
/// What test grains report to the test: activations, deactivations with reasons, gates they wait on,
/// and markers of where they are. Waiting is event-driven and bounded, never a sleep.
/// </summary>
public sealed class GrainProbe
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, int> _activations = new();
    private readonly ConcurrentQueue<(string Key, DeactivationReason Reason)> _deactivations = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _markers = new();
    private readonly ConcurrentDictionary<string, bool> _failActivation = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ActivationCount(string key) => _activations.GetValueOrDefault(key);

    public int TotalActivations => _activations.Values.Sum();

    public IReadOnlyList<DeactivationReason> Deactivations(string key) =>
        _deactivations.Where(d => d.Key == key).Select(d => d.Reason).ToList();

    public int Marker(string name) => _markers.GetValueOrDefault(name);

    public void FailActivationOf(string key, bool fail) => _failActivation[key] = fail;

    public bool ShouldFailActivation(string key) => _failActivation.GetValueOrDefault(key);

    public void RecordActivation(string key)
    {
        _activations.AddOrUpdate(key, 1, static (_, n) => n + 1);
        Pulse();
    }

    public void RecordDeactivation(string key, DeactivationReason reason)
    {
        _deactivations.Enqueue((key, reason));
        Pulse();
    }

    public void Mark(string name)
    {
        _markers.AddOrUpdate(name, 1, static (_, n) => n + 1);
        Pulse();
    }

    public Task WaitGateAsync(string name) => Gate(name).Task;

    public void OpenGate(string name) => Gate(name).TrySetResult();

    /// <summary>Waits, event-driven and bounded, until <paramref name="condition"/> holds.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string description)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition())
            {
                return;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Timed out waiting until {description}.");
            }

            // Conditions may also depend on runtime state that does not pulse the probe; re-check periodically.
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50, remaining.TotalMilliseconds))));
        }
    }

    public Task WaitForDeactivationsAsync(string key, int count) =>
        WaitUntilAsync(() => Deactivations(key).Count >= count, $"{key} was deactivated {count} time(s)");

    private TaskCompletionSource Gate(string name) =>
        _gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Pulse() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
