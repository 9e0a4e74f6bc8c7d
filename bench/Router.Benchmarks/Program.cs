using BenchmarkDotNet.Running;
using Router.Benchmarks.Runtime;

// `memory` prints the bytes held per idle activation; `remote` times grain calls between two silos; anything else goes
// to BenchmarkDotNet's switcher (e.g. `--filter '*LocalCall*'`).
if (args is ["memory", ..])
{
    await Console.Out.WriteLineAsync(await ActivationMemoryProbe.RunAsync());
    return;
}

if (args is ["remote", ..])
{
    await Console.Out.WriteLineAsync(await RemoteCallProbe.RunAsync());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(LocalCallBenchmarks).Assembly).Run(args);
