using Router.Abstractions.Grains;

namespace Router.Silo.Tests.Grains;

internal interface ISerializationGrain : IGrainWithStringKey
{
    Task<OrderResult> PlaceAsync(OrderRequest request, CancellationToken cancellationToken = default);

    ValueTask<int> SumAsync(int[] values, string? label);

    Task<string> UnregisteredAsync(UnregisteredDto dto);
}

internal sealed record OrderRequest(string Item, int Quantity, Dictionary<string, string> Tags);

internal sealed record OrderResult(string Item, int Quantity, string Placer, bool SameInstance);

internal sealed record UnregisteredDto(string Name);

internal sealed class SerializationGrain : Grain, ISerializationGrain
{
    private OrderRequest? _last;

    public Task<OrderResult> PlaceAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        var same = ReferenceEquals(request, _last);
        _last = request;
        return Task.FromResult(new OrderResult(request.Item, request.Quantity, GetPrimaryKeyString(), same));
    }

    public ValueTask<int> SumAsync(int[] values, string? label) => ValueTask.FromResult(values.Sum() + (label?.Length ?? 0));

    public Task<string> UnregisteredAsync(UnregisteredDto dto) => Task.FromResult(dto.Name);
}
