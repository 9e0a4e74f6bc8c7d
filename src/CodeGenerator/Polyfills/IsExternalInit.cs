namespace System.Runtime.CompilerServices;

/// <summary>
/// Lets records and <c>init</c> accessors compile on netstandard2.0, which lacks this marker type.
/// </summary>
internal static class IsExternalInit
{
}
