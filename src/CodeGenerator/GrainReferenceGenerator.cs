using Microsoft.CodeAnalysis;
using Router.CodeGenerator.Emitting;
using Router.CodeGenerator.Model;
using Router.CodeGenerator.Parsing;

namespace Router.CodeGenerator;

/// <summary>
/// Generates, for every grain interface declared in the compilation, a reference (proxy) class and one request
/// struct per method, and a module initializer that registers them with <c>GrainInterfaceRegistry</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainReferenceGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the parse step, for incremental caching tests.</summary>
    public const string ParseStep = "GrainInterfaces";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Grain interfaces carry no attribute to key on, so every interface declaration is a candidate and the
        // semantic step decides; it yields only value-equatable models, so unchanged interfaces stay cached.
        var results = context.SyntaxProvider
            .CreateSyntaxProvider(GrainInterfaceParser.IsCandidate, GrainInterfaceParser.Parse)
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(ParseStep);

        context.RegisterSourceOutput(results, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Model is { } model)
            {
                output.AddSource(KnownNames.HintName(model.Identifier), ReferenceEmitter.Emit(model));
            }
        });

        var models = results
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .Collect();

        context.RegisterSourceOutput(models, static (output, all) =>
        {
            if (all.IsEmpty)
            {
                return;
            }

            foreach (var file in RegistrationEmitter.EmitSharedRequests(all))
            {
                output.AddSource(file.Key, file.Value);
            }

            output.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.EmitRegistration(all));
        });
    }
}
