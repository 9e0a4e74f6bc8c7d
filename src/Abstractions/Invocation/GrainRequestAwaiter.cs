using System.ComponentModel;

namespace Router.Abstractions.Invocation;

/// <summary>Adapters used by generated code to present every grain method as a <see cref="ValueTask{TResult}"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainRequestAwaiter
{
    /// <summary>Adapts a <see cref="Task"/> without allocating when it has already completed.</summary>
    public static ValueTask<NoResult> FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : AwaitAsync(task);
    }

    /// <summary>Adapts a <see cref="ValueTask"/> without allocating when it has already completed.</summary>
    public static ValueTask<NoResult> FromValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            // A completed ValueTask may be backed by a pooled source that must be consumed exactly once;
            // GetResult on a completed awaiter does not block.
            task.GetAwaiter().GetResult();
            return default;
        }

        return AwaitAsync(task);
    }

    /// <summary>Adapts a <see cref="Task{TResult}"/> without allocating.</summary>
    public static ValueTask<TResult> FromTask<TResult>(Task<TResult> task) => new(task);

    /// <summary>Presents a <see cref="ValueTask{TResult}"/> of <see cref="NoResult"/> as a <see cref="Task"/>.</summary>
    public static Task ToTask(ValueTask<NoResult> task) =>
        task.IsCompletedSuccessfully ? Task.CompletedTask : task.AsTask();

    /// <summary>Presents a <see cref="ValueTask{TResult}"/> of <see cref="NoResult"/> as a <see cref="ValueTask"/>.</summary>
    public static ValueTask ToValueTask(ValueTask<NoResult> task) =>
        task.IsCompletedSuccessfully ? default : new ValueTask(task.AsTask());

    private static async ValueTask<NoResult> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return default;
    }

    private static async ValueTask<NoResult> AwaitAsync(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return default;
    }
}
