using BenchmarkDotNet.Running;
using Router.Benchmarks.Runtime;

// `memory` prints the bytes held per idle activation; anything else goes to BenchmarkDotNet's switcher
// (e.g. `--filter '*LocalCall*'`).
if (args is ["memory", ..])
{
    await Console.Out.WriteLineAsync(await ActivationMemoryProbe.RunAsync());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(LocalCallBenchmarks).Assembly).Run(args);
