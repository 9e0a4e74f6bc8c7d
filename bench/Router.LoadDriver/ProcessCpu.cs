using System.Diagnostics;
using System.Globalization;

namespace Router.LoadDriver;

/// <summary>
/// CPU time used by a process and every process below it, read from Linux's <c>/proc</c>: a router node, a relay or an
/// upstream started through a launcher (npx starts Node.js as a child) is measured whole. Zero where <c>/proc</c> is
/// missing, so the figure is simply absent off Linux.
/// </summary>
internal static class ProcessCpu
{
    /// <summary>USER_HZ: the unit of the times in <c>/proc/&lt;pid&gt;/stat</c>, 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>
    /// User plus system time of each of <paramref name="rootIds"/> with its live descendants, from one reading of the
    /// process table (all zero where <c>/proc</c> is missing).
    /// </summary>
    public static TimeSpan[] OfTrees(params int[] rootIds)
    {
        var times = new TimeSpan[rootIds.Length];
        if (!Directory.Exists("/proc"))
        {
            return times;
        }

        var processes = new List<(int Id, int Parent, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Read(id) is { } stat)
            {
                processes.Add((id, stat.Parent, stat.Ticks));
            }
        }

        for (var i = 0; i < rootIds.Length; i++)
        {
            times[i] = TimeSpan.FromSeconds(TicksOfTree(processes, rootIds[i]) / TicksPerSecond);
        }

        return times;
    }

    /// <summary>This process's own CPU time.</summary>
    public static TimeSpan OfSelf()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static long TicksOfTree(List<(int Id, int Parent, long Ticks)> processes, int rootId)
    {
        var inTree = new HashSet<int> { rootId };

        // Parents have lower ids than their children except after pid wrap-around; repeat until nothing joins.
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (id, parent, _) in processes)
            {
                if (!inTree.Contains(id) && inTree.Contains(parent))
                {
                    inTree.Add(id);
                    grew = true;
                }
            }
        }

        long ticks = 0;
        foreach (var (id, _, processTicks) in processes)
        {
            if (inTree.Contains(id))
            {
                ticks += processTicks;
            }
        }

        return ticks;
    }

    /// <summary>The parent id and utime + stime of one process; null when it is gone or unreadable.</summary>
    private static (int Parent, long Ticks)? Read(int id)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{id}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 13
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }

        return (parent, user + system);
    }
}
