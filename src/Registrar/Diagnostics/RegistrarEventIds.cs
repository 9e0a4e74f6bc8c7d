namespace Router.Registrar.Diagnostics;

/// <summary>
/// Every event id the registrar logs with, in one list (range 4100–4199; Router.Client, which does the registering,
/// uses 4000–4099).
/// </summary>
internal static class RegistrarEventIds
{
    public const int Starting = 4100;
}
