namespace Router.Abstractions.Grains;

/// <summary>Why an activation was deactivated, with a description for logs.</summary>
/// <param name="Code">The reason.</param>
/// <param name="Description">Human-readable detail.</param>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Description}";
}
