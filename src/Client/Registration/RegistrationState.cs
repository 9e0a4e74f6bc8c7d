using Microsoft.Extensions.Logging;
using Router.Client.Diagnostics;

namespace Router.Client.Registration;

/// <summary>The registration's current state, written by the registration loop and read by anyone.</summary>
internal sealed class RegistrationState(ILogger<RegistrationState> logger) : IMcpRouterRegistration
{
    private readonly Lock _gate = new();
    private string? _instanceId;
    private bool _isRegistered;
    private Exception? _lastError;
    private TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event EventHandler? StateChanged;

    public string? InstanceId
    {
        get
        {
            lock (_gate)
            {
                return _instanceId;
            }
        }
    }

    public bool IsRegistered
    {
        get
        {
            lock (_gate)
            {
                return _isRegistered;
            }
        }
    }

    public Exception? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    public Task WaitForRegistrationAsync(CancellationToken cancellationToken = default)
    {
        Task registered;
        lock (_gate)
        {
            registered = _registered.Task;
        }

        return registered.WaitAsync(cancellationToken);
    }

    /// <summary>The router acknowledged the registration under <paramref name="instanceId"/>.</summary>
    public void MarkRegistered(string instanceId)
    {
        lock (_gate)
        {
            _instanceId = instanceId;
            _isRegistered = true;
            _lastError = null;
            _registered.TrySetResult();
        }

        OnStateChanged();
    }

    /// <summary>The registration is gone or in doubt; <paramref name="error"/> says why when it was a failure.</summary>
    public void MarkLost(Exception? error)
    {
        lock (_gate)
        {
            if (!_isRegistered && error is null)
            {
                return;
            }

            _isRegistered = false;
            _lastError = error ?? _lastError;
            if (_registered.Task.IsCompleted)
            {
                _registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        OnStateChanged();
    }

    private void OnStateChanged()
    {
        var handlers = StateChanged;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler>())
        {
            try
            {
                handler(this, EventArgs.Empty);
            }
            catch (Exception ex)
            {
                // A subscriber's bug must not stop the registration loop.
                ClientLog.StateChangedHandlerFailed(logger, ex);
            }
        }
    }
}
