namespace Router.Abstractions.Grains;

/// <summary>
/// Base class of grain implementations. The runtime constructs a grain (resolving constructor parameters
/// from services, and <see cref="Persistence.IPersistentState{TState}"/> for parameters marked with
/// <see cref="Persistence.PersistentStateAttribute"/>), loads its persistent state, then calls
/// <see cref="OnActivateAsync"/>. All grain code runs in turns: one at a time, never concurrently.
/// </summary>
public abstract class Grain
{
    [ThreadStatic]
    private static IGrainContext? _constructingContext;

    /// <summary>Binds the grain to the activation the runtime is constructing.</summary>
    /// <exception cref="InvalidOperationException">The grain was constructed outside the runtime.</exception>
    protected Grain()
    {
        Context = _constructingContext
            ?? throw new InvalidOperationException(
                $"{GetType().Name} is a grain: obtain it from IGrainFactory.GetGrain, never construct it directly.");
    }

    /// <summary>The activation's context.</summary>
    protected IGrainContext Context { get; }

    /// <summary>The id of this grain.</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>A factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>The clock. Never use <see cref="DateTime.UtcNow"/> in grain code.</summary>
    protected TimeProvider TimeProvider => Context.TimeProvider;

    /// <summary>The string key of this grain.</summary>
    public string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>Called once the activation is constructed and its persistent state is loaded.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Called before the activation is released. Afterwards the runtime writes any persistent state that
    /// changed since it was last read or written.
    /// </summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request completes.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => Context.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose callbacks run as turns of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Context.RegisterTimer(static (state, ct) => ((Func<CancellationToken, Task>)state!)(ct), callback, options);
    }

    /// <summary>Registers a timer whose callbacks run as turns of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var closure = new TimerClosure<TState>(callback, state);
        return Context.RegisterTimer(static (s, ct) => ((TimerClosure<TState>)s!).InvokeAsync(ct), closure, options);
    }

    /// <summary>Pins this activation against idle collection and eviction until the handle is disposed.</summary>
    protected IDisposable Pin() => Context.Pin();

    internal static IDisposable EnterConstruction(IGrainContext context) => new ConstructionScope(context);

    private sealed class ConstructionScope : IDisposable
    {
        private readonly IGrainContext? _previous;

        public ConstructionScope(IGrainContext context)
        {
            _previous = _constructingContext;
            _constructingContext = context;
        }

        public void Dispose() => _constructingContext = _previous;
    }

    private sealed class TimerClosure<TState>(Func<TState, CancellationToken, Task> callback, TState state)
    {
        public Task InvokeAsync(CancellationToken cancellationToken) => callback(state, cancellationToken);
    }
}
