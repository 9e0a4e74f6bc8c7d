using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Router.Abstractions.Grains;
using Router.Abstractions.Invocation;
using Router.Silo.Placement;

namespace Router.Silo.Messaging;

/// <summary>
/// The receiving end of silo-to-silo grain calls: finds the method's generated invoker, sends the call through this
/// silo's runtime (so it is queued, activated and fenced like any call) and writes the result or the error.
/// </summary>
internal sealed class RemoteCallHandler(SiloRuntime runtime)
{
    /// <summary>The most a caller may ask this silo to wait for one call.</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public async Task HandleAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var type = headers[RemoteCallProtocol.GrainTypeHeader].ToString();
        var key = headers[RemoteCallProtocol.GrainKeyHeader].ToString();
        var method = headers[RemoteCallProtocol.MethodHeader].ToString();
        if (type.Length == 0 || method.Length == 0 || !headers.ContainsKey(RemoteCallProtocol.GrainKeyHeader)
            || !int.TryParse(headers[RemoteCallProtocol.TimeoutHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var timeoutMs) || timeoutMs <= 0)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new(RemoteCallProtocol.BadRequestKind, "A grain call needs the grain type, key, method and timeout headers."));
            return;
        }

        var hops = 0;
        if (headers.TryGetValue(RemoteCallProtocol.HopsHeader, out var hopsHeader)
            && (!int.TryParse(hopsHeader.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out hops) || hops > GrainPlacement.MaxHops))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new(RemoteCallProtocol.BadRequestKind, $"The hop count must be a number from 0 to {GrainPlacement.MaxHops}."));
            return;
        }

        if (!GrainInterfaceRegistry.TryGetMethodInvoker(method, out var invoker)
            || !GrainInterfaceRegistry.TryGetReferenceFactory(invoker.Method.InterfaceType, out var referenceFactory))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, new(RemoteCallProtocol.UnknownMethodKind, $"This silo knows no grain method '{method}'."));
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var timeout = TimeSpan.FromMilliseconds(Math.Min(timeoutMs, MaxTimeout.TotalMilliseconds));
        var grainId = new GrainId(type, key);
        var call = new RemoteCallContext(hops);
        var callInvoker = new ForwardedCallInvoker(runtime.Invoker, call);
        byte[]? result;
        try
        {
            result = await invoker.InvokeSerializedAsync(callInvoker, referenceFactory(grainId, callInvoker), body.ToArray(), runtime.Serializer.Options)
                .AsTask().WaitAsync(timeout, runtime.TimeProvider, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The caller gave up; nobody reads an answer.
        }
        catch (SiloUnavailableException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, new(RemoteCallProtocol.SiloUnavailableKind, e.Message));
            return;
        }
        catch (TimeoutException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status504GatewayTimeout, new(RemoteCallProtocol.TimeoutKind, e.Message));
            return;
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, new(RemoteCallProtocol.BadRequestKind, $"The arguments of {invoker.Method.DisplayName} could not be read."));
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The grain threw: its type and message travel, its stack trace stays here.
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, new(RemoteCallProtocol.GrainExceptionKind, e.Message, e.GetType().FullName));
            return;
        }

        if (call.ServedBy is { } servedBy)
        {
            context.Response.Headers[RemoteCallProtocol.ServedByHeader] = servedBy;
        }

        if (result is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = result.Length;
        await context.Response.Body.WriteAsync(result, context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, RemoteCallError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, error, RemoteCallJsonContext.Default.RemoteCallError, context.RequestAborted);
    }
}
