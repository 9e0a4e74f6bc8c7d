using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Router.Testing;

/// <summary>
/// The PostgreSQL server binaries on this machine and how to run them: directly, or through
/// <c>runuser -u postgres</c> when the tests run as root (PostgreSQL refuses to run as root).
/// </summary>
internal sealed class PostgresInstallation
{
    public const string ServiceUser = "postgres";

    private const string InstalledVersionsDirectory = "/usr/lib/postgresql";

    private PostgresInstallation(string binDirectory, bool runAsServiceUser)
    {
        BinDirectory = binDirectory;
        RunAsServiceUser = runAsServiceUser;
    }

    public string BinDirectory { get; }

    /// <summary>True when the tests run as root, so every server-side command runs as <see cref="ServiceUser"/>.</summary>
    public bool RunAsServiceUser { get; }

    /// <summary>
    /// Finds the binaries: <c>ROUTER_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/*/bin</c> with
    /// <c>initdb</c>, else <c>pg_config --bindir</c>.
    /// </summary>
    public static PostgresInstallation Find()
    {
        var runAsServiceUser = Environment.UserName == "root";
        if (runAsServiceUser && !ServiceUserExists())
        {
            throw new InvalidOperationException(
                $"PostgreSQL refuses to run as root and there is no '{ServiceUser}' system user to run it as. " +
                "Install PostgreSQL with 'apt-get install postgresql' (which creates that user) or run the tests as a non-root user.");
        }

        return new PostgresInstallation(FindBinDirectory(), runAsServiceUser);
    }

    /// <summary>Runs a PostgreSQL tool to completion; a non-zero exit throws with the command, stdout and stderr.</summary>
    public Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        RunProcessAsync(StartInfo(tool, arguments), cancellationToken);

    /// <summary>A start description for a PostgreSQL tool (<paramref name="tool"/> in the bin directory) or a shell command (<c>sh</c>).</summary>
    public ProcessStartInfo StartInfo(string tool, IReadOnlyList<string> arguments)
    {
        var binary = tool == "sh" ? "/bin/sh" : Path.Combine(BinDirectory, tool);
        return RunAsServiceUser
            ? CreateStartInfo("runuser", ["-u", ServiceUser, "--", binary, .. arguments])
            : CreateStartInfo(binary, arguments);
    }

    public static async Task<string> RunProcessAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken = default)
    {
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{Describe(startInfo)}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Describe(startInfo)}' exited with code {process.ExitCode}.{Environment.NewLine}" +
                $"stdout:{Environment.NewLine}{output}{Environment.NewLine}stderr:{Environment.NewLine}{error}");
        }

        return output;
    }

    public static ProcessStartInfo CreateStartInfo(string fileName, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // The service user must be able to enter the working directory (the test's may be under /root).
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C";
        return startInfo;
    }

    private static string Describe(ProcessStartInfo startInfo)
    {
        var builder = new StringBuilder(startInfo.FileName);
        foreach (var argument in startInfo.ArgumentList)
        {
            builder.Append(' ').Append(argument.Contains(' ', StringComparison.Ordinal) ? $"\"{argument}\"" : argument);
        }

        return builder.ToString();
    }

    private static string FindBinDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ROUTER_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return HasInitdb(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"ROUTER_PG_BIN is '{fromEnvironment}', but that directory has no initdb.");
        }

        if (Directory.Exists(InstalledVersionsDirectory))
        {
            var newest = Directory.EnumerateDirectories(InstalledVersionsDirectory)
                .Select(d => (Bin: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(c => HasInitdb(c.Bin))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var fromPgConfig = PgConfigBinDirectory();
        if (fromPgConfig is not null && HasInitdb(fromPgConfig))
        {
            return fromPgConfig;
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found in ROUTER_PG_BIN, /usr/lib/postgresql/*/bin " +
            "or 'pg_config --bindir'. Run the tests with the command in the README (it installs PostgreSQL), or " +
            "install it with 'apt-get install postgresql', or point ROUTER_PG_BIN at its bin directory.");
    }

    private static bool HasInitdb(string directory) => File.Exists(Path.Combine(directory, "initdb"));

    private static string? PgConfigBinDirectory()
    {
        try
        {
            using var process = Process.Start(CreateStartInfo("pg_config", ["--bindir"]));
            if (process is null)
            {
                return null;
            }

            process.BeginErrorReadLine();
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    private static bool ServiceUserExists() =>
        File.Exists("/etc/passwd")
        && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(ServiceUser + ":", StringComparison.Ordinal));
}
