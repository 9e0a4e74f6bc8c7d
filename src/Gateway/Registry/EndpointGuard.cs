using System.Net;
using System.Net.Sockets;

namespace Router.Gateway.Registry;

/// <summary>
/// Refuses endpoints the router must never call on a server's behalf: link-local addresses (169.254.0.0/16,
/// fe80::/10) and cloud metadata services (169.254.169.254, fd00:ec2::254, their host names), also when written as
/// IPv4-mapped, IPv4-compatible or NAT64 IPv6 addresses. The literal host is checked; names are not resolved.
/// </summary>
internal static class EndpointGuard
{
    /// <summary>Host names of cloud metadata services (lower case, without a trailing dot).</summary>
    public static IReadOnlySet<string> MetadataHostNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal",
        "metadata.goog",
        "instance-data.ec2.internal",
    };

    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>True when <paramref name="endpoint"/> (an absolute URL) points at a forbidden host.</summary>
    public static bool IsForbidden(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host.Trim('[', ']').TrimEnd('.');
        if (MetadataHostNames.Contains(host))
        {
            return true;
        }

        return endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(host, out var address)
            && IsForbidden(address);
    }

    /// <summary>True for link-local and metadata addresses, in any of their IPv4 and IPv6 spellings.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return IsForbiddenV4(address.MapToIPv4());
            }

            if (EmbeddedIPv4(address) is { } embedded)
            {
                return IsForbiddenV4(embedded);
            }

            // Compared by bytes: a scoped spelling (fd00:ec2::254%2) does not Equal the unscoped constant.
            var bytes = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || bytes.AsSpan().SequenceEqual(AwsMetadataV6.GetAddressBytes());
        }

        return IsForbiddenV4(address);
    }

    /// <summary>169.254.0.0/16, which includes the metadata address 169.254.169.254.</summary>
    private static bool IsForbiddenV4(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out var written) && written == 4 && bytes[0] == 169 && bytes[1] == 254;
    }

    /// <summary>
    /// The IPv4 address inside a NAT64 well-known-prefix address (64:ff9b::/96) or a deprecated IPv4-compatible one
    /// (::a.b.c.d), or null.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        ReadOnlySpan<byte> nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
        ReadOnlySpan<byte> compatible = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var head = bytes.AsSpan(0, 12);
        return head.SequenceEqual(nat64) || head.SequenceEqual(compatible) ? new IPAddress(bytes.AsSpan(12, 4)) : null;
    }
}
